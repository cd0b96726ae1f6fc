"""Killed at any moment, a run loses nothing: the next run finishes the job.

``newsmirror run`` is killed with SIGKILL at the moments where a crash could do harm,
chosen from the run's own progress (``crashrun.py``): just after an article is stored,
inside a store transaction before its commit, and while a published file is half
written. A final run then completes, and every article is archived exactly once, no
published file is truncated (publishing again writes nothing), and the database passes
``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.steps.lock import mirror_lock
from servers import FixtureServer, Route

SOURCES, FIRST_ITEMS, NEW_ITEMS = 4, 20, 10  # items per feed at first; added before each run
PARAGRAPH = ("这是第{n}篇文章的正文，讲述了一件新近发生的事情，记者在现场采访了多位目击者。"
             "Officials said the inquiry would continue for several weeks. ") * 6
CRASH_RUN = Path(__file__).parent / "crashrun.py"
# Each run dies at one of these; each finds at least 40 new items (and so stores 40
# articles and publishes 40 pages at least), so that every one of these is reached.
KILLS = [("stored", 30), ("transaction", 40), ("publish", 12), ("stored", 1),
         ("transaction", 7), ("publish", 30), ("stored", 17), ("transaction", 1),
         ("publish", 1)]


def full_text_feed(server: FixtureServer, source: int, count: int) -> bytes:
    items = "".join(
        f"<item><title>Story {source}-{n}</title>"
        f"<link>{server.url(f'/s{source}/{n}.html')}</link>"
        f"<pubDate>Mon, 10 Jan 2022 0{n % 10}:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{PARAGRAPH.format(n=n)}</p><p>{source}-{n}</p>]]>"
        "</description></item>" for n in range(count))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Feed {source}</title>{items}</channel></rss>").encode()


def test_a_run_killed_where_it_hurts_loses_nothing(tmp_path: Path,
                                                   server: FixtureServer) -> None:
    tables = ""
    for source in range(SOURCES):
        tables += (f'[[sources]]\nname = "feed{source}"\n'
                   f'url = "{server.url(f"/feed{source}.xml")}"\nbody = "feed"\n\n')
    items = FIRST_ITEMS

    def serve(count: int) -> None:
        for source in range(SOURCES):
            server.routes[f"/feed{source}.xml"] = Route(
                full_text_feed(server, source, count),
                headers={"Content-Type": "application/rss+xml"})
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n{tables}")
    environment = {**os.environ, "NEWSMIRROR_DIR": str(folder)}
    for point, n in KILLS:
        serve(items)
        items += NEW_ITEMS
        killed = subprocess.run([sys.executable, str(CRASH_RUN), point, str(n)],
                                env=environment, capture_output=True, text=True)
        assert killed.returncode == -signal.SIGKILL, (point, n, killed.stderr)
    serve(items)
    final = subprocess.run([sys.executable, "-m", "newsmirror", "run"], env=environment,
                           capture_output=True, text=True)
    assert final.returncode == 0, final.stderr

    database = sqlite3.connect(mirror.paths.database)
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count, distinct = database.execute(
        "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone()
    assert count == distinct == SOURCES * items
    assert database.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == count
    database.close()
    published = list(mirror.output.rglob("*.md"))
    assert len(published) >= SOURCES * items
    assert not list(mirror.output.rglob("*.tmp"))
    again = CliRunner().invoke(app, ["publish", "--dir", str(folder)])
    assert again.exit_code == 0 and again.output.startswith("0 files written"), again.output


def test_a_second_run_of_one_mirror_is_refused_at_once(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n")
    with mirror_lock(mirror.paths.lock):
        result = CliRunner().invoke(app, ["run", "--dir", str(folder)])
    assert result.exit_code == ExitCode.BUSY  # not a database error: nothing is wrong
    assert "another newsmirror run holds this mirror (pid" in result.output
    after = CliRunner().invoke(app, ["run", "--dir", str(folder)])
    assert after.exit_code == ExitCode.OK, after.output


def test_files_a_killed_run_left_half_written_are_removed_when_publishing(
        tmp_path: Path) -> None:
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n")
    leftover = mirror.output / "dw" / "2022" / ".015fdcb7608d6fe2.md.k2j3.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"### half an arti")
    keep = mirror.output / "dw" / "notes.tmp"  # not one of ours: left alone
    keep.write_bytes(b"x")
    assert CliRunner().invoke(app, ["publish", "--dir", str(folder)]).exit_code == 0
    assert not leftover.exists() and keep.exists()
