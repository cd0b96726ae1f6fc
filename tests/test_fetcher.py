"""The fetcher against a misbehaving server on 127.0.0.1: every case ends with a clear
FetchError or a success, within its bound, in bounded memory."""

from __future__ import annotations

import asyncio
import threading
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

import badserver
from badserver import CAP, fetch, settings
from newsmirror.errors import FetchError
from newsmirror.net import FetchResult, HttpFetcher
from newsmirror.text.encoding import decode
from servers import FixtureServer, Route

TEXT_ZH = "北京时间周一，新华社报道：中国经济继续复苏，市场信心增强。" * 40
TEXT_HK = "香港立法會今日三讀通過條例草案，議員就此展開激烈辯論。" * 40


@pytest.fixture
def traced() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def peak_over_cap() -> int:
    """Bytes traced at the peak beyond the body cap (the server thread's included)."""
    return tracemalloc.get_traced_memory()[1] - CAP


def test_slow_headers_end_at_the_read_timeout(server: FixtureServer) -> None:
    server.routes["/slow"] = badserver.slow_headers(3)
    with pytest.raises(FetchError, match=r"timed out: no data for 0.5 s \(network.timeout\)"):
        fetch(server.url("/slow"), settings(timeout=0.5))
    assert len(server.log) == 1  # a slow server is not asked again in the same run


def test_slowloris_ends_at_the_total_timeout(server: FixtureServer) -> None:
    server.routes["/drip"] = badserver.slowloris(interval=1.0)
    with pytest.raises(FetchError, match=r"no complete answer within 1.5 s "
                                         r"\(network.total_timeout\)"):
        fetch(server.url("/drip"), settings(timeout=2, total_timeout=1.5))


def test_an_endless_body_ends_at_the_cap(server: FixtureServer, traced: None) -> None:
    server.routes["/endless"] = badserver.endless()
    with pytest.raises(FetchError, match="body over the limit of 1,000,000 bytes"):
        fetch(server.url("/endless"))
    assert peak_over_cap() < 4_000_000


def test_ten_gigabytes_advertised_are_refused_before_reading(server: FixtureServer) -> None:
    server.routes["/huge"] = badserver.declared(10 ** 10)
    with pytest.raises(FetchError, match="body of 10,000,000,000 bytes is over the limit"):
        fetch(server.url("/huge"))


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br"])
def test_compression_bombs_end_at_the_cap(server: FixtureServer, encoding: str) -> None:
    server.routes["/bomb"] = badserver.encoded(encoding, b"")
    badserver.bomb(encoding)  # made before tracing: the server's bytes are not the client's
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="decompresses to over the limit of 1,000,000"):
            fetch(server.url("/bomb"))
        assert peak_over_cap() < 4_000_000
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br"])
def test_compressed_bodies_are_decoded(server: FixtureServer, encoding: str) -> None:
    page = TEXT_ZH.encode()
    server.routes["/z"] = badserver.encoded(encoding, page)
    result = fetch(server.url("/z"))
    assert result.body == page
    assert server.log[0].headers["Accept-Encoding"] == "gzip, deflate, br"


def test_a_redirect_loop_is_named(server: FixtureServer) -> None:
    server.routes["/a"] = badserver.redirect("/b", 302)
    server.routes["/b"] = badserver.redirect("/a", 302)
    with pytest.raises(FetchError, match=r"redirect loop: .*/a → .*/b → back to .*/a"):
        fetch(server.url("/a"))
    assert [r.path for r in server.log] == ["/a", "/b"]


def test_a_permanent_redirect_chain_gives_the_new_address(server: FixtureServer) -> None:
    server.routes["/feed"] = badserver.redirect("/feed2")
    server.routes["/feed2"] = badserver.redirect(server.url("/rss/new.xml"), 308)
    server.routes["/rss/new.xml"] = Route(b"<rss/>", headers={"Content-Type": "text/xml"})
    result = fetch(server.url("/feed"), expect="feed")
    assert result.final_url == server.url("/rss/new.xml") and result.body == b"<rss/>"
    assert result.moved_permanently
    assert [(hop.status, hop.location) for hop in result.redirects] == [
        (301, server.url("/feed2")), (308, server.url("/rss/new.xml"))]


def test_a_temporary_hop_means_the_address_did_not_move(server: FixtureServer) -> None:
    server.routes["/feed"] = badserver.redirect("/feed2")
    server.routes["/feed2"] = badserver.redirect("/today.xml", 302)
    server.routes["/today.xml"] = Route(b"<rss/>")
    result = fetch(server.url("/feed"))
    assert result.final_url == server.url("/today.xml") and not result.moved_permanently
    assert not fetch(server.url("/today.xml")).moved_permanently  # no hop at all


def test_too_many_redirects(server: FixtureServer) -> None:
    for number in range(5):
        server.routes[f"/r{number}"] = badserver.redirect(f"/r{number + 1}")
    with pytest.raises(FetchError, match=r"more than 3 redirects \(network.max_redirects\)"):
        fetch(server.url("/r0"), settings(max_redirects=3))


def test_429_with_retry_after_is_waited_for(server: FixtureServer) -> None:
    server.routes["/busy"] = badserver.in_turn(
        Route(b"slow down", 429, {"Retry-After": "0"}), Route(b"<rss/>"))
    assert fetch(server.url("/busy")).body == b"<rss/>"
    assert len(server.requests_for("/busy")) == 2


