"""Clean one extracted article: safe, neutral HTML, and its plain text.

Steps, in order: remove elements whose content is never article text, and trackers
(:mod:`.trackers`); make every URL absolute and resolve lazy images; sanitize with nh3;
lay out one block per line (the archive's one form of an article, and the unit of its
diffs); read the plain text from the result. Nothing here is a choice of display: links
stay links and images keep their original URLs; each output shows them its own way
(``publish.display``).
"""

from __future__ import annotations

from dataclasses import replace

from lxml.html import HtmlElement

from newsmirror.article import Article
from newsmirror.clean.images import real_src
from newsmirror.clean.layout import lay_out, plain_text, without_blank_lines
from newsmirror.clean.sanitize import REMOVED_WITH_CONTENT, sanitize
from newsmirror.clean.trackers import is_tracker_url, remove_trackers
from newsmirror.fragments import inner_html, parse_fragment
from newsmirror.urls import absolutize, is_http_url


def clean_article(article: Article) -> Article:
    """Make ``article`` safe and ready to store."""
    base = article.base_url or article.url
    container = parse_fragment(article.html)
    _remove_non_content(container)
    trackers = remove_trackers(container, base)
    body_images = _prepare_images(container, base)
    _prepare_links(container, base)
    _resolve_citations(container, base)
    html = sanitize(inner_html(container))
    published = parse_fragment(html)
    lay_out(published)
    lead_image = absolutize(article.lead_image, base) or ""
    if lead_image in trackers or is_tracker_url(lead_image):
        lead_image = ""  # chosen from the body before the trackers went (a feed item's)
    return replace(
        article,
        title=clean_text(article.title),
        html=without_blank_lines(inner_html(published)),
        text=plain_text(published),
        author=clean_text(article.author),
        lead_image=lead_image if is_http_url(lead_image) else "",
        caption=clean_text(article.caption),
        lead_image_in_body=bool(lead_image) and lead_image in body_images,
        page_title=clean_text(article.page_title),
        body_from="feed" if article.method == "feed" else "page",
    )


def with_html(article: Article, html: str) -> Article:
    """``article`` with the body ``html`` and its text read from it. ``html`` is made of
    the lines of cleaned bodies (a re-check keeps the stored revision's furniture in a
    fresh extraction): each line is already sanitized and laid out, and is kept as it is,
    so that it compares equal with the same line of a later extraction."""
    return replace(article, html=html, text=plain_text(parse_fragment(html)))


def clean_text(text: str) -> str:
    """A one-line text field (title, author, caption): no markup, single spaces."""
    if "<" in text:
        text = parse_fragment(text).text_content()
    return " ".join(text.split())


def _remove_non_content(container: HtmlElement) -> None:
    for element in list(container.iter(*REMOVED_WITH_CONTENT)):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows it


def _prepare_images(container: HtmlElement, base: str) -> set[str]:
    """Give each image its real absolute URL; returns them."""
    originals: set[str] = set()
    for image in list(container.iter("img")):
        src = real_src(image, base)
        if not src or not is_http_url(src):
            image.drop_tree()
            continue
        originals.add(src)
        image.set("src", src)
        for attribute in ("srcset", "sizes"):
            image.attrib.pop(attribute, None)
    for source in list(container.iter("source")):
        source.drop_tree()
    return originals


def _prepare_links(container: HtmlElement, base: str) -> None:
    for link in container.iter("a"):
        href = absolutize(link.get("href"), base)
        if href is None:
            link.attrib.pop("href", None)
            continue
        link.set("href", href)


def _resolve_citations(container: HtmlElement, base: str) -> None:
    """The source a quotation cites, the one other URL the published HTML keeps."""
    for quotation in container.iter("q", "blockquote"):
        cite = quotation.get("cite")
        if cite is not None:
            resolved = absolutize(cite, base)
            if resolved is None:
                quotation.attrib.pop("cite")
            else:
                quotation.set("cite", resolved)
