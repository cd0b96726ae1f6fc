"""Sources in and out as OPML, the subscription list every feed reader imports and exports.

Reading is listparser's (Kurt McKee's OPML parser, lenient about the many dialects reader
apps write; given bytes, it never touches the network). Writing is a few elements of
OPML 2.0 built with lxml: feed sources as ``type="rss"`` outlines, listing pages as
``type="link"`` ones, so that a reader app gets every source it can follow and nothing is
left out silently.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

import listparser
from lxml import etree

from newsmirror.config.load import SOURCE_NAME
from newsmirror.config.model import Source
from newsmirror.errors import ParseError
from newsmirror.text.encoding import decode
from newsmirror.urls import is_http_url

# Host labels that name a service rather than the outlet (rss.dw.com is DW's).
_SERVICE_LABELS = frozenset({"www", "rss", "feeds", "feed", "m", "cn", "news"})
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class Subscription:
    """One feed of an OPML list."""

    url: str
    title: str = ""


@dataclass(frozen=True)
class Skipped:
    """An outline that did not become a source, and why."""

    url: str
    reason: str


def read_opml(data: bytes) -> tuple[list[Subscription], list[Skipped]]:
    """The feeds an OPML document lists, each once, in order; and what it lists that is
    not a feed (links to other lists or pages), which cannot be followed as one."""
    # Bytes, never text: listparser fetches a str that reads like a URL, and reads bytes
    # only as a document.
    document = _as_utf8(data)
    parsed = listparser.parse(document)
    if not parsed.version.startswith("opml"):
        raise ParseError("not an OPML subscription list")
    _check_whole(document)
    feeds: dict[str, Subscription] = {}
    skipped: list[Skipped] = []
    for feed in parsed.feeds:
        url = str(feed.get("url", "")).strip()
        if not is_http_url(url):
            skipped.append(Skipped(url, "not an http(s) URL"))
        elif url not in feeds:
            feeds[url] = Subscription(url, " ".join(str(feed.get("title", "")).split()))
    skipped.extend(Skipped(str(link.get("url", "")), "a link, not a feed")
                   for link in parsed.lists)
    return list(feeds.values()), skipped


# The end of a whole list: its root element closed (comments may follow).
_WHOLE = re.compile(rb"</opml\s*>\s*(?:<!--.*?-->\s*)*$", re.IGNORECASE | re.DOTALL)


def _check_whole(document: bytes) -> None:
    """listparser reads what it can of a list cut short (a download that stopped): the
    feeds after the cut would be left out without a word. A list that does not end with
    its ``</opml>`` is refused whole."""
    if not _WHOLE.search(document):
        raise ParseError("the OPML list ends before its </opml>: it was cut short; "
                         "nothing was imported")


def _as_utf8(data: bytes) -> bytes:
    """The document as UTF-8 with a byte-order mark. listparser reads through lxml's HTML
    parser, which takes undeclared bytes for Latin-1 and does not always honour an XML
    declaration (a GBK list, as Chinese readers export them, came out garbled); so the
    bytes are decoded here, by the rules pages and feeds are decoded by."""
    text, _ = decode(data)
    return codecs.BOM_UTF8 + _DECLARATION.sub("", text.lstrip("\ufeff"), count=1).encode("utf-8")


def new_sources(subscriptions: Iterable[Subscription], existing: Sequence[Source]
                ) -> tuple[list[dict[str, str]], list[Skipped]]:
    """``[[sources]]`` tables for the subscriptions not configured yet (by URL), each
    named uniquely after its title or its host; and the subscriptions left out."""
    urls = {source.url for source in existing}
    taken = {source.name for source in existing}
    tables: list[dict[str, str]] = []
    skipped: list[Skipped] = []
    for subscription in subscriptions:
        if subscription.url in urls:
            skipped.append(Skipped(subscription.url, "a source has this URL already"))
            continue
        name = unique_name(subscription, taken)
        taken.add(name)
        table = {"name": name, "url": subscription.url, "kind": "feed"}
        if subscription.title:
            table["title"] = subscription.title
        tables.append(table)
    return tables, skipped


def unique_name(subscription: Subscription, taken: set[str]) -> str:
    """A source name (lower-case letters, digits, - and _) from the title's Latin letters,
    else from the host ("DW 中文" → ``dw``, "联合早报" at www.zaobao.com.sg → ``zaobao``),
    with ``-2``, ``-3`` … where it is taken."""
    base = _slug(subscription.title) or _host_name(subscription.url) or "feed"
    base = base[:48].strip("-") or "feed"  # room for the number
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    assert SOURCE_NAME.match(name), name
    return name


def _slug(text: str) -> str:
    slug = _NOT_NAME.sub("-", text.lower()).strip("-")
    return slug if len(slug) >= 2 else ""


def _host_name(url: str) -> str:
    labels = [label for label in (urlsplit(url).hostname or "").split(".") if label]
    labels = labels[:-1] if len(labels) > 1 else labels  # the top-level domain
    if len(labels) > 1 and labels[-1] in ("co", "com", "org", "net", "gov", "edu"):
        labels = labels[:-1]  # bbc.co.uk, zaobao.com.sg
    meaningful = [label for label in labels if label not in _SERVICE_LABELS]
    return _slug("-".join(meaningful[-1:] or labels[-1:]))


def write_opml(sources: Sequence[Source], title: str, created: datetime) -> bytes:
    """An OPML 2.0 document listing ``sources``."""
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(created)
    body = etree.SubElement(opml, "body")
    for source in sources:
        label = source.title or source.name
        if source.kind == "feed":
            etree.SubElement(body, "outline", type="rss", text=label, title=label,
                             xmlUrl=source.url)
        else:
            etree.SubElement(body, "outline", type="link", text=label, url=source.url)
    return bytes(etree.tostring(opml, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))
