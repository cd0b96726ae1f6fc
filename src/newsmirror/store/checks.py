"""The records of re-checks: which archived pages a check may fetch again, what it found
(live, a first "gone" answer, a confirmed removal), and the furniture each source's pages
change on every fetch, which is never an edit.

Kept out of ``store.py`` so that the re-check bookkeeping and the article writer change
apart; the decisions (what is due, when a removal is confirmed, what is an edit) are the
``recheck`` package's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from newsmirror.dates import from_iso, iso
from newsmirror.store.model import ArchivedPage
from newsmirror.store.store import Store, body_origin, seen_live

# The furniture templates kept per source: the most recently learned.
_MAX_TEMPLATES = 500


class PageChecks:
    """Reads and writes the re-check records over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def pages(self, first_seen_after: datetime | None = None,
              sources: Iterable[str] = ()) -> list[ArchivedPage]:
        """Archived articles first seen after the given time (all when None), awaiting
        the check that confirms a "gone" answer, or placeholders awaiting their page, of
        the given sources (all when none), newest first: what a re-check may fetch
        again. Removed ones too: a page that comes back is restored."""
        sql = ("SELECT id, a.source, a.url, first_seen_at, last_checked_at, body_from, "
               "missing_since, removed_at, f.next_attempt_at FROM articles a "
               "LEFT JOIN item_failures f ON f.article_id = a.id WHERE 1")
        params: list[object] = []
        if first_seen_after is not None:
            sql += (" AND (first_seen_at > ? OR missing_since IS NOT NULL "
                    "OR body_from = 'summary')")
            params.append(iso(first_seen_after))
        names = list(sources)
        if names:
            sql += f" AND a.source IN ({', '.join('?' * len(names))})"
            params += names
        pages = []
        for row in self._db.execute(sql + " ORDER BY first_seen_at DESC", params):
            first_seen = from_iso(row["first_seen_at"])
            assert first_seen is not None
            pages.append(ArchivedPage(
                row["id"], row["source"], row["url"], first_seen,
                from_iso(row["last_checked_at"]) or first_seen,
                body_from=body_origin(row["body_from"]),
                missing_since=from_iso(row["missing_since"]),
                removed_at=from_iso(row["removed_at"]),
                retry_at=from_iso(row["next_attempt_at"])))
        return pages

    def mark_live(self, identifier: str, at: datetime) -> bool:
        """The page answered (an article whose feed brings its edits): checked now;
        restored if it was removed (True)."""
        with self._store.transaction() as db:
            return seen_live(db, identifier, at)

    def mark_missing(self, identifier: str, at: datetime, reason: str) -> None:
        """A first "gone" answer (404, 410, a redirect home): noted, not yet a removal
        (of an article removed already: only checked now)."""
        with self._store.transaction() as db:
            db.execute("UPDATE articles SET missing_since = CASE WHEN removed_at IS NULL "
                       "THEN COALESCE(missing_since, ?) END, "
                       "missing_reason = ?, last_checked_at = ? WHERE id = ?",
                       (iso(at), reason, iso(at), identifier))

    def mark_removed(self, identifier: str, since: datetime, at: datetime, reason: str
                     ) -> bool:
        """The origin deleted the article (``since``: when that was first seen; ``at``:
        this check): it stays archived, marked removed at source, with a "removed"
        event. False if it was marked already."""
        with self._store.transaction() as db:
            db.execute("UPDATE articles SET last_checked_at = ? WHERE id = ?",
                       (iso(at), identifier))
            changed = db.execute(
                "UPDATE articles SET removed_at = ?, removed_reason = ?, missing_since = NULL, "
                "missing_reason = '' WHERE id = ? AND removed_at IS NULL",
                (iso(since), reason, identifier)).rowcount
            if changed:
                db.execute("INSERT INTO article_events (article_id, at, kind, detail) "
                           "VALUES (?, ?, 'removed', ?)", (identifier, iso(since), reason))
        return bool(changed)

    def furniture(self, source: str) -> frozenset[str]:
        """The templates of the blocks that ``source``'s pages change on every fetch."""
        return frozenset(row[0] for row in self._db.execute(
            "SELECT template FROM volatile_blocks WHERE source = ?", (source,)))

    def learn_furniture(self, source: str, templates: Iterable[str], at: datetime) -> None:
        """Remember blocks seen to change between two fetches of an unchanged page."""
        rows = [(source, template, iso(at)) for template in set(templates)]
        if not rows:
            return
        with self._store.transaction() as db:
            db.executemany("INSERT INTO volatile_blocks (source, template, learned_at) "
                           "VALUES (?, ?, ?) ON CONFLICT (source, template) "
                           "DO UPDATE SET learned_at = excluded.learned_at", rows)
            db.execute("DELETE FROM volatile_blocks WHERE source = ? AND template NOT IN "
                       "(SELECT template FROM volatile_blocks WHERE source = ? "
                       "ORDER BY learned_at DESC LIMIT ?)", (source, source, _MAX_TEMPLATES))
