"""The article body of a page no site rule covers: trafilatura chooses, the page keeps its markup.

trafilatura decides best *which text* is the article when it reads plain text only: asked
to keep images and links it also keeps link lists and image galleries, and its precision
drops (on article-extraction-benchmark F1 falls from 0.964 to 0.91-0.93). A mirror wants the
images and links, though. So trafilatura runs once, text only, in precision mode, and its
text then *selects* blocks of the original page: every paragraph, heading, list item,
quote, table or figure whose text trafilatura kept is taken with its own markup, and the
images that stand between those blocks come with them. Where the page's blocks cannot
account for trafilatura's text (text set loose in ``<div>``s and ``<br>``s, say),
trafilatura's own structured output is used instead.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree
from lxml.html import HtmlElement

# Elements that are one block of text each.
_BLOCKS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt",
    "table", "figure", "address",
})
# Elements that hold blocks, or are a block themselves when they hold none.
_CONTAINERS = frozenset({
    "div", "section", "article", "main", "span", "font", "center", "ul", "ol", "dl", "td",
    "tbody", "tr", "body", "form", "header", "footer", "aside", "nav", "a", "b", "strong",
    "em", "i",
})
# Blocks that hold text, not other blocks: a paragraph that is not article text has no
# article inside it.
_TEXT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
_NEVER = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "button",
                    "select", "textarea", "input", "head", "title", "meta", "link"})
_ASIDE = re.compile(
    r"\b(ad|ads|advert\w*|promo\w*|sponsor\w*|related|recommend\w*|newsletter|share|sharing|"
    r"social|subscribe|signup|outbrain|taboola|comment\w*|sidebar|popular|trending|"
    r"more-stories|read-more)\b", re.IGNORECASE)
_WORDS = re.compile(r"[\W_]+")
# trafilatura's text must be covered this well by the page's blocks, else its own output.
_MIN_COVERAGE = 0.85


def normalized(text: str) -> str:
    """Letters and digits only, lower-cased: what is compared between page and selection."""
    return _WORDS.sub("", text).lower()


def extract_body(root: HtmlElement, title: str = "") -> str | None:
    """The article body of the parsed page ``root`` as HTML; ``None`` when it has no text."""
    # Imported here: trafilatura takes most of a second to import, and commands that
    # never extract (status, --help) should not pay for it.
    import trafilatura

    document = trafilatura.bare_extraction(
        root, favor_precision=True, with_metadata=False, include_comments=False,
        include_tables=True, include_formatting=False,
    )
    if document is None or isinstance(document, dict):
        return None
    lines = [normalized(line) for line in (document.text or "").splitlines()]
    lines = [line for line in lines if line]
    headline = normalized(title)
    if lines and headline and lines[0] == headline:
        lines = lines[1:]  # the headline is the title, not the body
    if not lines:
        return None
    return _select_blocks(root, lines) or _trafilatura_html(document.body)


class _Selection:
    """trafilatura's text, each piece of which one block of the page may claim, once."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = Counter(lines)
        self.remaining = "".join(lines)

    def claim_line(self, text: str) -> bool:
        """A block whose text is one of trafilatura's lines."""
        if self.lines[text] <= 0 or text not in self.remaining:
            return False
        self.lines[text] -= 1
        self.remaining = self.remaining.replace(text, "\x00", 1)
        return True

    def claim_part(self, text: str) -> bool:
        """A block that trafilatura split or joined differently (a paragraph of ``<br>``
        lines, say): accepted inside text not yet claimed, when long enough not to match
        by chance. Taking each piece once keeps a page that repeats itself (a hidden
        mobile copy, a teaser of the first paragraph) from being published twice."""
        if len(text) < 20 or text not in self.remaining:
            return False
        self.remaining = self.remaining.replace(text, "\x00", 1)
        return True


class _Walk:
    """One pass over the page: blocks that are whole lines, then blocks that are parts."""

    def __init__(self, selection: _Selection, root: HtmlElement) -> None:
        self.selection = selection
        self.position = {element: index for index, element in enumerate(root.iter())}
        self.found: list[tuple[int, HtmlElement]] = []  # (document order, element)
        self.images: list[tuple[int, HtmlElement]] = []
        self.leftovers: list[tuple[int, HtmlElement, str]] = []

    def visit(self, element: HtmlElement) -> None:
        for child in element.iterchildren():
            if not isinstance(child.tag, str) or child.tag in _NEVER:
                continue
            order = self.position[child]
            if child.tag in ("img", "picture") or (
                    child.tag == "figure" and child.find(".//img") is not None):
                self.images.append((order, child))  # kept if it stands between blocks
                continue
            leaf = not _holds_blocks(child)
            if child.tag in _BLOCKS or (child.tag in _CONTAINERS and leaf):
                text = normalized(child.text_content())
                if text and self.selection.claim_line(text):
                    self.found.append((order, child))
                    continue
                if leaf or child.tag in _TEXT_BLOCKS:
                    if text:
                        self.leftovers.append((order, child, text))
                    continue
            self.visit(child)

    def claim_parts(self) -> None:
        for order, element, text in self.leftovers:
            if self.selection.claim_part(text):
                self.found.append((order, element))
        self.found.sort(key=lambda item: item[0])


def _select_blocks(root: HtmlElement, lines: list[str]) -> str | None:
    body = root.find("body")
    if body is None:
        return None
    walk = _Walk(_Selection(lines), root)
    walk.visit(body)
    walk.claim_parts()
    blocks = [element for _, element in walk.found]
    covered = sum(len(normalized(element.text_content())) for element in blocks)
    if not blocks or covered < _MIN_COVERAGE * sum(len(line) for line in lines):
        return None
    return "".join(_serialize(element) for element in _with_images_between(walk))


def _holds_blocks(element: HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in element.iterdescendants())


def _with_images_between(walk: _Walk) -> list[HtmlElement]:
    """The blocks, plus the images that stand between the first and the last of them
    outside any aside (ads, related links, share bars); images inside a kept block stay
    where they are."""
    first, last = walk.found[0][0], walk.found[-1][0]
    between = [(order, image) for order, image in walk.images
               if first < order < last and not _in_aside(image)]
    return [element for _, element in sorted(walk.found + between, key=lambda item: item[0])]


def _in_aside(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "nav", "footer", "header", "a", "li"):
            return True
        if _ASIDE.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def _serialize(element: HtmlElement) -> str:
    html = etree.tostring(element, encoding="unicode", method="html", with_tail=False)
    if element.tag in _CONTAINERS and element.tag not in ("div", "section", "article"):
        return f"<p>{html}</p>"  # loose inline text becomes a paragraph
    return html


def _trafilatura_html(body: etree._Element | None) -> str:
    if body is None:
        return ""
    from trafilatura.htmlprocessing import convert_to_html

    converted = convert_to_html(body).find("body")
    if converted is None:
        return ""
    return "".join(etree.tostring(child, encoding="unicode", method="html")
                   for child in converted)
