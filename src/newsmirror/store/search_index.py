"""The search index's database (``data/search.db``), apart from the archive's: it is
made from the archive and can be made again (``newsmirror index --rebuild``), so the
archive — which a CI job commits after every run — does not carry it.

``docs`` has what filters and ranking need; ``fts`` (FTS5, unicode61 over our own
space-separated tokens: see ``newsmirror.search.tokens``) the title's and body's
characters and pairs of characters. ``fts`` is contentless — the tokens are not stored,
only their index (a third of the size) — so an article indexed again is first taken out
with the tokens it was indexed with, made again from its revision in the archive
(revisions never change).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from newsmirror.errors import StoreError

SCHEMA_VERSION = "4"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    day TEXT NOT NULL,          -- the publication date (yyyy-mm-dd, where published)
    published TEXT NOT NULL,    -- the moment, UTC, for recency
    status TEXT NOT NULL,       -- live or removed
    edited INTEGER NOT NULL,    -- more than one revision
    revision INTEGER NOT NULL   -- the revision whose tokens are in fts
);
CREATE INDEX IF NOT EXISTS docs_by_source_day ON docs(source, day);
CREATE INDEX IF NOT EXISTS docs_by_day ON docs(day);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    t_chars, b_chars, t_pairs, b_pairs, t_solo, b_solo,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    content = ''

);
"""
# bm25 weights of t_chars, b_chars, t_pairs, b_pairs, t_solo, b_solo: a match in the
# title counts more; a character that stands as a word (solo) more than one in a word
_WEIGHTS = "4.0, 1.0, 4.0, 1.0, 8.0, 2.0"
RANKED = 1000  # matches ranked by relevance; of more, the newest this many
COUNTED = 10_000  # matches counted; of more, the count says "more than" this


@dataclass(frozen=True)
class Tokens:
    """A revision's token streams, one per column of ``fts``."""

    t_chars: str
    b_chars: str
    t_pairs: str
    b_pairs: str
    t_solo: str
    b_solo: str

    def values(self) -> tuple[str, ...]:
        return (self.t_chars, self.b_chars, self.t_pairs, self.b_pairs, self.t_solo,
                self.b_solo)


@dataclass(frozen=True)
class IndexedDoc:
    article_id: str
    source: str
    day: str
    published: str
    status: str
    edited: bool
    revision: int
    tokens: Tokens


STATUSES = ("live", "removed", "edited")  # what Filters.status may be


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    since: str | None = None  # yyyy-mm-dd, inclusive
    until: str | None = None  # yyyy-mm-dd, inclusive
    status: str | None = None  # live, removed, edited


@dataclass(frozen=True)
class IndexHit:
    article_id: str
    source: str
    day: str
    status: str
    edited: bool
    score: float


