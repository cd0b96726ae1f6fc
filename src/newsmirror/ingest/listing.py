"""Find article links on a listing page (``kind = "page"`` sources)."""

from __future__ import annotations

import re

from lxml import etree

from newsmirror.errors import ParseError
from newsmirror.fragments import parse_page
from newsmirror.ingest.model import Entry, Listing
from newsmirror.urls import absolutize, canonical_url, is_http_url


def discover_links(html: str, url: str, pattern: str) -> Listing:
    """Every link on the page whose absolute URL matches ``pattern``, first seen first."""
    try:
        root = parse_page(html)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"listing page could not be parsed: {exc}") from exc
    base = root.base_url or url
    base_href = root.find(".//base[@href]")
    if base_href is not None:
        base = absolutize(base_href.get("href"), url) or url
    matcher = re.compile(pattern)
    seen: set[str] = set()
    entries = []
    for anchor in root.iter("a"):
        link = absolutize(anchor.get("href"), base)
        if not link or not is_http_url(link) or not matcher.search(link):
            continue
        key = canonical_url(link)
        if key in seen:
            continue
        seen.add(key)
        entries.append(Entry(link=link, title=" ".join(anchor.text_content().split())))
    title = root.findtext(".//title") or ""
    return Listing(title=" ".join(title.split()), entries=tuple(entries))
