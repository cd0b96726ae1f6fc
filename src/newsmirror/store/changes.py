"""The archive's change feed: what changed, in order, for each consumer to take in turn.

Every new article, new revision, removal, restoration and new local image copy has a
sequence number (written by triggers, in the transaction that makes the change); so has
an article that story grouping moved to another story without a revision of its own
(``story``: its page and its stories' pages show it elsewhere now). A
consumer — the publisher now, the search index, story grouping, outgoing feeds later —
keeps a durable cursor: it reads the changes after its cursor, does its work, and moves
the cursor past what it did. A consumer killed in the middle reads again from its cursor:
moved after each change, nothing is lost or done twice; moved after each batch, the batch
is done again (fine for work that is the same when repeated, as writing a file is).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from newsmirror.dates import from_iso, iso
from newsmirror.store.store import Store

ChangeKind = Literal["new", "revision", "removed", "restored", "images", "story"]


@dataclass(frozen=True)
class Change:
    """One change of one article: ``revision`` for a new article or revision."""

    seq: int
    article_id: str
    kind: ChangeKind
    revision: int | None
    at: datetime | None


class ChangeFeed:
    """Reads the change feed and keeps the consumers' cursors, over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def latest(self) -> int:
        """The sequence number of the newest change (0: none yet)."""
        return int(self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])

    def after(self, seq: int, limit: int = 1000, source: str | None = None) -> list[Change]:
        """The changes after ``seq`` (of the articles of ``source``, if given), oldest
        first, at most ``limit``."""
        if source is None:
            rows = self._db.execute("SELECT seq, article_id, kind, revision, at FROM changes "
                                    "WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
        else:
            rows = self._db.execute(
                "SELECT c.seq, c.article_id, c.kind, c.revision, c.at FROM changes c "
                "JOIN articles a ON a.id = c.article_id WHERE c.seq > ? AND a.source = ? "
                "ORDER BY c.seq LIMIT ?", (seq, source, limit))
        return [Change(row[0], row[1], row[2], row[3], from_iso(row[4]) if row[4] else None)
                for row in rows]

    def pending(self, consumer: str, batch: int = 1000, source: str | None = None
                ) -> Iterator[list[Change]]:
        """The changes after ``consumer``'s cursor (of ``source``'s articles, if given),
        in batches; the cursor does not move by reading: the consumer moves it
        (:meth:`advance`) when its work is done."""
        seq = self.cursor(consumer)
        while changes := self.after(seq, batch, source):
            yield changes
            seq = changes[-1].seq

    def note_regrouped(self, article_ids: Iterable[str], at: datetime) -> None:
        """Articles story grouping moved (``story`` changes), inside the caller's
        transaction: the grouping that moved them and the note stand or fall together."""
        self._db.executemany("INSERT INTO changes (article_id, kind, at) VALUES (?, 'story', ?)",
                             [(identifier, iso(at)) for identifier in sorted(article_ids)])

    def cursor(self, consumer: str) -> int:
        """How far ``consumer`` has taken the feed (0: not at all)."""
        row = self._db.execute("SELECT seq FROM cursors WHERE consumer = ?",
                               (consumer,)).fetchone()
        return int(row[0]) if row is not None else 0

    def advance(self, consumer: str, seq: int) -> None:
        """``consumer`` has done the changes up to ``seq``; a cursor never moves back."""
        with self._store.transaction() as db:
            db.execute("INSERT INTO cursors (consumer, seq) VALUES (?, ?) ON CONFLICT "
                       "(consumer) DO UPDATE SET seq = MAX(seq, excluded.seq)",
                       (consumer, seq))

    def reset(self, consumer: str) -> None:
        """``consumer`` starts again from the first change (its output made anew)."""
        with self._store.transaction() as db:
            db.execute("DELETE FROM cursors WHERE consumer = ?", (consumer,))
