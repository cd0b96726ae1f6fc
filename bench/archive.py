"""A quiet run over a big archive: every feed answers 304, no article is due for a re-check.

That is most runs of a mirror that runs every few minutes for months, so its cost is what
the operator pays all the time. An archive of N articles from 50 sources is built (old
enough that the re-check schedule leaves them alone), published once, then ``newsmirror
run`` is timed as a whole command (start-up included), the fastest of three, against a
local server (its own process) that answers every feed request with a 304.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.replyserver import reply_server
from bench.report import Section, versions

SOURCES = 50
SIZES = tuple(int(size) for size in os.environ.get("NEWSMIRROR_BENCH_ARCHIVE",
                                                  "10000,100000").split(","))
ROUNDS = 3
_NOT_MODIFIED = (b"HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 0\r\n\r\n")


def build(folder: Path, articles: int, port: int) -> float:
    """An archived mirror of ``articles`` articles; returns the seconds its first
    publish took."""
    from newsmirror.clean import CleanArticle
    from newsmirror.config import open_mirror
    from newsmirror.dates import now
    from newsmirror.publish.mirror import publish_mirror
    from newsmirror.store import CachedResponse, Store

    tables = "".join(f'[[sources]]\nname = "s{n:02d}"\n'
                     f'url = "http://127.0.0.1:{port}/feed{n}.xml"\n\n' for n in range(SOURCES))
    folder.mkdir(parents=True)
    (folder / "newsmirror.toml").write_text(
        "[network]\nallow_private = true\nhost_delay = 0\nper_host = 0\n"
        f"concurrency = {SOURCES}\n\n" + tables, encoding="utf-8")
    mirror = open_mirror(folder)
    old = now() - timedelta(days=60)  # past the default re-check horizon (30 days)
    with Store(mirror.paths.database) as store:
        for number in range(articles):
            source = f"s{number % SOURCES:02d}"
            text = f"Paragraph of article {number}. " * 20
            store.save_article(source, CleanArticle(
                url=f"https://news{number % SOURCES}.example/a/{number}.html",
                title=f"Article {number}", html=f"<p>{text}</p>", text=text,
                published=old - timedelta(minutes=number)), old)
        for n in range(SOURCES):
            url = f"http://127.0.0.1:{port}/feed{n}.xml"
            store.record_source_success(f"s{n:02d}", url, old, f"Source {n}")
            store.remember_response(url, CachedResponse(etag='"v1"'), old)
        started = time.perf_counter()
        publish_mirror(mirror, store)
        first_publish = time.perf_counter() - started
    return first_publish


def timed_run(folder: Path, *, quiet: bool = True) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "newsmirror", "run", "--dir", str(folder)],
                            capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    seconds = time.perf_counter() - started
    if result.returncode != 0 or (quiet and "up to date" not in result.stdout):
        raise RuntimeError(f"the quiet run did not stay quiet: {result.stdout}{result.stderr}")
    return seconds


def run() -> Section:
    section = Section("archive", "A quiet run over a big archive", "python -m bench archive")
    section.add(f"Versions: {versions('newsmirror')}.", "", __doc__.split("\n\n", 1)[1].strip(),
                "")
    rows, figures = [], {}
    with reply_server(_NOT_MODIFIED) as port:
        for size in SIZES:
            with tempfile.TemporaryDirectory() as scratch:
                folder = Path(scratch) / "mirror"
                print(f"  building {size:,} articles", flush=True)
                first = build(folder, size, port)
                timed_run(folder, quiet=False)  # records what the published mirror is made of
                seconds = min(timed_run(folder) for _ in range(ROUNDS))
                database = (folder / "data" / "newsmirror.db").stat().st_size / 1e6
            rows.append([f"{size:,}", SOURCES, seconds, first, database])
            figures[str(size)] = {"run_seconds": round(seconds, 3),
                                  "first_publish_seconds": round(first, 2),
                                  "database_mb": round(database, 1)}
    section.table(["articles", "sources", "quiet run (s)", "first publish (s)",
                   "database (MB)"], rows)
    section.figures["quiet_run"] = figures
    return section
