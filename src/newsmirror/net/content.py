"""Is a response what the caller expects? A feed URL that now serves an HTML page (a
moved feed, a login wall, a block page) is an error that names what came instead; so is
an image URL that serves anything but the bytes of an image (see ``imagetypes``)."""

from __future__ import annotations

import re

from newsmirror.errors import RefusedError
from newsmirror.images.types import looks_like_svg, sniff_image
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
# Types a server may label any image with; the bytes decide.
_UNLABELLED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_SVG_REFUSED = "SVG images are not copied: they can carry scripts"


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def check_headers(expect: Expect, content_type: str) -> None:
    """Refuse, before the body is read, a type that cannot be what ``expect`` asks for."""
    media = media_type(content_type)
    if expect == "image":
        if media == "image/svg+xml":
            raise RefusedError(_SVG_REFUSED)
        if not media.startswith("image/") and media not in _UNLABELLED:
            raise RefusedError(f"expected an image, got {media}")
    elif expect != "any" and (media.startswith(_BINARY_PREFIXES) or media in _BINARY_TYPES):
        raise RefusedError(f"expected {_WANTED[expect]}, got {media}")


def check_body(expect: Expect, content_type: str, body: bytes) -> None:
    """Refuse HTML where a feed was expected, unless the body itself is a feed (servers
    label feeds text/html often enough); refuse an image whose bytes are no known image."""
    if expect == "image":
        _check_image(body)
    if expect != "feed":
        return
    head = body[:_SNIFF_BYTES]
    feed = _FEED.search(head)
    html = _HTML.search(head)
    if feed and (html is None or feed.start() < html.start()):
        return
    if html or media_type(content_type) in _HTML_TYPES:
        label = content_type.strip() or "no Content-Type"
        raise RefusedError(f"expected a feed, got an HTML page ({label}); the feed may have "
                           "moved: check the source's url")


def _check_image(body: bytes) -> None:
    if sniff_image(body) is not None:
        return
    if looks_like_svg(body):
        raise RefusedError(_SVG_REFUSED)
    raise RefusedError("expected an image, got bytes that are no JPEG, PNG, GIF, WebP or AVIF")
