"""URLs, dates and encodings: the small helpers every stage relies on."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmirror.dates import iso, parse_date
from newsmirror.text.encoding import decode
from newsmirror.urls import (
    absolutize,
    article_id,
    canonical_url,
    leads_home,
    slug,
    without_scheme,
)

FIXTURES = Path(__file__).parent / "fixtures"
CHINESE = "中国新闻：镕基访问台湾，喆与堃同行。繁體字測試：臺灣與香港的新聞。" * 3


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://Www.Example.COM:443/a/%e4%b8%ad?utm_source=rss&id=3#frag",
     "https://www.example.com/a/%E4%B8%AD?id=3"),
    ("http://example.com", "http://example.com/"),
    ("http://example.com:8080/x?b=2&a=1&fbclid=z", "http://example.com:8080/x?b=2&a=1"),
])
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_article_id_is_sha256_prefix_of_canonical_url() -> None:
    assert article_id("https://www.epochtimes.com/gb/22/1/10/n13495457.htm") == "166485dca854da74"
    assert article_id("https://www.epochtimes.com/gb/22/1/10/n13495457.htm?utm_medium=x") == \
        "166485dca854da74"


@given(st.text())
def test_canonical_url_is_idempotent(path: str) -> None:
    url = "https://example.com/" + path.replace("#", "")
    try:
        once = canonical_url(url)
    except ValueError:
        return
    assert canonical_url(once) == once


def test_slug_and_scheme() -> None:
    assert slug("https://www.epochtimes.com/gb/22/1/10/n13495457.htm") == "n13495457"
    assert slug("https://www.dw.com/zh/title/a-60376336") == "a-60376336"
    assert without_scheme("https://static.dw.com/i/1.jpg?x=1") == "static.dw.com/i/1.jpg?x=1"


@pytest.mark.parametrize(("text", "zone", "expected"), [
    ("Mon, 10 Jan 2022 05:17:03 GMT", UTC, datetime(2022, 1, 10, 5, 17, 3, tzinfo=UTC)),
    ("2022-01-10T21:21:09-05:00", UTC, datetime(2022, 1, 11, 2, 21, 9, tzinfo=UTC)),
    ("2022-01-10T04:58:40.481Z", UTC, datetime(2022, 1, 10, 4, 58, 40, 481000, tzinfo=UTC)),
    ("2022年1月10日 21:21", ZoneInfo("Asia/Shanghai"), datetime(2022, 1, 10, 13, 21, tzinfo=UTC)),
    ("更新 2022-01-10 9:21 PM", timezone(timedelta(hours=-5)),
     datetime(2022, 1, 11, 2, 21, tzinfo=UTC)),
    ("2022/01/10", UTC, datetime(2022, 1, 10, tzinfo=UTC)),
    ("", UTC, None), ("no date here", UTC, None), ("1970-01-01", UTC, None),
])
def test_parse_date(text: str, zone: object, expected: datetime | None) -> None:
    assert parse_date(text, zone) == expected  # type: ignore[arg-type]
    assert iso(parse_date(text, zone)) == iso(expected)  # type: ignore[arg-type]


@given(st.text(max_size=60))
def test_parse_date_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or result.tzinfo is not None


@pytest.mark.parametrize(("encoding", "content_type", "declared_in_page"), [
    ("gbk", "text/html; charset=utf-8", ""),  # the header lies
    ("gb18030", "text/html", '<meta charset="gb2312">'),  # declared a subset
    ("big5", "text/html", ""),  # undeclared
    ("big5", "text/html; charset=iso-8859-1", ""),  # a Latin default that lies
    ("utf-8", "text/html; charset=gbk", ""),  # UTF-8 bytes, GBK declared
    ("utf-16", "text/html", ""),  # BOM
])
def test_decode_gets_the_text_right(encoding: str, content_type: str,
                                    declared_in_page: str) -> None:
    text = CHINESE if encoding not in ("gbk", "big5") else _representable(CHINESE, encoding)
    page = f"<html><head>{declared_in_page}<title>t</title></head><body><p>{text}</p></body></html>"
    decoded, _ = decode(page.encode(encoding), content_type)
    assert text in decoded


def test_latin_pages_stay_latin() -> None:
    decoded, used = decode("<p>Café – naïve</p>".encode("cp1252"), "text/html; charset=iso-8859-1")
    assert decoded == "<p>Café – naïve</p>" and used == "cp1252"


def _representable(text: str, encoding: str) -> str:
    return "".join(ch for ch in text if _encodes(ch, encoding))


def _encodes(ch: str, encoding: str) -> bool:
    try:
        codecs.encode(ch, encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_raw_and_escaped_spellings_of_an_address_are_one_article() -> None:
    assert canonical_url("https://example.com/a b? ") == "https://example.com/a%20b"
    assert article_id("https://www.dw.com/zh/美俄/a-1") == article_id(
        "https://www.dw.com/zh/%E7%BE%8E%E4%BF%84/a-1")


def test_undeclared_gbk_that_a_detector_takes_for_cyrillic_is_read_as_gb18030() -> None:
    # charset-normalizer names this page (no charset anywhere) ptcp154.
    page = (FIXTURES / "pages" / "cwce" / "6dc2d508-abb9-467c-bbea-1fedfcec5f9d.html")
    decoded, used = decode(page.read_bytes())
    assert used == "gb18030"
    assert "中国革命历史巨作" in decoded


def test_undeclared_cyrillic_stays_cyrillic() -> None:
    text = "Привет, как дела? Это обычный русский текст о погоде и новостях. " * 20
    decoded, used = decode(text.encode("cp1251"))
    assert decoded == text and used == "cp1251"


@pytest.mark.parametrize(("raw", "escaped"), [
    ('<!--<script>--><a href="', "https://news.example/a/%3C!--%3Cscript%3E--%3E%3Ca%20href=%22"),
    ("/a b`c", "https://news.example/a%20b%60c"),
])
def test_absolute_urls_carry_no_raw_markup_characters(raw: str, escaped: str) -> None:
    assert absolutize(raw, "https://news.example/a/") == escaped


@pytest.mark.parametrize(("url", "final", "home"), [
    ("https://x.org/news/2022/01/story.html", "https://x.org/", True),
    ("https://x.org/news/2022/01/story.html", "https://www.x.org/index.html", True),
    ("https://x.org/news/2022/01/story.html", "https://x.org/news/", True),
    ("https://x.org/news/2022/01/story.html", "https://x.org/news/2022/01/story-2.html", False),
    ("http://x.org/a/story.html", "https://x.org/a/story.html", False),
    ("https://x.org/gb/22/1/10/n1.htm", "https://x.org/gb/22/1/10/n1.html", False),
])
def test_a_redirect_to_a_home_or_section_page(url: str, final: str, home: bool) -> None:
    assert leads_home(url, final) is home
