"""The plain item, read in one pass: feedparser's rules for an entry, without its machine.

Nearly every item of a real feed is a flat list of known elements (title, link, guid,
description, dates, creator, categories, enclosures, media thumbnails). For such an item
feedparser's state machine reduces to a few rules — the first non-empty title wins, the
last link and the last date win, a permalink guid stands in for a missing link, a second
description is content — which :func:`read_item` applies directly, building only the
keys ``parse_feed`` reads. Any item outside that shape (nested titles, several authors,
base64 or XHTML content, unknown structure …) gets ``None`` and goes through
:class:`~newsmirror.ingest.fastpath.machine.Machine`, which runs feedparser's own handlers;
tests hold the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from feedparser.mixin import _FeedParserMixin
from lxml import etree

from newsmirror.ingest.fastpath.dates import LazyDate
from newsmirror.ingest.fastpath.values import (
    AMPERSAND_REFERENCE,
    NO_ATTRIBUTES,
    attributes_from,
    fix,
)

# The text elements first (up to UPDATED): their handling needs a leaf and its text.
(TITLE, MEDIA_TITLE, GUID, DESCRIPTION, ABSTRACT, SUMMARY, CONTENT, CONTENT_HTML,
 ORIGINAL_LINK, PUBLISHED, UPDATED, LINK, AUTHOR, ENCLOSURE, MEDIA_CONTENT, MEDIA_THUMBNAIL,
 MEDIA_GROUP, IGNORED, IGNORED_TEXT) = range(19)
_KINDS = {
    "title": TITLE, "dc_title": TITLE, "media_title": MEDIA_TITLE, "link": LINK,
    "guid": GUID, "id": GUID, "description": DESCRIPTION, "dc_description": DESCRIPTION,
    "media_description": DESCRIPTION, "abstract": ABSTRACT, "summary": SUMMARY,
    "itunes_summary": SUMMARY, "content": CONTENT, "content_encoded": CONTENT_HTML,
    "fullitem": CONTENT_HTML, "published": PUBLISHED, "issued": PUBLISHED,
    "pubdate": PUBLISHED, "dcterms_issued": PUBLISHED, "updated": UPDATED,
    "modified": UPDATED, "lastbuilddate": UPDATED, "dc_date": UPDATED,
    "dcterms_modified": UPDATED, "author": AUTHOR, "managingeditor": AUTHOR,
    "dc_author": AUTHOR, "dc_creator": AUTHOR, "itunes_author": AUTHOR,
    "enclosure": ENCLOSURE, "media_content": MEDIA_CONTENT,
    "media_thumbnail": MEDIA_THUMBNAIL, "media_group": MEDIA_GROUP,
    "feedburner_origlink": ORIGINAL_LINK,
}
_NESTABLE = frozenset({TITLE, MEDIA_TITLE, ENCLOSURE, MEDIA_CONTENT, MEDIA_THUMBNAIL,
                       MEDIA_GROUP, IGNORED})
_AUTHOR_PARTS = {"name": "name", "itunes_name": "name", "email": "email",
                 "itunes_email": "email", "uri": "href", "url": "href", "homepage": "href"}
_HTML_TYPES = frozenset(_FeedParserMixin.html_types)
_TEXTUAL = frozenset({"text/plain"}) | _HTML_TYPES
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_map_type = _FeedParserMixin.map_content_type
_looks_like_html = _FeedParserMixin.looks_like_html


class _Off(Exception):  # noqa: N818 - the item leaves the lane
    """This item is not plain: the machine must read it."""


def kind_of(name: str, start: Any, end: Any, inert: frozenset[str],
            inert_text: frozenset[str]) -> int | None:
    """The lane's kind for an element feedparser names ``name`` (None: not in the lane)."""
    if name in _KINDS:
        return _KINDS[name]
    if name in inert_text:
        return IGNORED_TEXT
    if name in inert or (start is None and end is None):
        return IGNORED
    return None


