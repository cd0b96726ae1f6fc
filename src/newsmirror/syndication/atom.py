"""Atom 1.0 (RFC 4287)."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from newsmirror.syndication.model import FeedEntry, FeedInfo, last_update, rfc3339, xml_text

_ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def atom_feed(info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """The feed as an Atom document: full text in ``content``, the revision time in
    ``updated``, the first publication in ``published``."""
    feed = etree.Element(f"{{{_ATOM}}}feed", nsmap={None: _ATOM})  # type: ignore[dict-item]
    feed.set(_XML_LANG, info.language)
    _text(feed, "id", info.id)
    _text(feed, "title", info.title)
    _text(feed, "updated", rfc3339(last_update(entries)))
    if info.atom_url:
        _link(feed, "self", info.atom_url, "application/atom+xml")
    if info.home_url:
        _link(feed, "alternate", info.home_url, "text/html")
    author = etree.SubElement(feed, f"{{{_ATOM}}}author")  # entries without one take it
    _text(author, "name", info.title)
    generator = _text(feed, "generator", info.generator)
    if info.version:
        generator.set("version", info.version)
    for entry in entries:
        item = etree.SubElement(feed, f"{{{_ATOM}}}entry")
        _text(item, "id", entry.id)
        _text(item, "title", entry.title).set("type", "text")
        _link(item, "alternate", entry.link, "text/html")
        if entry.original != entry.link:
            _link(item, "via", entry.original, "text/html")
        _text(item, "published", rfc3339(entry.published))
        _text(item, "updated", rfc3339(entry.updated))
        if entry.author:
            _text(etree.SubElement(item, f"{{{_ATOM}}}author"), "name", entry.author)
        if entry.summary:
            _text(item, "summary", entry.summary).set("type", "text")
        _text(item, "content", entry.content_html).set("type", "html")
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8",
                                pretty_print=True))


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{_ATOM}}}{name}")
    element.text = xml_text(value)
    return element


def _link(parent: etree._Element, rel: str, href: str, kind: str) -> None:
    etree.SubElement(parent, f"{{{_ATOM}}}link", rel=rel, href=xml_text(href), type=kind)
