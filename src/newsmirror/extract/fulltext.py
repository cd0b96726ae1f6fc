"""Decide whether a feed item carries the whole article or only a summary."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# A summary is a sentence or two; a whole article has paragraphs. Counted in characters,
# which suits Chinese (a character is a word) and errs towards fetching the page for
# long English summaries, the cheaper mistake.
_MIN_CHARS = 500
_MIN_PARAGRAPHS = 3
_BLOCKS = re.compile(r"<(p|br|div|h[1-6]|li|blockquote)\b", re.IGNORECASE)


def is_full_text(html: str) -> bool:
    """True when ``html`` looks like a whole article rather than a teaser."""
    if not html.strip():
        return False
    try:
        text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    except (etree.ParserError, ValueError):
        text = html
    length = len("".join(text.split()))
    if length >= _MIN_CHARS:
        return True
    return length >= _MIN_CHARS // 2 and len(_BLOCKS.findall(html)) >= _MIN_PARAGRAPHS