class _Item:
    """What one item's elements leave behind, in the keys ``parse_feed`` reads."""

    __slots__ = ("atom", "authors", "base", "c1", "cache", "entry", "guidislink",
                 "has_content", "kinds", "machine", "title_depth", "title_stored_at")

    def __init__(self, machine: Any, kinds: Any) -> None:
        self.machine = machine
        self.kinds = kinds
        self.cache: dict[str, int | None] = machine.kinds_seen
        self.c1: bool = machine.c1
        self.base: str = machine.baseuri
        self.atom: bool = machine.version.startswith("atom")
        self.entry: dict[str, Any] = {}
        self.has_content: int = machine.hasContent
        self.guidislink = 0
        self.title_depth = -1  # depths here count from the item's children (1)
        self.title_stored_at = 0
        self.authors = 0

    def element(self, element: etree._Element, depth: int, kind: int | None = -1) -> None:
        if kind == -1:  # not looked up by the caller, or never seen
            tag = element.tag
            kind = self.cache.get(tag, -1)
            if kind == -1:
                kind = self.kinds(tag)
        if kind == IGNORED:  # the most common: categories, unknown elements
            if len(element):
                self._ignored(element)
            return
        if kind is None or (depth > 1 and kind not in _NESTABLE):
            raise _Off
        if kind == IGNORED_TEXT:
            if len(element):
                raise _Off
            return
        items = element.items()
        if kind <= UPDATED:  # the text elements
            if len(element):
                raise _Off
            attributes = _text_attributes(items, element) if items else NO_ATTRIBUTES
            text = element.text or ""
            if kind in (PUBLISHED, UPDATED):
                value = text.strip()
                if not value.isascii():
                    value = fix(value, self.c1)
                self.entry["published_parsed" if kind == PUBLISHED else "updated_parsed"] = (
                    LazyDate(value))
            elif kind == GUID:
                self._guid(text, attributes)
            elif kind == ORIGINAL_LINK:  # no handler: stored as it is, the last one wins
                if items:
                    raise _Off  # feedparser keeps the attributes instead
                value = text.strip()
                self.entry["feedburner_origlink"] = value if value.isascii() else fix(
                    value, self.c1)
            elif kind in (TITLE, MEDIA_TITLE):
                self._title(text, attributes, kind == TITLE, depth)
            else:
                self._text_element(kind, text, attributes)
            return
        attributes = _attributes(items, element) if items else {}
        if kind == LINK:
            self._link(element, attributes, depth)
        elif kind == AUTHOR:
            self._author(element)
        elif kind == MEDIA_THUMBNAIL:
            self._thumbnail(element, attributes)
        else:
            if kind == MEDIA_CONTENT:
                self.entry.setdefault("media_content", []).append(attributes)
            elif kind == ENCLOSURE:
                enclosure = dict(attributes)
                _name_href(enclosure)
                self.entry.setdefault("enclosures", []).append(enclosure)
            for child in element:
                self.element(child, depth + 1)

    def _ignored(self, element: etree._Element) -> None:
        """An ignored element's descendants must all be ignored ones too."""
        cache = self.cache
        for child in element:
            tag = child.tag
            kind = cache.get(tag, -1)
            if (kind if kind != -1 else self.kinds(tag)) != IGNORED:
                raise _Off
            if len(child):
                self._ignored(child)

    def _text(self, text: str, content_type: str) -> tuple[str, str]:
        """feedparser's ``pop`` for a text element of type ``content_type``, in a lean
        run: the URLs inside HTML are left for the clean stage to resolve."""
        output = text.strip()
        if (not self.atom and content_type == "text/plain"
                and ("<" in output or "&" in output) and _looks_like_html(output)):
            content_type = "text/html"
        return (output if output.isascii() else fix(output, self.c1)), content_type

    def _title(self, text: str, attributes: dict[str, str], sets_depth: bool,
               depth: int) -> None:
        """Stored unless a non-empty title was seen no deeper; never over a shallower one."""
        value, content_type = self._text(
            text, _type(attributes, "text/plain") if attributes else "text/plain")
        if not -1 < self.title_depth <= depth and (
                not self.title_stored_at or depth <= self.title_stored_at):
            self.title_stored_at = depth
            self.entry["title"] = value
            self.entry["title_detail"] = {"type": content_type}
        if value and sets_depth:
            self.title_depth = depth

    def _text_element(self, kind: int, text: str, attributes: dict[str, str]) -> None:
        if kind == ABSTRACT or (kind in (DESCRIPTION, SUMMARY) and (
                "summary" not in self.entry or self.has_content)):
            default = "text/html" if kind == DESCRIPTION else "text/plain"
            self.entry["summary"] = self._text(
                text, _type(attributes, default) if attributes else default)[0]
            self.entry["summary_detail"] = {"base": self.base}
            return
        self.has_content = 1
        content_type = _type(attributes, "text/html" if kind == CONTENT_HTML else "text/plain")
        value = self._text(text, content_type)[0]
        self.entry.setdefault("content", []).append({"value": value, "base": self.base})
        if content_type in _TEXTUAL:
            self.entry.setdefault("summary", value)  # with no detail, as in feedparser

    def _link(self, element: etree._Element, attributes: dict[str, str], depth: int) -> None:
        if not attributes:  # RSS: the text is the link
            if len(element):
                raise _Off
            self.entry["link"] = self._link_text(element.text)
            return
        link = dict(attributes)
        rel = link.setdefault("rel", "alternate")
        link.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
        _name_href(link)
        if "href" in link:
            link["href"] = self.machine.resolve_uri(link["href"])
            if rel == "alternate" and _map_type(link["type"]) in _HTML_TYPES:
                self.entry["link"] = link["href"]
            for child in element:
                self.element(child, depth + 1)
        else:
            if len(element):
                raise _Off
            output = self.entry["link"] = self._link_text(element.text)
            if output:
                link["href"] = output
        if rel == "enclosure":
            self.entry.setdefault("enclosures", []).append(link)

    def _link_text(self, text: str | None) -> str:
        output = (text or "").strip()
        if output:
            output = self.machine.resolve_uri(output)
            if not output.isascii():
                output = fix(output, self.c1)
            if "&" in output:
                output = AMPERSAND_REFERENCE.sub(r"&\g<1>", output.replace("&amp;", "&"))
        return output

    def _guid(self, text: str, attributes: dict[str, str]) -> None:
        self.guidislink = attributes.get("ispermalink", "true") == "true"
        output = text.strip()
        if output and self.guidislink:
            output = self.machine.resolve_uri(output)
        output = self.entry["id"] = output if output.isascii() else fix(output, self.c1)
        self.entry.setdefault("guidislink", self.guidislink and "link" not in self.entry)
        if self.guidislink:
            self.entry.setdefault("link", output)

    def _author(self, element: etree._Element) -> None:
        self.authors += 1
        if self.authors > 1:
            raise _Off  # feedparser mixes several authors' details: leave it to it
        if not len(element):  # dc:creator, author: the text is the author
            text = (element.text or "").strip()
            self.entry["author"] = text if text.isascii() else fix(text, self.c1)
            return
        detail: dict[str, str] = {}
        pieces = [element.text or ""]
        for child in element:
            part = _AUTHOR_PARTS.get(self.machine.name_of(child.tag))
            if len(child) or (part is None and self.kinds(child.tag) != IGNORED):
                raise _Off
            if part is None:  # an element no one reads: only where its text goes matters
                if child.attrib and not self.machine.has_start(child.tag):
                    pieces.append(child.text or "")
                pieces.append(child.tail or "")
                continue
            _attributes(child.items(), child)  # refuses an xml:base
            value = (child.text or "").strip()
            if part == "href":
                value = fix(self.machine.resolve_uri(value) if value else value, self.c1)
            detail[part] = value
            pieces.append(child.tail or "")
        author = fix("".join(pieces).strip(), self.c1)
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            author = f"{name} ({email})"
        elif name or email:
            author = name or email or ""
        self.entry["author"] = author

    def _thumbnail(self, element: etree._Element, attributes: dict[str, str]) -> None:
        thumbnails = self.entry.setdefault("media_thumbnail", [])
        thumbnails.append(attributes)
        pieces = [element.text or ""]
        for child in element:
            tag = child.tag
            if len(child) or (self.cache.get(tag, -1) != IGNORED and self.kinds(tag) != IGNORED):
                raise _Off
            if child.text and child.items() and not self.machine.has_start(tag):
                pieces.append(child.text)  # no handler, attributes: not pushed
            pieces.append(child.tail or "")
        url = "".join(pieces).strip()
        if url:
            url = fix(self.machine.resolve_uri(url), self.c1)
            if url.strip() and "url" not in attributes:
                attributes["url"] = url


