"""Read RSS 0.9x/1.0/2.0 and Atom with feedparser (JSON Feed with :mod:`.jsonfeed`)
into :class:`Entry` lists.

feedparser is lenient (its ``bozo`` flag marks malformed input it still read); a feed
from which no entries and no title can be read is a :class:`ParseError`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html

from newsmirror.errors import ParseError
from newsmirror.ingest.jsonfeed import looks_like_json_feed, parse_json_feed
from newsmirror.ingest.model import Entry, Listing
from newsmirror.urls import absolutize, is_http_url

_IMAGE_TYPES = ("image/",)


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> Listing:
    """Parse a feed fetched from ``url``; relative links resolve against ``url``."""
    if looks_like_json_feed(body):
        return parse_json_feed(body, url)
    # feedparser flags a missing Content-Type as malformed; without one, say what RFC 7303
    # says an XML document is, which leaves the encoding to the XML declaration.
    content_type = (headers or {}).get("content-type") or "application/xml"
    response_headers = {"content-location": url, "content-type": content_type}
    parsed = feedparser.parse(body, response_headers=response_headers, sanitize_html=False)
    warning = ""
    if parsed.bozo:
        warning = f"malformed feed: {parsed.get('bozo_exception', 'unknown problem')}"
    if not parsed.entries and not parsed.feed.get("title") and not parsed.get("version"):
        if _looks_like_html(body):
            raise ParseError("expected a feed but got an HTML page (is the URL a web page?)")
        raise ParseError(warning or "not a feed: no channel and no entries")
    entries = []
    for raw in parsed.entries:
        entry = _entry(raw, url)
        if entry is not None:
            entries.append(entry)
    return Listing(title=str(parsed.feed.get("title", "")).strip(),
                   entries=tuple(entries), warning=warning)


def _entry(raw: Any, base: str) -> Entry | None:
    link = absolutize(raw.get("link") or _permalink_guid(raw), base)
    if not link or not is_http_url(link):
        return None
    content = raw.get("content") or []
    content_html = max((c.get("value", "") for c in content), key=len, default="")
    return Entry(
        link=link,
        title=_title(raw),
        author=_text(raw.get("author", "")),
        published=_time(raw.get("published_parsed") or raw.get("updated_parsed")),
        summary_html=raw.get("summary", "") or "",
        content_html=content_html,
        image=_image(raw, base),
    )


def _permalink_guid(raw: Any) -> str:
    guid = raw.get("id", "")
    return guid if raw.get("guidislink") or is_http_url(guid) else ""


def _image(raw: Any, base: str) -> str:
    for media in raw.get("media_content", []) or []:
        if media.get("url") and (media.get("medium") == "image"
                                 or str(media.get("type", "")).startswith(_IMAGE_TYPES)):
            return absolutize(media["url"], base) or ""
    for enclosure in raw.get("enclosures", []) or []:
        if str(enclosure.get("type", "")).startswith(_IMAGE_TYPES) and enclosure.get("href"):
            return absolutize(enclosure["href"], base) or ""
    for thumb in raw.get("media_thumbnail", []) or []:
        if thumb.get("url"):
            return absolutize(thumb["url"], base) or ""
    return ""


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _title(raw: Any) -> str:
    title = str(raw.get("title", ""))
    is_html = "html" in str(raw.get("title_detail", {}).get("type", ""))
    if is_html and ("<" in title or "&" in title):
        title = lxml.html.fragment_fromstring(title, create_parent="div").text_content()
    return _text(title)


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
