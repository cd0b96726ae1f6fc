"""feedparser's own element handlers, driven by an lxml tree instead of its SAX parser.

What an entry's title, link, dates or content end up being is decided by feedparser's
state machine: about a hundred ``_start_*``/``_end_*`` handlers sharing a stack of open
elements, a depth, context flags and quirks (the first non-empty title wins, a permalink
guid stands in for a missing link, …). :class:`Machine` inherits those handlers unchanged
and replaces only the generic parts that make feedparser slow: the per-element dispatch,
``pop`` and date parsing, done on demand. Anything those replacements do not reproduce
exactly (markup inside a text element) raises :class:`Unsure`, and the caller uses
feedparser.

In a lean run (what ``parse_feed`` asks for) a plain item is handed to :mod:`.lanes`,
which reads it in one pass; elements whose handlers only write keys newsmirror never
reads are passed over; and, as in ``parse_feed``'s call of feedparser, the URLs inside
HTML are left as they are (feedparser's rewrite of the HTML to resolve them is a third of
its time): the clean stage resolves them against the base each value records.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri, resolve_relative_uris
from feedparser.util import FeedParserDict
from lxml import etree

from newsmirror.ingest.fastpath.dates import LazyDate
from newsmirror.ingest.fastpath.lanes import kind_of, read_item
from newsmirror.ingest.fastpath.plainurls import is_plain_url
from newsmirror.ingest.fastpath.values import (
    AMPERSAND_REFERENCE,
    NO_ATTRIBUTES,
    attributes_from,
    attributes_of,
    fix,
)

HANDLED = frozenset(
    name.split("_", 2)[2] if name.startswith("_start_") else name[len("_end_"):]
    for name in dir(_FeedParserMixin) if name.startswith(("_start_", "_end_")))
# Keys newsmirror reads, keys whose presence steers a handler, and the FeedParserDict
# aliases of both: an element without a handler named like one of them would write it.
RESERVED = frozenset({
    "author", "author_detail", "authors", "content", "date", "date_parsed", "description",
    "enclosures", "guid", "guidislink", "id", "image", "issued", "issued_parsed", "link",
    "links", "media_content", "media_thumbnail", "modified", "modified_parsed", "published",
    "published_parsed", "source", "summary", "summary_detail", "textinput", "title",
    "title_detail", "updated", "updated_parsed"})
# Handlers that only write keys newsmirror never reads (tags, languages, rights …): in a
# lean run their elements are passed over, keeping only what they do to the open-element
# stack. The ones that start a text element (push_content) are last.
_INERT = frozenset({
    "category", "keywords", "dc_subject", "media_category", "itunes_category", "tags",
    "media_keywords", "itunes_keywords", "language", "dc_language", "generator", "width",
    "height", "media_rating", "media_credit", "media_restriction", "media_license",
    "media_player", "itunes_block", "itunes_explicit", "created", "dcterms_created",
    "expirationdate", "dcterms_valid", "newlocation", "webmaster", "dc_publisher"})
# Elements without a handler whose text newsmirror reads: feedparser stores it under the
# element's name, so a lean run must not pass them over.
_READ_WITHOUT_HANDLER = frozenset({"feedburner_origlink"})
_INERT_TEXT = frozenset({"rights", "copyright", "dc_rights", "subtitle", "tagline",
                         "itunes_subtitle", "info", "feedburner_browserfriendly"})
_KEEPS_TEXTINPUT = frozenset({"title", "link", "description", "name"})
_KEEPS_IMAGE = frozenset({"title", "link", "description", "url", "href", "width", "height"})
_XHTML = "application/xhtml+xml"
# An Atom id (tag:, urn:) or an address: urljoin leaves a URI of its own scheme as it is.
_OPAQUE = re.compile("(?:tag|urn|mailto):(?!//)")
_CAN_BE_RELATIVE_URI = frozenset(_FeedParserMixin.can_be_relative_uri)
_CAN_CONTAIN_RELATIVE_URIS = frozenset(_FeedParserMixin.can_contain_relative_uris)
_HTML_TYPES = frozenset(_FeedParserMixin.html_types)

Handler = Callable[..., Any]
_Handling = tuple[str, bool, str, Handler | None, Handler | None, int]
_FULL, _PASSED, _PASSED_TEXT, _ITEM = 0, 1, 2, 3
_PASSED_NAME = " passed over"
_ITEMS = frozenset({"item", "entry"})


class Unsure(Exception):  # noqa: N818 - reads as "raise Unsure(...)"
    """The fast path cannot promise feedparser's answer: feedparser must read this feed."""


