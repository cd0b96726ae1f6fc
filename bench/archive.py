"""A big archive: a quiet run, a run that adds ten articles, and publishing everything.

Most runs of a mirror that runs every few minutes for months find nothing or a little new,
so their cost is what the operator pays all the time. An archive of N articles from 50
sources is built (old enough that the re-check schedule leaves them alone) and published
once; then each of these is timed as a whole ``newsmirror`` command (start-up included),
with its peak memory (the process's maximum resident set):

- a quiet run: every feed answers 304 (the fastest of three);
- a run that adds ten articles: one feed lists ten new full-text items, the others answer
  304; the files it writes are listed (its ten pages, its source's index, the home page);
- ``publish --all``: every page rendered again (they are the same: none is rewritten);
- ``publish --all`` after a template change: every article page rewritten.

The feeds are served on 127.0.0.1 by a server in its own process (304s) and, for the one
feed that changes, by a server in this process. The site's search index is left out
(``[publish] search = false``): the site benchmark measures it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.replyserver import reply_server
from bench.report import Section, versions

SOURCES = 50
SIZES = tuple(int(size) for size in os.environ.get("NEWSMIRROR_BENCH_ARCHIVE",
                                                  "10000,100000").split(","))
ROUNDS = 3
NEW = 10
_NOT_MODIFIED = (b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 0\r\n\r\n")


class ChangingFeed:
    """The one feed that changes: 304 until :attr:`items` is set, then those items."""

    def __init__(self) -> None:
        self.items = 0

    def body(self) -> bytes:
        text = "<p>" + "A paragraph of the new story, long enough to be a whole article. " \
            * 12 + "</p>"
        rows = "".join(f"<item><title>New {n}</title><link>https://news0.example/new/{n}"
                       f"</link><description><![CDATA[{text}]]></description></item>"
                       for n in range(self.items))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Source 0</title>'
                f"{rows}</channel></rss>").encode()


@contextmanager
def changing_feed(feed: ChangingFeed) -> Iterator[int]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if not feed.items:
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = feed.body()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()


def build(folder: Path, articles: int, port: int, changing: int | None = None) -> float:
    """An archived mirror of ``articles`` articles; returns the seconds its first
    publish took. Source ``s00`` reads its feed from port ``changing`` when given."""
    from newsmirror.article import Article
    from newsmirror.config import open_mirror
    from newsmirror.dates import now
    from newsmirror.publish.mirror import publish_mirror
    from newsmirror.store import CachedResponse, Store

    def feed_url(n: int) -> str:
        return (f"http://127.0.0.1:{changing}/feed0.xml" if n == 0 and changing
                else f"http://127.0.0.1:{port}/feed{n}.xml")

    tables = "".join(f'[[sources]]\nname = "s{n:02d}"\nurl = "{feed_url(n)}"\n\n'
                     for n in range(SOURCES))
    folder.mkdir(parents=True)
    (folder / "newsmirror.toml").write_text(
        "[publish]\nsearch = false\n\n"
        "[network]\nallow_private = true\nhost_delay = 0\nper_host = 0\n"
        f"concurrency = {SOURCES}\n\n" + tables, encoding="utf-8")
    mirror = open_mirror(folder)
    old = now() - timedelta(days=60)  # past the default re-check horizon (30 days)
    with Store(mirror.paths.database) as store:
        for number in range(articles):
            source = f"s{number % SOURCES:02d}"
            text = f"Paragraph of article {number}. " * 20
            store.save_article(source, Article(
                url=f"https://news{number % SOURCES}.example/a/{number}.html",
                title=f"Article {number}", html=f"<p>{text}</p>", text=text,
                published=old - timedelta(minutes=number)), old)
        for n in range(SOURCES):
            store.record_source_success(f"s{n:02d}", feed_url(n), old, f"Source {n}")
            store.remember_response(feed_url(n), CachedResponse(etag='"v1"'), old)
        started = time.perf_counter()
        publish_mirror(mirror, store)
        first_publish = time.perf_counter() - started
    return first_publish


def command(folder: Path, *arguments: str) -> tuple[float, float, str]:
    """Run ``newsmirror ARGUMENTS`` on ``folder``: seconds, peak memory (MB), output."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "newsmirror", *arguments, "--dir",
                                    str(folder)], stdout=output, stderr=errors,
                                   env={**os.environ, "COLUMNS": "200"})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        output.seek(0)
        errors.seek(0)
        text, problems = output.read().decode(), errors.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"newsmirror {' '.join(arguments)}: {text}{problems}")
    return seconds, usage.ru_maxrss / 1024, text


def measure(folder: Path, size: int, port: int, feed: ChangingFeed, changing: int
            ) -> dict[str, Any]:
    print(f"  building {size:,} articles", flush=True)
    first = build(folder, size, port, changing)
    quiet = min(command(folder, "run")[0] for _ in range(ROUNDS))
    feed.items = NEW
    added, added_mb, report = command(folder, "run", "--json")
    feed.items = 0
    written = sorted(str(Path(p).relative_to((folder / "output").resolve()))
                     for p in json.loads(report)["written"])
    everything, everything_mb, _ = command(folder, "publish", "--all")
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    from newsmirror.publish import render

    original = Path(render.__file__).parent / "templates" / "archive.md.j2"
    (templates / "archive.md.j2").write_text(original.read_text(encoding="utf-8")
                                             + "<!-- changed -->\n", encoding="utf-8")
    rewritten, rewritten_mb, _ = command(folder, "publish")
    return {"first_publish_seconds": round(first, 2), "quiet_run_seconds": round(quiet, 3),
            "run_adding_10_seconds": round(added, 2), "run_adding_10_peak_mb": added_mb,
            "run_adding_10_wrote": written,
            "publish_all_seconds": round(everything, 2), "publish_all_peak_mb": everything_mb,
            "publish_all_rewriting_seconds": round(rewritten, 2),
            "publish_all_rewriting_peak_mb": rewritten_mb,
            "database_mb": round((folder / "data" / "newsmirror.db").stat().st_size / 1e6, 1)}


def run() -> Section:
    section = Section("archive", "A big archive: quiet runs, small runs, publishing it all",
                      "python -m bench archive")
    section.add(f"Versions: {versions('newsmirror')}.", "", __doc__.split("\n\n", 1)[1].strip(),
                "")
    rows, figures = [], {}
    feed = ChangingFeed()
    with reply_server(_NOT_MODIFIED) as port, changing_feed(feed) as changing:
        for size in SIZES:
            with tempfile.TemporaryDirectory() as scratch:
                found = measure(Path(scratch) / "mirror", size, port, feed, changing)
            figures[str(size)] = found
            rows.append([f"{size:,}", found["quiet_run_seconds"],
                         found["run_adding_10_seconds"], len(found["run_adding_10_wrote"]),
                         found["publish_all_seconds"], found["publish_all_rewriting_seconds"],
                         found["first_publish_seconds"],
                         f"{max(found[key] for key in found if key.endswith('_peak_mb')):.0f}",
                         found["database_mb"]])
    section.table(["articles", "quiet run (s)", "run adding 10 (s)", "files it wrote",
                   "publish --all (s)", "publish --all, every page changed (s)",
                   "first publish, in-process (s)", "peak memory (MB)", "database (MB)"],
                  rows)
    last = figures[str(SIZES[-1])]
    section.add(f"What the run adding 10 articles wrote at {SIZES[-1]:,}: "
                + ", ".join(f"`{name}`" for name in last["run_adding_10_wrote"]) + ".", "")
    section.figures["archive"] = figures
    return section
