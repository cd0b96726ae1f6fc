"""The article body of a page no site rule covers: trafilatura chooses, the page keeps its markup.

trafilatura decides best *which text* is the article when it reads plain text only: asked
to keep images and links it also keeps link lists and image galleries, and its precision
drops (on article-extraction-benchmark F1 falls from 0.964 to 0.91-0.93). A mirror wants the
images and links, though. So trafilatura runs text only, in precision mode, and its text
then *selects* blocks of the original page: every paragraph, heading, list item, quote,
table or figure whose text trafilatura kept is taken with its own markup, and the images
that stand between those blocks come with them. Where the page's blocks cannot account for
trafilatura's text (text set loose in ``<div>``s and ``<br>``s, say), trafilatura's own
structured output is used instead.

Around that, three corrections of what the benchmark showed trafilatura gets wrong:
trafilatura's modes are compared with a scored choice (``candidates``); an article cut into
several containers of one class is read whole (``_twin_blocks``); link lists it lets
through — a menu, hover cards inside a paragraph — are dropped (``_is_menu``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsmirror.extract.boilerplate import (
    is_boilerplate,
    is_end_marker,
    is_header_line,
    is_source_line,
)
from newsmirror.extract.candidates import EMPTY, Candidate, choose

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
# What no reader sees, dropped before trafilatura looks (its tail text stays).
_UNREAD = ("script", "style", "noscript", "template", "svg", "link", "meta")
_ASIDE = re.compile(
    r"\b(ad|ads|advert\w*|promo\w*|sponsor\w*|related|recommend\w*|newsletter|share|sharing|"
    r"social|subscribe|signup|outbrain|taboola|comment\w*|sidebar|popular|trending|"
    r"more-stories|read-more)\b", re.IGNORECASE)
_WORDS = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# trafilatura's text must be covered this well by the page's blocks, else its own output.
_MIN_COVERAGE = 0.85
# Another part of a cut article sits this close (levels up to the common ancestor) and
# holds at least this many letters in paragraphs.
_TWIN_DISTANCE = 3
_TWIN_TEXT = 200
# The most letters of a column's name printed before the headline ("图说洛阳|").
_COLUMN_NAME = 12
# A block that trafilatura cut otherwise is taken alone from this many letters on.
_PART_TEXT = 20
# A block of this many letters, less than this share of them in links, is prose.
_PROSE_TEXT = 40
_PROSE_LINKS = 0.3
# This many blocks in a row that are each one link are a menu.
_MENU_RUN = 3
# A block of this many letters, this share of them in links, is a menu.
_MENU_TEXT = 200
_MENU_LINKS = 0.7


def normalized(text: str) -> str:
    """Letters and digits only, lower-cased: what is compared between page and selection."""
    return _WORDS.sub("", text).lower()


def extract_body(root: HtmlElement, title: str = "") -> str | None:
    """The article body of the parsed page ``root`` as HTML; ``None`` when it has no text.

    ``root`` is changed: what no reader sees (scripts, styles, ``<noscript>``…) and the
    link lists cut out of paragraphs are gone from it afterwards."""
    # Imported here: trafilatura takes most of a second to import, and commands that
    # never extract (status, --help) should not pay for it.
    import trafilatura

    for unread in list(root.iter(*_UNREAD)):
        unread.drop_tree()  # nothing here reads them; trafilatura's XPaths run faster
    chosen = choose(lambda precise, recall, fast: _read(
        trafilatura, root, title, precise=precise, recall=recall, fast=fast))
    if chosen.document is None or not chosen.lines:
        return None
    lines = list(chosen.lines)
    document = chosen.document
    return _select_blocks(root, lines) or _trafilatura_html(document.body)


def _read(trafilatura: Any, root: HtmlElement, title: str, *, precise: bool, recall: bool,
          fast: bool) -> Candidate:
    """trafilatura's answer in one mode, without the headline."""
    document = trafilatura.bare_extraction(
        root, fast=fast, favor_precision=precise, favor_recall=recall, with_metadata=False,
        include_comments=False, include_tables=True, include_formatting=False,
    )
    if document is None or isinstance(document, dict):
        return EMPTY
    lines = [line for line in (document.text or "").splitlines() if normalized(line)]
    headline = normalized(title)
    for index, raw in enumerate(lines):
        line = normalized(raw)
        if line == headline or (headline and line.endswith(headline)
                                and len(line) - len(headline) <= _COLUMN_NAME):
            # the headline (a column's name before it, maybe) is the title, not the body
            del lines[index]
            break
        if len(line) >= _PROSE_TEXT:
            break  # the story began: a line that repeats the headline now is the story's
    return Candidate.read(document, lines, normalized)


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

    def claim_part(self, text: str, *, among_claimed: bool = False) -> bool:
        """A block that trafilatura split or joined differently (a paragraph of ``<br>``
        lines, say): accepted inside text not yet claimed, when long enough not to match
        by chance, or, for a block that stands ``among_claimed`` blocks (a sibling of
        one), when it goes on from (or leads into) text already claimed: a line of a
        hard-wrapped paragraph ("一种黯淡之感。") is short but is the story's. Taking each
        piece once keeps a page that repeats itself (a hidden mobile copy, a teaser of the
        first paragraph) from being published twice."""
        if len(text) >= _PART_TEXT and text in self.remaining:
            self.remaining = self.remaining.replace(text, "\x00", 1)
            return True
        if not among_claimed:
            return False
        for joined in (f"\x00{text}", f"{text}\x00"):
            if joined in self.remaining:
                self.remaining = self.remaining.replace(joined, "\x00", 1)
                return True
        return False


