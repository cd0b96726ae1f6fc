"""Is a response what the caller expects? A feed URL that now serves an HTML page (a
moved feed, a login wall, a block page) is an error that names what came instead."""

from __future__ import annotations

import re

from newsmirror.errors import FetchError
from newsmirror.net.model import Expect

_SNIFF_BYTES = 2048
# The root element of RSS, Atom and RDF, or JSON Feed's version, near the start.
_FEED = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>/]|\"version\"\s*:\s*\"https?://jsonfeed",
                   re.IGNORECASE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_TYPES = frozenset({"application/pdf", "application/zip", "application/msword",
                           "application/vnd.ms-excel", "application/x-shockwave-flash"})
_WANTED = {"feed": "a feed", "page": "an HTML page"}


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def check_headers(expect: Expect, content_type: str) -> None:
    """Refuse, before the body is read, a type that can be neither a feed nor a page."""
    media = media_type(content_type)
    if expect != "any" and (media.startswith(_BINARY_PREFIXES) or media in _BINARY_TYPES):
        raise FetchError(f"expected {_WANTED[expect]}, got {media}")


def check_body(expect: Expect, content_type: str, body: bytes) -> None:
    """Refuse HTML where a feed was expected, unless the body itself is a feed (servers
    label feeds text/html often enough)."""
    if expect != "feed":
        return
    head = body[:_SNIFF_BYTES]
    feed = _FEED.search(head)
    html = _HTML.search(head)
    if feed and (html is None or feed.start() < html.start()):
        return
    if html or media_type(content_type) in _HTML_TYPES:
        label = content_type.strip() or "no Content-Type"
        raise FetchError(f"expected a feed, got an HTML page ({label}); the feed may have "
                         "moved: check the source's url")
