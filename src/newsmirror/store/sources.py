"""The records of the sources: when each was read, when and why it failed, how long it
rests, where it moved; the validators its feed last answered with; the fetch log. A part
of :class:`~newsmirror.store.store.Store`, kept apart so that the two change apart."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from newsmirror.dates import from_iso, iso
from newsmirror.store.model import CachedResponse, SourceHealth


def ensure_source(db: sqlite3.Connection, name: str, url: str, at: datetime) -> None:
    """The source's row, made if it is new (in the caller's transaction)."""
    db.execute("INSERT OR IGNORE INTO sources (name, url, first_seen_at) VALUES (?, ?, ?)",
               (name, url, iso(at)))


class SourceRecords:
    """The sources' records, over the store's connection and transactions."""

    _db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def record_source_success(self, name: str, url: str, at: datetime, title: str = "") -> None:
        """The source's feed or listing was read."""
        with self.transaction() as db:
            ensure_source(db, name, url, at)
            db.execute(
                "UPDATE sources SET url = ?, last_attempt_at = ?, last_success_at = ?, "
                "consecutive_failures = 0, next_check_at = NULL, "
                "title = CASE WHEN ? = '' THEN title ELSE ? END "
                "WHERE name = ?",
                (url, iso(at), iso(at), title, title, name),
            )

    def record_source_error(self, name: str, url: str, at: datetime, message: str,
                            *, whole_source: bool,
                            backoff: Callable[[int], timedelta] | None = None) -> None:
        """A failure: of the source itself, or (``whole_source=False``) of one of its items.
        ``backoff`` turns the count of consecutive failures into how long the source rests
        before it is checked again."""
        with self.transaction() as db:
            ensure_source(db, name, url, at)
            db.execute(
                "UPDATE sources SET last_error_at = ?, last_error = ?, "
                "last_attempt_at = CASE WHEN ? THEN ? ELSE last_attempt_at END, "
                "consecutive_failures = consecutive_failures + ? WHERE name = ?",
                (iso(at), message, whole_source, iso(at), int(whole_source), name),
            )
            if whole_source and backoff is not None:
                failures = db.execute("SELECT consecutive_failures FROM sources WHERE name = ?",
                                      (name,)).fetchone()[0]
                rest = backoff(failures)
                db.execute("UPDATE sources SET next_check_at = ? WHERE name = ?",
                           (iso(at + rest) if rest > timedelta(0) else None, name))

    def record_source_moved(self, name: str, url: str, moved_to: str, at: datetime) -> None:
        """The source's URL redirects for good (every hop 301/308) to ``moved_to``."""
        with self.transaction() as db:
            ensure_source(db, name, url, at)
            db.execute("UPDATE sources SET moved_to = ? WHERE name = ?", (moved_to, name))

    def cached_response(self, url: str) -> CachedResponse | None:
        """The validators and body hash ``url`` last answered with, if remembered."""
        row = self._db.execute("SELECT etag, last_modified, body_hash FROM http_cache "
                               "WHERE url = ?", (url,)).fetchone()
        return CachedResponse(row["etag"], row["last_modified"], row["body_hash"]) \
            if row is not None else None

    def remember_response(self, url: str, cached: CachedResponse, at: datetime) -> None:
        """Remember what ``url`` answered, once everything it listed is archived."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO http_cache (url, etag, last_modified, body_hash, stored_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, body_hash = excluded.body_hash, "
                "stored_at = excluded.stored_at",
                (url, cached.etag, cached.last_modified, cached.body_hash, iso(at)),
            )

    def log_fetch(self, source: str, url: str, stage: str, at: datetime, *, ok: bool,
                  http_status: int | None = None, message: str = "") -> None:
        """One line of the fetch log: what was fetched or processed, and how it went."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO fetch_log (at, source, url, stage, ok, http_status, message) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (iso(at), source, url, stage, int(ok), http_status, message),
            )

    def source_health(self) -> list[SourceHealth]:
        """Every source the archive has seen, with its counts."""
        rows = self._db.execute(
            """
            SELECT s.*,
                (SELECT COUNT(*) FROM articles a WHERE a.source = s.name) AS article_count,
                (SELECT COUNT(*) FROM revisions r JOIN articles a ON a.id = r.article_id
                 WHERE a.source = s.name) AS revision_count,
                (SELECT COUNT(*) FROM item_failures f WHERE f.source = s.name
                 AND f.next_attempt_at IS NOT NULL) AS failing_items,
                (SELECT COUNT(*) FROM item_failures f WHERE f.source = s.name
                 AND f.next_attempt_at IS NULL) AS given_up_items
            FROM sources s ORDER BY s.name
            """
        ).fetchall()
        return [
            SourceHealth(
                name=row["name"], url=row["url"], title=row["title"],
                last_attempt_at=from_iso(row["last_attempt_at"]),
                last_success_at=from_iso(row["last_success_at"]),
                last_error_at=from_iso(row["last_error_at"]),
                last_error=row["last_error"] or "",
                consecutive_failures=row["consecutive_failures"],
                articles=row["article_count"], revisions=row["revision_count"],
                next_check_at=from_iso(row["next_check_at"]), moved_to=row["moved_to"],
                failing_items=row["failing_items"], given_up_items=row["given_up_items"],
            )
            for row in rows
        ]