class _Walk:
    """One pass over the page: blocks that are whole lines, then blocks that are parts."""

    def __init__(self, selection: _Selection, root: HtmlElement) -> None:
        self.selection = selection
        self.visited = 0  # elements seen so far: the document order of those visited
        # Holding the elements here also keeps lxml's proxies, so they hash the same later.
        self.holders: set[HtmlElement] = set()  # elements with a block inside
        for block in root.iter(*_BLOCKS):
            for ancestor in block.iterancestors():
                if ancestor in self.holders:
                    break
                self.holders.add(ancestor)
        self.found: list[tuple[int, HtmlElement]] = []  # (document order, element)
        self.images: list[tuple[int, HtmlElement]] = []
        self.leftovers: list[tuple[int, HtmlElement, str]] = []

    def visit(self, element: HtmlElement) -> None:
        for child in element.iterchildren():
            if not isinstance(child.tag, str) or child.tag in _NEVER:
                continue
            self.visited += 1
            order = self.visited
            if child.tag in ("img", "picture") or (
                    child.tag == "figure" and child.find(".//img") is not None):
                self.images.append((order, child))  # kept if it stands between blocks
                continue
            leaf = child not in self.holders
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
        homes = {element.getparent() for _, element in self.found}
        for order, element, text in self.leftovers:
            parent = element.getparent()
            # a link is no line of the story's prose (an ad set among its paragraphs)
            among = parent in homes and not _link_heavy(element, 0)
            if self.selection.claim_part(text, among_claimed=among):
                self.found.append((order, element))
                homes.add(parent)
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
    twins = _twin_blocks(walk)
    if twins:  # blocks the walk did not order: order everything again
        position = {element: index for index, element in enumerate(root.iter())}
        walk.found = sorted((position[e], e) for e in blocks + twins)
        walk.images = [(position[image], image) for _, image in walk.images]
    walk.found = _without_edges([(order, element) for order, element in walk.found
                                 if not _is_menu(element)
                                 and not is_boilerplate(element.text_content())])
    if not walk.found:
        return None
    return "".join(_serialize(element) for element in _with_images_between(walk))


def _without_edges(found: list[tuple[int, HtmlElement]]) -> list[tuple[int, HtmlElement]]:
    """The blocks between the link list nearest before the article's first paragraph of
    prose and the one nearest after its last, both left out: a portal page laid out in
    tables gives trafilatura its site menu, breadcrumbs and promotion lists above the
    story and its ad and SMS lists below it as lines of their own, however short. Inside
    the story, link lists are left to ``_is_menu``. Above the first paragraph of prose,
    the story's header lines go too (a breadcrumb trail, its date and source)."""
    texts = [element.text_content() for _, element in found]
    weights = [_weight(text) for text in texts]  # each block's text is read once
    is_prose = [_is_prose(element, text, weight)
                for (_, element), text, weight in zip(found, texts, weights, strict=True)]
    prose = [index for index, flag in enumerate(is_prose) if flag]
    if not prose:
        return found
    lists = _link_lists([element for _, element in found])
    start = next((index + 1 for index in range(prose[0] - 1, -1, -1) if lists[index]), 0)
    end = next((index for index in range(prose[-1] + 1, len(found)) if lists[index]),
               len(found))
    end = _story_end(texts, prose, end)
    header = [index for index in range(start, prose[0]) if not is_header_line(texts[index])]
    story = list(range(prose[0], end))
    while len(story) > 1 and is_source_line(texts[story[-1]]):
        story.pop()
    kept = header + story
    total = sum(weights[index] for index in prose)
    if sum(weights[index] for index in kept if is_prose[index]) * 2 < total:
        return found  # cutting there would lose most of the story: the edges are wrong
    return [found[index] for index in kept]


