"""Article metadata that pages declare: JSON-LD (schema.org), ``<meta>`` tags, microdata.

Declared metadata is preferred to anything read from the page's text: it is written for
machines and says what it means. It is still checked: a JSON-LD ``headline`` that matches
none of the page's titles is a description (Wikipedia puts one there), and an "author" that
is a profile URL or the site's name is no author (``names.clean_author``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement

from newsmirror.extract.names import clean_author

# Most specific first: a NewsArticle says more about the story than the WebPage holding it.
_ARTICLE_TYPES = (
    ("newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "liveblogposting"),
    ("article", "blogposting", "socialmediaposting", "report", "scholarlyarticle",
     "techarticle", "posting"),
    ("webpage", "itempage"),
)
_DATE_METAS = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article.published", "datepublished", "publishdate", "publish-date", "pubdate",
    "publish_date", "publication_date", "publishtime", "sailthru.date", "parsely-pub-date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
    "citation_publication_date", "citation_date", "prism.publicationdate",
    "weibo:article:create_at", "bt:pubdate", "dc.date", "dcterms.date", "date",
)
_AUTHOR_METAS = (
    "dc.creator", "dcterms.creator", "citation_author", "citation_authors", "author",
    "article:author_name", "article:author", "sailthru.author", "parsely-author", "byl",
    "byline",
)
_TITLE_METAS = ("dc.title", "dcterms.title", "og:title", "twitter:title", "parsely-title",
                "sailthru.title", "weibo:article:title")
_JSON_COMMENTS = re.compile(r"^\s*(<!--|//<!\[CDATA\[|<!\[CDATA\[)|(-->|//\]\]>|\]\]>)\s*$")
_SIMILAR_PREFIX = 0.6  # share of the shorter title two titles must have in common
_WECHAT_CT = re.compile(r"\bvar\s+ct\s*=\s*[\"']?(\d{10})[\"']?")


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself, before any guessing."""

    title: str = ""
    headline: str = ""  # JSON-LD headline, when it agrees with the page's other titles
    og_title: str = ""  # the first title a <meta> declares: dc, og, twitter, parsely
    h1: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()
    author: str = ""
    published: str = ""
    image: str = ""
    canonical: str = ""
    # The page says it is an article (og:type, a JSON-LD article type), not a list.
    declares_article: bool = False
    declared_type: str = ""  # og:type as the page gives it: "article", "website" …


def read_metadata(root: HtmlElement) -> PageMetadata:
    """Collect title candidates, site names, author, date and image from ``root``."""
    metas = _metas(root)
    items = _json_ld_articles(root)
    article = items[0] if items else {}
    publisher = article.get("publisher")
    site_names = [metas.get("og:site_name", ""), metas.get("application-name", "")]
    if isinstance(publisher, dict):
        site_names.append(_string(publisher.get("name")))
    canonical = root.find(".//link[@rel='canonical']")
    title = _clean(root.findtext(".//title") or "")
    meta_title = next((_clean(metas[k]) for k in _TITLE_METAS if metas.get(k)), "")
    h1 = tuple(t for t in (_clean(h.text_content()) for h in root.iter("h1")) if t)
    return PageMetadata(
        title=title,
        headline=_agreed_headline(article, (title, meta_title, *h1)),
        og_title=meta_title,
        h1=h1,
        site_names=tuple(n for n in (_clean(s) for s in site_names) if n),
        author=_first(clean_author(_author(item.get("author"))) for item in items)
        or _first(clean_author(metas.get(k, "")) for k in _AUTHOR_METAS),
        published=_first(_string(item.get("datePublished")) for item in items)
        or _first(metas.get(k, "") for k in _DATE_METAS) or _microdata_date(root)
        or _wechat_time(root),
        image=_image(article.get("image")) or metas.get("og:image", "")
        or metas.get("twitter:image", ""),
        canonical=canonical.get("href", "") if canonical is not None else "",
        declares_article=metas.get("og:type", "").lower() in ("article", "news.article")
        or any(_rank(item.get("@type", "")) in (0, 1) for item in items),
        declared_type=metas.get("og:type", "").strip().lower(),
    )


def _metas(root: HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-case key; ``property`` (RDFa) before ``name``, the first
    of each key kept; space-separated properties count for each; ``dc:x`` is ``dc.x``."""
    found: dict[str, str] = {}
    for attribute in ("property", "name", "itemprop"):
        for meta in root.iter("meta"):
            content = (meta.get("content") or "").strip()
            for key in (meta.get(attribute) or "").lower().split():
                key = re.sub(r"^(dc|dcterms?):", r"\1.", key).replace("dcterm.", "dcterms.")
                if content and key not in found:
                    found[key] = content
    parsely = found.get("parsely-page")
    if parsely:
        data = _json(parsely)
        if isinstance(data, dict):
            for key, name in (("pub_date", "parsely-pub-date"), ("title", "parsely-title"),
                              ("author", "parsely-author")):
                if isinstance(data.get(key), str):
                    found.setdefault(name, data[key])
    return found


def _microdata_date(root: HtmlElement) -> str:
    for element in root.xpath("//body//*[contains(concat(' ', normalize-space(@itemprop),"
                              " ' '), ' datePublished ')]"):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            return str(value).strip()
    return ""


def _wechat_time(root: HtmlElement) -> str:
    """A WeChat article's publish time, which only its script says (``var ct = "<unix
    time>"``; the page shows it after the script ran)."""
    if root.find(".//*[@id='js_content']") is None:
        return ""
    for script in root.iter("script"):
        if match := _WECHAT_CT.search(script.text or ""):
            return datetime.fromtimestamp(int(match[1]), UTC).isoformat()
    return ""


def _agreed_headline(article: dict[str, Any], titles: tuple[str, ...]) -> str:
    """The JSON-LD headline (or name) that matches a title the page shows; when the page
    shows none, the headline as it is."""
    candidates = [_clean(_string(article.get(k))) for k in ("headline", "name")]
    candidates = [c for c in candidates if c]
    shown = [t for t in titles if t]
    if not shown:
        return candidates[0] if candidates else ""
    return next((c for c in candidates if any(_agree(c, t) for t in shown)), "")


def _agree(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    if a in b or b in a:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= _SIMILAR_PREFIX * min(len(a), len(b))


def _json_ld_articles(root: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD item of an article type, the most specific types first; an author
    given as ``{"@id": …}`` is replaced by the item it points to."""
    ranked: list[tuple[int, int, dict[str, Any]]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _json(_JSON_COMMENTS.sub("", (script.text or "").strip()))
        for item in _walk(data):
            if isinstance(item.get("@id"), str):
                by_id.setdefault(item["@id"], item)
            rank = _rank(item.get("@type", ""))
            if rank is not None:
                ranked.append((rank, len(ranked), item))
    items = [item for _, _, item in sorted(ranked, key=lambda r: (r[0], r[1]))]
    return [_resolve_author(item, by_id) for item in items]


def _rank(types: Any) -> int | None:
    names = {str(t).lower().rsplit("/", 1)[-1] for t in (types if isinstance(types, list)
                                                        else [types])}
    return next((rank for rank, group in enumerate(_ARTICLE_TYPES) if names & set(group)),
                None)


def _resolve_author(item: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    author = item.get("author")
    refs = author if isinstance(author, list) else [author]
    resolved = [by_id.get(a["@id"], a) if isinstance(a, dict) and "@id" in a and "name" not in a
                else a for a in refs]
    return {**item, "author": resolved}


def _json(text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


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


def _first(values: Iterator[str]) -> str:
    return next((v for v in values if v), "")


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())
