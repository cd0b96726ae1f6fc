"""The byline a page prints, for pages whose metadata names no author.

First the elements a page marks as the author (``itemprop=author``, ``rel=author``, a class
or id with ``byline``/``author``/``writer``/``reporter``), outside comments and related-story
lists, nearest the headline first. Then what the text says, by how surely it names the
writer: ``作者：X``, ``文/X``, ``X/文``, ``By X`` → ``记者 X`` → names alone in brackets:
``（X Y）`` closing a paragraph (the Chinese end-of-story byline) or ``[ X ]`` after the
date line → a line holding only names under the headline → ``来源：X`` when X is a
person. An editor (``编辑：X``, ``责任编辑：X``) or a photographer (``X 摄``) is never the
author: a story that names no writer has none.

Each step looks in the article's header (around the headline), then at its end (around
the last line of the extracted body), then anywhere on the page, and the writer's steps
look in all three before the editor's. Bare names in brackets are believed elsewhere than
the header and the end only when they close a paragraph of some length. A Chinese name
without a label must start with a family name (``names.is_chinese_name``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml.html import HtmlElement

from newsmirror.extract.names import HAN, clean_author, is_chinese_name
from newsmirror.extract.pagetext import PageText, page_text

_MARKED = re.compile(r"byline|author(?!i[tz])|writer|reporter|auteur|autor|journalist", re.I)
_NOT_BYLINE = re.compile(r"avatar|bio|follow|image|photo|img|pic|title|date|time|note|dashboard",
                         re.I)
_NOT_ARTICLE = re.compile(r"comment|related|recommend|popular|widget|sidebar|reply|respond",
                          re.I)
_NO_TEXT = frozenset({"input", "label", "form", "textarea", "link", "script", "style",
                      "select", "option", "button", "img", "svg", "head", "title", "html",
                      "body"})
HEADER_BEFORE = 600
HEADER_AFTER = 1500
_WINDOW_BEFORE = 300
_WINDOW_AFTER = 900
_END_WINDOW = 300
_PARAGRAPH = 40  # characters before a bracketed byline that make its line a paragraph

_NAME = f"[{HAN}]{{2,4}}"
_NAMES = rf"{_NAME}(?:[ \u3000、，,]+{_NAME}){{0,5}}?"
_VALUE = r"[^\n|｜。；;【\[\]】]{1,40}"
_STRONG_END = r"[ \u3000]*(?:[）)/]|报道|发自)"
_LABELLED = re.compile(
    rf"(?:作\s*者|撰\s*文|撰稿人?|执笔人?|(?<![{HAN}])文)\s*[:：/／]\s*(?P<n>{_VALUE})")
_SLASH_WEN = re.compile(rf"(?<![{HAN}])(?P<n>{_NAMES})\s*[/／]\s*文(?![{HAN}])")
_BY = re.compile(r"^\s*(?:written\s+)?by[:\s]+(?P<n>[^\n]{2,80})", re.I | re.M)
# Who posted, told by the date line: "2005/03/15 22:36 by X", "本贴由X于2005年…",
# "由X张贴 @ 2005-06-14", "X 发表于 2005-9-15".
_POSTED = (
    re.compile(r"(?:\d[:：]\d\d|[ap]\.?m\.?)\s+by\s+(?P<n>[^\n]{2,60})", re.I),
    re.compile(r"由\s*(?P<n>[^\s由于@]{1,20}?)\s*(?:于|张贴|发表|发布)\s*@?\s*(?=\d)"),
    re.compile(rf"(?P<n>[\w{HAN}]{{2,20}})\s*(?:发表于|发表在)\s*(?=\d)"),
)
_REPORTER = re.compile(
    rf"(?:记者|通讯员)(?P<sep>[ \u3000:：]*)(?P<n>{_NAMES})"
    rf"(?=[ \u3000]*(?:$|[）)\]】/，,。；;]|报道|发自|综合|\d)"
    rf"|[ \u3000]+[{HAN}]{{1,8}}?(?:报道|电))", re.M)
_PARENTHESISED = re.compile(
    rf"[（(]\s*(?P<r>[^\s（()）]{{0,8}}?记者\s*)?(?P<n>{_NAMES})\s*"
    rf"(?:[{HAN}]{{0,6}}?报道)?\s*[）)][ \u3000]*$", re.M)
_AFTER_DATE = re.compile(rf"(?:\d[:：]\d\d|日)\s*[\[【]\s*(?P<n>{_NAMES})\s*[\]】]")
_SOURCE = re.compile(rf"来源\s*[:：]\s*(?P<n>[{HAN}]{{2,3}})(?![{HAN}])")
_SEPARATORS = re.compile(r"[ \u3000、，,]+")

# A step reads a window of the page's text; ``where`` says which: header, end or page.
Finder = Callable[[str, str], str]


def page_byline(page: PageText, root: HtmlElement, headline: tuple[int, int] | None,
                body: str = "") -> str:
    """The author the page shows, or ``""``; ``body`` is the extracted article's HTML."""
    found = marked_byline(page, root, headline)
    if found:
        return found
    text = page.text
    windows = [(text, "page")]
    end = page.body_end(body)
    if end is not None:
        windows.insert(0, (text[max(0, end - _END_WINDOW):end + _END_WINDOW], "end"))
    if headline is not None:
        windows.insert(0, (text[max(0, headline[0] - _WINDOW_BEFORE):
                                headline[1] + _WINDOW_AFTER], "header"))

    def name_line(_: str, where: str) -> str:
        if where != "header":
            return ""
        return _name_line(page, headline[1]) if headline else ""

    strong: tuple[Finder, ...] = (_labelled, _reporter, _bracketed, name_line)
    weak: tuple[Finder, ...] = (_source_person,)
    for steps in (strong, weak):
        for window, where in windows:
            for step in steps:
                name = step(window, where)
                if name:
                    return name
    return ""


