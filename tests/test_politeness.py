"""Politeness: requests to one host spaced out (on a fake clock), robots.txt obeyed when a
source asks for it, and retry delays read from Retry-After."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from badserver import settings
from newsmirror.errors import FetchError
from newsmirror.net import HttpFetcher
from newsmirror.net.politeness import HostGate
from newsmirror.net.retry import backoff, retry_after
from servers import FixtureServer, Route


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def starts(gate: HostGate, time: FakeTime, hosts: list[str]) -> list[tuple[str, float]]:
    started: list[tuple[str, float]] = []

    async def one(host: str) -> None:
        async with gate.slot(host):
            started.append((host, time.now))

    async def run() -> None:
        await asyncio.gather(*(one(host) for host in hosts))
    asyncio.run(run())
    return started


def test_requests_to_one_host_start_host_delay_apart() -> None:
    time = FakeTime()
    gate = HostGate(8, 2, 1.5, clock=time.clock, sleep=time.sleep)
    started = starts(gate, time, ["a", "a", "a"])
    assert [at for _, at in started] == [0.0, 1.5, 3.0]


def test_other_hosts_do_not_wait() -> None:
    time = FakeTime()
    gate = HostGate(8, 2, 5.0, clock=time.clock, sleep=time.sleep)
    assert starts(gate, time, ["a", "b", "c"]) == [("a", 0.0), ("b", 0.0), ("c", 0.0)]
    assert time.waits == []


def test_a_host_that_asked_to_wait_is_left_alone() -> None:
    time = FakeTime()
    gate = HostGate(8, 2, 0.0, clock=time.clock, sleep=time.sleep)
    gate.defer("a", 30)
    gate.space_out("b", 2)  # robots.txt Crawl-delay
    assert starts(gate, time, ["a", "b", "b"]) == [("a", 30.0), ("b", 30.0), ("b", 32.0)]


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 1, 5, 10, 0, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120
    assert retry_after("Mon, 05 Jan 2026 10:02:00 GMT", now) == 120
    assert retry_after("Mon, 05 Jan 2026 09:00:00 GMT", now) == 0  # already past
    assert retry_after("soon", now) is None and retry_after(None, now) is None


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    for attempt, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (8, 10.0)):
        delay = backoff(attempt, 1.0, 10.0)
        assert ceiling / 2 <= delay <= ceiling


ROBOTS = b"User-agent: *\nDisallow: /private\n"


def fetch_all(server: FixtureServer, paths: list[str], robots: bool) -> list[str]:
    """Each path's body, or its error."""
    async def go() -> list[str]:
        async with HttpFetcher(settings()) as fetcher:
            answers = []
            for path in paths:
                try:
                    result = await fetcher.fetch(server.url(path), robots=robots)
                    answers.append(result.body.decode())
                except FetchError as exc:
                    answers.append(f"error: {exc}")
            return answers
    return asyncio.run(go())


def test_robots_txt_is_read_once_and_obeyed(server: FixtureServer) -> None:
    server.routes["/robots.txt"] = Route(ROBOTS, headers={"Content-Type": "text/plain"})
    server.routes["/news"] = Route(b"news")
    server.routes["/private/a"] = Route(b"secret")
    answers = fetch_all(server, ["/news", "/private/a", "/news"], robots=True)
    assert answers[0] == answers[2] == "news"
    assert answers[1].startswith(f"error: {server.url('')}/robots.txt disallows this URL")
    assert [r.path for r in server.log] == ["/robots.txt", "/news", "/news"]


def test_robots_txt_is_not_read_unless_asked(server: FixtureServer) -> None:
    server.routes["/robots.txt"] = Route(ROBOTS)
    server.routes["/private/a"] = Route(b"secret")
    assert fetch_all(server, ["/private/a"], robots=False) == ["secret"]
    assert [r.path for r in server.log] == ["/private/a"]


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (500, False)])
def test_a_missing_or_failing_robots_txt(server: FixtureServer, status: int,
                                         allowed: bool) -> None:
    server.routes["/robots.txt"] = Route(b"", status)
    server.routes["/news"] = Route(b"news")
    [answer] = fetch_all(server, ["/news"], robots=True)
    if allowed:
        assert answer == "news"
    else:
        assert "robots.txt could not be read (HTTP 500 (3 attempts))" in answer
        assert "/news" not in [r.path for r in server.log]
