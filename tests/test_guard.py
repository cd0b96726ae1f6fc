"""The SSRF guard and proxies: loopback and private addresses are refused unless allowed,
on every hop and after resolution; proxies carry requests and never show credentials."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import pytest

from badserver import fetch, settings
from newsmirror.errors import FetchError
from newsmirror.net import HttpFetcher
from newsmirror.net.guard import GuardedBackend, refused_kind
from servers import FixtureServer, Route
from socks import socks5

GUARDED = settings(allow_private=False)


def test_a_loopback_url_is_refused_by_default(server: FixtureServer) -> None:
    server.routes["/x"] = Route(b"local")
    with pytest.raises(FetchError, match=r"refused to fetch from 127.0.0.1: a loopback "
                                         r"address \(set \[network\] allow_private = true"):
        fetch(server.url("/x"), GUARDED)
    assert server.log == []  # refused before connecting
    assert fetch(server.url("/x"), settings(allow_private=True)).body == b"local"


def test_a_name_is_checked_after_resolution(server: FixtureServer) -> None:
    with pytest.raises(FetchError, match=r"from localhost \(.+\): a loopback address"):
        fetch(f"http://localhost:{server.port}/", GUARDED)
    assert server.log == []


def test_every_redirect_hop_is_checked(server: FixtureServer) -> None:
    # A pinned host is the operator's choice; where it redirects is not.
    server.routes["/go"] = Route(status=302, headers={"Location": server.url("/inside")})
    pinned = settings(allow_private=False, resolve={"news.example": f"127.0.0.1:{server.port}"})
    with pytest.raises(FetchError, match=r"refused to fetch from 127.0.0.1: a loopback"):
        fetch("http://news.example/go", pinned)
    assert [r.path for r in server.log] == ["/go"]


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.2", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("fd00::1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "non-public"), ("93.184.216.34", ""),
    ("2606:4700::1111", ""),
])
def test_address_kinds(address: str, kind: str) -> None:
    assert refused_kind(address) == kind


class _Recorder(httpcore.AsyncNetworkBackend):
    """An inner backend that connects nowhere and remembers where it was asked to."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,  # noqa: ASYNC109
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None
                          ) -> httpcore.AsyncNetworkStream:
        self.asked.append(host)
        raise httpcore.ConnectError("recorded")


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    looked_up: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        host = host.decode() if isinstance(host, bytes) else host
        looked_up.append(host)
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in answers[host]]
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return looked_up


def test_the_checked_address_is_the_one_connected_to(monkeypatch: pytest.MonkeyPatch) -> None:
    # Resolved once, checked, and connected to by address: no second lookup to rebind.
    looked_up = fake_dns(monkeypatch, {"public.example": ["93.184.216.34", "93.184.216.35"]})
    inner = _Recorder()
    backend = GuardedBackend(inner, {}, guard=True)
    with pytest.raises(httpcore.ConnectError):
        asyncio.run(backend.connect_tcp("public.example", 443, timeout=1))
    assert looked_up == ["public.example"]
    assert inner.asked == ["93.184.216.34", "93.184.216.35"]


def test_one_private_answer_refuses_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    inner = _Recorder()
    with pytest.raises(FetchError, match=r"mixed.example \(10.0.0.7\): a private address"):
        asyncio.run(GuardedBackend(inner, {}, guard=True).connect_tcp("mixed.example", 80))
    assert inner.asked == []


def test_a_source_proxy_carries_the_request(server: FixtureServer) -> None:
    with_proxy = FixtureServer().start()  # an HTTP proxy is a server asked for full URLs
    try:
        with_proxy.routes["http://news.example/x"] = Route(b"via proxy")
        result = fetch("http://news.example/x", GUARDED, proxy=with_proxy.url())
        assert result.body == b"via proxy"  # the proxy's own 127.0.0.1 is allowed
        assert with_proxy.log[0].path == "http://news.example/x"
        with pytest.raises(FetchError, match=r"refused to fetch from 127.0.0.1"):
            fetch(server.url("/x"), GUARDED, proxy=with_proxy.url())
        assert len(with_proxy.log) == 1 and server.log == []
    finally:
        with_proxy.stop()


def test_socks5_with_credentials_per_source_and_global(server: FixtureServer) -> None:
    server.routes["/x"] = Route(b"through socks")
    with socks5({"news.example": server.port}, ("alice", "s3cret")) as proxy:
        good = f"socks5://alice:s3cret@127.0.0.1:{proxy.port}"
        assert fetch("http://news.example/x", GUARDED, proxy=good).body == b"through socks"
        assert fetch("http://news.example/x", settings(proxy=good, allow_private=False)
                     ).body == b"through socks"
        assert proxy.targets == ["news.example:80"] * 2  # the proxy resolves the name
        bad = f"socks5://alice:wrong@127.0.0.1:{proxy.port}"
        with pytest.raises(FetchError) as caught:
            fetch("http://news.example/x", GUARDED, proxy=bad)
    assert "alice" not in str(caught.value) and "wrong" not in str(caught.value)


async def _both(fetcher: HttpFetcher, url: str, proxy: str) -> list[bytes]:
    via = await fetcher.fetch(url, proxy=proxy)
    direct = await fetcher.fetch(url)
    return [via.body, direct.body]


def test_one_fetcher_uses_a_source_proxy_and_the_direct_route(server: FixtureServer) -> None:
    server.routes["/x"] = Route(b"x")
    with socks5({}) as proxy:
        async def go() -> list[bytes]:
            async with HttpFetcher(settings()) as fetcher:
                return await _both(fetcher, server.url("/x"), f"socks5://127.0.0.1:{proxy.port}")
        assert asyncio.run(go()) == [b"x", b"x"]
        assert proxy.targets == [f"127.0.0.1:{server.port}"]
    assert len(server.log) == 2


@pytest.mark.parametrize("proxy", ["http://alice:s3cret@127.0.0.1:9",
                                   "socks5://alice:s3cr@t@127.0.0.1:9"])
def test_proxy_credentials_never_appear_in_errors(proxy: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch("http://news.example/", settings(proxy=proxy, allow_private=False))
    message = str(caught.value)
    assert message.startswith(("network error", "proxy error"))
    assert f"(through proxy {proxy.split('://')[0]}://***@127.0.0.1:9)" in message
    assert "s3cr" not in message and "alice" not in message
