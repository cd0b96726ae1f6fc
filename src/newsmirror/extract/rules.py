"""Site rules: CSS selectors that say where an outlet keeps each part of an article.

A source's own ``[sources.rule]`` wins; otherwise a built-in rule for the page's host is
used. Built-in rules cover outlets whose layout generic extraction gets wrong (for example
the lead-image caption that sits outside the article body).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from cssselect import SelectorError
from lxml import etree
from lxml.html import HtmlElement

from newsmirror.errors import ExtractError
from newsmirror.extract.model import ExtractionRule

BUILTIN_RULES: dict[str, ExtractionRule] = {
    "epochtimes.com": ExtractionRule(
        body="#artbody",
        title=".arttop h1, h1.title",
        date="time[datetime]",
        lead_image=".featured_image img, #artbody ~ .featured_image img",
        caption=".featured_image .caption",
        drop=("#below_article_ad", ".ad_top", ".ad_side", "[id^=div-gpt-ad]", ".share"),
    ),
}


@dataclass(frozen=True)
class RuleMatch:
    """What a rule found on a page; empty strings where a selector matched nothing."""

    body: str = ""
    title: str = ""
    date: str = ""
    author: str = ""
    lead_image: str = ""
    caption: str = ""


def rule_for(url: str, configured: ExtractionRule | None) -> ExtractionRule | None:
    """The configured rule, else the built-in rule of ``url``'s host or a parent domain."""
    if configured is not None:
        return configured
    host = (urlsplit(url).hostname or "").lower()
    while host:
        if host in BUILTIN_RULES:
            return BUILTIN_RULES[host]
        host = host.partition(".")[2]
    return None


def apply_rule(root: HtmlElement, rule: ExtractionRule) -> RuleMatch:
    """Read each part ``rule`` names; ``drop`` removes elements from the body first."""
    image = _first(root, rule.lead_image)
    if image is not None and image.tag != "img":
        image = next(image.iter("img"), None)
    body_elements = _all(root, rule.body)
    drop_from(root, rule.drop)
    return RuleMatch(
        body="".join(etree.tostring(e, encoding="unicode", method="html", with_tail=False)
                     for e in body_elements if e.getparent() is not None or e is root),
        title=_text(_first(root, rule.title)),
        date=_date(_first(root, rule.date)),
        author=_text(_first(root, rule.author)),
        lead_image=_image_src(image),
        caption=_text(_first(root, rule.caption)),
    )


def drop_from(container: HtmlElement, selectors: tuple[str, ...]) -> int:
    """Remove what ``selectors`` match inside ``container``; how many were removed. (In a
    feed item's HTML only a rule's ``drop`` applies: the others describe a page.)"""
    removed = 0
    for selector in selectors:
        for element in _all(container, selector):
            if element is not container and element.getparent() is not None:
                _remove(element)
                removed += 1
    return removed


def _all(root: HtmlElement, selector: str) -> list[HtmlElement]:
    if not selector:
        return []
    try:
        found: list[HtmlElement] = root.cssselect(selector)
    except (SelectorError, etree.XPathError) as exc:
        raise ExtractError(f"invalid CSS selector {selector!r}: {exc}") from exc
    return found


def _first(root: HtmlElement, selector: str) -> HtmlElement | None:
    found = _all(root, selector)
    return found[0] if found else None


def _remove(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the text that follows it


def _text(element: HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _date(element: HtmlElement | None) -> str:
    if element is None:
        return ""
    return str(element.get("datetime") or element.get("content") or _text(element))


def _image_src(image: HtmlElement | None) -> str:
    if image is None:
        return ""
    for attribute in ("data-src", "data-original", "data-lazy-src", "src"):
        value = image.get(attribute)
        if value and not value.startswith("data:"):
            return str(value).strip()
    return ""
