"""The records of items whose article could not be had: each with its attempts, its last
error and its next try (or given up), until the article replaces its placeholder
(``Store.save_article`` then drops the record). Kept out of ``store.py`` so that the two
change apart; when to try again is ``backoff.item_retry``'s decision."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta

from newsmirror.dates import from_iso, iso
from newsmirror.store.model import ItemFailure
from newsmirror.store.store import Store
from newsmirror.urls import article_id


class ItemFailures:
    """Reads and writes the item failure records over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def record(self, source: str, url: str, at: datetime, message: str,
               http_status: int | None, retry: Callable[[int], timedelta | None]) -> int:
        """One more failure of the item at ``url``; ``retry`` turns its count of attempts
        into the wait before the next (None: give up). Returns the count."""
        identifier = article_id(url)
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO item_failures (article_id, source, url, first_failed_at, "
                "last_failed_at, attempts, last_error, http_status) "
                "VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (article_id) "
                "DO UPDATE SET last_failed_at = excluded.last_failed_at, "
                "attempts = attempts + 1, last_error = excluded.last_error, "
                "http_status = excluded.http_status",
                (identifier, source, url, iso(at), iso(at), message, http_status))
            attempts = int(db.execute("SELECT attempts FROM item_failures WHERE article_id = ?",
                                      (identifier,)).fetchone()[0])
            wait = retry(attempts)
            db.execute("UPDATE item_failures SET next_attempt_at = ? WHERE article_id = ?",
                       (iso(at + wait) if wait is not None else None, identifier))
        return attempts

    def given_up(self, url: str) -> bool:
        """Whether the item at ``url`` is not to be tried again (refused, or no article)."""
        row = self._db.execute("SELECT next_attempt_at FROM item_failures WHERE article_id = ?",
                               (article_id(url),)).fetchone()
        return row is not None and row[0] is None

    def failures(self, source: str | None = None) -> list[ItemFailure]:
        """Every failing item (of ``source``), the most recent failure first."""
        sql = "SELECT * FROM item_failures"
        params: tuple[str, ...] = ()
        if source is not None:
            sql += " WHERE source = ?"
            params = (source,)
        return [_failure(row) for row in
                self._db.execute(sql + " ORDER BY last_failed_at DESC, url", params)]


def _failure(row: sqlite3.Row) -> ItemFailure:
    first, last = from_iso(row["first_failed_at"]), from_iso(row["last_failed_at"])
    assert first is not None and last is not None
    return ItemFailure(source=row["source"], url=row["url"], attempts=row["attempts"],
                       first_failed_at=first, last_failed_at=last,
                       next_attempt_at=from_iso(row["next_attempt_at"]),
                       last_error=row["last_error"], http_status=row["http_status"])
