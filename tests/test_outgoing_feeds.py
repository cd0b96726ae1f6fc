"""Outgoing feeds (Atom, RSS 2.0, JSON Feed 1.1): each parsed back to the same articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Any

import feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from newsmirror.ingest.jsonfeed import parse_json_feed
from newsmirror.publish import SitePublisher, SiteSettings, SourcePage
from newsmirror.store import StoredArticle
from newsmirror.syndication import FeedEntry, FeedInfo, atom_feed, json_feed, rss_feed

WHEN = datetime(2022, 1, 11, 2, 21, 9, tzinfo=UTC)
EDITED = WHEN + timedelta(hours=5)
BASE = "https://mirror.example/news/"
BEIJING = timezone(timedelta(hours=8))


def stored(number: int, **changes: object) -> StoredArticle:
    values: dict[str, object] = dict(
        id=f"{number:016x}", source="dw", url=f"https://dw.example/a/{number}",
        title=f"标题 {number}", html=f"<p>正文 {number}，北约。</p>", text=f"正文 {number}，北约。",
        author="", published=WHEN.astimezone(BEIJING), first_seen=WHEN, path_date=WHEN,
        lead_image="", caption="", lead_image_in_body=False, revision=1, fetched_at=WHEN)
    values.update(changes)
    return StoredArticle(**values)  # type: ignore[arg-type]


ARTICLES = [
    stored(1, title='<script>alert(1)</script> & "quotes"', author="记者 <b>王</b>",
           revision=2, fetched_at=EDITED),
    stored(2, lead_image="https://img.example/l.jpg?a=1&b=2", caption="图：<i>说明</i>"),
    stored(3, removed_at=EDITED),
]


def publish(tmp_path: Path, base_url: str = "", **source: Any) -> Path:
    site = SiteSettings(title="镜像", base_url=base_url)
    pages = {"dw": SourcePage(name="dw", title="德国之声", **source)}
    SitePublisher(tmp_path, site, pages).publish(ARTICLES)
    return tmp_path


def parsed(path: Path) -> Any:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_atom_and_rss_parse_back_to_the_same_articles(tmp_path: Path) -> None:
    out = publish(tmp_path, BASE)
    for name in ("atom.xml", "rss.xml"):
        for path in (out / name, out / "dw" / name):
            feed = parsed(path)
            entries = feed.entries
            assert [e.title for e in entries] == [a.title for a in ARTICLES]
            assert [e.id for e in entries] == [a.url for a in ARTICLES]
            assert entries[0].link == f"{BASE}dw/2022/01/11/{ARTICLES[0].id}.md"
            assert entries[0].author == "记者 <b>王</b>"
            # the revision time is `updated`; the first publication `published`
            assert entries[0].updated_parsed[:6] == EDITED.timetuple()[:6]
            assert entries[1].updated_parsed[:6] == WHEN.timetuple()[:6]
            assert entries[0].published_parsed[:6] == WHEN.timetuple()[:6]
            content = entries[1].content[0].value
            assert "正文 2，北约。" in content
            assert 'src="https://img.example/l.jpg?a=1&amp;b=2"' in content
            assert "图：&lt;i&gt;说明&lt;/i&gt;" in content
            assert "原文已被删除" in entries[2].content[0].value
    assert parsed(out / "atom.xml").feed.title == "镜像"
    assert parsed(out / "dw" / "rss.xml").feed.title == "德国之声"
    assert parsed(out / "dw" / "atom.xml").feed.links[0].href == f"{BASE}dw/atom.xml"


def test_json_feed_reads_back_and_has_the_fields_of_the_1_1_spec(tmp_path: Path) -> None:
    out = publish(tmp_path, BASE)
    raw = (out / "dw" / "feed.json").read_bytes()
    listing = parse_json_feed(raw, BASE)
    assert [e.title for e in listing.entries] == [a.title for a in ARTICLES]
    assert listing.entries[0].author == "记者 <b>王</b>"
    assert "正文 1" in listing.entries[0].content_html
    document = json.loads(raw)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == f"{BASE}dw/feed.json"
    assert document["home_page_url"] == f"{BASE}dw/README.md"
    assert isinstance(document["title"], str) and document["language"]
    assert all(set(author) == {"name"} for author in document["authors"])
    item_keys = {"id", "url", "external_url", "title", "content_html", "content_text",
                 "summary", "image", "banner_image", "date_published", "date_modified",
                 "authors", "tags", "language", "attachments"}
    for item, article in zip(document["items"], ARTICLES, strict=True):
        assert set(item) <= item_keys
        assert isinstance(item["id"], str) and item["id"] == article.url
        assert item["url"].startswith(BASE) and item["external_url"] == article.url
        assert "content_html" in item or "content_text" in item
        for key in ("date_published", "date_modified"):
            datetime.fromisoformat(item[key])  # RFC 3339
    assert document["items"][0]["date_modified"] == "2022-01-11T07:21:09Z"
    assert document["items"][0]["date_published"] == "2022-01-11T10:21:09+08:00"
    assert document["items"][1]["image"] == "https://img.example/l.jpg?a=1&b=2"


def test_without_base_url_entries_link_to_the_originals(tmp_path: Path) -> None:
    out = publish(tmp_path)
    feed = parsed(out / "rss.xml")
    assert [e.link for e in feed.entries] == [a.url for a in ARTICLES]
    document = json.loads((out / "feed.json").read_bytes())
    assert "feed_url" not in document and "external_url" not in document["items"][0]


def test_images_go_through_the_proxy_when_the_source_says_so(tmp_path: Path) -> None:
    out = publish(tmp_path, BASE, images="proxy")
    content = parsed(out / "dw" / "atom.xml").entries[1].content[0].value
    assert "images.weserv.nl/?url=img.example" in content


def test_local_image_copies_are_given_by_their_address_under_base_url(tmp_path: Path) -> None:
    copy = PurePosixPath("media/ab/" + "ab" * 32 + ".jpg")
    images = {"https://img.example/l.jpg?a=1&b=2": copy}
    for base, expected in ((BASE, BASE + str(copy)), ("", "https://img.example/l.jpg")):
        site = SiteSettings(base_url=base)
        pages = {"dw": SourcePage(name="dw", title="D", images="local")}
        SitePublisher(tmp_path, site, pages, images=images).publish(ARTICLES)
        content = parsed(tmp_path / "dw" / "atom.xml").entries[1].content[0].value
        assert f'src="{expected}' in content


def test_feeds_are_written_again_only_when_they_change(tmp_path: Path) -> None:
    publish(tmp_path, BASE)
    again = SitePublisher(tmp_path, SiteSettings(title="镜像", base_url=BASE), {
        "dw": SourcePage(name="dw", title="德国之声")}).publish(ARTICLES)
    assert again.written == []


text = st.text(st.characters(codec="utf-8"), max_size=40)
# printable, without white space at either end: what feedparser gives back as it was
printable = st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S"]),
                    min_size=1, max_size=40)


def one_entry(title: str, author: str = "", body: str = "") -> tuple[FeedInfo, list[FeedEntry]]:
    entry = FeedEntry(id="https://a.example/1", link="https://a.example/1",
                      original="https://a.example/1", title=title, content_html=body,
                      summary=body, published=WHEN, updated=WHEN, author=author)
    return FeedInfo(id="urn:x", title=title, language="zh-Hans"), [entry]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, author=text, body=text)
def test_any_text_gives_a_well_formed_feed(title: str, author: str, body: str) -> None:
    # control characters and lone surrogates, which XML cannot hold, are left out
    info, entries = one_entry(title, author, body)
    for write in (atom_feed, rss_feed):
        feed = feedparser.parse(write(info, entries))
        assert not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == 1
    document = json.loads(json_feed(info, entries))
    assert document["items"][0]["title"] == title


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(title=printable, author=printable)
def test_titles_and_authors_read_back_as_they_were_written(title: str, author: str) -> None:
    # read with a strict XML parser: feedparser "repairs" text that looks like UTF-8 read
    # as Latin-1 ("Â¡" → "¡"), on the reader's side, whatever the feed says
    info, entries = one_entry(title, author, "<p>x</p>")
    atom = etree.fromstring(atom_feed(info, entries))
    spaces = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"}
    assert atom.xpath("string(a:entry/a:title)", namespaces=spaces) == title
    assert atom.xpath("string(a:entry/a:author/a:name)", namespaces=spaces) == author
    rss = etree.fromstring(rss_feed(info, entries))
    assert rss.xpath("string(channel/item/title)") == title
    assert rss.xpath("string(channel/item/dc:creator)", namespaces=spaces) == author
    item = parse_json_feed(json_feed(info, entries), "https://a.example/").entries[0]
    assert item.author == author and item.title == " ".join(title.split())
