"""What a slow, broken or hostile server answers, as routes of the loopback test server
(``servers.py``), and the fetcher settings the tests use against it: small limits and
short timeouts, so that every case ends within a second or two."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import itertools
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import brotli

from newsmirror.net import FetchResult, FetchSettings, HttpFetcher, WarcCapture
from servers import Request, Route

CAP = 1_000_000  # max_bytes in these tests
BOMB_BYTES = 32 * 1024 * 1024  # what a bomb inflates to: 32 times the cap
SETTINGS = FetchSettings(
    connect_timeout=2, timeout=2, total_timeout=10, max_bytes=CAP, host_delay=0,
    retry_backoff=0.01, allow_private=True,
)


def settings(**changes: Any) -> FetchSettings:
    return dataclasses.replace(SETTINGS, **changes)


def fetch(url: str, config: FetchSettings = SETTINGS, capture: WarcCapture | None = None,
          **options: Any) -> FetchResult:
    """One fetch by a fresh fetcher in its own event loop."""
    async def go() -> FetchResult:
        async with HttpFetcher(config, capture) as fetcher:
            return await fetcher.fetch(url, **options)
    return asyncio.run(go())


def slow_headers(seconds: float) -> Route:
    return Route(b"late", delay=seconds)


def slowloris(interval: float, count: int = 120) -> Route:
    """A byte every ``interval`` seconds: each read is quick, the body never ends."""
    def drip() -> Iterator[bytes]:
        for _ in range(count):
            yield b"x"
            time.sleep(interval)
    return Route(chunks=drip, headers={"Content-Type": "text/html"})


def endless(block: bytes = b"x" * 65536, count: int = 100_000) -> Route:
    """Bytes until the client hangs up (6.5 GB at most, so that it stops by itself)."""
    return Route(chunks=lambda: itertools.repeat(block, count),
                 headers={"Content-Type": "text/html"})


def declared(length: int) -> Route:
    """A Content-Length of ``length`` and a few bytes, then the connection closes."""
    return Route(b"x" * 10, headers={"Content-Length": str(length)}, reset_after=10)


def reset_mid_body() -> Route:
    """100 bytes of a 5,000-byte body, then a TCP reset."""
    return Route(b"y" * 5000, reset_after=100, abort=True)


def compressed(encoding: str, data: bytes) -> bytes:
    if encoding == "br":
        return bytes(brotli.compress(data))
    wbits = {"gzip": 31, "deflate": 15, "raw-deflate": -15}[encoding]
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


@functools.cache
def bomb(encoding: str) -> bytes:
    """:data:`BOMB_BYTES` of zeros, compressed (32 KB in gzip, a few hundred bytes in br)."""
    if encoding == "br":
        packer = brotli.Compressor(quality=5)
        zeros = bytes(1 << 20)
        return b"".join(packer.process(zeros) for _ in range(BOMB_BYTES >> 20)) + packer.finish()
    return compressed(encoding, bytes(BOMB_BYTES))


def encoded(encoding: str, body: bytes, content_type: str = "text/html") -> Route:
    """``body`` sent compressed; raw deflate is still labelled ``deflate``, as servers do."""
    label = "deflate" if encoding == "raw-deflate" else encoding
    return Route(compressed(encoding, body) if body else bomb(encoding),
                 headers={"Content-Encoding": label, "Content-Type": content_type})


def redirect(location: str, status: int = 301) -> Route:
    return Route(status=status, headers={"Location": location})


def in_turn(*routes: Route) -> Callable[[Request], Route]:
    """The first route for the first request, the next for the next…, the last ever after."""
    lock = threading.Lock()
    answered = itertools.count()

    def answer(request: Request) -> Route:
        with lock:
            number = next(answered)
        return routes[min(number, len(routes) - 1)]
    return answer


def conditional(body: bytes, etag: str, last_modified: str) -> Callable[[Request], Route]:
    """A resource that answers 304 to a request that carries its validators."""
    headers = {"ETag": etag, "Last-Modified": last_modified,
               "Content-Type": "application/rss+xml"}

    def answer(request: Request) -> Route:
        if request.headers.get("If-None-Match") == etag:
            return Route(status=304, headers={"ETag": etag})
        return Route(body, headers=headers)
    return answer
