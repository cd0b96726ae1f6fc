"""Reading the archive's history: every revision of an article and every event of its
page (removed, restored), oldest first, and the whole archive article by article for
export — streamed, never all of it in memory.

Read-only, and kept out of ``store.py`` so that readers and the writer change apart.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from newsmirror.article import Article
from newsmirror.dates import from_iso, with_offset
from newsmirror.store.model import StoredArticle
from newsmirror.store.store import ARTICLE_COLUMNS, LATEST, LISTED_COLUMNS, Store, stored_article
from newsmirror.urls import article_id

# Ordered as the revisions' (article_id, number) index: SQLite walks it and sorts nothing,
# so rows arrive as they are read, however large the archive.
_HISTORIES = """
    SELECT a.id, a.source, a.url, a.first_seen_at, a.removed_at, r.number, r.fetched_at,
        r.title, r.author, r.published, r.published_offset, r.lead_image, r.caption,
        r.lead_image_in_body, r.html, r.text
    FROM articles a JOIN revisions r ON r.article_id = a.id
"""
_ORDER = "ORDER BY r.article_id, r.number"
_EVENTS = "SELECT article_id, at, kind, detail FROM article_events ORDER BY article_id, at, id"
_EVENTS_OF_ONE = ("SELECT article_id, at, kind, detail FROM article_events "
                  "WHERE article_id = ? ORDER BY at, id")
_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True, kw_only=True)
class Revision(Article):
    """One archived version of an article."""

    number: int
    fetched_at: datetime


@dataclass(frozen=True)
class ArticleEvent:
    """Something that happened to an article's page: ``removed`` at source (``detail``:
    why it was judged so) or ``restored`` (the page answered again)."""

    at: datetime
    kind: Literal["removed", "restored"]
    detail: str = ""


@dataclass(frozen=True)
class ArticleHistory:
    """An article with every revision and every event, oldest first; ``removed_at``
    while the origin has deleted it."""

    id: str
    source: str
    url: str
    first_seen: datetime
    removed_at: datetime | None
    revisions: tuple[Revision, ...]
    events: tuple[ArticleEvent, ...] = ()

    @property
    def status(self) -> Literal["live", "removed"]:
        return "removed" if self.removed_at is not None else "live"


class ArchiveReader:
    """Read queries over an open :class:`Store`'s connection."""

    def __init__(self, store: Store) -> None:
        self._db: sqlite3.Connection = store.connection

    def revisions(self, identifier: str) -> list[Revision]:
        """Every revision of the article ``identifier``, oldest first."""
        found = self._one(identifier)
        return list(found.revisions) if found is not None else []

    def history(self, id_or_url: str) -> ArticleHistory | None:
        """The article named by its id or by (any form of) its URL, with its revisions."""
        lowered = id_or_url.lower()
        return self._one(lowered if _ARTICLE_ID.match(lowered) else article_id(id_or_url))

    def _one(self, identifier: str) -> ArticleHistory | None:
        return next(self._histories(identifier), None)

    def each_article(self, part: int = 0, parts: int = 1) -> Iterator[StoredArticle]:
        """Every article with its latest revision, streamed: one in memory at a time;
        of ``parts`` workers, the share of the ``part``-th (by row: about equal)."""
        where = f"WHERE a.rowid % {int(parts)} = {int(part)}" if parts > 1 else ""
        for row in self._db.execute(f"SELECT {ARTICLE_COLUMNS} {LATEST} {where}"):
            yield stored_article(row)

    def listing(self, source: str | None, limit: int) -> list[StoredArticle]:
        """The ``limit`` newest articles (of ``source``; of all when None), as an index
        lists them: without their body (``html`` empty, ``text`` cut to its start)."""
        return self._newest(LISTED_COLUMNS, source, limit)

    def newest(self, source: str | None, limit: int) -> list[StoredArticle]:
        """The ``limit`` newest articles (of ``source``; of all when None), whole: what
        a full-text feed holds."""
        return self._newest(ARTICLE_COLUMNS, source, limit)

    def _newest(self, columns: str, source: str | None, limit: int) -> list[StoredArticle]:
        where = "WHERE a.source = ?" if source is not None else ""
        params: tuple[object, ...] = (source, limit) if source is not None else (limit,)
        rows = self._db.execute(
            f"SELECT {columns} {LATEST} {where} "
            "ORDER BY a.path_date DESC, a.first_seen_at DESC, a.id LIMIT ?", params)
        return [stored_article(row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many articles each source has."""
        return {row[0]: row[1] for row in self._db.execute(
            "SELECT source, COUNT(*) FROM articles GROUP BY source")}

    def histories(self) -> Iterator[ArticleHistory]:
        """Every article with its revisions, in id order, one article in memory at a time."""
        return self._histories(None)

    def _histories(self, identifier: str | None) -> Iterator[ArticleHistory]:
        """One article's history (all, in id order, when ``identifier`` is None)."""
        params = () if identifier is None else (identifier,)
        one = "" if identifier is None else "WHERE a.id = ?"
        rows = self._db.execute(f"{_HISTORIES} {one} {_ORDER}", params)
        events = _Events(self._db.execute(
            _EVENTS if identifier is None else _EVENTS_OF_ONE, params))
        current: sqlite3.Row | None = None
        revisions: list[Revision] = []
        for row in rows:
            if current is not None and row["id"] != current["id"]:
                yield _history(current, revisions, events.of(current["id"]))
                revisions = []
            current = row
            revisions.append(_revision(row))
        if current is not None:
            yield _history(current, revisions, events.of(current["id"]))


class _Events:
    """The events of articles taken in id order, from one cursor ordered the same way:
    a merge of two sorted streams, so that the whole archive is read with two queries."""

    def __init__(self, rows: Iterator[sqlite3.Row]) -> None:
        self._rows = rows
        self._next: sqlite3.Row | None = next(rows, None)

    def of(self, identifier: str) -> tuple[ArticleEvent, ...]:
        found: list[ArticleEvent] = []
        while self._next is not None and self._next["article_id"] <= identifier:
            row = self._next
            if row["article_id"] == identifier:
                at = from_iso(row["at"])
                assert at is not None
                found.append(ArticleEvent(at, row["kind"], row["detail"]))
            self._next = next(self._rows, None)
        return tuple(found)


def _history(row: sqlite3.Row, revisions: list[Revision],
             events: tuple[ArticleEvent, ...]) -> ArticleHistory:
    first_seen = from_iso(row["first_seen_at"])
    assert first_seen is not None
    return ArticleHistory(id=row["id"], source=row["source"], url=row["url"],
                          first_seen=first_seen, removed_at=from_iso(row["removed_at"]),
                          revisions=tuple(revisions), events=events)


def _revision(row: sqlite3.Row) -> Revision:
    fetched_at = from_iso(row["fetched_at"])
    assert fetched_at is not None
    return Revision(url=row["url"], title=row["title"], html=row["html"], text=row["text"],
                    author=row["author"], published=with_offset(from_iso(row["published"]),
                                          row["published_offset"]),
                    lead_image=row["lead_image"], caption=row["caption"],
                    lead_image_in_body=bool(row["lead_image_in_body"]), number=row["number"],
                    fetched_at=fetched_at)
