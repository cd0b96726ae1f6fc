"""What `newsmirror run` exits with, as documented, and what Ctrl-C or SIGTERM leave."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Clock
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.store import Store
from servers import FixtureServer, Request, Route
from test_versions import STORY, article_page, rss

runner = CliRunner()


def feed_source(server: FixtureServer, name: str, path: str) -> str:
    return f'[[sources]]\nname = "{name}"\nurl = "{server.url(path)}"\n\n'


def run(folder: Path) -> int:
    return runner.invoke(app, ["run", "--dir", str(folder)]).exit_code


def test_a_run_in_which_every_source_failed_exits_5(tmp_path: Path,
                                                    server: FixtureServer) -> None:
    server.routes["/down.xml"] = Route(b"down", 500)
    folder = tmp_path / "m"
    make_mirror(folder, f"[network]\n{LOCAL_NETWORK}attempts = 1\n\n"
                + feed_source(server, "one", "/down.xml") + feed_source(server, "two", "/nope"))
    assert run(folder) == ExitCode.FAILED


def test_an_item_that_keeps_failing_makes_one_partial_run_not_every_one(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "One", "Short."),
                                              ("/a/2", "Two", "Short.")])
    server.routes["/a/1"] = article_page("One", STORY)
    folder = tmp_path / "m"
    make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n" + feed_source(server, "s", "/feed.xml"))
    assert run(folder) == ExitCode.PARTIAL  # /a/2 failed: news for the operator
    codes = []
    for _ in range(6):  # /a/2 tried again on its own schedule, failing each time
        clock.advance(hours=2)
        codes.append(run(folder))
    assert codes == [ExitCode.OK] * 6
    status = runner.invoke(app, ["failures", "--json", "--dir", str(folder)])
    assert '"attempts": ' in status.stdout


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_run_publishes_what_it_archived_and_says_so(
        tmp_path: Path, server: FixtureServer, signal_number: int) -> None:
    # Two sources; the second's feed, once the first's article is archived, stops the
    # run (as Ctrl-C or a service manager would) before the second's is.
    whole = "".join(f"<p>{p * 4}</p>" for p in STORY)
    server.routes["/one.xml"] = rss(server, [("/a/1", "One", whole)])
    folder = tmp_path / "m"

    def stop(request: Request) -> Route:
        for _ in range(1000):  # until the first article is archived (not a timing bet)
            with contextlib.suppress(sqlite3.Error), contextlib.closing(
                    sqlite3.connect(folder / "data" / "newsmirror.db")) as db:
                if db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]:
                    break
            time.sleep(0.01)
        os.kill(os.getpid(), signal_number)
        return Route(b"late", 503)

    server.routes["/two.xml"] = stop
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}attempts = 1\n\n"
                         + feed_source(server, "one", "/one.xml")
                         + feed_source(server, "two", "/two.xml"))
    first = runner.invoke(app, ["run", "--dir", str(folder)])
    assert first.exit_code == ExitCode.INTERRUPTED, first.output
    assert "interrupted" in first.output and "published" in first.output
    with Store(mirror.paths.database) as store:
        (archived,) = store.articles()
    page = next(mirror.output.rglob(f"{archived.id}.md"))
    assert "Opposition members" in page.read_text(encoding="utf-8")
    server.routes["/two.xml"] = rss(server, [])
    assert run(folder) == ExitCode.OK  # the next run takes up the rest


def test_a_busy_mirror_is_its_own_exit_code(tmp_path: Path) -> None:
    from newsmirror.steps.lock import mirror_lock

    folder = tmp_path / "m"
    mirror = make_mirror(folder, "")
    with mirror_lock(mirror.paths.lock):
        assert run(folder) == ExitCode.BUSY
