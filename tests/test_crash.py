"""Killed at any moment, a run loses nothing: the next run finishes the job.

``newsmirror run`` is killed with SIGKILL at 20 random moments while it ingests 500
articles from a local server; a final run then completes, and every article is archived
exactly once, no published file is truncated (publishing again writes nothing), and the
database passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.lock import mirror_lock
from servers import FixtureServer, Route

SOURCES, ITEMS = 10, 50
PARAGRAPH = ("这是第{n}篇文章的正文，讲述了一件新近发生的事情，记者在现场采访了多位目击者。"
             "Officials said the inquiry would continue for several weeks. ") * 6


def full_text_feed(server: FixtureServer, source: int) -> bytes:
    items = "".join(
        f"<item><title>Story {source}-{n}</title>"
        f"<link>{server.url(f'/s{source}/{n}.html')}</link>"
        f"<pubDate>Mon, 10 Jan 2022 0{n % 10}:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{PARAGRAPH.format(n=n)}</p><p>{source}-{n}</p>]]>"
        "</description></item>" for n in range(ITEMS))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Feed {source}</title>{items}</channel></rss>").encode()


def command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "newsmirror", "run", "--dir", str(folder)]


def test_a_run_killed_at_twenty_moments_loses_nothing(tmp_path: Path,
                                                     server: FixtureServer) -> None:
    tables = ""
    for source in range(SOURCES):
        # One feed at a time, each a little slow: a run spends a few seconds ingesting,
        # and the kills fall all along it.
        server.routes[f"/feed{source}.xml"] = Route(
            full_text_feed(server, source), headers={"Content-Type": "application/rss+xml"},
            delay=0.3)
        tables += (f'[[sources]]\nname = "feed{source}"\n'
                   f'url = "{server.url(f"/feed{source}.xml")}"\nbody = "feed"\n\n')
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}per_host = 1\n\n{tables}")
    environment = {**os.environ, "NEWSMIRROR_DIR": str(folder)}
    moments = random.Random(20221110)
    for _ in range(20):
        process = subprocess.Popen(command(folder), env=environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moments.uniform(0.5, 4.0))  # not a timing assertion: where to kill
        process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(command(folder), env=environment, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr

    database = sqlite3.connect(mirror.paths.database)
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count, distinct = database.execute(
        "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone()
    assert count == distinct == SOURCES * ITEMS
    assert database.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == count
    database.close()
    published = list(mirror.output.rglob("*.md"))
    assert len(published) >= SOURCES * ITEMS
    assert not list(mirror.output.rglob("*.tmp"))
    again = CliRunner().invoke(app, ["publish", "--dir", str(folder)])
    assert again.exit_code == 0 and again.output.startswith("0 files written"), again.output


def test_a_second_run_of_one_mirror_is_refused_at_once(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n")
    with mirror_lock(mirror.paths.lock):
        result = CliRunner().invoke(app, ["run", "--dir", str(folder)])
    assert result.exit_code != ExitCode.OK
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
