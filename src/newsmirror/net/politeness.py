"""Be a guest a site does not block: few requests to one host at a time, spaced out, and
robots.txt obeyed where the operator asks for it.

The host gate also owns the run's overall concurrency slot, so that a request waiting out
its host's delay does not hold a slot that a request to another host could use.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from newsmirror.errors import FetchError
from newsmirror.net.model import FetchResult

# RFC 9309: crawlers must read at least 500 KiB of a robots.txt.
_ROBOTS_BYTES = 500 * 1024


@dataclass
class _Host:
    slots: asyncio.Semaphore | None
    delay: float
    next_start: float = 0.0


class HostGate:
    """At most ``per_host`` requests in flight to a host (0: no limit), starting at least
    ``delay`` seconds apart, and at most ``concurrency`` requests in flight overall."""

    def __init__(self, concurrency: int, per_host: int, delay: float, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._overall = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._delay = delay
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            slots = asyncio.Semaphore(self._per_host) if self._per_host else None
            state = self._hosts[host] = _Host(slots, self._delay)
        return state

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold a slot for one request to ``host``."""
        state = self._host(host)
        async with state.slots or contextlib.nullcontext():
            while True:
                wait = state.next_start - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                    continue
                await self._overall.acquire()
                if state.next_start <= self._clock():
                    break
                self._overall.release()  # another request to the host started meanwhile
            state.next_start = self._clock() + state.delay
            try:
                yield
            finally:
                self._overall.release()

    def defer(self, host: str, seconds: float) -> None:
        """Start nothing more to ``host`` for ``seconds`` (it answered 429 or 503)."""
        state = self._host(host)
        state.next_start = max(state.next_start, self._clock() + seconds)

    def space_out(self, host: str, delay: float) -> None:
        """Space requests to ``host`` at least ``delay`` apart (its robots.txt asks so)."""
        state = self._host(host)
        state.delay = max(state.delay, delay)


@dataclass(frozen=True)
class _Rules:
    parser: Protego | None = None
    refusal: str = ""  # why nothing may be fetched from the site
    crawl_delay: float = 0.0


RobotsLoader = Callable[[str, str], Awaitable[FetchResult]]


class Robots:
    """robots.txt, fetched once per site and run (by ``load(url, proxy)``, which returns
    any HTTP status and raises FetchError only when no answer came)."""

    def __init__(self, load: RobotsLoader, user_agent: str) -> None:
        self._load = load
        self._user_agent = user_agent
        self._sites: dict[str, asyncio.Future[_Rules]] = {}

    async def check(self, url: str, proxy: str) -> float:
        """Raise FetchError if ``url`` may not be fetched; else the site's Crawl-delay."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        pending = self._sites.get(origin)
        if pending is None:
            pending = self._sites[origin] = asyncio.ensure_future(self._read(origin, proxy))
        rules = await asyncio.shield(pending)
        if rules.refusal:
            raise FetchError(f"{origin}/robots.txt could not be read ({rules.refusal}); as "
                             "RFC 9309 asks, nothing is fetched from the site until it can "
                             "be (or set robots = false for the source)", url=url)
        if rules.parser is not None and not rules.parser.can_fetch(url, self._user_agent):
            raise FetchError(f"{origin}/robots.txt disallows this URL for our User-Agent "
                             "(the source has robots = true)", url=url)
        return rules.crawl_delay

    async def _read(self, origin: str, proxy: str) -> _Rules:
        try:
            answer = await self._load(f"{origin}/robots.txt", proxy)
        except FetchError as exc:
            return _Rules(refusal=str(exc))
        if 200 <= answer.status < 300:
            parser = Protego.parse(answer.body[:_ROBOTS_BYTES].decode("utf-8", "replace"))
            return _Rules(parser, crawl_delay=parser.crawl_delay(self._user_agent) or 0.0)
        if 400 <= answer.status < 500 and answer.status != 429:
            return _Rules()  # no robots.txt: everything is allowed
        return _Rules(refusal=f"HTTP {answer.status}")

    def close(self) -> None:
        for pending in self._sites.values():
            pending.cancel()
