"""The httpx transport newsmirror uses: TLS trust, proxies, and pinned host addresses.

Pinning (``[network] resolve``) connects to a chosen address while TLS still checks the
certificate of the original host name, like ``curl --connect-to``. Operators use it where
DNS answers for a news site are poisoned; tests use it to serve real https:// URLs from
127.0.0.1. httpx has no option for a network backend, so the one its connection pool
uses is wrapped after construction (``_network_backend``, stable since httpcore 0.17).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Mapping

import certifi
import httpcore
import httpx

from newsmirror.errors import ConfigError
from newsmirror.net.model import FetchSettings


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects pinned ``host`` or ``host:port`` names to their configured address."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, pins: Mapping[str, str]) -> None:
        self._inner = inner
        self._pins = dict(pins)

    def target(self, host: str, port: int) -> tuple[str, int]:
        pinned = self._pins.get(f"{host}:{port}".lower()) or self._pins.get(host.lower())
        return split_address(pinned, port) if pinned else (host, port)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        host, port = self.target(host, port)
        return await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def split_address(address: str, default_port: int) -> tuple[str, int]:
    """``host``, ``host:port`` or ``[v6]:port`` → (host, port)."""
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default_port
    if address.count(":") == 1:
        host, port = address.split(":")
        return host, int(port)
    return address, default_port


def ssl_context(settings: FetchSettings) -> ssl.SSLContext:
    """The system's trusted roots (certifi), plus ``ca_bundle`` when one is configured."""
    context = ssl.create_default_context(cafile=certifi.where())
    if settings.ca_bundle:
        try:
            context.load_verify_locations(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"[network] ca_bundle {settings.ca_bundle!r}: {exc}") from exc
    return context


def make_transport(settings: FetchSettings) -> httpx.AsyncHTTPTransport:
    """An httpx transport configured from ``[network]``."""
    limits = httpx.Limits(max_connections=max(settings.concurrency * 2, 10),
                          max_keepalive_connections=settings.concurrency)
    try:
        transport = httpx.AsyncHTTPTransport(
            verify=ssl_context(settings), proxy=settings.proxy or None, limits=limits,
            trust_env=False,
        )
    except (ValueError, ImportError) as exc:
        raise ConfigError(f"[network] proxy: {exc}") from exc
    if settings.resolve:
        pool = transport._pool
        pool._network_backend = _PinnedBackend(pool._network_backend, settings.resolve)
    return transport