class Machine(_FeedParserMixin):  # type: ignore[misc]
    """One feed's worth of feedparser state; :meth:`read` walks the tree through it.

    ``complete`` reproduces feedparser's whole result; otherwise (what ``parse_feed``
    asks for) the URLs inside HTML are not resolved, and elements whose handlers only
    write keys newsmirror never reads are passed over, as are xml:lang (read by no one)
    and xml:base where the document has none.
    """

    def __init__(self, baseuri: str, version: str, namespacemap: dict[str | None, str],
                 names: Callable[[str], tuple[str, bool, str]], *, complete: bool,
                 c1: bool = True) -> None:
        self.baseuri = baseuri
        self.lang: str | None = None
        self.encoding = "utf-8"  # what feedparser's strict parser always works in
        self.resolve_relative_uris = complete
        self.sanitize_html = False
        super().__init__()
        self.version = version
        self.namespacemap = dict(namespacemap)
        self._names = names
        self._complete = complete
        self.c1 = c1
        self._handlers: dict[str, _Handling] = {}
        self.kinds_seen: dict[str, int | None] = {}
        self._stable_base: str | None = None

    def read(self, root: etree._Element) -> None:
        """Run every element of ``root`` through the handlers, in document order."""
        try:
            self._element(root)
        except RecursionError as exc:
            raise Unsure("nested too deeply") from exc

    def _handler(self, tag: str) -> _Handling:
        if not isinstance(tag, str):
            raise Unsure("an entity or other node that is not an element")
        name, plain, local = self._names(tag)
        start = getattr(Machine, "_start_" + name, None)
        end = getattr(Machine, "_end_" + name, None)
        if start is None and end is None and name in RESERVED:
            raise Unsure(f"an element {name} without a handler")
        kind = _FULL
        if not self._complete:
            if name in _ITEMS:
                kind = _ITEM
            elif name in _INERT_TEXT:
                kind = _PASSED_TEXT
            elif name in _INERT or (start is None and end is None
                                    and name not in _READ_WITHOUT_HANDLER):
                kind = _PASSED
        found = self._handlers[tag] = (name, plain, local, start, end, kind)
        return found

    def _element(self, element: etree._Element) -> None:
        tag = element.tag
        name, plain, local, start, end, kind = self._handlers.get(tag) or self._handler(tag)
        if self.incontent:
            raise Unsure("markup inside a text element")
        if plain:
            if local not in _KEEPS_TEXTINPUT:
                self.intextinput = 0
            if local not in _KEEPS_IMAGE:
                self.inimage = 0
        if kind == _ITEM:
            if self._lane_item(element):
                return
        elif kind != _FULL:
            self._passed(element, kind, start is not None or not len(element.attrib))
            return
        attributes = attributes_of(element)
        self.depth += 1
        self._scope(attributes, plain and local in ("feed", "rss"))
        if start is not None:
            start(self, attributes)
        elif not attributes:
            self.push(name, 1)
        else:
            self._get_context()[name] = attributes
        self._children(element)
        if end is not None:
            end(self)
        else:
            self.pop(name)
        self._unscope()
        self.depth -= 1

    def _lane_item(self, element: etree._Element) -> bool:
        """Read a plain item in one pass (:mod:`.lanes`); False if it is not plain.

        The item's xml:lang is read by no one and it has no xml:base (else it is not
        plain), so its scope is its parent's, which saves pushing and popping it."""
        items = element.items()
        attributes = attributes_from(items, element) if items else NO_ATTRIBUTES
        if (self.inentry or self.insource or "href" in attributes or "lastmod" in attributes
                or "xml:base" in attributes or "base" in attributes
                or (self.baseuri != self._stable_base and not self._base_is_stable())):
            return False
        self.depth += 1
        entry = read_item(self, element, attributes, self._kind)
        self.depth -= 1
        if entry is None:
            return False
        self.entries.append(entry)
        self.hasContent = 0
        return True

    def _base_is_stable(self) -> bool:
        """Whether an element without xml:base leaves the base as it is (then its scope
        need not be tracked); asked once per base."""
        if _rebase(self.baseuri, self.baseuri) != self.baseuri:
            return False
        self._stable_base = self.baseuri
        return True

    def _kind(self, tag: str) -> int | None:
        try:
            return self.kinds_seen[tag]
        except KeyError:
            name, _, _, start, end, _ = self._handlers.get(tag) or self._handler(tag)
            kind = self.kinds_seen[tag] = kind_of(name, start, end, _INERT, _INERT_TEXT)
            return kind

    def name_of(self, tag: str) -> str:
        """feedparser's name for an element: ``dc_creator``, ``title`` …"""
        return (self._handlers.get(tag) or self._handler(tag))[0]

    def has_start(self, tag: str) -> bool:
        """Whether feedparser has a start handler for the element (it then pushes)."""
        return (self._handlers.get(tag) or self._handler(tag))[3] is not None

    def _passed(self, element: etree._Element, kind: int, pushes: bool) -> None:
        """An element no one reads: keep only its effect on where text goes."""
        if not len(element):
            if not pushes and element.text and self.elementstack:
                self._data(element.text)
            return
        if kind == _PASSED_TEXT:
            raise Unsure("markup inside a text element")
        self.depth += 1
        self._scope(attributes_of(element), False)
        placeholder: list[Any] = [_PASSED_NAME, 0, []]
        if pushes:
            self.elementstack.append(placeholder)
        self._children(element)
        if pushes and self.elementstack and self.elementstack[-1] is placeholder:
            self.elementstack.pop()
        self._unscope()
        self.depth -= 1

    def _children(self, element: etree._Element) -> None:
        stack = self.elementstack
        if element.text and stack:
            self._data(element.text)
        for child in element:
            self._element(child)
            if child.tail and stack:
                self._data(child.tail)

    def _data(self, text: str) -> None:
        if self.incontent and dict.get(self.contentparams, "type") == _XHTML:
            text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
        self.elementstack[-1][2].append(text)

    def _scope(self, attributes: dict[str, str], top: bool) -> None:
        """xml:base and xml:lang, tracked as feedparser's ``unknown_starttag`` does."""
        given = attributes.get("xml:base", attributes.get("base")) or self.baseuri
        self.baseuri = _rebase(self.baseuri, given)
        lang = attributes.get("xml:lang", attributes.get("lang"))
        if lang == "":
            lang = None
        elif lang is None:
            lang = self.lang
        if lang and top:
            self.feeddata["language"] = lang.replace("_", "-")
        self.lang = lang
        self.basestack.append(self.baseuri)
        self.langstack.append(lang)

    def _unscope(self) -> None:
        if self.basestack:
            self.basestack.pop()
            if self.basestack and self.basestack[-1]:
                self.baseuri = self.basestack[-1]
        if self.langstack:
            self.langstack.pop()
            if self.langstack:
                self.lang = self.langstack[-1]

    def resolve_uri(self, uri: str) -> str:
        return _join(self.baseuri or "", uri)

    def pop(self, element: str, strip_whitespace: int = 1) -> Any:
        """feedparser's ``pop``, with the fast relative-URL pass (see the module doc)."""
        stack = self.elementstack
        if not stack or stack[-1][0] != element:
            return None
        element, expecting_text, pieces = stack.pop()
        output = "".join(pieces)
        if strip_whitespace:
            output = output.strip()
        if not expecting_text:
            return output
        if self.incontent:  # content parameters exist only inside a text element
            output = self._content(element, output)
        elif output and element in _CAN_BE_RELATIVE_URI and (
                element != "id" or self.guidislink):
            output = self.resolve_uri(output)
        output = fix(output, self.c1)
        if element in ("category", "tags", "itunes_keywords"):
            return output
        if element == "title" and -1 < self.title_depth <= self.depth:
            return output
        return self._store(element, output)

    def _content(self, element: str, output: str) -> str:
        params = self.contentparams
        get = dict.get
        if get(params, "base64", 0):
            with contextlib.suppress(binascii.Error, binascii.Incomplete, UnicodeDecodeError):
                output = base64.decodebytes(output.encode("utf8")).decode("utf8")
        if output and element in _CAN_BE_RELATIVE_URI and (
                element != "id" or self.guidislink):
            output = self.resolve_uri(output)
        content_type = get(params, "type")
        if (content_type == "text/plain" and not self.version.startswith("atom")
                and ("<" in output or "&" in output) and self.looks_like_html(output)):
            content_type = params["type"] = "text/html"
        params.pop("mode", None)
        params.pop("base64", None)
        if (self.resolve_relative_uris and element in _CAN_CONTAIN_RELATIVE_URIS
                and self.map_content_type(get(params, "type", "text/html")) in _HTML_TYPES):
            output = str(resolve_relative_uris(output, self.baseuri, self.encoding,
                                               get(params, "type", "text/html")))
        return output

    def _store(self, element: str, output: str) -> str:
        """Where feedparser's ``pop`` puts a value: the entry, the feed, or a sub-context."""
        if self.inentry and not self.insource:
            entry = self.entries[-1]
            if element == "content":
                entry.setdefault(element, [])
                entry[element].append(self._detail(output))
            elif element == "link":
                if not self.inimage:
                    output = AMPERSAND_REFERENCE.sub(r"&\g<1>", output.replace("&amp;", "&"))
                    entry[element] = output
                    if output:
                        entry["links"][-1]["href"] = output
            else:
                if element == "description":
                    element = "summary"
                depths = self.property_depth_map.setdefault(entry, {})
                old_depth = depths.get(element)
                if old_depth is None or self.depth <= old_depth:
                    depths[element] = self.depth
                    entry[element] = output
                if self.incontent:
                    entry[element + "_detail"] = self._detail(output)
        elif self.infeed or self.insource:
            context = self._get_context()
            if element == "description":
                element = "subtitle"
            context[element] = output
            if element == "link":
                output = AMPERSAND_REFERENCE.sub(r"&\g<1>", output)
                context[element] = output
                context["links"][-1]["href"] = output
            elif self.incontent:
                context[element + "_detail"] = self._detail(output)
        return output

    def _detail(self, output: str) -> Any:
        detail = FeedParserDict(self.contentparams)
        detail["value"] = output
        return detail

    def _date(self, value: str | None) -> Any:
        return _parse_date(value) if self._complete else LazyDate(value)

    # feedparser parses every date as it meets it; these keep the string for later.
    def _end_published(self) -> None:
        self._save("published_parsed", self._date(self.pop("published")), overwrite=True)

    _end_issued = _end_pubdate = _end_published

    def _end_updated(self) -> None:
        self._save("updated_parsed", self._date(self.pop("updated")), overwrite=True)

    _end_modified = _end_lastbuilddate = _end_updated

    def _end_created(self) -> None:
        self._save("created_parsed", self._date(self.pop("created")), overwrite=True)

    def _end_expirationdate(self) -> None:
        self._save("expired_parsed", self._date(self.pop("expired")), overwrite=True)


@lru_cache(maxsize=1024)
def _rebase(current: str, given: str) -> str:
    if current:
        return str(make_safe_absolute_uri(current, given) or current)
    return str(_urljoin(current, given))


def _join(base: str, uri: str) -> str:
    if is_plain_url(uri) or _OPAQUE.match(uri):
        return uri  # feedparser's join gives them back as they are
    return _joined(base, uri)


@lru_cache(maxsize=4096)
def _joined(base: str, uri: str) -> str:
    return str(_urljoin(base, uri))


CACHES = (_rebase, _joined)  # see fastpath.parse.clear_caches
