"""The fast path of feed parsing: feedparser's answers, or none at all.

Every check compares the fast path with feedparser itself: on the project's feed fixtures,
on files copied from feedparser's own test suite, and on feeds hypothesis writes.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bench.feedcompare import differences, parse_feed_fast, parse_feed_with_feedparser, read_fields
from feedparser.datetimes import _parse_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmirror.errors import ParseError
from newsmirror.ingest.fastpath import parse_fast
from newsmirror.ingest.fastpath.dates import parse_date
from newsmirror.ingest.fastpath.values import may_hold_c1
from newsmirror.ingest.feeds import parse_feed
from test_plainurls import HTML, TEXT, URLS

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FILES = sorted(p for p in FEEDS.rglob("*.xml"))
URL = "http://127.0.0.1:8097/tests/feed.xml"
_HEADER = re.compile(r"^Header:\s*([^:\n]+):\s*(.*?)\s*$", re.MULTILINE)
# feedparser reads these, the fast path leaves them to it: not well-formed, UTF-16, a
# DOCTYPE, markup inside a text element.
DEFERRED = {"illformed-aaa_illformed.xml", "illformed-rss_item_link_corrupted_ampersands.xml",
            "encoding-utf-16le-bom.xml", "rss091.xml", "atom10-entry_content_inline_markup.xml",
            "base-entry_content_xml_base_inherit_2.xml"}


def _headers(body: bytes) -> dict[str, str]:
    head = body[:2048].decode("latin-1")
    return {name.strip().lower(): value for name, value in _HEADER.findall(head)}


def _feedparser_entries(body: bytes, url: str, headers: dict[str, str]) -> list[Any]:
    content_type = headers.get("content-type") or "application/xml"
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False,
                              response_headers={"content-location": url,
                                                "content-type": content_type})
    return list(parsed.entries)


def assert_same_as_feedparser(body: bytes, url: str = URL,
                              headers: dict[str, str] | None = None) -> bool:
    """Fast path and feedparser agree; returns whether the fast path took the feed."""
    headers = headers or {}
    try:
        expected = parse_feed_with_feedparser(body, url, headers)
    except ParseError:
        with pytest.raises(ParseError):
            parse_feed(body, url, headers)
        return parse_feed_fast(body, url, headers) is not None
    assert differences(parse_feed(body, url, headers), expected) == []
    fast = parse_feed_fast(body, url, headers)
    if fast is None:
        return False
    assert differences(fast, expected) == []
    raw = parse_fast(body, url, headers.get("content-type") or "application/xml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # feedparser's updated_parsed
        mine = [read_fields(entry) for entry in raw.entries]
        theirs = [read_fields(entry) for entry in _feedparser_entries(body, url, headers)]
    assert mine == theirs
    return True


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fixture_feeds_read_as_feedparser_reads_them(path: Path) -> None:
    body = path.read_bytes()
    fast = assert_same_as_feedparser(body, URL, _headers(body))
    assert fast == (path.name not in DEFERRED)


def test_complete_result_matches_feedparser_beyond_what_newsmirror_reads() -> None:
    body = (FEEDS / "feedparser" / "rss-item_enclosure_multiple.xml").read_bytes()
    mine = parse_fast(body, URL, complete=True)
    theirs = feedparser.parse(body, sanitize_html=False, response_headers={
        "content-location": URL, "content-type": "application/xml"})
    assert mine.version == theirs.version == "rss20"
    assert mine.entries == theirs.entries
    assert mine.feed == theirs.feed


@pytest.mark.parametrize("attributes", ['xml:lang="en"', 'foo:bar="1"', 'plain="2"',
                                        'xml:lang="en" lang="fr"', 'foo:Bar="1" bar="2"'])
def test_attributes_are_named_as_feedparser_names_them(attributes: str) -> None:
    """Under a known prefix (else the local name), then as written: ``foo:bar`` is both
    ``bar`` and ``foo:bar``, ``xml:lang`` only ``xml:lang``."""
    body = ('<?xml version="1.0"?><rss version="2.0" xmlns:foo="http://foo.example/" '
            'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><title>t'
            f"</title><item><feedburner:origLink {attributes}>https://x.example/</feedburner:"
            f"origLink><foo:thing {attributes}>x</foo:thing></item></channel></rss>").encode()
    mine = parse_fast(body, URL, complete=True)
    theirs = feedparser.parse(body, sanitize_html=False, response_headers={
        "content-location": URL, "content-type": "application/xml"})
    assert mine is not None and mine.entries == theirs.entries
    assert_same_as_feedparser(body)


@pytest.mark.parametrize(("content_type", "declared", "taken"), [
    ("application/xml", "utf-8", True),
    ("application/rss+xml; charset=gb2312", "utf-8", False),  # the bytes are UTF-8
    ("text/html", "utf-8", False),  # feedparser flags the media type
    ("text/xml", "utf-8", False),  # RFC 3023: us-ascii, which these bytes are not
])
def test_encoding_decided_as_feedparser_decides(content_type: str, declared: str,
                                               taken: bool) -> None:
    body = (f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel>'
            "<title>新闻</title><item><title>标题</title><link>https://x.example/1</link>"
            "</item></channel></rss>").encode()
    headers = {"content-type": content_type}
    assert assert_same_as_feedparser(body, URL, headers) == taken


def test_gbk_bytes_beyond_gbk_are_read_as_gb18030() -> None:
    text = '<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>t</title>'
    body = (text + "<item><title>\u9fa6</title><link>https://x.example/1</link></item>"
            "</channel></rss>").encode("gb18030")
    listing = parse_feed_fast(body, URL)
    assert listing is not None and listing.entries[0].title == "\u9fa6"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf_16_and_32_with_a_byte_order_mark_are_left_to_feedparser(codec: str) -> None:
    # feedparser warns that such a document "declared as utf-8" was read otherwise
    text = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>标题</title><link>https://x.example/1</link></item></channel></rss>")
    body = "\ufeff".encode(codec) + text.encode(codec)
    assert assert_same_as_feedparser(body) is False


def test_doctype_and_entities_are_left_to_feedparser() -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0">'
            b"<channel><title>&x;</title></channel></rss>")
    assert parse_fast(body, URL) is None
    assert parse_feed(body, URL).title == "y"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_fast_path_never_raises(body: bytes) -> None:
    result = parse_fast(body, URL)
    assert result is None or "entries" in result


# Feeds written by hypothesis: the elements real feeds use, in any order and number.
_TEXT = TEXT
_URL = URLS
_DATE = st.sampled_from([
    "Mon, 16 Mar 2015 08:08:07 GMT", "16 Mar 2015 08:08:07 +0800", "Tue, 1 Feb 2005 1:2:3 EST",
    "2015-03-16T08:08:07Z", "2015-03-16T08:08:07.5-05:30", "2015-03-16", "yesterday", "",
    "Mon, 31 Feb 2015 08:08:07 GMT", "2015-03-16 08:08:07"])
_TYPE = st.sampled_from(["", ' type="html"', ' type="text"', ' type="text/plain"',
                         ' type="xhtml"', ' type="image/png"'])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _html() -> st.SearchStrategy[str]:
    return HTML


_RSS_CHILD = st.one_of(
    _TEXT.map(lambda t: f"<title>{_escape(t)}</title>"),
    _html().map(lambda h: f"<title>{_escape(h)}</title>"),
    _URL.map(lambda u: f"<link>{_escape(u)}</link>"),
    st.tuples(_URL, st.sampled_from(["", ' isPermaLink="false"', ' isPermaLink="true"'])).map(
        lambda g: f"<guid{g[1]}>{_escape(g[0])}</guid>"),
    _html().map(lambda h: f"<description>{_escape(h)}</description>"),
    _html().map(lambda h: f"<content:encoded><![CDATA[{h.replace(']]>', '')}]]></content:encoded>"),
    _DATE.map(lambda d: f"<pubDate>{d}</pubDate>"),
    _DATE.map(lambda d: f"<dc:date>{d}</dc:date>"),
    _TEXT.map(lambda t: f"<dc:creator>{_escape(t)}</dc:creator>"),
    st.sampled_from(["<author>a@b.example (Ann)</author>", "<category>c</category>",
                     "<comments>http://x.example/c</comments>", "<foo:bar>x</foo:bar>",
                     "<source url=\"http://s.example/\">S</source>", "<media:title>m</media:title>",
                     '<atom:link rel="alternate" href="/alt"/>']),
    _URL.map(lambda u: f'<enclosure url="{_attribute(u)}" type="image/jpeg" length="1"/>'),
    _URL.map(lambda u: f'<media:content url="{_attribute(u)}" medium="image"/>'),
    _URL.map(lambda u: f'<media:thumbnail url="{_attribute(u)}"/>'),
    st.tuples(_URL, st.sampled_from(["", ' xml:lang="en"'])).map(
        lambda o: f"<feedburner:origLink{o[1]}>{_escape(o[0])}</feedburner:origLink>"),
)
_ATOM_CHILD = st.one_of(
    st.tuples(_TYPE, _TEXT).map(lambda t: f"<title{t[0]}>{_escape(t[1])}</title>"),
    st.tuples(_URL, st.sampled_from(["", ' rel="alternate"', ' rel="enclosure" type="image/png"',
                                     ' rel="related"', ' type="text/html"'])).map(
        lambda link: f'<link href="{_attribute(link[0])}"{link[1]}/>'),
    _URL.map(lambda u: f"<id>{_escape(u)}</id>"),
    _DATE.map(lambda d: f"<updated>{d}</updated>"),
    _DATE.map(lambda d: f"<published>{d}</published>"),
    st.tuples(_TYPE, _html()).map(lambda s: f"<summary{s[0]}>{_escape(s[1])}</summary>"),
    st.tuples(_TYPE, _html()).map(lambda s: f"<content{s[0]}>{_escape(s[1])}</content>"),
    st.sampled_from(["<author><name>Ann</name><email>a@b.example</email></author>",
                     "<author><name>Bo</name></author>", "<category term=\"t\"/>",
                     "<author><uri>http://u.example/</uri></author>",
                     "<media:thumbnail url=\"http://m.example/t.jpg\"/>"]),
    _URL.map(lambda u: f"<feedburner:origLink>{_escape(u)}</feedburner:origLink>"),
)
_NAMESPACES = ('xmlns:dc="http://purl.org/dc/elements/1.1/" '
               'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
               'xmlns:media="http://search.yahoo.com/mrss/" xmlns:foo="http://foo.example/" '
               'xmlns:atom="http://www.w3.org/2005/Atom" '
               'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"')


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_RSS_CHILD, max_size=8), min_size=1, max_size=3), _TEXT)
def test_generated_rss_reads_as_feedparser_reads_it(items: list[list[str]], title: str) -> None:
    body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {_NAMESPACES}>'
            f"<channel><title>{_escape(title)}</title>"
            + "".join(f"<item>{''.join(children)}</item>" for children in items)
            + "</channel></rss>").encode()
    assert_same_as_feedparser(body, "https://feeds.example/news/rss.xml")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_ATOM_CHILD, max_size=8), min_size=1, max_size=3), _TEXT)
def test_generated_atom_reads_as_feedparser_reads_it(entries: list[list[str]],
                                                     title: str) -> None:
    body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" '
            f'xmlns:media="http://search.yahoo.com/mrss/"><title>{_escape(title)}</title>'
            + "".join(f"<entry>{''.join(children)}</entry>" for children in entries)
            + "</feed>").encode()
    assert_same_as_feedparser(body, "https://feeds.example/atom")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_RSS_CHILD, max_size=6), min_size=1, max_size=2))
def test_generated_rss_10_reads_as_feedparser_reads_it(items: list[list[str]]) -> None:
    body = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/" {_NAMESPACES}><channel rdf:about="x">'
            "<title>t</title></channel>"
            + "".join(f'<item rdf:about="http://x.example/{i}">{"".join(children)}</item>'
                      for i, children in enumerate(items))
            + "</rdf:RDF>").encode()
    assert_same_as_feedparser(body, "https://feeds.example/rdf")


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
       st.sampled_from(["%a, %d %b %Y %H:%M:%S", "%d %b %Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                        "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d", "%a, %d %b %Y"]),
       st.sampled_from([" GMT", " UT", " +0800", " -0530", " EST", "Z", "+08:00", "-05:30",
                        "", " +08:00"]))
def test_dates_parse_as_feedparser_parses_them(moment: datetime, form: str, zone: str) -> None:
    value = moment.strftime(form) + zone
    assert parse_date(value) == _parse_date(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10000), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
       st.integers(0, 61), st.sampled_from(["Z", "+00:00", "-05:30", "+24:00", "+99:99", " GMT",
                                            " +0800"]), st.booleans())
def test_dates_out_of_range_parse_as_feedparser_parses_them(
        year: int, month: int, day: int, hour: int, second: int, zone: str, w3c: bool) -> None:
    months = ["Xxx", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
              "Nov", "Dec", "Yyy"]
    value = (f"{year:04}-{month:02}-{day:02}T{hour:02}:07:{second:02}{zone.strip()}" if w3c
             else f"{day} {months[month]} {year:04} {hour:02}:07:{second:02}{zone}")
    assert parse_date(value) == _parse_date(value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_date_text_parses_as_feedparser_parses_it(value: str) -> None:
    assert parse_date(value) == _parse_date(value)


@pytest.mark.parametrize(("data", "c1"), [
    (b"a\xc2\x85b", True), (b"a\xc2\xa0\xc2\xb7", False), (b"x&#150;y", True),
    (b"#x&#x96;", True), (b"&#0159;", True), (b"&#12288;#", False), (b"\xc2", False), (b"", False),
])
def test_c1_controls_are_noticed(data: bytes, c1: bool) -> None:
    assert may_hold_c1(data) == c1
