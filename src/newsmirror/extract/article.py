"""The extraction cascade: how an article is found in a page or a feed item.

For a page, each part is taken from the first step that has it:

    body        site rule → trafilatura                                  (else ExtractError)
    title       site rule → feed title → JSON-LD headline → og:title (or dc:title …) →
                <title>, the last two without the site name → a listing's link text
    published   site rule → JSON-LD / <meta> / microdata → feed date → the date printed
                by the headline → a labelled date → the date in the URL  (pagedates.py)
                → htmldate's extensive search  (htmldates.py)
    author      site rule → JSON-LD / <meta> → feed author → the byline printed on the
                page  (bylines.py)
    lead image  site rule → feed image → JSON-LD / og:image → trafilatura
    caption     site rule → the <figcaption> or .caption beside the lead image

A feed item that carries the whole article is used as it is (``extract_feed_item``), less
what the ``drop`` selectors of its site rule match.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from lxml import etree
from lxml.html import HtmlElement

from newsmirror.article import Article
from newsmirror.dates import parse_date
from newsmirror.errors import ExtractError, NotAnArticleError
from newsmirror.extract.body import extract_body
from newsmirror.extract.bylines import page_byline
from newsmirror.extract.htmldates import htmldate_date
from newsmirror.extract.listpages import list_reason
from newsmirror.extract.localtime import declared_in_utc, with_local_offset
from newsmirror.extract.metadata import read_metadata
from newsmirror.extract.model import ExtractionRule, Hints
from newsmirror.extract.pagedates import page_date
from newsmirror.extract.pagetext import page_text
from newsmirror.extract.rules import RuleMatch, apply_rule, drop_from, rule_for
from newsmirror.extract.titles import (
    headline_from_body,
    strip_site_suffix,
    uncut,
    without_column,
)
from newsmirror.fragments import inner_html, parse_fragment, parse_page
from newsmirror.ingest.model import Entry
from newsmirror.urls import absolutize, is_http_url

# Fewer visible characters than this is a menu or a stub, not an article (10 Chinese
# characters already make a sentence).
_MIN_BODY_CHARS = 10


def extract_page(html: str, url: str, *, rule: ExtractionRule | None = None,
                 hints: Hints | None = None, timezone: tzinfo = UTC) -> Article:
    """Find the article in the page ``html`` fetched from ``url``."""
    hints = hints or Hints()
    root = parse_html(html)
    meta = read_metadata(root)
    if not is_http_url(url) and is_http_url(meta.canonical):
        url = meta.canonical  # a saved page: its own address resolves links, selects rules
    active_rule = rule_for(url, rule)
    match = apply_rule(root, active_rule) if active_rule else RuleMatch()
    declared = uncut(meta.og_title, meta.title, *meta.h1) or meta.title
    page_title = (match.title
                  or strip_site_suffix(meta.headline or declared, meta.site_names, meta.h1)
                  or without_column(meta.h1[0] if meta.h1 else ""))
    title = match.title or hints.title or page_title or hints.link_text
    body, method = match.body, "rule"
    if not _has_text(body):
        body, method = extract_body(root, title) or "", "generic"
        if not _has_text(body):
            raise ExtractError("no article text found in the page")
        if not meta.declares_article and (
                reason := list_reason(body, root, url, meta.declared_type)):
            raise NotAnArticleError(f"not an article: {reason}")
        if not title:
            title, body = headline_from_body(body)
    published = parse_date(match.date, timezone) or _declared_date(meta.published, html,
                                                                    timezone) or hints.published
    author = match.author or meta.author or hints.author
    if published is None or not author:
        # The text as printed, where the date and byline are found: laid out only for the
        # pages whose markup does not say them (most news pages do).
        page = page_text(root)
        headline = page.headline((title, *meta.h1))
        published = (published or page_date(page, root, headline, url, timezone, body)
                     or htmldate_date(html, url, timezone))
        author = author or page_byline(page, root, headline, body)
    lead_image = absolutize(match.lead_image or hints.image or meta.image, url) or ""
    return Article(
        url=url,
        title=title,
        html=body,
        author=author,
        published=published,
        lead_image=lead_image,
        caption=match.caption or caption_near(root, lead_image, url),
        method=method,
        base_url=_base_url(root, url),
        page_title=page_title,
    )


def extract_feed_item(entry: Entry, rule: ExtractionRule | None = None) -> Article:
    """Use a feed item that carries the whole article as the article; the ``drop``
    selectors of ``rule`` (else of the built-in rule for the item's site) remove what the
    publisher appends to every item (share links, tag lists …)."""
    html = entry.content_html or entry.summary_html
    base = entry.html_base or entry.link
    drop = (rule_for(entry.link, rule) or ExtractionRule()).drop
    fragment = parse_fragment(html) if html and (drop or not entry.image) else None
    if fragment is not None and drop and drop_from(fragment, drop):
        html = inner_html(fragment)
    image = entry.image
    if not image:
        first = next(fragment.iter("img"), None) if fragment is not None else None
        image = absolutize(first.get("src"), base) or "" if first is not None else ""
    return Article(
        url=entry.link, title=entry.title, html=html, author=entry.author,
        published=entry.published, lead_image=image, method="feed", base_url=base,
    )


def _declared_date(text: str, html: str, timezone: tzinfo) -> datetime | None:
    """The publish time the page's metadata declares; one declared in UTC takes the offset
    of the same moment written locally on the page, if there is one (``localtime``)."""
    published = parse_date(text, timezone)
    if published is not None and declared_in_utc(text):
        return with_local_offset(published, html)
    return published


def parse_html(html: str) -> HtmlElement:
    """Parse a whole page."""
    try:
        return parse_page(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"the page is not HTML: {exc}") from exc


def _base_url(root: HtmlElement, url: str) -> str:
    """What the page's relative links are relative to: ``<base href>``, else ``url``.
    (Links are resolved by the clean stage, on the body only, not on the whole page.)"""
    base = root.find(".//base[@href]")
    return (absolutize(base.get("href"), url) if base is not None else None) or url


def caption_near(root: HtmlElement, image_url: str, page_url: str) -> str:
    """The caption printed with the image ``image_url``: a figcaption or a .caption."""
    if not image_url:
        return ""
    for image in root.iter("img"):
        if absolutize(image.get("src"), page_url) != image_url:
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


def _has_text(html: str) -> bool:
    if not html:
        return False
    return len("".join(parse_fragment(html).text_content().split())) >= _MIN_BODY_CHARS
