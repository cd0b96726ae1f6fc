"""Fifty runs, a quarter of an hour apart, against a site that misbehaves as real ones do.

A local server (in this process, on 127.0.0.1) serves two feeds and their pages: feed A,
which answers conditional requests (ETag, 304) and gains an item every fifth run, with one
dead link (404) and one slow page (3 s); and feed B, which fails (500) on every other run.
Its article pages weigh 80 KB, as a news site's do.
newsmirror runs 50 times with its default settings but for the loopback network, its
clock moved on 15 minutes before each run (12.5 hours in all: the re-check schedule, the
item retries and the source rests all come due as they would), and what the runs did is
counted: the requests feed A answered with 304, the tries of the dead link, how many
items were listed and how many archived, and how much each run added to ``data/warc``.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.report import Section

RUNS = 50
EVERY = timedelta(minutes=15)
FIRST_ITEMS, NEW_EVERY = 12, 5  # feed A: items at first, a new one every fifth run
SLOW_SECONDS = 3.0
PROSE = ("The council approved the new budget after a long debate that ran late into the "
         "night; opposition members said the plan cuts too deep into public transport, and "
         "the mayor promised a review of the bus network before the summer. ")


class Site:
    """What the server answers, and a log of what it was asked."""

    def __init__(self) -> None:
        self.items = FIRST_ITEMS
        self.run = 0
        self.log: list[tuple[str, int]] = []  # (path, status)
        self.served = 0  # body bytes answered
        self.base = ""
        self.lock = threading.Lock()

    def feed_a(self) -> bytes:
        rows = "".join(self._item(f"/a/{n}", f"A {n}") for n in range(self.items))
        rows += self._item("/a/dead", "A dead link") + self._item("/a/slow", "A slow page")
        return self._rss("Feed A", rows)

    def feed_b(self) -> bytes:
        return self._rss("Feed B", "".join(self._item(f"/b/{n}", f"B {n}") for n in range(5)))

    def page(self, path: str) -> bytes:
        """An article page about as big as a news site's (80 KB: menus, scripts, the
        story), of text that compresses as such pages do."""
        words = random.Random(path)
        vocabulary = PROSE.split()
        furniture = " ".join(words.choice(vocabulary) + str(words.randrange(10**6))
                             for _ in range(8000))
        paragraphs = "".join(f"<p>{path}: {PROSE}</p>" for _ in range(6))
        return (f"<html><head><title>{path}</title><script>var menu = '{furniture}';"
                f"</script></head><body><article><h1>{path}</h1>{paragraphs}</article>"
                "</body></html>").encode()

    def _item(self, path: str, title: str) -> str:
        return (f"<item><title>{title}</title><link>{{base}}{path}</link>"
                "<description>Short summary.</description></item>")

    @staticmethod
    def _rss(title: str, rows: str) -> bytes:
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
                f"{rows}</channel></rss>").encode()


def serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status, body, headers = self._answer(site.base)
            with site.lock:
                site.log.append((self.path, status))
                site.served += len(body)
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, base: str) -> tuple[int, bytes, dict[str, str]]:
            if self.path == "/a.xml":
                etag = f'"a{site.items}"'
                if self.headers.get("If-None-Match") == etag:
                    return 304, b"", {"ETag": etag}
                body = site.feed_a().replace(b"{base}", base.encode())
                return 200, body, {"ETag": etag, "Content-Type": "application/rss+xml"}
            if self.path == "/b.xml":
                if site.run % 2:
                    return 500, b"busy", {}
                body = site.feed_b().replace(b"{base}", base.encode())
                return 200, body, {"Content-Type": "application/rss+xml"}
            if self.path == "/a/dead":
                return 404, b"not found", {}
            if self.path == "/a/slow":
                time.sleep(SLOW_SECONDS)
            return 200, site.page(self.path), {"Content-Type": "text/html; charset=utf-8"}

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_port}"
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def soak(folder: Path) -> dict[str, Any]:
    import newsmirror.net.http
    import newsmirror.pipeline
    import newsmirror.recheck.step
    import newsmirror.steps.articles
    import newsmirror.steps.sources
    from newsmirror import dates
    from newsmirror.config import open_mirror
    from newsmirror.pipeline import run_mirror
    from newsmirror.store import ItemFailures, Store

    site = Site()
    server = serve(site)
    port = server.server_address[1]
    folder.mkdir(parents=True)
    (folder / "newsmirror.toml").write_text(
        "[network]\nallow_private = true\nhost_delay = 0\nretry_backoff = 0.05\n\n"
        f'[[sources]]\nname = "a"\nurl = "http://127.0.0.1:{port}/a.xml"\n\n'
        f'[[sources]]\nname = "b"\nurl = "http://127.0.0.1:{port}/b.xml"\n', encoding="utf-8")
    mirror = open_mirror(folder)
    offset = [timedelta(0)]

    def moved() -> Any:
        return dates.now() + offset[0]

    clocks = (newsmirror.pipeline, newsmirror.steps.sources, newsmirror.steps.articles,
              newsmirror.recheck.step, newsmirror.net.http)
    for module in clocks:
        module.now = moved  # type: ignore[attr-defined]
    growth: list[int] = []
    served: list[int] = []
    failed_runs = seconds = 0.0
    try:
        for run in range(RUNS):
            site.run = run
            if run and run % NEW_EVERY == 0:
                site.items += 1
            before = sum(p.stat().st_size for p in mirror.paths.warc.glob("*.warc.gz")) \
                if mirror.paths.warc.is_dir() else 0
            served_before = site.served
            started = time.perf_counter()
            report = run_mirror(mirror)
            seconds += time.perf_counter() - started
            failed_runs += bool(report.failures)
            after = sum(p.stat().st_size for p in mirror.paths.warc.glob("*.warc.gz"))
            growth.append(after - before)
            served.append(site.served - served_before)
            offset[0] += EVERY
    finally:
        for module in clocks:
            module.now = dates.now  # type: ignore[attr-defined]
        server.shutdown()
    requests = Counter(site.log)
    listed = {f"/a/{n}" for n in range(site.items)} | {"/a/dead", "/a/slow"} | \
        {f"/b/{n}" for n in range(5)}
    with Store(mirror.paths.database) as store:
        archived = {a.url.split(str(port), 1)[1]: a.body_from for a in store.articles()}
        failures = ItemFailures(store).failures()
    return {
        "runs": RUNS, "hours": RUNS * EVERY.total_seconds() / 3600,
        "feed_a_200": requests[("/a.xml", 200)], "feed_a_304": requests[("/a.xml", 304)],
        "feed_b_500": requests[("/b.xml", 500)], "feed_b_200": requests[("/b.xml", 200)],
        "dead_link_tries": requests[("/a/dead", 404)],
        "slow_page_fetches": requests[("/a/slow", 200)],
        "listed": len(listed), "archived": len(listed & set(archived)),
        "placeholders": sorted(u for u, origin in archived.items() if origin == "summary"),
        "failing_items": [(f.url.split(str(port), 1)[1], f.attempts) for f in failures],
        "runs_with_new_failures": int(failed_runs),
        "warc_first_run": growth[0], "warc_per_later_run_mean": statistics.mean(growth[1:]),
        "warc_per_later_run_max": max(growth[1:]),
        "warc_per_later_run_median": statistics.median(growth[1:]),
        "warc_total": sum(growth), "served_per_later_run_mean": statistics.mean(served[1:]),
        "seconds": seconds,
    }


def run() -> Section:
    section = Section("soak", "Fifty runs against a misbehaving site", "python -m bench soak")
    with tempfile.TemporaryDirectory() as scratch:
        figures = soak(Path(scratch) / "m")
    section.figures = figures
    section.add(
        f"{figures['runs']} runs, one every 15 minutes of a moved clock "
        f"({figures['hours']:.1f} hours), default settings but for the loopback network "
        "(`allow_private`, `host_delay = 0`, `retry_backoff = 0.05`); feed A gains an item "
        f"every {NEW_EVERY} runs and lists a dead link (404) and a slow page "
        f"({SLOW_SECONDS:g} s); feed B answers 500 on every other run.", "")
    section.table(["what", "figure"], [
        ["feed A answered 200 / 304 (conditional requests kept)",
         f"{figures['feed_a_200']} / {figures['feed_a_304']}"],
        ["feed B answered 200 / 500", f"{figures['feed_b_200']} / {figures['feed_b_500']}"],
        ["tries of the dead link (its own backoff; not once a run)",
         figures["dead_link_tries"]],
        ["fetches of the slow page (archived once, then re-checked on the schedule)",
         figures["slow_page_fetches"]],
        ["items listed / archived (the dead link as a placeholder)",
         f"{figures['listed']} / {figures['archived']}"],
        ["runs that exited 1 (something failed for the first time)",
         figures["runs_with_new_failures"]],
        ["WARC bytes, first run", figures["warc_first_run"]],
        ["WARC bytes per later run: median / mean / max",
         f"{figures['warc_per_later_run_median']:,.0f} / "
         f"{figures['warc_per_later_run_mean']:,.0f} / {figures['warc_per_later_run_max']:,}"],
        ["body bytes the site answered per later run, mean (uncompressed)",
         f"{figures['served_per_later_run_mean']:,.0f}"],
        ["WARC bytes in all", figures["warc_total"]],
        ["seconds for all runs (the slow page included)", figures["seconds"]],
    ])
    return section
