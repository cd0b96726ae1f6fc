"""How one output shows an archived article: choices of display, made when it renders.

The archive keeps what the publisher wrote, sanitized: real links, the original image
URLs. What a reader of one output sees is decided here, page by page:

- the mirror style's inert tag links: a link matching the source's ``tag_links`` becomes
  an ``<ok href>`` element that no browser follows (the mirrors this style copies do so,
  so that a blocked site's tag pages are not one click away);
- the image policy: ``proxy`` points each image (and the lead image) through
  ``[mirror] image_proxy``; ``local`` points it to the copy in ``media/`` where one was
  made (the original stays where there is none); ``keep`` leaves it as it is.

So a change of style, of ``tag_links``, of the proxy or of the policy re-renders pages;
it never touches the archive, and never makes a revision. An article that needs none of
these is returned byte for byte as it was stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from newsmirror.clean.layout import without_blank_lines
from newsmirror.fragments import inner_html, parse_fragment
from newsmirror.publish.model import SourcePage
from newsmirror.urls import is_http_url, without_scheme

# Characters left as they are inside the proxied URL: path and sub-delimiters that no
# image proxy misreads. ? & # = and % are escaped so the URL stays one query value.
_QUERY_SAFE = "/:@!$'()*+,;~"


def proxied(url: str, template: str) -> str:
    """``url`` through the image proxy ``template`` ({url}, {url_noscheme})."""
    if not is_http_url(url):
        return url
    return template.format(url=quote(url, safe=_QUERY_SAFE),
                           url_noscheme=quote(without_scheme(url), safe=_QUERY_SAFE))


@dataclass(frozen=True)
class Display:
    """The display of one page: which links go inert, where images point."""

    inert_links: re.Pattern[str] | None = None
    image: Callable[[str], str] | None = None  # an original image URL → the one shown

    def body(self, html: str) -> str:
        """The stored body as this page shows it."""
        inert = self.inert_links is not None and "<a " in html
        images = self.image is not None and "<img" in html
        if not (inert or images):
            return html
        container = parse_fragment(html)
        changed = False
        if inert:
            assert self.inert_links is not None
            for link in list(container.iter("a")):
                href = link.get("href")
                if href and self.inert_links.search(href):
                    link.attrib.clear()  # an inert link keeps its target, nothing else
                    link.set("href", href)
                    link.tag = "ok"
                    changed = True
        if images:
            for image in container.iter("img"):
                src = image.get("src")
                shown = self.lead_image(src) if src else src
                if shown != src and shown is not None:
                    image.set("src", shown)
                    changed = True
        return without_blank_lines(inner_html(container)) if changed else html

    def lead_image(self, url: str) -> str:
        """The lead image's URL as this page shows it."""
        return self.image(url) if self.image is not None and url else url


class Displays:
    """The display of each source's pages, for one output: its tag-link patterns
    compiled once, the image proxy, and where that output shows a local copy."""

    def __init__(self, image_proxy: str) -> None:
        self.image_proxy = image_proxy
        self._inert: dict[str, re.Pattern[str]] = {}

    def of(self, source: SourcePage, local: Callable[[str], str] | None = None) -> Display:
        """How ``source``'s articles show: ``local`` maps an image URL to its copy as
        the page links it (``images = "local"``; without it, the originals)."""
        inert = None
        if source.tag_links:
            inert = self._inert.get(source.tag_links)
            if inert is None:
                inert = self._inert[source.tag_links] = re.compile(source.tag_links)
        if source.images == "proxy":
            template = self.image_proxy
            return Display(inert, lambda url: proxied(url, template))
        if source.images == "local" and local is not None:
            return Display(inert, local)
        return Display(inert)
