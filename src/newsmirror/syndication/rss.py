"""RSS 2.0, with the full text in ``content:encoded`` and the revision time in
``atom:updated`` (RSS has no element of its own for it; feed readers read Atom's)."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import format_datetime

from lxml import etree

from newsmirror.syndication.model import FeedEntry, FeedInfo, last_update, rfc3339, xml_text

_ATOM = "http://www.w3.org/2005/Atom"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"


def rss_feed(info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    rss = etree.Element("rss", version="2.0",
                        nsmap={"atom": _ATOM, "content": _CONTENT, "dc": _DC})
    channel = etree.SubElement(rss, "channel")
    _text(channel, "title", info.title)
    if info.home_url:
        _text(channel, "link", info.home_url)
    _text(channel, "description", info.title)
    _text(channel, "language", info.language)
    _text(channel, "lastBuildDate", format_datetime(last_update(entries)))
    _text(channel, "generator", f"{info.generator} {info.version}".strip())
    if info.rss_url:
        etree.SubElement(channel, f"{{{_ATOM}}}link", rel="self", href=info.rss_url,
                         type="application/rss+xml")
    for entry in entries:
        item = etree.SubElement(channel, "item")
        _text(item, "title", entry.title)
        _text(item, "link", entry.link)
        # the original URL names the article across revisions, and is a page of its own
        _text(item, "guid", entry.id).set("isPermaLink", "true" if entry.id.startswith(
            ("http://", "https://")) else "false")
        _text(item, "pubDate", format_datetime(entry.published))
        _text(item, f"{{{_ATOM}}}updated", rfc3339(entry.updated))
        if entry.author:
            _text(item, f"{{{_DC}}}creator", entry.author)
        _text(item, "description", entry.summary)
        _text(item, f"{{{_CONTENT}}}encoded", entry.content_html)
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="utf-8",
                                pretty_print=True))


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, name)
    element.text = xml_text(value)
    return element