def _story_end(texts: list[str], prose: list[int], end: int) -> int:
    """Where the portal's own boxes begin after the story (a related-stories label, a bar
    of page functions), when less prose follows than came before: a box in the middle of
    a long story does not cut it short."""
    sizes = [len(normalized(text)) for text in texts]
    prose_set = set(prose)
    before = 0
    for index in range(prose[0], end):
        if index in prose_set:
            before += sizes[index]
        elif is_end_marker(texts[index]):
            after = sum(sizes[i] for i in prose if index < i < end)
            if after < before:
                return index
    return end


def _link_lists(blocks: list[HtmlElement]) -> list[bool]:
    """Which blocks are link lists: one block of links, or a run of blocks that are each
    a single link (a menu laid out one cell per item)."""
    single = [_link_heavy(block, 1) for block in blocks]
    lists = [heavy and _has_links(block, 2) for block, heavy in zip(blocks, single, strict=True)]
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and single[end]:
            end += 1
        if end - index >= _MENU_RUN:
            lists[index:end] = [True] * (end - index)
        index = end + 1
    return lists


def _has_links(element: HtmlElement, count: int) -> bool:
    """Whether ``element`` holds at least ``count`` links: a block of links and little
    else is a list when it has more than one (one link on a line of its own is the
    article's: a website, a source)."""
    return sum(1 for _ in itertools.islice(element.iter("a"), count)) >= count


def _is_prose(element: HtmlElement, content: str, text: int) -> bool:
    """A paragraph of the story: ``content`` is the element's text, ``text`` its weight."""
    if text < _PROSE_TEXT:
        return False
    linked = sum(_weight(a.text_content()) for a in element.iter("a"))
    return linked < _PROSE_LINKS * text and not is_header_line(content)


def _weight(text: str) -> int:
    """Letters and digits, a Chinese, Japanese or Korean character counting twice (it
    says about what two Latin letters do: 20 of them make a sentence)."""
    letters = normalized(text)
    return len(letters) + len(_CJK.findall(letters))


def _twin_blocks(walk: _Walk) -> list[HtmlElement]:
    """The blocks of the article's other parts: pages that cut the story into several
    containers (between ads, say) give each the same tag and class, and trafilatura keeps
    only the one it scored best."""
    weight: Counter[HtmlElement] = Counter()
    for _, element in walk.found:
        parent = element.getparent()
        if parent is not None:
            weight[parent] += len(element.text_content())
    if not weight:
        return []
    home = weight.most_common(1)[0][0]
    signature = home.get("class", "").strip()
    if not signature or home.tag not in ("div", "section"):
        return []
    taken = {element for _, element in walk.found}
    near = list(home.iterancestors())[:_TWIN_DISTANCE]
    extra: list[HtmlElement] = []
    for twin in home.getroottree().iter(home.tag):
        if twin is home or twin.get("class", "").strip() != signature or _in_aside(twin):
            continue
        ancestors = list(twin.iterancestors())
        if home in ancestors or twin in near or not any(a in near for a in ancestors):
            continue
        blocks = [child for child in twin.iterchildren()
                  if isinstance(child.tag, str) and child.tag in _BLOCKS and child not in taken
                  and normalized(child.text_content())]
        paragraphs = [b for b in blocks if b.tag == "p"]
        if len(paragraphs) >= 2 and sum(len(normalized(b.text_content())) for b in paragraphs
                                        ) >= _TWIN_TEXT:
            extra.extend(blocks)
    return extra


def _with_images_between(walk: _Walk) -> list[HtmlElement]:
    """The blocks, plus the images that stand between the first and the last of them
    outside any aside (ads, related links, share bars); images inside a kept block stay
    where they are."""
    first, last = walk.found[0][0], walk.found[-1][0]
    between = [(order, image) for order, image in walk.images
               if first < order < last and not _in_aside(image)]
    return [element for _, element in sorted(walk.found + between, key=lambda item: item[0])]


def _is_menu(element: HtmlElement) -> bool:
    """A long block that is nearly all links: a site menu trafilatura let through. Link
    lists set inside a paragraph (hover cards of a person's latest stories) are cut out
    of it first, and the paragraph stays."""
    if not _link_heavy(element, _MENU_TEXT):
        return False
    if element.tag in _TEXT_BLOCKS:
        for inner in reversed(list(element.iterdescendants())):  # innermost first
            if (inner.tag != "a" and inner.getparent() is not None
                    and sum(1 for _ in inner.iter("a")) >= 2 and _link_heavy(inner, 0)):
                inner.drop_tree()
    return _link_heavy(element, _MENU_TEXT)


def _link_heavy(element: HtmlElement, minimum: int) -> bool:
    text = len(normalized(element.text_content()))
    linked = sum(len(normalized(a.text_content())) for a in element.iter("a"))
    return text >= minimum and linked > _MENU_LINKS * text


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
