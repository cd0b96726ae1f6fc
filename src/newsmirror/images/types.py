"""What kind of image some bytes are, read from their first bytes (magic numbers).

A local image copy is named and typed from this alone — never from its URL, and never
from a Content-Type header that any server may get wrong. Only raster formats every
browser shows are known. SVG is not among them on purpose: it is a document that can
carry scripts, which run when the file is opened by itself from the mirror's host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ImageType:
    """A known image format: its media type and the file extension its copies get."""

    media_type: str
    extension: str


JPEG = ImageType("image/jpeg", "jpg")
PNG = ImageType("image/png", "png")
GIF = ImageType("image/gif", "gif")
WEBP = ImageType("image/webp", "webp")
AVIF = ImageType("image/avif", "avif")

_SVG = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype svg[^>]*>\s*)?<svg",
                  re.IGNORECASE | re.DOTALL)


def sniff_image(data: bytes) -> ImageType | None:
    """The format of ``data``, or None when it is no image this mirror keeps."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return AVIF
    return None


def looks_like_svg(data: bytes) -> bool:
    """True when ``data`` starts as an SVG document (to say why it was refused)."""
    return _SVG.match(data[:1024]) is not None
