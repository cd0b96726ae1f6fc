"""Lay cleaned HTML out one block per line, and read its plain text.

Published pages embed the body as an HTML block inside markdown, which ends at the first
blank line; so the layout never leaves one (newlines inside ``<pre>`` become ``&#10;``).
One block per line also keeps revisions' diffs readable.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
})
# An invisible hyphenation hint: in the text it would split a word for search and diffs.
_SOFT_HYPHEN = "\u00ad"
_LINE_BREAKS = frozenset({"br", "hr"})
_NEWLINE_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_PRE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def lay_out(container: HtmlElement) -> None:
    """Collapse newline runs outside ``<pre>`` and end each block with a newline."""
    for element in container.iter():
        if not isinstance(element.tag, str) or _inside_pre(element):
            continue
        if element.text and element.tag != "pre":
            element.text = _NEWLINE_RUN.sub("\n", element.text)
        first = element[0] if len(element) and element.tag != "pre" else None
        if first is not None and first.tag in BLOCKS and not (element.text or "").strip():
            element.text = "\n"
        if element is container:
            continue
        tail = _NEWLINE_RUN.sub("\n", element.tail) if element.tail else ""
        if element.tag in BLOCKS or element.tag in _LINE_BREAKS:
            tail = "\n" + tail.lstrip()
        element.tail = tail or None


def without_blank_lines(html: str) -> str:
    """Encode newlines inside ``<pre>`` and drop blank lines and edge whitespace."""
    html = _PRE_BLOCK.sub(lambda match: match.group(0).replace("\n", "&#10;"), html)
    lines = (line.rstrip() for line in html.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def plain_text(container: HtmlElement) -> str:
    """The article's prose: a line per block, single spaces, no empty lines. Figure
    captions are left out (they stay in the HTML, with their images): they describe a
    picture, not the story, and would read as stray lines in search results and diffs."""
    pieces: list[str] = []
    _collect(container, pieces)
    text = "".join(pieces).replace(_SOFT_HYPHEN, "")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(element: HtmlElement, pieces: list[str]) -> None:
    block = element.tag in BLOCKS
    if block:
        pieces.append("\n")
    if element.tag == "br":
        pieces.append("\n")
    if element.tag == "pre":
        _collect_pre(element, pieces)
    else:
        if element.text:
            pieces.append(" ".join(element.text.split("\n")))
        for child in element:
            if isinstance(child.tag, str) and child.tag != "figcaption":
                _collect(child, pieces)
            if child.tail:
                pieces.append(" ".join(child.tail.split("\n")))
    if block:
        pieces.append("\n")


def _collect_pre(element: HtmlElement, pieces: list[str]) -> None:
    """Preformatted text as it is, a ``<br>`` being a line break there too."""
    if element.tag == "br":
        pieces.append("\n")
    pieces.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _collect_pre(child, pieces)
        pieces.append(child.tail or "")


def _inside_pre(element: HtmlElement) -> bool:
    return any(ancestor.tag == "pre" for ancestor in element.iterancestors())