class SearchDatabase:
    """An open search index."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """Open (and create) the index at ``path``; ``readonly``: one that exists, to
        search only (``serve`` writes nothing, whatever it is asked)."""
        try:
            if readonly:
                self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                           isolation_level=None, timeout=30.0)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the search index {path}: {exc} (delete it, and "
                             "'newsmirror index --rebuild' makes it again)") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SearchDatabase:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row is not None else None

    def set_meta(self, key: str, value: str) -> None:
        """In the caller's transaction, if there is one."""
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def clear(self) -> None:
        """Everything out, the tables made again as this version makes them (in the
        caller's transaction): a rebuild follows."""
        self._db.execute("DROP TABLE IF EXISTS fts")
        self._db.execute("DROP TABLE IF EXISTS docs")
        self._db.execute("DROP TABLE IF EXISTS meta")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._db.execute(statement)
        # no merging while the whole archive goes in: optimize() merges once at the end
        self._db.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', 0)")

    def indexed_revision(self, article_id: str) -> int | None:
        """The revision of the article whose tokens are indexed (None: not indexed)."""
        row = self._db.execute("SELECT revision FROM docs WHERE article_id = ?",
                               (article_id,)).fetchone()
        return int(row[0]) if row is not None else None

    def put(self, doc: IndexedDoc, indexed: Tokens | None = None) -> None:
        """Index ``doc`` (in the caller's transaction); an article indexed already is
        taken out first, with ``indexed``: the tokens it was indexed with."""
        row = self._db.execute("SELECT id FROM docs WHERE article_id = ?",
                               (doc.article_id,)).fetchone()
        if row is not None:
            if indexed is None:
                raise ValueError(f"{doc.article_id} is indexed: its indexed tokens are needed")
            self._db.execute("INSERT INTO fts (fts, rowid, t_chars, b_chars, t_pairs, "
                             "b_pairs, t_solo, b_solo) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
                             (row[0], *indexed.values()))
            self._db.execute("DELETE FROM docs WHERE id = ?", (row[0],))
        cursor = self._db.execute(
            "INSERT INTO docs (id, article_id, source, day, published, status, edited, "
            "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row[0] if row is not None else None, doc.article_id, doc.source, doc.day,
             doc.published, doc.status, int(doc.edited), doc.revision))
        self._db.execute("INSERT INTO fts (rowid, t_chars, b_chars, t_pairs, b_pairs, "
                         "t_solo, b_solo) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (cursor.lastrowid, *doc.tokens.values()))

    def set_state(self, article_id: str, status: str, edited: bool) -> None:
        """An indexed article removed at source or back, without new tokens."""
        self._db.execute("UPDATE docs SET status = ?, edited = ? WHERE article_id = ?",
                         (status, int(edited), article_id))

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def optimize(self) -> None:
        """Merge the index's segments and give back the pages that frees (after a
        rebuild: smaller, faster to query)."""
        self._db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        self._db.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', 4)")  # the default
        self._db.execute("VACUUM")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def search(self, expression: str, filters: Filters, limit: int, offset: int,
               now_day: float) -> tuple[list[IndexHit], int]:
        """The hits of an FTS5 ``expression`` (already made safe by the query compiler),
        best first — bm25, lifted for recent articles — and how many there are (at most
        :data:`COUNTED` + 1: more than :data:`COUNTED`).
        ``now_day`` is today as a Julian day number.

        Of a query that matches more than :data:`RANKED` articles (a common character),
        the newest :data:`RANKED` are ranked: scoring them all would cost a hundred times
        more for results that, newest first, are those anyway."""
        where, values = _where(filters)
        # the filters' clauses are ours, their values bound
        matches = (f"FROM fts JOIN docs d ON d.id = fts.rowid "
                   f"WHERE fts MATCH ? {where}")
        try:
            total = int(self._db.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 {matches} LIMIT {COUNTED + 1})",  # noqa: S608
                (expression, *values)).fetchone()[0])
            floor = 0
            if total > RANKED:
                floor = int(self._db.execute(
                    f"SELECT MIN(rowid) FROM (SELECT fts.rowid AS rowid {matches} "  # noqa: S608
                    f"ORDER BY fts.rowid DESC LIMIT {RANKED})",
                    (expression, *values)).fetchone()[0])
            # bm25 is negative (lower is better): the factor lifts an article by up to
            # 1.5 today, 1.25 a month old
            rows = self._db.execute(
                f"SELECT d.article_id, d.source, d.day, d.status, d.edited, "
                f"bm25(fts, {_WEIGHTS}) * (1.0 + 0.5 / (1.0 + MAX(0.0, ? - "
                f"julianday(d.published)) / 30.0)) AS score {matches} AND fts.rowid >= ? "
                f"ORDER BY score LIMIT ? OFFSET ?",
                (now_day, expression, *values, floor, limit, offset)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the search index could not answer: {exc}") from exc
        return [IndexHit(r[0], r[1], r[2], r[3], bool(r[4]), float(r[5])) for r in rows], total


def _where(filters: Filters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    values: list[object] = []
    if filters.source:
        clauses.append("d.source = ?")
        values.append(filters.source)
    if filters.since:
        clauses.append("d.day >= ?")
        values.append(filters.since)
    if filters.until:
        clauses.append("d.day <= ?")
        values.append(filters.until)
    if filters.status == "edited":
        clauses.append("d.edited = 1")
    elif filters.status:
        clauses.append("d.status = ?")
        values.append(filters.status)
    return "".join(f" AND {c}" for c in clauses), values
