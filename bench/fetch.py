"""Fetching speed and memory: newsmirror's HttpFetcher against a bare httpx.AsyncClient.

A local server (its own process, asyncio, keep-alive) answers 10,000 small pages under 20
host names, all pinned to 127.0.0.1: newsmirror through ``[network] resolve``, bare httpx
through a name lookup that answers 127.0.0.1 for the same names. Politeness is off (no
per-host limit, no delay), both clients keep the same number of requests in flight, and
newsmirror keeps its SSRF guard off (``allow_private``: every address here is loopback)
but does everything else it does in a run: redirect handling, retries, its own bounded
decompression, the content check. No WARC capture, so that disk speed is not measured.

Each round runs one client in a fresh process (start-up not timed); the clients take
turns, and the fastest of the rounds counts. Memory is the process's peak RSS, and the
peak of Python allocations (tracemalloc) in one more run of each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.corpora import ROOT
from bench.replyserver import reply_server
from bench.report import Section, versions

PAGES = 10_000
HOSTS = 20
CONCURRENCY = 20
ROUNDS = 3
CLIENTS = ("newsmirror", "httpx")
_BODY = b"<html><head><title>page</title></head><body>" + b"<p>news text</p>" * 120 + \
    b"</body></html>"
_RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
             b"Content-Length: " + str(len(_BODY)).encode() + b"\r\n\r\n" + _BODY)


def host(number: int) -> str:
    return f"host{number:02d}.bench.test"


def urls(port: int, count: int) -> list[str]:
    return [f"http://{host(n % HOSTS)}:{port}/news/{n}.html" for n in range(count)]


async def _newsmirror(addresses: list[str], port: int) -> int:
    from newsmirror.net import FetchSettings, HttpFetcher

    settings = FetchSettings(concurrency=CONCURRENCY, per_host=0, host_delay=0,
                             allow_private=True,
                             resolve={host(n): f"127.0.0.1:{port}" for n in range(HOSTS)})
    async with HttpFetcher(settings) as fetcher:
        async def one(url: str) -> int:
            return len((await fetcher.fetch(url, expect="page")).body)
        sizes = await asyncio.gather(*(one(u) for u in addresses))
    return sum(sizes)


async def _httpx(addresses: list[str], port: int) -> int:
    import httpx

    real = socket.getaddrinfo

    def pinned(name: Any, *args: Any, **kwargs: Any) -> Any:
        text = name.decode() if isinstance(name, bytes) else name
        return real("127.0.0.1" if str(text).endswith(".bench.test") else name, *args, **kwargs)
    socket.getaddrinfo = pinned  # type: ignore[assignment]
    slots = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY * 2, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def one(url: str) -> int:
            async with slots:
                response = await client.get(url)
                response.raise_for_status()
                return len(response.content)
        sizes = await asyncio.gather(*(one(u) for u in addresses))
    return sum(sizes)


_RUNNERS: dict[str, Callable[[list[str], int], Any]] = {
    "newsmirror": _newsmirror, "httpx": _httpx}


def worker(client: str, port: int, pages: int, trace: bool) -> dict[str, float]:
    """One round in this process: pages/s, peak RSS, and the traced peak when asked."""
    addresses = urls(port, pages)
    import httpx  # noqa: F401 - imports are start-up, not fetching

    import newsmirror.net.http  # noqa: F401

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    received = asyncio.run(_RUNNERS[client](addresses, port))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    assert received == pages * len(_BODY), "a page went missing"
    return {"pages_per_second": pages / seconds, "seconds": seconds,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "traced_peak_mb": peak / 1e6}


def _round(client: str, port: int, trace: bool = False) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.fetch", client, str(port), str(PAGES)]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(output.stdout)
    return figures


def run() -> Section:
    section = Section("fetch", "Fetching: newsmirror's fetcher against bare httpx",
                      "python -m bench fetch")
    section.add(f"Versions: {versions('newsmirror', 'httpx', 'httpcore')}.", "",
                f"{PAGES:,} pages of {len(_BODY):,} bytes from {HOSTS} host names on one local "
                f"server (its own process, asyncio, keep-alive); {CONCURRENCY} requests in "
                "flight for both clients; newsmirror with politeness off "
                "(`per_host = 0`, `host_delay = 0`), no capture. Each round is a fresh process "
                f"per client, the clients taking turns; the fastest of {ROUNDS} rounds counts.",
                "")
    with reply_server(_RESPONSE) as port:
        rounds: dict[str, list[dict[str, float]]] = {client: [] for client in CLIENTS}
        for _ in range(ROUNDS):
            for client in CLIENTS:
                rounds[client].append(_round(client, port))
        traced = {client: _round(client, port, trace=True) for client in CLIENTS}
    rows, figures = [], {}
    best_httpx = max(r["pages_per_second"] for r in rounds["httpx"])
    for client in CLIENTS:
        best = max(r["pages_per_second"] for r in rounds[client])
        slowest = min(r["pages_per_second"] for r in rounds[client])
        rss = max(r["max_rss_mb"] for r in rounds[client])
        heap = traced[client]["traced_peak_mb"]
        rows.append([client, best, slowest, best / best_httpx, rss, heap])
        figures[client] = {"pages_per_second": round(best, 1),
                           "slowest_round_pages_per_second": round(slowest, 1),
                           "ratio_to_httpx": round(best / best_httpx, 3),
                           "max_rss_mb": round(rss, 1), "traced_peak_mb": round(heap, 1)}
    section.table(["client", "pages/s", "slowest round (pages/s)", "× bare httpx",
                   "peak RSS (MB)", "peak Python heap (MB)"], rows)
    section.add("Goal: newsmirror ≥ 0.8 × bare httpx.")
    section.figures.update(figures)
    return section


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="one round of the fetch benchmark")
    parser.add_argument("client", choices=CLIENTS)
    parser.add_argument("port", type=int)
    parser.add_argument("pages", type=int)
    parser.add_argument("--trace", action="store_true")
    arguments = parser.parse_args()
    print(json.dumps(worker(arguments.client, arguments.port, arguments.pages,
                            arguments.trace)))
