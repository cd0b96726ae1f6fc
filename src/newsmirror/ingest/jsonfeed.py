"""JSON Feed 1.0/1.1 (https://jsonfeed.org). Written here because feedparser's released
versions (6.0.x) read only XML feeds; the format is a dozen keys of plain JSON."""

from __future__ import annotations

import json
from typing import Any

from newsmirror.dates import parse_date
from newsmirror.errors import ParseError
from newsmirror.ingest.model import Entry, Listing
from newsmirror.urls import absolutize, is_http_url


def looks_like_json_feed(body: bytes) -> bool:
    """True when ``body`` starts like a JSON object naming jsonfeed.org."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org" in body[:4096]


def parse_json_feed(body: bytes, url: str) -> Listing:
    """Read a JSON Feed; items without an http(s) URL are skipped."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"malformed JSON Feed: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("items", []), list):
        raise ParseError("malformed JSON Feed: no list of items")
    base = _text(document.get("feed_url")) or url
    entries = []
    items = document.get("items", [])
    for item in items:
        if isinstance(item, dict) and (entry := _entry(item, base)) is not None:
            entries.append(entry)
    return Listing(title=_text(document.get("title")), entries=tuple(entries),
                   without_link=len(items) - len(entries))


def _entry(item: dict[str, Any], base: str) -> Entry | None:
    link = absolutize(_text(item.get("url")) or _text(item.get("external_url")), base)
    if not link or not is_http_url(link):
        return None
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict)
                                      else [])
    names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
    return Entry(
        link=link,
        title=" ".join(_text(item.get("title")).split()),
        author=", ".join(n for n in names if n),
        published=parse_date(_text(item.get("date_published") or item.get("date_modified"))),
        summary_html=_text(item.get("summary")),
        content_html=_text(item.get("content_html")) or _escaped(_text(item.get("content_text"))),
        image=absolutize(_text(item.get("image") or item.get("banner_image")), base) or "",
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _escaped(text: str) -> str:
    from html import escape

    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
