"""Refuse to fetch from addresses that are not on the public internet (SSRF guard).

Feeds and redirects choose the URLs a mirror fetches, so a hostile one could point it at
the operator's router, a cloud metadata service or a database on localhost. The check is
made on the addresses a name resolves to, by the network backend that then connects to
one of exactly those addresses: a name cannot resolve to a public address for the check
and to a private one for the connection (DNS rebinding). TLS still checks the URL's host
name, since httpcore starts TLS with the origin's name, not the address connected to.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping

import anyio
import httpcore

from newsmirror.errors import RefusedError
from newsmirror.net.model import split_address

_KINDS = (
    ("loopback", lambda ip: ip.is_loopback),
    ("unspecified", lambda ip: ip.is_unspecified),
    ("link-local", lambda ip: ip.is_link_local),
    ("multicast", lambda ip: ip.is_multicast),
    ("reserved", lambda ip: ip.is_reserved),
    ("private", lambda ip: ip.is_private),
    ("non-public", lambda ip: not ip.is_global),
)


class AddressRefusedError(RefusedError):
    """A URL's host is, or resolves to, an address the guard refuses. Never retried."""


def refused_kind(address: str) -> str:
    """``"loopback"``, ``"private"``… for an address that is not public; ``""`` if it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return next((kind for kind, test in _KINDS if test(ip)), "")


def check_addresses(host: str, addresses: Iterable[str]) -> None:
    for address in addresses:
        if kind := refused_kind(address):
            shown = host if host == address else f"{host} ({address})"
            article = "an" if kind[0] in "aeiou" else "a"
            raise AddressRefusedError(f"refused to fetch from {shown}: {article} {kind} "
                                      "address (set [network] allow_private = true to "
                                      "allow it)")


def literal_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


async def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host``, in the resolver's order, without repeats."""
    found = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


async def check_through_proxy(host: str, port: int, timeout: float) -> None:  # noqa: ASYNC109
    """Check a host that a proxy will resolve: a literal address always; a name if it
    resolves here (behind a firewall it often does not, and the proxy's answer is unseen)."""
    if literal_ip(host):
        check_addresses(host, [host.strip("[]")])
        return
    addresses: list[str] = []
    with anyio.move_on_after(timeout):
        try:
            addresses = await resolve(host, port)
        except OSError:
            return
    check_addresses(host, addresses)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with pinned hosts (``[network] resolve``, connected to
    their configured address, the operator's choice) and, when ``guard`` is on, every
    other host resolved here, checked, and connected to by checked address only."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, pins: Mapping[str, str],
                 guard: bool) -> None:
        self._inner = inner
        self._pins = dict(pins)
        self._guard = guard

    def pinned(self, host: str, port: int) -> tuple[str, int] | None:
        pin = self._pins.get(f"{host}:{port}".lower()) or self._pins.get(host.lower())
        return split_address(pin, port) if pin else None

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        async def connect(address: str, to_port: int) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_tcp(address, to_port, timeout=timeout,
                                                 local_address=local_address,
                                                 socket_options=socket_options)

        if pinned := self.pinned(host, port):
            return await connect(*pinned)
        if not self._guard:
            return await connect(host, port)
        addresses = await self._resolve(host, port, timeout)
        check_addresses(host, addresses)
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await connect(address, port)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[str]:  # noqa: ASYNC109
        try:
            with anyio.fail_after(timeout):
                return await resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took over {timeout} s") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("newsmirror does not connect to unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