def read_item(machine: Any, item: etree._Element, attributes: dict[str, str],
              kinds: Any) -> dict[str, Any] | None:
    """The entry feedparser would make of ``item``, or ``None`` if the item is not plain."""
    reader = _Item(machine, kinds)
    about = attributes.get(machine.namespacemap.get("rdf", "rdf") + ":about")
    if about:
        reader.entry["id"] = about
    cache = reader.cache
    element = reader.element
    try:
        for child in item:
            kind = cache.get(child.tag, -1)
            if kind == IGNORED and not len(child):
                continue  # the most common child: a category, an unknown element
            element(child, 1, kind)
    except _Off:
        return None
    depth = reader.title_depth
    machine.title_depth = machine.depth + depth if depth > 0 else -1
    machine.guidislink = reader.guidislink
    return reader.entry


def _type(attributes: dict[str, str], default: str) -> str:
    if not attributes:
        return default  # text/plain or text/html: feedparser's mapping leaves them so
    key = (attributes.get("type", default), attributes.get("mode"))
    found = _TYPES.get(key)
    if found is None:
        content_type = str(_map_type(key[0]))
        if key[1] == "base64" or not (
                content_type.startswith("text/") or content_type.endswith(("+xml", "/xml"))):
            raise _Off  # base64 content
        if content_type == "application/xhtml+xml":
            raise _Off  # text is escaped, a <div> may be stripped: the machine knows how
        found = _TYPES[key] = content_type
    return found


_TYPES: dict[tuple[str, str | None], str] = {}


def _name_href(link: dict[str, str]) -> None:
    """feedparser's ``_enforce_href`` for a link or an enclosure: its url or uri is its href."""
    href = link.get("url", link.get("uri", link.get("href")))
    if href:
        link.pop("url", None)
        link.pop("uri", None)
        link["href"] = href


def _text_attributes(items: Sequence[tuple[Any, Any]],
                     element: etree._Element) -> dict[str, str]:
    """A text element's attributes as far as its reading goes (type, mode, isPermaLink)."""
    if len(items) == 1 and items[0][0] == _XML_LANG:
        return NO_ATTRIBUTES  # xml:lang: read by no one
    return _attributes(items, element)


def _attributes(items: Sequence[tuple[Any, Any]], element: etree._Element) -> dict[str, str]:
    """An element's attributes; an xml:base inside an item takes the item off the lane."""
    try:
        attributes = attributes_from(items, element)
    except ValueError as exc:  # an attribute prefix that cannot be told
        raise _Off from exc
    if "xml:base" in attributes or "base" in attributes:
        raise _Off
    return attributes
