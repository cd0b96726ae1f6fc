"""Article metadata that pages declare: JSON-LD (schema.org) and ``<meta>`` tags."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting",
    "liveblogposting", "webpage", "report", "scholarlyarticle",
})
_DATE_METAS = (
    "article:published_time", "og:article:published_time", "datePublished",
    "publishdate", "pubdate", "publish_date", "publication_date", "sailthru.date",
    "parsely-pub-date", "dc.date.issued", "dc.date", "dcterms.created", "date",
)
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "byl", "parsely-author")
_JSON_COMMENTS = re.compile(r"^\s*(<!--|//<!\[CDATA\[|<!\[CDATA\[)|(-->|//\]\]>|\]\]>)\s*$")


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself, before any guessing."""

    title: str = ""
    headline: str = ""  # JSON-LD headline
    og_title: str = ""
    h1: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()
    author: str = ""
    published: str = ""
    image: str = ""
    canonical: str = ""


def read_metadata(root: HtmlElement) -> PageMetadata:
    """Collect title candidates, site names, author, date and image from ``root``."""
    metas = _metas(root)
    article = next(_json_ld_articles(root), {})
    publisher = article.get("publisher")
    site_names = [metas.get("og:site_name", ""), metas.get("application-name", "")]
    if isinstance(publisher, dict):
        site_names.append(_string(publisher.get("name")))
    canonical = root.find(".//link[@rel='canonical']")
    return PageMetadata(
        title=_clean(root.findtext(".//title") or ""),
        headline=_clean(_string(article.get("headline") or article.get("name"))),
        og_title=_clean(metas.get("og:title", "") or metas.get("twitter:title", "")),
        h1=tuple(t for t in (_clean(h.text_content()) for h in root.iter("h1")) if t),
        site_names=tuple(n for n in (_clean(s) for s in site_names) if n),
        author=_author(article.get("author")) or next(
            (metas[k] for k in _AUTHOR_METAS if metas.get(k)), ""),
        published=_string(article.get("datePublished")) or next(
            (metas[k] for k in _DATE_METAS if metas.get(k)), ""),
        image=_image(article.get("image")) or metas.get("og:image", "")
        or metas.get("twitter:image", ""),
        canonical=canonical.get("href", "") if canonical is not None else "",
    )


def _metas(root: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and key.strip() not in found:
            found[key.strip()] = content.strip()
    return {k.lower() if k.lower() != "datepublished" else "datePublished": v
            for k, v in found.items()}


def _json_ld_articles(root: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = _JSON_COMMENTS.sub("", (script.text or "").strip())
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for item in _walk(data):
            types = item.get("@type", "")
            names = types if isinstance(types, list) else [types]
            if any(str(t).lower() in _ARTICLE_TYPES for t in names):
                yield item


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk(data["@graph"])
        if isinstance(data.get("mainEntity"), dict):
            yield data["mainEntity"]


def _author(value: Any) -> str:
    if isinstance(value, list):
        names = [_author(v) for v in value]
        return ", ".join(n for n in names if n)
    if isinstance(value, dict):
        return _clean(_string(value.get("name")))
    return _clean(_string(value))


def _image(value: Any) -> str:
    if isinstance(value, list):
        return next((i for i in (_image(v) for v in value) if i), "")
    if isinstance(value, dict):
        return _string(value.get("url") or value.get("contentUrl"))
    return _string(value)


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())
