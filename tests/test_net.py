"""net: the fetcher against real servers on 127.0.0.1, WARC capture and replay."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsmirror.errors import FetchError
from newsmirror.net import FetchResult, FetchSettings, HttpFetcher, ReplayFetcher, WarcCapture
from servers import FixtureServer, Route


def fetch(url: str, settings: FetchSettings | None = None,
          capture: WarcCapture | None = None) -> FetchResult:
    async def go() -> FetchResult:
        async with HttpFetcher(settings or FetchSettings(timeout=5), capture) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(go())


def replay(path: Path, url: str) -> FetchResult:
    async def go() -> FetchResult:
        async with ReplayFetcher([path]) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(go())


def test_redirects_are_followed_captured_and_replayed(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    capture = WarcCapture(tmp_path / "run.warc.gz")
    live = fetch(server.url("/old"), capture=capture)
    assert (live.status, live.final_url, live.body) == (200, server.url("/new"), b"<rss/>")
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


def test_a_body_over_the_limit_is_refused_while_streaming(server: FixtureServer) -> None:
    def endless() -> Iterator[bytes]:
        return itertools.repeat(b"x" * 65536)
    server.routes["/endless"] = Route(chunks=endless)
    server.routes["/declared"] = Route(b"x" * 10, headers={"Content-Length": str(10 ** 10)},
                                       reset_after=10)
    settings = FetchSettings(timeout=5, max_bytes=1_000_000)
    with pytest.raises(FetchError, match="over the limit of 1,000,000"):
        fetch(server.url("/endless"), settings)
    with pytest.raises(FetchError, match="10,000,000,000 bytes is over the limit"):
        fetch(server.url("/declared"), settings)


def test_slow_headers_time_out(server: FixtureServer) -> None:
    server.routes["/slow"] = Route(b"late", delay=3)
    with pytest.raises(FetchError, match="timed out"):
        fetch(server.url("/slow"), FetchSettings(timeout=0.5))


def test_connection_reset_mid_body(server: FixtureServer) -> None:
    server.routes["/reset"] = Route(b"y" * 5000, reset_after=100)
    with pytest.raises(FetchError, match="network error"):
        fetch(server.url("/reset"))


def test_redirect_loops_end(server: FixtureServer) -> None:
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="more than 10 redirects"):
        fetch(server.url("/a"))


def test_pinned_hosts_connect_to_their_address(server: FixtureServer) -> None:
    server.routes["/x"] = Route(b"pinned")
    settings = FetchSettings(timeout=5, resolve={"news.example": f"127.0.0.1:{server.port}"})
    assert fetch("http://news.example/x", settings).body == b"pinned"
    assert server.log[-1].host == "news.example"


def test_https_with_a_trusted_test_ca(tls_server: FixtureServer, ca_bundle: Path) -> None:
    tls_server.routes["/s"] = Route(b"secure")
    pins = {"news.example": f"127.0.0.1:{tls_server.port}"}
    trusted = FetchSettings(timeout=5, resolve=pins, ca_bundle=str(ca_bundle))
    assert fetch("https://news.example/s", trusted).body == b"secure"
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch("https://news.example/s", FetchSettings(timeout=5, resolve=pins))


def test_proxy_credentials_never_appear_in_errors() -> None:
    settings = FetchSettings(timeout=2, proxy="http://alice:s3cret@127.0.0.1:9")
    with pytest.raises(FetchError) as caught:
        fetch("http://news.example/", settings)
    assert "s3cret" not in str(caught.value) and "alice" not in str(caught.value)


def test_replay_of_an_unknown_url(tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/k"] = Route(b"known")
    fetch(server.url("/k"), capture=WarcCapture(tmp_path / "c.warc.gz"))
    with pytest.raises(FetchError, match="not in the replayed archive"):
        replay(tmp_path / "c.warc.gz", server.url("/unknown"))
