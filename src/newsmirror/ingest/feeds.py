"""Read RSS 0.9x/1.0/2.0 and Atom into :class:`Entry` lists (JSON Feed with :mod:`.jsonfeed`).

Well-formed feeds — nearly all — take the fast path of :mod:`.fastpath` (lxml driving
feedparser's own handlers, many times faster); feedparser reads everything that path is
not sure of, so both give the same entries. Neither resolves the relative URLs inside an
item's HTML (feedparser's rewrite of the HTML to do so is a third of its time): each entry
carries the base they are relative to, and the clean stage resolves them.

feedparser is lenient (its ``bozo`` flag marks malformed input it still read); a feed
from which no entries and no title can be read is a :class:`ParseError`.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from newsmirror.dates import in_written_offset
from newsmirror.errors import ParseError
from newsmirror.ingest.fastpath import parse_fast
from newsmirror.ingest.fastpath.plainurls import is_plain_url
from newsmirror.ingest.jsonfeed import looks_like_json_feed, parse_json_feed
from newsmirror.ingest.model import Entry, Listing
from newsmirror.urls import absolutize, is_http_url

_IMAGE_TYPES = ("image/",)


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> Listing:
    """Parse a feed fetched from ``url``; relative links resolve against ``url``."""
    if looks_like_json_feed(body):
        return parse_json_feed(body, url)
    content_type = feed_content_type(headers)
    parsed = parse_fast(body, url, content_type)
    if parsed is None:
        parsed = read_with_feedparser(body, url, content_type)
    return to_listing(parsed, body, url)


def feed_content_type(headers: Mapping[str, str] | None) -> str:
    """The feed's Content-Type: feedparser flags a missing one as malformed; without one,
    say what RFC 7303 says an XML document is, which leaves the encoding to the XML
    declaration."""
    return (headers or {}).get("content-type") or "application/xml"


def read_with_feedparser(body: bytes, url: str, content_type: str) -> Any:
    """feedparser's reading of ``body`` (what the fast path must match)."""
    response_headers = {"content-location": url, "content-type": content_type}
    # A stream, never the bytes: given bytes, feedparser opens a local file of that name
    # (or fetches a URL) when the body reads like one, and a server could make a run
    # archive a file of this machine.
    return feedparser.parse(io.BytesIO(body), response_headers=response_headers,
                            sanitize_html=False,
                            resolve_relative_uris=False)


def to_listing(parsed: Any, body: bytes, url: str) -> Listing:
    """The :class:`Listing` of a feed as feedparser (or the fast path) read it."""
    warning = ""
    if parsed["bozo"]:
        warning = f"malformed feed: {parsed.get('bozo_exception', 'unknown problem')}"
    feed = parsed["feed"]
    if not parsed["entries"] and not feed.get("title") and not parsed.get("version"):
        if _looks_like_html(body):
            raise ParseError("expected a feed but got an HTML page (is the URL a web page?)")
        raise ParseError(warning or "not a feed: no entries and no title")
    entries = []
    for raw in parsed["entries"]:
        entry = _entry(raw, url)
        if entry is not None:
            entries.append(entry)
    return Listing(title=str(feed.get("title", "")).strip(), entries=tuple(entries),
                   warning=warning, without_link=len(parsed["entries"]) - len(entries))


def _entry(raw: Any, base: str) -> Entry | None:
    link = _original_link(raw) or raw.get("link") or _permalink_guid(raw)
    if not (link and is_plain_url(link)):  # a plain URL is already absolute and http(s)
        link = absolutize(link, base)
        if not link or not is_http_url(link):
            return None
    content, content_base = _content(raw.get("content"))
    return Entry(
        link=link,
        title=_title(raw),
        author=_text(raw.get("author", "")),
        # dict.get: feedparser's own .get would stand in published for updated, and warn
        published=_published(raw),
        summary_html=raw.get("summary", "") or "",
        content_html=content,
        image=_image(raw, base),
        html_base=(content_base if content else _summary_base(raw)) or base,
    )


def _content(content: Any) -> tuple[str, str]:
    """The longest of an item's contents, by its text, and the base of its URLs."""
    if not content:
        return "", ""
    part = content[0] if len(content) == 1 else max(
        content, key=lambda part: _text_length(str(part.get("value", ""))))
    return str(part.get("value", "")), str(part.get("base") or "")


def _summary_base(raw: Any) -> str:
    detail = dict.get(raw, "summary_detail")
    return str(detail.get("base") or "") if detail else ""


def _text_length(html: str) -> int:
    if not html.strip():
        return 0
    try:
        return len(lxml.html.fragment_fromstring(html, create_parent="div").text_content())
    except (etree.ParserError, ValueError):
        return len(html)


def _original_link(raw: Any) -> str:
    """The publisher's own address of an item a feed service (FeedBurner) serves through a
    redirect that counts readers: where the article is, and what the mirror links to."""
    link = str(dict.get(raw, "feedburner_origlink") or "")
    return link if is_http_url(link) else ""


def _permalink_guid(raw: Any) -> str:
    guid = raw.get("id", "")
    return guid if raw.get("guidislink") or is_http_url(guid) else ""


def _image(raw: Any, base: str) -> str:
    for media in raw.get("media_content", []) or []:
        if media.get("url") and (media.get("medium") == "image"
                                 or str(media.get("type", "")).startswith(_IMAGE_TYPES)):
            return _absolute(media["url"], base) or ""
    for enclosure in raw.get("enclosures", []) or []:
        if str(enclosure.get("type", "")).startswith(_IMAGE_TYPES) and enclosure.get("href"):
            return _absolute(enclosure["href"], base) or ""
    for thumb in raw.get("media_thumbnail", []) or []:
        if thumb.get("url"):
            return _absolute(thumb["url"], base) or ""
    return ""


def _absolute(url: str, base: str) -> str | None:
    return url if is_plain_url(url) else absolutize(url, base)


def _published(raw: Any) -> datetime | None:
    """The item's publish time (else its update time), in the offset the feed wrote it in
    (feedparser gives UTC only)."""
    for key in ("published", "updated"):
        moment = _time(dict.get(raw, f"{key}_parsed"))
        if moment is not None:
            return in_written_offset(moment, dict.get(raw, key))
    return None


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:  # the same moment as below, without timegm's cost
        year, month, day, hour, minute, second = value[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, TypeError):
        pass  # a leap second or a field out of range: timegm normalizes it
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _title(raw: Any) -> str:
    title = str(raw.get("title", ""))
    is_html = "html" in str(raw.get("title_detail", {}).get("type", ""))
    if is_html and ("<" in title or "&" in title):
        try:
            title = lxml.html.fragment_fromstring(title, create_parent="div").text_content()
        except (etree.ParserError, ValueError):  # markup with no text ("<!DOCTYPE html>")
            title = ""
    return _text(title)


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
