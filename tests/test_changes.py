"""The archive's change feed, as its consumers use it: every change has a number, each
consumer its own cursor, and a consumer killed in the middle resumes where it was."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsmirror.article import Article
from newsmirror.store import Change, ChangeFeed, ImageArchive, ImageCopy, PageChecks, Store

T0 = datetime(2022, 1, 10, 5, tzinfo=UTC)
ARTICLE = Article(url="https://news.example/a/1", title="T", html="<p>x</p>", text="x",
                       published=T0)
RELEASE = Path(__file__).parent / "fixtures" / "archives" / "release-0.1"


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(change.article_id[-4:], change.kind) for change in changes]


def test_every_kind_of_change_is_numbered_in_order(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        feed = ChangeFeed(store)
        first = store.save_article("s", ARTICLE, T0).article_id
        store.save_article("s", ARTICLE, T0 + timedelta(hours=1))  # unchanged: no change
        store.save_article("s", replace(ARTICLE, html="<p>y</p>"), T0 + timedelta(hours=2))
        checks = PageChecks(store)
        checks.mark_removed(first, T0 + timedelta(hours=3), T0 + timedelta(hours=4), "404")
        checks.mark_live(first, T0 + timedelta(hours=5))
        pending = store.save_article("s", replace(ARTICLE, url="https://news.example/a/2",
                                                  body_from="summary"), T0).article_id
        store.save_article("s", replace(ARTICLE, url="https://news.example/a/2"), T0)
        images = ImageArchive(store)
        images.record_uses([("https://img.example/1.jpg", first)])
        images.record_copy("https://img.example/1.jpg", "s",
                           ImageCopy("a" * 64, "image/jpeg", "jpg", 10), T0)
        changes = feed.after(0)
    assert kinds(changes) == [
        (first[-4:], "new"), (first[-4:], "revision"), (first[-4:], "removed"),
        (first[-4:], "restored"), (pending[-4:], "new"), (pending[-4:], "new"),
        (first[-4:], "images")]
    assert [c.seq for c in changes] == sorted(c.seq for c in changes)
    assert changes[1].revision == 2 and changes[2].at == T0 + timedelta(hours=3)


def test_two_consumers_keep_their_own_cursors(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        feed = ChangeFeed(store)
        for number in range(5):
            store.save_article("s", replace(ARTICLE, url=f"https://news.example/{number}"), T0)
        assert [len(batch) for batch in feed.pending("search", batch=2)] == [2, 2, 1]
        feed.advance("search", feed.latest())
        feed.advance("site", feed.after(0)[1].seq)
        feed.advance("site", 1)  # a cursor never moves back
        store.save_article("s", replace(ARTICLE, url="https://news.example/new"), T0)
        assert [len(b) for b in feed.pending("search")] == [1]
        assert [len(b) for b in feed.pending("site")] == [4]
        assert next(iter(feed.pending("never-ran")))[0].seq == 1


class CrashError(Exception):
    """The consumer dies."""


def consume(store: Store, done: list[str], crash_at: int | None = None) -> None:
    """A consumer that moves its cursor after each change, as one whose work is not the
    same when repeated must: its work and its cursor move together."""
    feed = ChangeFeed(store)
    for batch in feed.pending("counter", batch=4):
        for change in batch:
            if crash_at is not None and len(done) == crash_at:
                raise CrashError
            done.append(change.article_id)
            feed.advance("counter", change.seq)


@pytest.mark.parametrize("crash_at", [0, 1, 3, 4, 5, 9])
def test_a_consumer_killed_mid_batch_loses_and_repeats_nothing(tmp_path: Path,
                                                               crash_at: int) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        ids = [store.save_article("s", replace(ARTICLE, url=f"https://news.example/{n}"),
                                  T0).article_id for n in range(10)]
        done: list[str] = []
        with pytest.raises(CrashError):
            consume(store, done, crash_at)
    with Store(tmp_path / "db.sqlite") as store:  # a new process: the cursor is durable
        consume(store, done)
    assert done == ids


def test_an_archive_of_the_release_has_a_change_for_each_revision(tmp_path: Path) -> None:
    shutil.copytree(RELEASE, tmp_path / "m")
    with Store(tmp_path / "m" / "data" / "newsmirror.db") as store:
        changes = ChangeFeed(store).after(0)
        assert len(changes) == store.revision_count() == 4
        assert [c.kind for c in changes].count("new") == 2
