"""Image URLs: lazy-loading attributes resolved, the source's image policy applied, and
the images of cleaned HTML listed or pointed elsewhere (the ``local`` policy's copies)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from lxml.html import HtmlElement

from newsmirror.clean.layout import without_blank_lines
from newsmirror.clean.model import CleanOptions
from newsmirror.fragments import inner_html, parse_fragment
from newsmirror.urls import absolutize, is_http_url, without_scheme

_LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-actualsrc",
                    "data-url", "data-echo")
# Characters left as they are inside the proxied URL: path and sub-delimiters that no
# image proxy misreads. ? & # = and % are escaped so the URL stays one query value.
_QUERY_SAFE = "/:@!$'()*+,;~"


def real_src(image: HtmlElement, base: str) -> str | None:
    """The image's real URL: a lazy-loading attribute beats a placeholder ``src``."""
    for attribute in (*_LAZY_ATTRIBUTES, "src"):
        value = image.get(attribute)
        if value and not value.strip().startswith("data:"):
            return absolutize(value, base)
    return None


def apply_policy(url: str, options: CleanOptions) -> str:
    """``url`` as the stored article keeps it. Only ``proxy`` changes it: under ``local``
    the archive keeps the original, and publishing points to the copy where there is one,
    so that changing the policy needs no extraction again."""
    if options.images != "proxy" or not is_http_url(url):
        return url
    return options.image_proxy.format(
        url=quote(url, safe=_QUERY_SAFE),
        url_noscheme=quote(without_scheme(url), safe=_QUERY_SAFE),
    )


def image_sources(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` of cleaned ``html``, in order, each once."""
    if "<img" not in html:
        return []
    found = (image.get("src") for image in parse_fragment(html).iter("img"))
    return list(dict.fromkeys(src for src in found if src))


def point_images(html: str, new_src: Callable[[str], str | None]) -> str:
    """Cleaned ``html`` with each ``<img src>`` for which ``new_src`` gives another address
    changed to it. The publish stage calls this for the ``local`` policy's copies: the
    change is one of HTML, which publishing never makes itself (renderers never clean),
    and ``new_src`` keeps this module free of where published files are. HTML whose
    images all stay is returned as it was, byte for byte."""
    if "<img" not in html:
        return html
    container = parse_fragment(html)
    changed = False
    for image in container.iter("img"):
        src = image.get("src")
        target = new_src(src) if src else None
        if target is not None and target != src:
            image.set("src", target)
            changed = True
    return without_blank_lines(inner_html(container)) if changed else html
