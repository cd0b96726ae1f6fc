"""The extraction cascade: how an article is found in a page or a feed item.

For a page, each part is taken from the first step that has it:

    body        site rule → trafilatura                                  (else ExtractError)
    title       site rule → feed title → JSON-LD headline → og:title → <title>,
                the last two without the site name
    published   site rule → JSON-LD / <meta> → feed date → trafilatura's date
    author      site rule → JSON-LD / <meta> → feed author → trafilatura
    lead image  site rule → feed image → JSON-LD / og:image → trafilatura
    caption     site rule → the <figcaption> or .caption beside the lead image

A feed item that carries the whole article is used as it is (``extract_feed_item``).
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import cast

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newsmirror.dates import parse_date
from newsmirror.errors import ExtractError
from newsmirror.extract.generic import GenericResult, extract_generic
from newsmirror.extract.metadata import read_metadata
from newsmirror.extract.model import ExtractedArticle, ExtractionRule, Hints
from newsmirror.extract.rules import RuleMatch, apply_rule, rule_for
from newsmirror.extract.titles import strip_site_suffix
from newsmirror.ingest.model import Entry
from newsmirror.urls import absolutize, is_http_url

# Fewer visible characters than this is a menu or a stub, not an article (10 Chinese
# characters already make a sentence).
_MIN_BODY_CHARS = 10


def extract_page(html: str, url: str, *, rule: ExtractionRule | None = None,
                 hints: Hints | None = None, timezone: tzinfo = UTC) -> ExtractedArticle:
    """Find the article in the page ``html`` fetched from ``url``."""
    hints = hints or Hints()
    root = parse_html(html)
    meta = read_metadata(root)
    if not is_http_url(url) and is_http_url(meta.canonical):
        url = meta.canonical  # a saved page: its own address resolves links, selects rules
    make_links_absolute(root, url)
    active_rule = rule_for(url, rule)
    match = apply_rule(root, active_rule) if active_rule else RuleMatch()
    generic: GenericResult | None = None
    body, method = match.body, "rule"
    if not _has_text(body):
        generic = extract_generic(html, url)
        if generic is None or not _has_text(generic.html):
            raise ExtractError("no article text found in the page")
        body, method = generic.html, "generic"
    generic_meta = generic or GenericResult(html="")
    title = (match.title or hints.title or meta.headline
             or strip_site_suffix(meta.og_title or meta.title or generic_meta.title,
                                  meta.site_names, meta.h1))
    published = (parse_date(match.date, timezone) or parse_date(meta.published, timezone)
                 or hints.published or parse_date(generic_meta.date, timezone))
    lead_image = absolutize(match.lead_image or hints.image or meta.image
                            or generic_meta.image, url) or ""
    return ExtractedArticle(
        url=url,
        title=title,
        html=body,
        author=match.author or meta.author or hints.author or generic_meta.author,
        published=published,
        lead_image=lead_image,
        caption=match.caption or caption_near(root, lead_image),
        method=method,
    )


def extract_feed_item(entry: Entry) -> ExtractedArticle:
    """Use a feed item that carries the whole article as the article."""
    html = entry.content_html or entry.summary_html
    image = entry.image
    if not image:
        fragment = _fragment(html)
        first = next(fragment.iter("img"), None) if fragment is not None else None
        image = absolutize(first.get("src"), entry.link) or "" if first is not None else ""
    return ExtractedArticle(
        url=entry.link, title=entry.title, html=html, author=entry.author,
        published=entry.published, lead_image=image, method="feed",
    )


def parse_html(html: str) -> HtmlElement:
    """Parse a whole page."""
    try:
        return cast(HtmlElement, lxml.html.document_fromstring(html))
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"the page is not HTML: {exc}") from exc


def make_links_absolute(root: HtmlElement, url: str) -> None:
    """Resolve every link of the page against ``url``, honouring ``<base href>``."""
    base = root.find(".//base[@href]")
    base_url = absolutize(base.get("href"), url) if base is not None else None
    root.make_links_absolute(base_url or url, resolve_base_href=True, handle_failures="ignore")


def caption_near(root: HtmlElement, image_url: str) -> str:
    """The caption printed with the image ``image_url``: a figcaption or a .caption."""
    if not image_url:
        return ""
    for image in root.iter("img"):
        if image.get("src") != image_url:
            continue
        container = image.getparent()
        for _ in range(3):
            if container is None:
                break
            found = container.xpath(
                ".//figcaption | .//*[contains(concat(' ', normalize-space(@class), ' '),"
                " ' caption ') or contains(@class, 'caption')]"
            )
            if found:
                return " ".join(found[0].text_content().split())
            container = container.getparent()
    return ""


def _fragment(html: str) -> HtmlElement | None:
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def _has_text(html: str) -> bool:
    fragment = _fragment(html) if html else None
    if fragment is None:
        return False
    return len("".join(fragment.text_content().split())) >= _MIN_BODY_CHARS
