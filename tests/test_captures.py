"""The run captures grow with what is new, not with how often a mirror looks: a payload
captured before is a revisit record, a replay still reads it, and retention deletes old
captures but never one that ``reprocess`` needs."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from conftest import Clock
from mirrors import LOCAL_NETWORK, make_mirror, snapshot
from newsmirror.cli import ExitCode, app
from newsmirror.config import Mirror
from newsmirror.errors import ConfigError
from newsmirror.net import ReplayFetcher
from newsmirror.pipeline import run_mirror
from newsmirror.steps.retention import Retention, parse_retention
from servers import FixtureServer
from test_versions import STORY, article_page, rss

PAGES = ("/a/1", "/a/2", "/a/3")


def prose(seed: int, words: int = 3000) -> str:
    """Text that compresses as prose does (a repeated sentence would shrink to nothing)."""
    chosen = random.Random(seed)
    vocabulary = [f"{chosen.choice('bcdfghklmnprstvw')}{chosen.choice('aeiou')}"
                  f"{chosen.choice('bcdfghklmnprstvw')}{chosen.choice('aeiou')}" * 2
                  for _ in range(500)]
    return " ".join(chosen.choice(vocabulary) for _ in range(words)) + "."


def site(server: FixtureServer) -> None:
    server.routes["/feed.xml"] = rss(server, [(p, f"Story {p}", "Short summary.")
                                              for p in PAGES])
    for number, path in enumerate(PAGES):
        server.routes[path] = article_page(f"Story {path}", STORY[number:] + STORY[:number],
                                           extra=f"<p>{prose(number)}</p>")


def mirror_of(tmp_path: Path, server: FixtureServer, archive: str = "") -> Mirror:
    site(server)
    return make_mirror(tmp_path / "m", f"{archive}[network]\n{LOCAL_NETWORK}\n"
                       f'[[sources]]\nname = "city"\nurl = "{server.url("/feed.xml")}"\n')


def record_types(path: Path) -> list[str]:
    with path.open("rb") as handle:
        return [record.rec_type for record in ArchiveIterator(handle)]


def captures(mirror: Mirror) -> list[Path]:
    return sorted(mirror.paths.warc.glob("*.warc.gz"))


def test_what_was_captured_before_is_a_revisit_and_a_replay_reads_it(
        tmp_path: Path, server: FixtureServer) -> None:
    mirror = mirror_of(tmp_path, server)
    first = run_mirror(mirror).capture
    assert first is not None and record_types(first).count("response") == 4
    later = [run_mirror(mirror, recheck_all=True).capture for _ in range(5)]
    assert len(set(later)) == 5  # one file per run, even within one second
    for path in later:  # the pages as revisits (the feed is under REVISIT_MIN_BYTES)
        assert path is not None and record_types(path).count("revisit") == 3
        assert path.stat().st_size < first.stat().st_size / 5
    replayed = ReplayFetcher(captures(mirror))
    assert server.url("/a/1") in replayed.urls
    before = snapshot(mirror.output)
    result = CliRunner().invoke(app, ["reprocess", "--json", "--dir", str(mirror.paths.root)])
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.output)["rechecks"]["edited"] == 0
    assert snapshot(mirror.output) == before


def test_old_captures_go_but_never_one_that_reprocess_needs(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    mirror = mirror_of(tmp_path, server, '[archive]\nkeep_captures = "1d"\n')
    first = run_mirror(mirror).capture
    assert first is not None
    server.routes["/a/1"] = article_page("Story /a/1", STORY[::-1])  # an edit
    edited = run_mirror(mirror, recheck_all=True).capture
    for _ in range(3):
        clock.advance(days=1)
        run_mirror(mirror, recheck_all=True)
    # The first file holds a2's and a3's pages in full, the second a1's edit: both stay;
    # the files of the later runs hold only revisits, each superseded by the next run's.
    kept = captures(mirror)
    assert first in kept and edited in kept
    assert len(kept) == 3
    report = run_mirror(mirror, recheck_all=True)
    assert report.pruned.files == 1 and report.pruned.bytes > 0
    assert first in captures(mirror) and edited in captures(mirror)
    result = CliRunner().invoke(app, ["reprocess", "--json", "--dir", str(mirror.paths.root)])
    assert json.loads(result.output)["rechecks"]["edited"] == 0, result.output
    status = CliRunner().invoke(app, ["status", "--json", "--dir", str(mirror.paths.root)])
    archive = json.loads(status.stdout)["archive"]
    assert archive["captures"] == len(captures(mirror)) and archive["keep_captures"] == "1d"
    assert archive["capture_bytes"] == sum(p.stat().st_size for p in captures(mirror))


def test_captures_made_before_the_ledger_are_kept(tmp_path: Path, server: FixtureServer,
                                                  clock: Clock) -> None:
    mirror = mirror_of(tmp_path, server, '[archive]\nkeep_captures = "1d"\n')
    older = mirror.paths.warc / "20200101T000000Z.warc.gz"
    older.parent.mkdir(parents=True)
    shutil.copy(Path(__file__).parent.parent / "src" / "newsmirror" / "demo" /
                "sample.warc.gz", older)
    for _ in range(3):
        run_mirror(mirror, recheck_all=True)
        clock.advance(days=2)
    assert older.exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("90d", Retention(max_age=parse_retention("90d").max_age)),
    ("all", Retention()),
    ("12w, 5GB", Retention(parse_retention("84d").max_age, 5 * 10**9)),
    ("500MB", Retention(max_bytes=500 * 10**6)),
])
def test_retention_is_written_as_it_is_said(text: str, expected: Retention) -> None:
    assert parse_retention(text) == expected


@pytest.mark.parametrize("text", ["forever", "90", "5 TB", "90d, 80d", ""])
def test_a_retention_that_means_nothing_is_a_configuration_error(tmp_path: Path,
                                                                 text: str) -> None:
    with pytest.raises(ConfigError, match="keep_captures"):
        make_mirror(tmp_path / "m", f'[archive]\nkeep_captures = "{text}"\n')