@pytest.mark.parametrize("header", ["3600", "date"])
def test_a_long_retry_after_ends_the_fetch_and_is_kept(server: FixtureServer,
                                                       header: str) -> None:
    if header == "date":
        header = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    server.routes["/busy"] = Route(b"", 429, {"Retry-After": header})
    with pytest.raises(FetchError, match=r"HTTP 429: the server asks to come back in") as caught:
        fetch(server.url("/busy"))
    assert caught.value.status == 429
    assert caught.value.retry_after is not None and 3500 < caught.value.retry_after <= 3600
    assert len(server.log) == 1


def test_500_then_200_is_retried_and_succeeds(server: FixtureServer) -> None:
    server.routes["/flaky"] = badserver.in_turn(Route(b"oops", 500), Route(b"fine"))
    assert fetch(server.url("/flaky")).body == b"fine"
    assert len(server.log) == 2


def test_a_failing_server_is_tried_attempts_times(server: FixtureServer) -> None:
    server.routes["/down"] = Route(b"", 503, {"Retry-After": "0"})
    with pytest.raises(FetchError, match=r"^HTTP 503 \(3 attempts\)$") as caught:
        fetch(server.url("/down"))
    assert (caught.value.status, caught.value.retry_after) == (503, 0)
    assert len(server.log) == 3


def test_a_client_error_is_not_retried(server: FixtureServer) -> None:
    with pytest.raises(FetchError, match=r"^HTTP 404$"):
        fetch(server.url("/nowhere"))
    assert len(server.log) == 1


def test_a_connection_reset_mid_body_is_retried_then_reported(server: FixtureServer) -> None:
    server.routes["/reset"] = badserver.reset_mid_body()
    with pytest.raises(FetchError, match=r"^network error: .+ \(3 attempts\)$"):
        fetch(server.url("/reset"))
    assert len(server.log) == 3


def test_a_reset_then_a_whole_answer_succeeds(server: FixtureServer) -> None:
    server.routes["/once"] = badserver.in_turn(badserver.reset_mid_body(), Route(b"whole"))
    assert fetch(server.url("/once")).body == b"whole"


def fetch_and_decode(server: FixtureServer, body: bytes, content_type: str) -> str:
    server.routes["/page"] = Route(body, headers={"Content-Type": content_type})
    result = fetch(server.url("/page"), expect="page")
    return decode(result.body, result.content_type)[0]


def test_a_gbk_page_declared_as_utf8(server: FixtureServer) -> None:
    page = f"<html><head><title>新闻</title></head><body><p>{TEXT_ZH}</p></body></html>"
    text = fetch_and_decode(server, page.encode("gbk"), "text/html; charset=utf-8")
    assert TEXT_ZH in text


def test_a_big5_page_without_any_declaration(server: FixtureServer) -> None:
    page = f"<html><head><title>新聞</title></head><body><p>{TEXT_HK}</p></body></html>"
    assert TEXT_HK in fetch_and_decode(server, page.encode("big5"), "text/html")


def test_a_gb18030_page_declared_as_gb2312(server: FixtureServer) -> None:
    # 𠀀 and € are in GB18030 only: a page declared GB2312 is read by its superset.
    text = TEXT_ZH + "欧元€，生僻字𠀀㐀"
    page = (f'<html><head><meta charset="gb2312"></head><body><p>{text}</p></body></html>')
    assert text in fetch_and_decode(server, page.encode("gb18030"), "text/html")


def test_html_where_a_feed_was_expected_names_what_came(server: FixtureServer) -> None:
    server.routes["/feed"] = Route(b"<!DOCTYPE html><html><body>Log in</body></html>",
                                   headers={"Content-Type": "text/html; charset=utf-8"})
    with pytest.raises(FetchError, match=r"expected a feed, got an HTML page "
                                         r"\(text/html; charset=utf-8\)"):
        fetch(server.url("/feed"), expect="feed")
    assert fetch(server.url("/feed")).status == 200  # expect="any" takes anything


def test_a_feed_labelled_html_is_still_a_feed(server: FixtureServer) -> None:
    feed = b'<?xml version="1.0"?>\n<!-- hi --><rss version="2.0"><channel/></rss>'
    server.routes["/feed"] = Route(feed, headers={"Content-Type": "text/html"})
    assert fetch(server.url("/feed"), expect="feed").body == feed


def test_a_binary_type_is_refused_before_its_body(server: FixtureServer) -> None:
    server.routes["/pdf"] = Route(b"%PDF-1.4" * 1000, headers={"Content-Type": "application/pdf"})
    with pytest.raises(FetchError, match="expected an HTML page, got application/pdf"):
        fetch(server.url("/pdf"), expect="page")


def test_per_host_concurrency_is_bounded(server: FixtureServer) -> None:
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most ever

    def tracked(request: object) -> Route:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return Route(b"ok")

    server.routes["/t"] = tracked

    async def go() -> list[FetchResult]:
        async with HttpFetcher(settings(per_host=2, concurrency=8)) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(server.url("/t")) for _ in range(8)))
    assert len(asyncio.run(go())) == 8
    assert in_flight[1] <= 2
