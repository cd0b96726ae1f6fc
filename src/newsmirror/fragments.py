"""An article body as the extract and clean stages both hold it: an HTML fragment parsed
into a ``<div>``, and written back out as that ``<div>``'s inner HTML."""

from __future__ import annotations

from html import escape

import lxml.html
from lxml import etree
from lxml.html import HtmlElement


def parse_fragment(html: str) -> HtmlElement:
    """Parse an HTML fragment into a ``<div>`` holding it (an empty one if it cannot be)."""
    try:
        return lxml.html.fragment_fromstring(html or "", create_parent="div")
    except (etree.ParserError, ValueError):
        return lxml.html.fragment_fromstring("", create_parent="div")


def inner_html(container: HtmlElement) -> str:
    """The inner HTML of ``container``. Its leading text is escaped like any other: written
    raw, ``&lt;script&gt;`` shown as text in an article would become a script."""
    parts = [escape(container.text or "", quote=False)]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in container)
    return "".join(parts)
