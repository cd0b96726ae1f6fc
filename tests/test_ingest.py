"""Parse and discover: every feed format, listing pages, and never a crash on junk."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from bench.feedcompare import parse_feed_fast, parse_feed_with_feedparser
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmirror.clean import clean_article
from newsmirror.dates import iso
from newsmirror.errors import ParseError
from newsmirror.extract import extract_feed_item, is_full_text
from newsmirror.ingest import discover_links, parse_feed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
CASES = sorted(p for p in FEEDS.iterdir() if p.is_file() and not p.name.endswith(".expect.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_feed_formats(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expect.json").read_text("utf-8"))
    listing = parse_feed(path.read_bytes(), expected.get("base", "https://news.example/feed"))
    assert listing.title == expected["title"]
    assert listing.warning == ""
    assert len(listing.entries) == len(expected["entries"])
    for entry, want in zip(listing.entries, expected["entries"], strict=True):
        assert entry.link == want["link"]
        assert entry.title == want["title"]
        assert iso(entry.published) == want["published"]
        assert entry.author == want.get("author", entry.author)
        assert entry.image == want.get("image", entry.image)
        assert is_full_text(entry.content_html or entry.summary_html) == want["full_text"]


_RELATIVE_HTML = ('&lt;p&gt;&lt;a href="/a/1"&gt;x&lt;/a&gt;&lt;img src="i.jpg"&gt;'
                  '&lt;q cite="../src"&gt;y&lt;/q&gt;&lt;/p&gt;')
_RSS = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        f"<link>https://other.example/story</link><description>{_RELATIVE_HTML}</description>"
        "</item></channel></rss>").encode()
_ATOM = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
         '<entry xml:base="https://cdn.example/2026/"><link href="https://other.example/story"/>'
         f'<content type="html">{_RELATIVE_HTML}</content></entry></feed>').encode()


@pytest.mark.parametrize(("body", "base", "resolved"), [
    (_RSS, "https://news.example/feeds/rss.xml",  # relative to the feed's own URL
     ("https://news.example/a/1", "https://news.example/feeds/i.jpg", "https://news.example/src")),
    (_ATOM, "https://cdn.example/2026/",  # relative to the entry's xml:base
     ("https://cdn.example/a/1", "https://cdn.example/2026/i.jpg", "https://cdn.example/src")),
])
def test_relative_urls_in_feed_html_resolve_against_the_feed_not_the_article(
        body: bytes, base: str, resolved: tuple[str, str, str]) -> None:
    url = "https://news.example/feeds/rss.xml"
    entry = parse_feed(body, url).entries[0]
    assert entry.html_base == base
    assert 'href="/a/1"' in entry.content_html + entry.summary_html  # kept as published
    assert parse_feed_with_feedparser(body, url).entries[0] == entry
    fast = parse_feed_fast(body, url)
    assert fast is not None and fast.entries[0] == entry
    html = clean_article(extract_feed_item(entry)).html
    link, image, cited = resolved
    assert f'href="{link}"' in html
    assert f'src="{image}"' in html
    assert f'cite="{cited}"' in html


def test_an_item_a_feed_service_redirects_links_to_the_publisher_s_own_page() -> None:
    """FeedBurner serves links through a redirect that counts readers (programthink's feed,
    greatfire-feeds); ``feedburner:origLink`` is the publisher's own address."""
    body = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
            b'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>T</title>'
            b'<entry><title>A</title><link rel="alternate" type="text/html" '
            b'href="http://feedproxy.google.com/~r/blog/~3/x/a.html"/>'
            b"<feedburner:origLink>http://blog.example/2015/03/a.html</feedburner:origLink>"
            b'</entry><entry><title>B</title><link rel="alternate" type="text/html" '
            b'href="http://feedproxy.google.com/~r/blog/~3/y/b.html"/>'
            b"<feedburner:origLink></feedburner:origLink></entry></feed>")
    url = "http://feeds.feedburner.com/blog"
    links = [entry.link for entry in parse_feed(body, url).entries]
    assert links == ["http://blog.example/2015/03/a.html",
                     "http://feedproxy.google.com/~r/blog/~3/y/b.html"]  # none given: as is
    fast = parse_feed_fast(body, url)
    assert fast is not None and fast == parse_feed_with_feedparser(body, url)


def test_html_where_a_feed_was_expected() -> None:
    with pytest.raises(ParseError, match="HTML page"):
        parse_feed(b"<!DOCTYPE html><html><body>Sign in</body></html>", "https://x.example/")


def test_malformed_feed_is_read_with_a_warning() -> None:
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T & T</title>'
            b"<item><title>A</title><link>https://x.example/a</link></item></channel>")
    listing = parse_feed(body, "https://x.example/feed")
    assert [e.link for e in listing.entries] == ["https://x.example/a"]
    assert listing.warning.startswith("malformed feed")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_parse_feed_never_crashes_on_junk(body: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_feed(body, "https://x.example/feed")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_json_feed_never_crashes(text: str) -> None:
    body = ('{"version": "https://jsonfeed.org/version/1.1", "items": ' + text + "}").encode()
    with contextlib.suppress(ParseError):
        parse_feed(body, "https://x.example/feed")


def test_listing_page_links_match_pattern_once_each_in_order() -> None:
    html = """<html><head><title>早报 中国</title><base href="https://www.zaobao.com.sg/">
    </head><body><a href="realtime/china/story20220110-1231231">一</a>
    <a href="/realtime/china/story20220110-1231231#comments">一（评论）</a>
    <a href="https://www.zaobao.com.sg/realtime/china/story20220110-999">二</a>
    <a href="/realtime/world/story20220110-555">world</a><a href="javascript:void(0)">x</a>
    <a>no href</a></body></html>"""
    listing = discover_links(html, "https://www.zaobao.com.sg/realtime/china",
                             r"/realtime/china/story\d+-\d+")
    assert listing.title == "早报 中国"
    assert [(e.link, e.title) for e in listing.entries] == [
        ("https://www.zaobao.com.sg/realtime/china/story20220110-1231231", "一"),
        ("https://www.zaobao.com.sg/realtime/china/story20220110-999", "二"),
    ]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_discover_links_never_crashes(html: str) -> None:
    with contextlib.suppress(ParseError):
        discover_links(html, "https://x.example/", r".")
