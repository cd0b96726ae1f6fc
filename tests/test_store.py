"""Store: migrations, WAL, a revision only when the cleaned content changes."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsmirror.article import Article
from newsmirror.errors import StoreError
from newsmirror.store import ArchiveReader, CachedResponse, PageChecks, Store
from newsmirror.store.migrations import MIGRATIONS
from newsmirror.urls import article_id

T0 = datetime(2022, 1, 10, 5, 0, tzinfo=UTC)
ARTICLE = Article(url="https://news.example/a?utm_source=rss", title="T", html="<p>x</p>",
                       text="x", published=T0 - timedelta(hours=1))


def test_schema_is_migrated_once_and_wal_is_on(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store(path).close()
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer newsmirror"):
        Store(path)


def test_revisions_only_when_content_changes(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        first = store.save_article("src", ARTICLE, T0)
        assert (first.new_article, first.new_revision, first.revision) == (True, True, 1)
        assert first.article_id == article_id("https://news.example/a")  # tracking dropped
        same = store.save_article("src", ARTICLE, T0 + timedelta(hours=1))
        assert (same.new_article, same.new_revision, same.revision) == (False, False, 1)
        edited = store.save_article("src", replace(ARTICLE, html="<p>y</p>", text="y"),
                                    T0 + timedelta(hours=2))
        assert (edited.new_revision, edited.revision) == (True, 2)
        back = store.save_article("src", ARTICLE, T0 + timedelta(hours=3))
        assert back.revision == 3  # a return to an earlier text is a change too
        stored = store.article(first.article_id)
        assert stored is not None and stored.revision == 3 and stored.html == "<p>x</p>"
        assert stored.path_date == ARTICLE.published and stored.first_seen == T0
        assert store.revision_count() == 3
        assert store.body_origin("https://NEWS.example:443/a#top") == "page"


def test_a_future_publish_date_does_not_choose_the_folder(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        outcome = store.save_article("s", replace(ARTICLE, published=T0 + timedelta(days=400)), T0)
        stored = store.article(outcome.article_id)
        assert stored is not None and stored.path_date == T0


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        with pytest.raises(RuntimeError), store.transaction() as db:
            db.execute("INSERT INTO sources (name, url, first_seen_at) VALUES ('a', 'u', 't')")
            raise RuntimeError("crash in the middle")
        assert store.source_health() == []


def test_source_health_records_success_and_errors(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        store.record_source_error("s", "https://x/", T0, "HTTP 500", whole_source=True)
        store.record_source_error("s", "https://x/", T0, "HTTP 502", whole_source=True)
        [health] = store.source_health()
        assert health.consecutive_failures == 2 and health.last_error == "HTTP 502"
        store.record_source_success("s", "https://x/", T0 + timedelta(1), "Title")
        store.record_source_error("s", "https://x/", T0 + timedelta(2), "page: 404",
                                  whole_source=False)
        [health] = store.source_health()
        assert health.consecutive_failures == 0 and health.title == "Title"
        assert health.last_success_at == T0 + timedelta(1)
        assert health.last_error == "page: 404" and health.last_error_at == T0 + timedelta(2)


def test_an_archive_of_the_first_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + ";\nPRAGMA user_version = 1;")
    db.execute("INSERT INTO sources (name, url, first_seen_at) VALUES ('s', 'https://x/', '')")
    db.commit()
    db.close()
    with Store(path) as store:
        (health,) = store.source_health()
        assert health.name == "s" and health.next_check_at is None and health.moved_to == ""
        assert store.cached_response("https://x/") is None


def test_responses_are_remembered_for_conditional_requests(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        first = CachedResponse(etag='"abc"', last_modified="Mon, 10 Jan 2022 05:00:00 GMT",
                               body_hash="1" * 64)
        store.remember_response("https://x/feed", first, T0)
        assert store.cached_response("https://x/feed") == first
        second = CachedResponse(etag='"def"', body_hash="2" * 64)
        store.remember_response("https://x/feed", second, T0 + timedelta(hours=1))
        assert store.cached_response("https://x/feed") == second


def test_a_failing_source_rests_longer_each_time_and_recovers(tmp_path: Path) -> None:
    def backoff(failures: int) -> timedelta:
        return timedelta(hours=failures - 1)

    with Store(tmp_path / "db.sqlite") as store:
        store.record_source_error("s", "https://x/", T0, "HTTP 503", whole_source=True,
                                  backoff=backoff)
        assert store.source_health()[0].next_check_at is None  # a first failure: no rest
        store.record_source_error("s", "https://x/", T0, "HTTP 503", whole_source=True,
                                  backoff=backoff)
        assert store.source_health()[0].next_check_at == T0 + timedelta(hours=1)
        store.record_source_error("s", "https://x/", T0, "page: 404", whole_source=False,
                                  backoff=backoff)  # an item's failure does not count
        assert store.source_health()[0].next_check_at == T0 + timedelta(hours=1)
        store.record_source_success("s", "https://x/", T0 + timedelta(hours=2))
        health = store.source_health()[0]
        assert health.next_check_at is None and health.consecutive_failures == 0


def test_a_moved_source_is_remembered(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        store.record_source_moved("s", "https://x/old", "https://x/new", T0)
        assert store.source_health()[0].moved_to == "https://x/new"


def test_the_images_of_new_revisions_are_found_through_the_change_feed(tmp_path: Path
                                                                          ) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        shown = '<p><img src="https://i.example/a.png"></p>'
        store.save_article("src", replace(ARTICLE, html=shown), T0)
        store.save_article("src", replace(ARTICLE, html=shown + "<p>more</p>"), T0)
        changes = store.changes.after(0)
        assert [r.html for r in store.images.revision_images(changes)] == [
            shown, shown + "<p>more</p>"]


def test_an_archive_of_schema_6_learns_where_each_body_came_from(tmp_path: Path) -> None:
    # Archives made before bodies' origins were kept: an article whose page was fetched
    # when it was archived (the fetch log says so) came from its page; a removal becomes
    # an event; every revision stays and none is added.
    path = tmp_path / "db.sqlite"
    db = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:6], start=1):
        db.executescript(f"{script};\nPRAGMA user_version = {number};")
    db.execute("INSERT INTO sources (name, url, first_seen_at) VALUES ('s', 'https://x/', '')")
    for name, removed in (("page", None), ("feed", "2022-01-12T05:00:00Z")):
        url = f"https://news.example/{name}"
        db.execute("INSERT INTO articles (id, source, url, first_seen_at, last_seen_at, "
                   "path_date, removed_at, removed_reason) VALUES (?, 's', ?, ?, ?, ?, ?, ?)",
                   (article_id(url), url, "2022-01-10T05:00:00Z", "2022-01-10T05:00:00Z",
                    "2022-01-10T05:00:00Z", removed, "the page answers 404" if removed else ""))
        db.execute("INSERT INTO revisions (article_id, number, fetched_at, content_hash, title, "
                   "author, lead_image, caption, lead_image_in_body, html, text) VALUES "
                   "(?, 1, '2022-01-10T05:00:00Z', 'h', 'T', '', '', '', 0, '<p>x</p>', 'x')",
                   (article_id(url),))
    db.execute("INSERT INTO fetch_log (at, source, url, stage, ok) VALUES "
               "('2022-01-10T05:00:00Z', 's', 'https://news.example/page', 'page', 1)")
    db.execute("INSERT INTO fetch_log (at, source, url, stage, ok) VALUES "
               "('2022-01-10T05:00:00Z', 's', 'https://news.example/feed', 'page', 0)")
    db.commit()
    db.close()
    with Store(path) as store:
        origins = {a.url.rsplit("/", 1)[1]: a.body_from for a in store.articles()}
        assert origins == {"page": "page", "feed": "feed"}
        assert store.revision_count() == 2
        history = ArchiveReader(store).history("https://news.example/feed")
        assert history is not None and history.status == "removed"
        assert [(e.kind, e.detail) for e in history.events] == [
            ("removed", "the page answers 404")]


def test_a_removal_is_an_event_and_a_page_that_answers_restores_it(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        identifier = store.save_article("src", ARTICLE, T0).article_id
        checks = PageChecks(store)
        checks.mark_missing(identifier, T0 + timedelta(hours=1), "the page answers 404")
        assert store.article(identifier).removed_at is None  # type: ignore[union-attr]
        assert checks.mark_removed(identifier, T0 + timedelta(hours=1),
                                   T0 + timedelta(hours=2), "the page answers 404")
        assert not checks.mark_removed(identifier, T0 + timedelta(hours=1),
                                       T0 + timedelta(hours=3), "the page answers 404")
        checks.mark_missing(identifier, T0 + timedelta(hours=4), "the page answers 404")
        (page,) = checks.pages()
        assert page.removed_at == T0 + timedelta(hours=1) and page.missing_since is None
        # A feed item seen again is not its page: the removal stands.
        assert not store.save_article("src", replace(ARTICLE, body_from="feed"),
                                      T0 + timedelta(hours=5)).restored
        assert store.save_article("src", ARTICLE, T0 + timedelta(hours=6)).restored
        history = ArchiveReader(store).history(identifier)
        assert history is not None and history.status == "live"
        assert [(e.kind, e.at) for e in history.events] == [
            ("removed", T0 + timedelta(hours=1)), ("restored", T0 + timedelta(hours=6))]


def test_furniture_is_learned_per_source_and_the_newest_kept(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        checks = PageChecks(store)
        checks.learn_furniture("a", {"<p>今日推荐0</p>"}, T0)
        checks.learn_furniture("b", (f"<p>{n}</p>" for n in range(600)), T0)
        assert checks.furniture("a") == frozenset({"<p>今日推荐0</p>"})
        assert len(checks.furniture("b")) == 500


def test_revision_numbers_of_writers_sharing_an_archive_never_collide(tmp_path: Path) -> None:
    # Two connections (as two worker processes would have), saving revisions of one
    # article in turn: each number is given by the statement that adds the revision.
    path = tmp_path / "db.sqlite"
    with Store(path) as one, Store(path) as two:
        numbers = []
        for step in range(20):
            writer = one if step % 2 else two
            outcome = writer.save_article("src", replace(ARTICLE, html=f"<p>{step}</p>"),
                                          T0 + timedelta(minutes=step))
            numbers.append(outcome.revision)
        again = one.save_article("src", replace(ARTICLE, html="<p>19</p>"), T0)
    assert numbers == list(range(1, 21)) and (again.revision, again.new_revision) == (20, False)
