"""Sharing an article: its address as a QR code, made here (segno), no service asked.

Readers behind a firewall pass links on by hand, from screen to phone: a QR code of the
mirror's page is the shortest way. It needs the mirror's own address (``[publish]
base_url``): without it a page cannot know where it is read, and gets no code.
"""

from __future__ import annotations

from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """``url`` as a QR code in an inline ``<svg>`` (no script, no external reference)."""
    import segno  # imported when a page has one to show

    code = segno.make(url, error="m", micro=False)
    # Safe: segno writes only <svg> and <path> elements with numeric geometry.
    return Markup(code.svg_inline(scale=3, border=2, dark="#000", light="#fff"))  # noqa: S704


def qr_file(url: str) -> bytes:
    """``url`` as a QR code in an SVG file (the markdown pages show it as an image)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=3, border=2,
                                                 dark="#000", light="#fff")
    return buffer.getvalue()
