"""net: the fetcher against real servers on 127.0.0.1, WARC capture and replay."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

import badserver
from badserver import fetch, settings
from newsmirror.errors import FetchError
from newsmirror.net import FetchResult, ReplayFetcher, Validators, WarcCapture
from servers import FixtureServer, Route


def replay(path: Path, url: str) -> FetchResult:
    async def go() -> FetchResult:
        async with ReplayFetcher([path]) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(go())


def test_redirects_are_followed_captured_and_replayed(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    server.routes["/old"] = Route(b"<a href=/new>moved</a>", status=301,
                                  headers={"Location": "/new", "Content-Type": "text/html"})
    server.routes["/new"] = Route(b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    capture = WarcCapture(tmp_path / "run.warc.gz")
    live = fetch(server.url("/old"), capture=capture)
    assert (live.status, live.final_url, live.body) == (200, server.url("/new"), b"<rss/>")
    with (tmp_path / "run.warc.gz").open("rb") as warc:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                    r.content_stream().read()) for r in ArchiveIterator(warc)]
    assert ("response", server.url("/old"), b"<a href=/new>moved</a>") in [
        (kind, uri, body) for kind, uri, body in records if kind == "response"]
    assert [kind for kind, _, _ in records].count("request") == 2  # both hops
    assert server.log[0].headers["User-Agent"].startswith("newsmirror/")
    again = replay(tmp_path / "run.warc.gz", server.url("/old"))
    assert (again.final_url, again.body, again.content_type) == (
        live.final_url, live.body, "application/rss+xml")
    assert again.fetched_at == live.fetched_at


def test_http_errors_carry_their_status(tmp_path: Path, server: FixtureServer) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/nowhere"), capture=WarcCapture(tmp_path / "c.warc.gz"))
    assert caught.value.status == 404 and str(caught.value) == "HTTP 404"
    with pytest.raises(FetchError) as replayed:
        replay(tmp_path / "c.warc.gz", server.url("/nowhere"))
    assert replayed.value.status == 404


def test_pinned_hosts_connect_to_their_address(server: FixtureServer) -> None:
    server.routes["/x"] = Route(b"pinned")
    config = settings(resolve={"news.example": f"127.0.0.1:{server.port}"})
    assert fetch("http://news.example/x", config).body == b"pinned"
    assert server.log[-1].host == "news.example"


def test_https_with_a_trusted_test_ca(tls_server: FixtureServer, ca_bundle: Path) -> None:
    tls_server.routes["/s"] = Route(b"secure")
    pins = {"news.example": f"127.0.0.1:{tls_server.port}"}
    trusted = settings(resolve=pins, ca_bundle=str(ca_bundle))
    assert fetch("https://news.example/s", trusted).body == b"secure"
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch("https://news.example/s", settings(resolve=pins))


def test_replay_of_an_unknown_url(tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/k"] = Route(b"known")
    fetch(server.url("/k"), capture=WarcCapture(tmp_path / "c.warc.gz"))
    with pytest.raises(FetchError, match="not in the replayed archive"):
        replay(tmp_path / "c.warc.gz", server.url("/unknown"))


def warc_records(path: Path) -> list[tuple[str, str, int | None, dict[str, str]]]:
    """(type, target URL, status, HTTP headers) of every record."""
    found = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            headers = record.http_headers
            status = headers.get_statuscode() if record.rec_type == "response" else None
            found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                          int(status) if status else None,
                          dict(headers.headers) if headers is not None else {}))
    return found


def test_every_hop_is_captured_with_its_request(tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    fetch(server.url("/old"), capture=WarcCapture(tmp_path / "run.warc.gz"),
          validators=Validators(etag='"v1"'))
    records = warc_records(tmp_path / "run.warc.gz")
    assert [(kind, url, status) for kind, url, status, _ in records] == [
        ("response", server.url("/old"), 301), ("request", server.url("/old"), None),
        ("response", server.url("/new"), 200), ("request", server.url("/new"), None)]
    request = records[3][3]
    assert request["If-None-Match"] == '"v1"' and request["User-Agent"].startswith("newsmirror/")
    assert request["Host"] == f"127.0.0.1:{server.port}"


def test_a_304_is_a_result_with_the_validators(server: FixtureServer) -> None:
    server.routes["/feed.xml"] = badserver.conditional(b"<rss/>", '"abc"',
                                                       "Mon, 05 Jan 2026 10:00:00 GMT")
    first = fetch(server.url("/feed.xml"), expect="feed")
    assert (first.status, first.not_modified, first.body) == (200, False, b"<rss/>")
    assert first.validators == Validators('"abc"', "Mon, 05 Jan 2026 10:00:00 GMT")
    again = fetch(server.url("/feed.xml"), expect="feed", validators=first.validators)
    assert (again.status, again.not_modified, again.body) == (304, True, b"")
    # The server renewed only the ETag: the Last-Modified sent is kept.
    assert again.validators == first.validators
    sent = server.log[-1].headers
    assert sent["If-None-Match"] == '"abc"'
    assert sent["If-Modified-Since"] == "Mon, 05 Jan 2026 10:00:00 GMT"
    assert "If-None-Match" not in server.log[0].headers


def test_replay_answers_304_when_the_validators_match(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    server.routes["/feed.xml"] = badserver.conditional(b"<rss/>", '"abc"', "")
    capture = tmp_path / "c.warc.gz"
    first = fetch(server.url("/feed.xml"), capture=WarcCapture(capture))
    fetch(server.url("/feed.xml"), capture=WarcCapture(capture), validators=first.validators)

    async def go() -> list[FetchResult]:
        async with ReplayFetcher([capture]) as fetcher:
            return [await fetcher.fetch(server.url("/feed.xml"), expect="feed", proxy="x",
                                        robots=True),
                    await fetcher.fetch(server.url("/feed.xml"), validators=first.validators)]
    full, unchanged = asyncio.run(go())
    assert full.body == b"<rss/>"  # the later 304 does not hide the whole response
    assert unchanged.not_modified and unchanged.body == b""


def test_replay_keeps_the_redirect_chain(tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/old"] = Route(status=308, headers={"Location": "/new"})
    server.routes["/new"] = Route(b"moved")
    fetch(server.url("/old"), capture=WarcCapture(tmp_path / "c.warc.gz"))
    again = replay(tmp_path / "c.warc.gz", server.url("/old"))
    assert again.moved_permanently and again.final_url == server.url("/new")


def test_replay_checks_what_was_expected(tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/feed"] = Route(b"<html><body>blocked</body></html>",
                                   headers={"Content-Type": "text/html"})
    fetch(server.url("/feed"), capture=WarcCapture(tmp_path / "c.warc.gz"))

    async def go() -> FetchResult:
        async with ReplayFetcher([tmp_path / "c.warc.gz"]) as fetcher:
            return await fetcher.fetch(server.url("/feed"), expect="feed")
    with pytest.raises(FetchError, match="expected a feed, got an HTML page"):
        asyncio.run(go())
