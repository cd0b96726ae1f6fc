"""The page as a reader sees it: lines of visible text, and where the headline sits.

Publish dates and bylines are printed next to the headline, so finding them starts with
the page's text in reading order, one line per block, with the offset at which each element
begins (to place ``<time>`` or ``.byline`` elements relative to the headline).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.html import HtmlElement

from newsmirror.extract.titles import title_segments
from newsmirror.fragments import parse_fragment

_SKIP = frozenset({
    "script", "style", "noscript", "template", "select", "option", "textarea", "button",
    "svg", "head", "iframe", "object", "title", "math",
})
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "tbody", "thead", "section", "article", "header", "footer", "aside", "nav", "dd",
    "dt", "dl", "blockquote", "pre", "hr", "figure", "figcaption", "form", "main", "address",
    "center", "caption", "fieldset", "legend", "details", "summary",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MIN_HEADLINE = 4
_MIN_PREFIX = 8
_BODY_PROBE = 24  # characters of the body's first line looked for in the page


@dataclass
class PageText:
    """Visible text with one ``\\n`` per block boundary; ``starts`` maps an element to the
    offset where its text begins."""

    text: str = ""
    starts: dict[HtmlElement, int] = field(default_factory=dict)
    h1: list[HtmlElement] = field(default_factory=list)

    def line_at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the line holding ``offset``."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def headline(self, titles: Iterable[str]) -> tuple[int, int] | None:
        """Where the headline is: an ``<h1>`` that agrees with one of ``titles``, else the
        first place the longest piece of a title (``标题`` of ``标题-网站``) is printed;
        ``None`` when neither is found."""
        wanted = sorted({piece for title in titles for piece in title_segments(title)},
                        key=len, reverse=True)
        for element in self.h1:
            text = " ".join(element.text_content().split())
            if text and any(text in t or t in text for t in wanted) and element in self.starts:
                start = self.text.find(text, self.starts[element])
                if start >= 0:
                    return start, start + len(text)
        for title in wanted:
            start = self.text.find(title)
            if start >= 0:
                return start, start + len(title)
        return self._longest_prefix(wanted[0]) if wanted else None

    def _longest_prefix(self, title: str) -> tuple[int, int] | None:
        """The longest start of ``title``, at least half of it, that the page prints: a
        title with an unmarked suffix (``标题(页 1) - 论坛``)."""
        for length in range(len(title) - 1, max(_MIN_PREFIX, len(title) // 2) - 1, -1):
            start = self.text.find(title[:length].rstrip())
            if start >= 0:
                return start, start + len(title[:length].rstrip())
        return None

    def body_start(self, body_html: str) -> int | None:
        """Where the text of an extracted body (``body_html``) begins in the page."""
        lines = _lines(body_html)
        found = self.text.find(lines[0][:_BODY_PROBE]) if lines else -1
        return found if found >= 0 else None

    def body_end(self, body_html: str) -> int | None:
        """Where the text of an extracted body (``body_html``) ends in the page."""
        lines = _lines(body_html)
        if not lines:
            return None
        probe = lines[-1][-_BODY_PROBE:]
        found = self.text.find(probe, self.body_start(body_html) or 0)
        return found + len(probe) if found >= 0 else None


@lru_cache(maxsize=1)  # one body, looked for by body_start and body_end of one page
def _lines(html: str) -> tuple[str, ...]:
    """The lines of text of an HTML fragment that are long enough to look for."""
    if not html.strip():
        return ()
    return tuple(line.strip() for line in page_text(parse_fragment(html)).text.split("\n")
                 if len(line.strip()) >= _MIN_HEADLINE)


def page_text(root: HtmlElement) -> PageText:
    """Lay out ``root``'s body (or ``root`` itself, when it has none) as lines of text."""
    page = PageText()
    builder = _Builder()
    body = root.find("body")
    _walk(body if body is not None else root, page, builder, tail=False)
    page.text = "".join(builder.parts)
    return page


class _Builder:
    """The text so far, its length, and whether it ends in a space or a line break."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.last = "\n"

    def add(self, text: str | None) -> None:
        if not text:
            return
        words = " ".join(text.split())
        if not words:
            if self.last not in " \n":
                self._append(" ")
            return
        if text[0].isspace() and self.last not in " \n":
            words = " " + words
        self._append(words + " " if text[-1].isspace() else words)

    def newline(self) -> None:
        if self.last != "\n":
            self._append("\n")

    def _append(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)
            self.last = text[-1]


def _walk(element: HtmlElement, page: PageText, builder: _Builder, *, tail: bool = True
          ) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag and tag not in _SKIP and not _hidden(element):
        block = tag in _BLOCKS
        if block:
            builder.newline()
        page.starts[element] = builder.length
        if tag == "h1":
            page.h1.append(element)
        builder.add(element.text)
        for child in element:
            _walk(child, page, builder)
        if block:
            builder.newline()
    if tail:
        builder.add(element.tail)


def _hidden(element: HtmlElement) -> bool:
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(element.get("style") or "")))
