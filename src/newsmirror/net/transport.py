"""The httpx transports newsmirror uses: TLS trust, a proxy, pinned hosts, the SSRF guard.

Pinning (``[network] resolve``) connects to a chosen address while TLS still checks the
certificate of the original host name, like ``curl --connect-to``. Operators use it where
DNS answers for a news site are poisoned; tests use it to serve real https:// URLs from
127.0.0.1. httpx has no option for a network backend, so the one its connection pool
uses is wrapped after construction (``_network_backend``, stable since httpcore 0.17).

Through a proxy the backend only ever connects to the proxy (which the operator chose, and
which may well be 127.0.0.1:1080), so there the guard checks each URL's host before the
request instead (:func:`~newsmirror.net.guard.check_through_proxy`).
"""

from __future__ import annotations

import ssl

import certifi
import httpx

from newsmirror.errors import ConfigError
from newsmirror.net.guard import GuardedBackend
from newsmirror.net.model import FetchSettings, redact


def ssl_context(settings: FetchSettings) -> ssl.SSLContext:
    """The system's trusted roots (certifi), plus ``ca_bundle`` when one is configured."""
    context = ssl.create_default_context(cafile=certifi.where())
    if settings.ca_bundle:
        try:
            context.load_verify_locations(cafile=settings.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"[network] ca_bundle {settings.ca_bundle!r}: {exc}") from exc
    return context


def make_transport(settings: FetchSettings, proxy: str = "") -> httpx.AsyncHTTPTransport:
    """An httpx transport configured from ``[network]``, through ``proxy`` if given."""
    limits = httpx.Limits(max_connections=max(settings.concurrency * 2, 10),
                          max_keepalive_connections=max(settings.concurrency, 10))
    try:
        transport = httpx.AsyncHTTPTransport(
            verify=ssl_context(settings), proxy=proxy or None, limits=limits, trust_env=False,
        )
    except (ValueError, ImportError, httpx.InvalidURL) as exc:
        raise ConfigError(f"proxy {redact(proxy)!r}: {redact(str(exc))}") from None
    pool = transport._pool
    guard = not settings.allow_private and not proxy
    if settings.resolve or guard:
        pool._network_backend = GuardedBackend(pool._network_backend, settings.resolve, guard)
    return transport