def marked_byline(page: PageText, root: HtmlElement, headline: tuple[int, int] | None
                  ) -> str:
    """The name in the element marked as the author that is nearest the headline."""
    candidates = list(_marked(root))
    marked = set(candidates)
    names: list[tuple[int, str]] = []
    for element in candidates:
        if any(d in marked for d in element.iterdescendants()) \
                and _itemprop_name(element) is None:
            continue  # the inner marked element says it more precisely
        name = clean_author(_byline_text(element))
        if name:
            names.append((_distance(page.starts.get(element), headline), name))
    return min(names, key=lambda n: n[0])[1] if names else ""


def _distance(offset: int | None, headline: tuple[int, int] | None) -> int:
    """How far from the headline an element is, in characters: under it counts as near,
    above it twice as far; outside the header, after every element inside it."""
    if headline is None or offset is None:
        return 0 if headline is None else 10 * HEADER_AFTER
    start, end = headline
    if start <= offset <= end + HEADER_AFTER:
        return max(0, offset - end)
    if start - HEADER_BEFORE <= offset < start:
        return 2 * (start - offset)
    return 4 * HEADER_AFTER + abs(offset - start)


def _marked(root: HtmlElement) -> Iterator[HtmlElement]:
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _NO_TEXT:
            continue
        itemprop = (element.get("itemprop") or "").lower().split()
        rel = (element.get("rel") or "").lower().split()
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not ("author" in itemprop or "creator" in itemprop or "author" in rel
                or _MARKED.search(marks)):
            continue
        if _NOT_BYLINE.search(marks) and "author" not in itemprop:
            continue
        if any(_NOT_ARTICLE.search(f"{a.get('class') or ''} {a.get('id') or ''}")
               for a in element.iterancestors()) or _NOT_ARTICLE.search(marks):
            continue
        yield element


def _itemprop_name(element: HtmlElement) -> HtmlElement | None:
    found: list[HtmlElement] = element.xpath(
        ".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' name ')]")
    return found[0] if found else None


def _byline_text(element: HtmlElement) -> str:
    if element.tag == "meta":
        return str(element.get("content") or "")
    named = _itemprop_name(element)
    return page_text(named if named is not None else element).text  # <br> ends a line


def _labelled(text: str, where: str) -> str:
    patterns = [_LABELLED, _SLASH_WEN]
    if where == "header":
        patterns.append(_BY)
    for pattern in (*patterns, *_POSTED):
        for match in pattern.finditer(text):
            name = clean_author(match["n"])
            if name and (name[0].isupper() or not name[0].isascii() or pattern is not _BY):
                return name
    return ""


def _reporter(text: str, where: str) -> str:
    """``记者 X``: names set apart by a space or colon must look like names, or be closed
    off (``）``, ``报道``); names run on (``记者X``) must be both."""
    for match in _REPORTER.finditer(text):
        names = _SEPARATORS.split(match["n"])
        closed = re.match(_STRONG_END, text[match.end():]) is not None
        named = all(is_chinese_name(n) for n in names)
        if (named or closed) if match["sep"] else (named and closed):
            return " ".join(names)
    return ""


def _bracketed(text: str, where: str) -> str:
    """Names in brackets: ``（记者 X）``, ``（X Y）`` or ``（X 上海报道）`` closing a paragraph
    (on the whole page only after a paragraph of some length: a story's last one), or
    ``[ X ]`` after the time in the header."""
    for match in _PARENTHESISED.finditer(text):
        names = _SEPARATORS.split(match["n"])
        if not (match["r"] or all(is_chinese_name(n) for n in names)):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if where != "page" or match.start() - line_start >= _PARAGRAPH:
            return " ".join(names)
    if where == "header":
        for match in _AFTER_DATE.finditer(text):
            names = _SEPARATORS.split(match["n"])
            if all(is_chinese_name(n) for n in names):
                return " ".join(names)
    return ""


def _source_person(text: str, where: str) -> str:
    return next((m["n"] for m in _SOURCE.finditer(text) if is_chinese_name(m["n"])), "")


def _name_line(page: PageText, offset: int) -> str:
    """A line of nothing but names among the three lines under the headline."""
    end = page.text.find("\n", offset)
    for line in page.text[end + 1:end + 400].split("\n")[:3] if end >= 0 else []:
        names = _SEPARATORS.split(line.strip(" \u3000"))
        if names != [""] and all(is_chinese_name(n) for n in names):
            return " ".join(names)
    return ""
