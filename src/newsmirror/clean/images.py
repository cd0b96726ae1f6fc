"""Image URLs: lazy-loading attributes resolved, and the images of cleaned HTML listed.
(Where a page shows them — a proxy, a local copy — is the publish stage's choice.)"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsmirror.fragments import parse_fragment
from newsmirror.urls import absolutize

_LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc",
                    "data-url", "data-echo")



def real_src(image: HtmlElement, base: str) -> str | None:
    """The image's real URL: a lazy-loading attribute beats a placeholder ``src``."""
    for attribute in (*_LAZY_ATTRIBUTES, "src"):
        value = image.get(attribute)
        if value and not value.strip().startswith("data:"):
            return absolutize(value, base)
    return None


def image_sources(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` of cleaned ``html``, in order, each once."""
    if "<img" not in html:
        return []
    found = (image.get("src") for image in parse_fragment(html).iter("img"))
    return list(dict.fromkeys(src for src in found if src))
