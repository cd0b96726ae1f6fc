"""What pages declare about themselves: JSON-LD, <meta> tags, microdata; and the titles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsmirror.extract.article import parse_html
from newsmirror.extract.metadata import PageMetadata, read_metadata
from newsmirror.extract.titles import strip_site_suffix, title_segments


def metadata(head: str, body: str = "<p>text</p>") -> PageMetadata:
    return read_metadata(parse_html(f"<html><head>{head}</head><body>{body}</body></html>"))


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_graph_prefers_the_news_article_and_resolves_author_ids() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "#page", "name": "Page", "datePublished": "2020-01-01"},
        {"@type": ["NewsArticle"], "headline": "Storm hits coast", "author": [{"@id": "#a"}],
         "datePublished": "2021-03-05T10:20:00+08:00"},
        {"@type": "Person", "@id": "#a", "name": "Jane Roe"},
    ]}
    meta = metadata("<title>Storm hits coast - Daily</title>" + ld(graph))
    assert meta.headline == "Storm hits coast"
    assert meta.published == "2021-03-05T10:20:00+08:00"
    assert meta.author == "Jane Roe"


def test_json_ld_in_a_list_with_several_authors_and_control_characters() -> None:
    script = ('<script type="application/ld+json">[{"@type": "BlogPosting", "headline": '
              '"Line\tone", "author": [{"name": "A. Writer"}, "B. Writer"]}]</script>')
    meta = metadata("<title>Line one</title>" + script)
    assert meta.author == "A. Writer, B. Writer"
    assert meta.headline == "Line one"


def test_a_json_ld_headline_that_matches_no_title_is_a_description() -> None:
    """Wikipedia's JSON-LD "headline" is the article's short description."""
    data = {"@type": "Article", "name": "New Zealand",
            "headline": "constitutional monarchy in Oceania"}
    meta = metadata("<title>New Zealand - Wikipedia</title>" + ld(data),
                    "<h1>New Zealand</h1><p>text</p>")
    assert meta.headline == "New Zealand"


def test_meta_tags_property_before_name_and_space_separated_keys() -> None:
    head = ('<title>Title Element</title><meta name="DC.title" content="DC name">'
            '<meta property="dc:title" content="DC property">'
            '<meta property="og:title twitter:title" content="OG">'
            '<meta property="dc:creator twitter:site_name" content="Creator Name">'
            '<meta name="author" content="FAIL">')
    meta = metadata(head)
    assert meta.og_title == "DC property"
    assert meta.author == "Creator Name"


@pytest.mark.parametrize(("head", "published"), [
    ('<meta property="article:published_time" content="2021-03-05T10:20:00Z">',
     "2021-03-05T10:20:00Z"),
    ('<meta name="parsely-page" content=\'{"pub_date": "2021-03-05T10:20:00Z"}\'>',
     "2021-03-05T10:20:00Z"),
    ('<meta name="sailthru.date" content="2021-03-05 10:20">', "2021-03-05 10:20"),
    ('<meta name="citation_date" content="2018-08-23">', "2018-08-23"),
    ('<meta name="PubDate" content="2022-01-28 00:00:00">', "2022-01-28 00:00:00"),
    ('<meta itemprop="datePublished" content="2021-03-05">', "2021-03-05"),
])
def test_declared_publish_dates(head: str, published: str) -> None:
    assert metadata(head).published == published


def test_microdata_date_in_the_body() -> None:
    body = '<p>By X <time itemprop="datePublished" datetime="2019-04-28T06:01:07">Apr 28</time></p>'
    assert metadata("", body).published == "2019-04-28T06:01:07"


@pytest.mark.parametrize(("head", "author"), [
    ('<meta property="article:author" content="https://www.facebook.com/someone">', ""),
    ('<meta name="author" content="www.yunnan.cn,云南日报报业集团,云南网">', ""),
    ('<meta name="author" content="中文学术期刊,汉斯出版社,Hans Publishers">'
     '<meta name="citation_authors" content="赵  培">', "赵培"),
    ('<meta name="author" content="L_104485">', ""),
    ('<meta name="parsely-author" content="Jane Doe">', "Jane Doe"),
])
def test_declared_authors_are_names_or_nothing(head: str, author: str) -> None:
    assert metadata(head).author == author


@pytest.mark.parametrize(("title", "expected"), [
    ("多数夫妻生活有名无实 日本无性婚姻问题严重(图)--雅虎新闻",
     "多数夫妻生活有名无实 日本无性婚姻问题严重(图)"),
    ("劳伦斯：一个无法定义的“洛克菲勒”-搜狐财经", "劳伦斯：一个无法定义的“洛克菲勒”"),
    ("COVID-19 cases rise - BBC News", "COVID-19 cases rise"),
    ("Self-driving cars", "Self-driving cars"),
])
def test_more_site_suffixes(title: str, expected: str) -> None:
    assert strip_site_suffix(title) == expected


def test_title_segments_are_the_pieces_a_page_may_print() -> None:
    pieces = title_segments("Joel on Software - 给计算机系学生的建议")
    assert pieces[0] == "Joel on Software - 给计算机系学生的建议"
    assert {"给计算机系学生的建议", "Joel on Software"} <= set(pieces)
