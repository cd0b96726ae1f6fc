"""Pages that are not an article: section fronts, forum indexes, a blog's list of posts.

Generic extraction finds text on any page; on a list it finds the list: headlines that are
links, each with a line of teaser at most. Such a page is named for what it is (``extract``
says ``"kind": "list"``) instead of being archived as an article made of link titles.

A list is told by the extracted body itself: most of its text is the text of links, or
most of its blocks are teasers (a linked headline and a short text beside it), and there
are enough of them to be a list, not an article that ends with a few related links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsmirror.fragments import parse_fragment

_WORDS = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "blockquote")
# A list has at least this many links; this share of its text in links makes it one.
_MIN_LINKS = 6
_LINKED_SHARE = 0.6
# A teaser: a block that opens with a link of a headline's length and holds little more.
_TEASER_TEXT = 300
_HEADLINE_TEXT = 12
_TEASER_SHARE = 0.6
_MIN_TEASERS = 5
_ITEM_TEXT = 800
# A front page links this many headlines, whose text is this many times the body's.
_FRONT_HEADLINES = 30
_FRONT_RATIO = 4
_FRONT_PATH = re.compile(r"/(?:(?:index|default|home)\.(?:html?|php|aspx?|shtml))?", re.I)
# Prose this long in blocks without links is an article, whatever links it also holds.
_ARTICLE_PROSE = 1500


def list_reason(body_html: str, root: HtmlElement | None = None, url: str = "",
                declared_type: str = "") -> str:
    """Why the extracted body ``body_html`` of the page ``root`` at ``url`` is a list of
    links, not an article; ``""`` when it is an article. ``declared_type`` is the page's
    og:type."""
    container = parse_fragment(body_html)
    address = urlsplit(url)
    is_front = declared_type == "website" or (
        address.scheme in ("http", "https") and not address.query
        and _FRONT_PATH.fullmatch(address.path or "/") is not None)
    if root is not None and is_front and (front := _front_page(container, root)):
        return front
    blocks = _leaf_blocks(container)
    if root is not None and (items := _teased_items(root, blocks)):
        return f"a list of {items} linked headlines with teasers"
    links = [a for a in container.iter("a") if _weight(a.text_content()) > 0]
    if len(links) < _MIN_LINKS:
        return ""
    total = _weight(container.text_content())
    linked = sum(_weight(a.text_content()) for a in links)
    prose = sum(_weight(b.text_content()) for b in blocks if next(b.iter("a"), None) is None)
    if prose >= _ARTICLE_PROSE:
        return ""
    if total and linked >= _LINKED_SHARE * total:
        return f"a list of {len(links)} links ({linked * 100 // total}% of its text)"
    teasers = [b for b in blocks if _is_teaser(b)]
    if len(teasers) >= _MIN_TEASERS and len(teasers) >= _TEASER_SHARE * len(blocks):
        return f"a list of {len(teasers)} linked headlines with teasers"
    return ""


def _teased_items(root: HtmlElement, blocks: list[HtmlElement]) -> int:
    """How many items of the page's list the extracted text comes from, when it does: a
    list is items side by side (same tag and class), each a linked headline and a short
    text; extraction often keeps their teasers and drops the headlines. 0 when most of
    the extracted text lies outside such items."""
    teasers: list[str] = []
    for parent in root.iter():
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent:
            if isinstance(child.tag, str):
                groups.setdefault((child.tag, child.get("class", "")), []).append(child)
        for group in groups.values():
            if len(group) < _MIN_TEASERS:
                continue  # too few to be a list: no need to read their text
            items = [item for item in group if _is_item(item)]
            if len(items) >= _MIN_TEASERS and len(items) >= _TEASER_SHARE * len(group):
                teasers.extend(_WORDS.sub("", item.text_content()) for item in items)
    if not teasers:
        return 0
    joined = "\x00".join(teasers)
    inside = [b for b in blocks if _WORDS.sub("", b.text_content()) in joined]
    total = sum(_weight(b.text_content()) for b in blocks)
    if total and sum(_weight(b.text_content()) for b in inside) >= _TEASER_SHARE * total:
        return len(teasers)
    return 0


def _is_item(element: HtmlElement) -> bool:
    """A linked headline with a short text: a heading holding a link, or a first link of
    a headline's length, in an element of little text."""
    first = next(element.iter("a"), None)
    if first is None or _weight(element.text_content()) > _ITEM_TEXT:
        return False
    for heading in element.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if next(heading.iter("a"), None) is not None:
            return True
    return _weight(first.text_content()) >= _HEADLINE_TEXT * 2


def _front_page(container: HtmlElement, root: HtmlElement) -> str:
    """A front page (one that says it is a website, or the site's root): headlines linked
    all over it, their text many times what extraction found (its teasers, a widget's
    text), where an article's own text outweighs the related links around it."""
    found = _weight(container.text_content())
    headlines = [weight for a in root.iter("a")
                 if (weight := _weight(a.text_content())) >= _HEADLINE_TEXT * 2]
    if len(headlines) < _FRONT_HEADLINES or sum(headlines) < _FRONT_RATIO * found:
        return ""
    return f"a page of {len(headlines)} linked headlines around little text of its own"


def _leaf_blocks(container: HtmlElement) -> list[HtmlElement]:
    """Blocks with text that hold no other block."""
    blocks = [b for b in container.iter(*_BLOCKS) if b.text_content().strip()]
    holding = {a for b in blocks for a in b.iterancestors()}
    return [b for b in blocks if b not in holding]


def _is_teaser(block: HtmlElement) -> bool:
    first = next(block.iter("a"), None)
    if first is None or _weight(block.text_content()) > _TEASER_TEXT:
        return False
    text, headline = block.text_content(), first.text_content()
    before = text[:max(text.find(headline), 0)]
    return _weight(headline) >= _HEADLINE_TEXT and not _weight(before)


def _weight(text: str) -> int:
    letters = _WORDS.sub("", text)
    return len(letters) + len(_CJK.findall(letters))
