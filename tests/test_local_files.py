"""Fetched bytes never name a local file or another URL: a feed or subscription list
whose body is a path or an address is read as a document (and refused as one), never
opened or fetched by the parser behind the fetcher's guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.feedcompare import parse_feed_with_feedparser

from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.config.opml import read_opml
from newsmirror.errors import ParseError
from newsmirror.ingest import parse_feed
from newsmirror.pipeline import run_mirror
from servers import FixtureServer, Route
from test_failures import RSS

LOCAL_FEED = Path(__file__).parent / "fixtures" / "feeds" / "rss20-fulltext.xml"
LOCAL_OPML = Path(__file__).parent / "fixtures" / "opml"


@pytest.mark.parametrize("body", [
    str(LOCAL_FEED).encode(), LOCAL_FEED.as_uri().encode(), b"  " + str(LOCAL_FEED).encode(),
])
@pytest.mark.parametrize("parse", [parse_feed, parse_feed_with_feedparser])
def test_a_feed_body_that_names_a_local_file_is_not_that_file(body: bytes, parse: object
                                                               ) -> None:
    assert callable(parse)
    with pytest.raises(ParseError):
        parse(body, "https://news.example/feed")


def test_a_feed_body_that_is_an_address_is_not_fetched(server: FixtureServer) -> None:
    server.routes["/other.xml"] = Route(LOCAL_FEED.read_bytes(), headers=RSS)
    with pytest.raises(ParseError):
        parse_feed(server.url("/other.xml").encode(), server.url("/feed.xml"))
    assert server.log == []


def test_a_server_cannot_make_a_run_archive_a_local_file(tmp_path: Path,
                                                         server: FixtureServer) -> None:
    server.routes["/path.xml"] = Route(str(LOCAL_FEED).encode(), headers=RSS)
    server.routes["/url.xml"] = Route(server.url("/other.xml").encode(), headers=RSS)
    server.routes["/other.xml"] = Route(LOCAL_FEED.read_bytes(), headers=RSS)
    toml = (f"[network]\n{LOCAL_NETWORK}\n"
            f'[[sources]]\nname = "path"\nurl = "{server.url("/path.xml")}"\n\n'
            f'[[sources]]\nname = "url"\nurl = "{server.url("/url.xml")}"\n')
    mirror = make_mirror(tmp_path / "m", toml)
    report = run_mirror(mirror)
    assert all(source.failed and source.new_articles == 0 for source in report.sources)
    assert server.requests_for("/other.xml") == []
    assert not list((mirror.output).rglob("*/20*/**/*.md"))


def test_a_subscription_list_that_names_a_file_or_an_address_is_not_read_from_it(
        server: FixtureServer) -> None:
    opml = next(LOCAL_OPML.glob("*.opml"))
    server.routes["/list.opml"] = Route(opml.read_bytes(), headers={"Content-Type": "text/xml"})
    for body in (str(opml).encode(), server.url("/list.opml").encode()):
        with pytest.raises(ParseError):
            read_opml(body)
    assert server.log == []
