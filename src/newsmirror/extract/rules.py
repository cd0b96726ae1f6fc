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

# The big Chinese portals, whose pages generic extraction reads as navigation, comments
# or an account's chrome. Alternatives in one selector are the site's templates of
# different years; a page holds one of them (an element inside another that matched is
# not taken twice). Editors' credits and share bars are dropped; an author only where the
# site prints the writer (NetEase, Sina and Xinhua print the editor there: no author).
_WEIXIN = ExtractionRule(
    body="#js_content",
    title="#activity-name, h1.rich_media_title",
    author="#js_author_name, #meta_content span.rich_media_meta_text",
    drop=("#js_pc_qr_code", ".qr_code_pc", ".rich_media_tool", "#js_tags", "mpvoice",
          "mpprofile", ".original_primary_card_tips"),
)
_PORTALS: dict[str, ExtractionRule] = {
    "163.com": ExtractionRule(
        body="#endText, .post_body, .post_text, #content .article-body",
        title="h1.post_title, .post_content_main > h1, #h1title, .post_main h1",
        date=".post_info, .post_time_source, .post_time",
        drop=(".post_btns", ".ep-source", ".post_end", ".otitle", ".post_statement",
              ".post_top_tie", ".gg200x300", ".post_recommends", ".ep-editor"),
    ),
    "mp.weixin.qq.com": _WEIXIN,
    "baijiahao.baidu.com": ExtractionRule(
        body=".article-content, [data-testid=article]",
        title=".article-title h2, .article-title",
        author=".author-name, .author-txt .author-name",
        date=".article-source .date, .publish-time",
        drop=(".bjh-ad", ".article-ad"),
    ),
    "sina.com.cn": ExtractionRule(
        body="#artibody, #article, .article-content-left .article",
        title="h1.main-title, #artibodyTitle, h1#main_title, .article-header h1",
        date=".date-source .date, #pub_date, .time-source, .date",
        drop=(".show_author", ".article-editor", "#left_hzh_ad", ".appendQr_wrap",
              ".ct_hqimg", "#sinashareto", ".article-notice", "[id^=ad_]"),
    ),
    "thepaper.cn": ExtractionRule(
        body=".news_txt, [class^=index_cententWrap]",
        title="h1.news_title, h1[class^=index_title]",
        drop=(".news_editor", ".news_love", ".news_bq"),
    ),
    "people.com.cn": ExtractionRule(
        body="#rwb_zw, .rm_txt_con, #p_content, .box_con",
        title=".rm_txt h1, .text_title h1, .clearfix.w1000_320.text_title h1, h1",
        date=".box01 .fl, .col-1-1, .channel .col-1-1, .sou",
        drop=(".edit", ".zdfy", ".paper_num", ".otitle", ".box_pic + .edit", "#rwb_tjyd"),
    ),
    "xinhuanet.com": ExtractionRule(
        body="#detail, #p-detail, .main-aticle",
        title=".head-line .title, h1#title, .h-title, .head-line h1",
        date=".header-time, .h-time, #pubtime, .info .time",
        drop=("#articleEdit", ".tiyi1", ".lb", ".editor", ".p-tags", ".share"),
    ),
    "sohu.com": ExtractionRule(
        body="article#mp-editor, article.article",
        title=".text-title h1, .article-title h1",
        date="#news-time, .article-info .time",
        drop=(".backword", "[data-role=editor-name]", "#backsohucom", ".statement",
              ".lookall-box", ".article-tags"),
    ),
}
_PORTALS["news.cn"] = _PORTALS["xinhuanet.com"]

BUILTIN_RULES: dict[str, ExtractionRule] = {
    **_PORTALS,
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
    body_elements = _outermost(_all(root, rule.body))
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


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """``elements`` less those inside another of them (taken with it already)."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


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
