"""Image URLs: lazy-loading attributes resolved, and the source's image policy applied."""

from __future__ import annotations

from urllib.parse import quote

from lxml.html import HtmlElement

from newsmirror.clean.model import CleanOptions
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
    """``url`` as the published page should load it."""
    if options.images != "proxy" or not is_http_url(url):
        return url
    return options.image_proxy.format(
        url=quote(url, safe=_QUERY_SAFE),
        url_noscheme=quote(without_scheme(url), safe=_QUERY_SAFE),
    )
