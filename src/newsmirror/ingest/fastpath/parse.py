"""The fast path of :func:`~newsmirror.ingest.parse_feed`: lxml instead of feedparser's SAX
run, for the feeds where that cannot change the answer.

feedparser reads a few hundred entries a second on real news feeds; mirroring hundreds of
feeds a run, that is most of the CPU. Well-formed RSS 2.0, RSS 1.0 and Atom — nearly every
feed — are parsed here by lxml and read by feedparser's own rules, many times faster:

- :mod:`.machine` runs feedparser's element handlers over the tree (the feed's own
  elements, and any item out of the ordinary);
- :mod:`.lanes` reads a plain item — nearly all of them — in one pass;
- :mod:`.values` and :mod:`.dates`: attributes, values and dates as feedparser
  makes them; :mod:`.plainurls` spares the join of a link that is already absolute.

Whenever that could differ from what feedparser would do — the bytes are not well-formed
XML, the encoding is not the one feedparser would pick or is ambiguous, a DOCTYPE declares
entities, the media type is not XML, markup sits inside a text element — this returns
``None`` and the caller asks feedparser, so that no feed feedparser reads is lost. The
tests and ``bench/feeds.py`` hold the two paths to the same answers.

The encoding is decided as feedparser decides it (RFC 3023: the HTTP charset for
``application/*xml``, else the XML declaration, else UTF-8) with newsmirror's superset
rule on top (:func:`newsmirror.text.encoding.normalise`: GB2312/GBK are read as GB18030, Big5
as Big5-HKSCS); where the two readings of the bytes differ, or the bytes are valid UTF-8
while declared as something else, feedparser decides.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import Any

from feedparser.encodings import RE_XML_DECLARATION, RE_XML_PI_ENCODING, parse_content_type
from feedparser.util import FeedParserDict
from lxml import etree

from newsmirror.ingest.fastpath import machine, plainurls
from newsmirror.ingest.fastpath.dates import LazyDate
from newsmirror.ingest.fastpath.machine import HANDLED, RESERVED, Machine, Unsure
from newsmirror.ingest.fastpath.values import KNOWN_NAMESPACES, may_hold_c1
from newsmirror.text.encoding import normalise

_APPLICATION_XML = ("application/xml", "application/xml-dtd",
                    "application/xml-external-parsed-entity")
_TEXT_XML = ("text/xml", "text/xml-external-parsed-entity")
_UTF8 = codecs.lookup("utf-8").name
# Byte-order marks and '<?xm' in UTF-16/32 or EBCDIC: feedparser transcodes those itself.
_FOREIGN_STARTS = (codecs.BOM_UTF32_BE, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE,
                   b"\x4c\x6f\xa7\x94", b"\x00\x3c\x00\x3f", b"\x3c\x00\x3f\x00",
                   b"\x00\x00\x00\x3c", b"\x3c\x00\x00\x00")
_DECLARATION = re.compile(rb"""xmlns(?::([^\s=/>"']+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XML_VERSION_1_0 = re.compile(rb"""^<\?xml\s+version\s*=\s*["']1\.0["']""")
_FIRST_ELEMENT = re.compile(rb"<\w")
_XLINK = "http://www.w3.org/1999/xlink"
_VERSION_NAMESPACES = {"http://my.netscape.com/rdf/simple/0.9/": "rss090",
                       "http://purl.org/rss/1.0/": "rss10",
                       "http://www.w3.org/2005/atom": "atom10"}
_STANDARD_PREFIXES = frozenset(KNOWN_NAMESPACES.values()) - {""}
_ROOTS = frozenset({"rss", "rdf_rdf", "feed"})


def parse_fast(body: bytes, url: str, content_type: str = "application/xml", *,
               complete: bool = False) -> Any:
    """feedparser's result (a ``FeedParserDict``) for ``body``, or ``None`` if unsure.

    Unless ``complete``, only what :func:`parse_feed` reads is filled in: feed title;
    entries' title (and its type), link, id, guidislink, author, dates, summary, content,
    media_content, media_thumbnail and links. Of the dates only an entry's published one
    (else its updated one) is parsed; the others stay :class:`LazyDate` objects.
    """
    try:
        prepared = _prepare(body, content_type)
        if prepared is None:
            return None
        data, encoding = prepared
        return _parse(data, encoding, url, content_type, complete)
    except Exception:  # anything unexpected: feedparser reads the feed
        return None


def clear_caches() -> None:
    """Forget the URL joins and checks earlier documents left in the caches, so that the
    next document is read as if it were the first (for benchmarks: a feed is read once a
    run, and a run that reads it again must not profit from the first reading)."""
    for cache in (*plainurls.CACHES, *machine.CACHES):
        cache.cache_clear()


def _prepare(body: bytes, content_type: str) -> tuple[bytes, str] | None:
    """The UTF-8 bytes lxml should parse and feedparser's name for their encoding."""
    data = body[3:] if body.startswith(codecs.BOM_UTF8) else body
    if data.startswith(_FOREIGN_STARTS):  # BOM_UTF16_LE starts BOM_UTF32_LE too
        return None
    first = _FIRST_ELEMENT.search(data)
    head = data[:first.start()] if first else data
    if b"<!" in head.replace(b"<!--", b"") or (head.startswith(b"<?xml")
                                                 and not _XML_VERSION_1_0.match(head)):
        return None  # a DOCTYPE (entities, feedparser's own DTD handling) or XML 1.1
    declared = RE_XML_PI_ENCODING.match(data)
    xml_encoding = declared.group(1).decode("utf-8").lower() if declared else ""
    mime, http_encoding = parse_content_type(content_type)
    if mime in _APPLICATION_XML or (mime.startswith("application/") and mime.endswith("+xml")):
        encoding = http_encoding or xml_encoding or "utf-8"
    elif mime in _TEXT_XML or (mime.startswith("text/") and mime.endswith("+xml")):
        encoding = http_encoding or "us-ascii"
    else:
        return None  # feedparser flags a non-XML media type as malformed
    if encoding.lower() == "gb2312":
        encoding = "gb18030"
    codec = codecs.lookup(encoding).name
    if codec == _UTF8 and (not xml_encoding or codecs.lookup(xml_encoding).name == _UTF8):
        return data, encoding  # lxml checks the UTF-8 as strictly as Python does
    return _transcoded(data, encoding, codec)


def _transcoded(data: bytes, encoding: str, codec: str) -> tuple[bytes, str] | None:
    if codec != _UTF8 and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return None  # valid UTF-8 declared as something else: ambiguous
    superset = normalise(codec) or codec
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        if superset in (codec, "cp1252"):
            return None
        text, encoding = data.decode(superset), superset  # GBK bytes beyond GBK: GB18030
    else:
        if superset != codec and data.decode(superset, errors="replace") != text:
            return None
    return RE_XML_DECLARATION.sub("", text, count=1).encode("utf-8"), encoding


def _parse(data: bytes, encoding: str, url: str, content_type: str, complete: bool) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True, collect_ids=False)
    root = etree.fromstring(data, parser)
    declared, defaults, namespacemap = _declarations(data)
    names = _namer(declared, defaults, namespacemap)
    if not isinstance(root.tag, str) or names(root.tag)[0] not in _ROOTS:
        return None
    machine = Machine(url, _version(root), namespacemap, names, complete=complete,
                      c1=may_hold_c1(data))
    machine.read(root)
    if not machine.version:
        return None
    entries = machine.entries
    if not complete:
        for entry in entries:
            if not _settle(entry, "published_parsed"):
                _settle(entry, "updated_parsed")
    return FeedParserDict(bozo=False, entries=entries, feed=machine.feeddata,
                          headers={"content-location": url, "content-type": content_type},
                          encoding=encoding, version=machine.version)


def _settle(entry: Any, key: str) -> Any:
    """Parse the date ``key`` names, keeping the text beside it as feedparser does
    (``published`` for ``published_parsed``): its offset is the publisher's."""
    value = dict.get(entry, key)
    if isinstance(value, LazyDate):
        entry.setdefault(key.removesuffix("_parsed"), value.value)
        value = entry[key] = value.parsed()
    return value


def _version(root: etree._Element) -> str:
    """The version feedparser infers from the namespaces the root element declares."""
    found = [version for prefix, uri in root.nsmap.items()
             if (version := _VERSION_NAMESPACES.get(uri.lower()))
             and (version != "rss090" or prefix is None)]
    if len(found) > 1:
        raise Unsure("the root declares more than one feed format")
    return found[0] if found else ""


def _declarations(data: bytes) -> tuple[dict[str, list[str]], set[str],
                                          dict[str | None, str]]:
    """Every namespace declaration in the document (a superset: text is searched too)."""
    declared: dict[str, list[str]] = {}
    defaults: set[str] = set()
    namespacemap: dict[str | None, str] = {}
    for match in _DECLARATION.finditer(data):
        prefix = match.group(1).decode("utf-8", "replace") if match.group(1) else None
        uri = (match.group(2) if match.group(2) is not None else match.group(3) or b"").decode(
            "utf-8", "replace")
        if uri == _XLINK:
            raise Unsure("xlink declarations become attributes in feedparser")
        if prefix is None:
            defaults.add(uri)
        else:
            declared.setdefault(uri, []).append(prefix)
        standard = KNOWN_NAMESPACES.get(uri.lower())
        if standard is not None:
            if prefix in _STANDARD_PREFIXES and standard != prefix:
                raise Unsure(f"the prefix {prefix} names another namespace")
            namespacemap[prefix] = standard
    return declared, defaults, namespacemap


def _namer(declared: dict[str, list[str]], defaults: set[str],
           namespacemap: dict[str | None, str]) -> Callable[[str], tuple[str, bool, str]]:
    """tag → (feedparser's name for the element, whether it has no prefix, local name)."""

    def name(tag: str) -> tuple[str, bool, str]:
        namespace, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
        local = local.lower()
        lowered = namespace.lower()
        if "backend.userland.com/rss" in lowered:
            lowered = "http://backend.userland.com/rss"
        prefix = KNOWN_NAMESPACES.get(lowered)
        if prefix is not None:
            prefix = namespacemap.get(prefix, prefix) if prefix else ""
            return (f"{prefix}_{local}" if prefix else local), not prefix, local
        prefixes = declared.get(namespace, [])
        if prefixes and namespace in defaults:
            raise Unsure(f"{namespace} is used with and without a prefix")
        candidates = {f"{p}_{local}" for p in prefixes} | {
            f"{namespacemap[p]}_{local}" for p in prefixes if namespacemap.get(p)}
        if not prefixes:
            candidates.add(local)
        if candidates & (HANDLED | RESERVED):
            raise Unsure(f"{local} in the unknown namespace {namespace}")
        return (f"{prefixes[0]}_{local}" if prefixes else local), not prefixes, local

    return name
