"""Reading the archive's history: every revision of an article, oldest first, and the
whole archive article by article for export — streamed, never all of it in memory.

Read-only, and kept out of ``store.py`` so that readers and the writer change apart.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from newsmirror.dates import from_iso
from newsmirror.store.store import Store
from newsmirror.urls import article_id

# Ordered as the revisions' (article_id, number) index: SQLite walks it and sorts nothing,
# so rows arrive as they are read, however large the archive.
_HISTORIES = """
    SELECT a.id, a.source, a.url, a.first_seen_at, a.removed_at, r.number, r.fetched_at,
        r.title, r.author, r.published, r.lead_image, r.caption, r.lead_image_in_body,
        r.html, r.text
    FROM articles a JOIN revisions r ON r.article_id = a.id
"""
_ORDER = "ORDER BY r.article_id, r.number"
_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Revision:
    """One archived version of an article."""

    number: int
    fetched_at: datetime
    title: str
    author: str
    published: datetime | None
    lead_image: str
    caption: str
    lead_image_in_body: bool
    html: str
    text: str


@dataclass(frozen=True)
class ArticleHistory:
    """An article with every revision, oldest first; ``removed_at`` once the origin
    deleted it."""

    id: str
    source: str
    url: str
    first_seen: datetime
    removed_at: datetime | None
    revisions: tuple[Revision, ...]

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
        return next(self._histories("WHERE a.id = ?", (identifier,)), None)

    def histories(self) -> Iterator[ArticleHistory]:
        """Every article with its revisions, in id order, one article in memory at a time."""
        return self._histories("", ())

    def _histories(self, where: str, params: tuple[str, ...]) -> Iterator[ArticleHistory]:
        rows = self._db.execute(f"{_HISTORIES} {where} {_ORDER}", params)
        current: sqlite3.Row | None = None
        revisions: list[Revision] = []
        for row in rows:
            if current is not None and row["id"] != current["id"]:
                yield _history(current, revisions)
                revisions = []
            current = row
            revisions.append(_revision(row))
        if current is not None:
            yield _history(current, revisions)


def _history(row: sqlite3.Row, revisions: list[Revision]) -> ArticleHistory:
    first_seen = from_iso(row["first_seen_at"])
    assert first_seen is not None
    return ArticleHistory(id=row["id"], source=row["source"], url=row["url"],
                          first_seen=first_seen, removed_at=from_iso(row["removed_at"]),
                          revisions=tuple(revisions))


def _revision(row: sqlite3.Row) -> Revision:
    fetched_at = from_iso(row["fetched_at"])
    assert fetched_at is not None
    return Revision(number=row["number"], fetched_at=fetched_at, title=row["title"],
                    author=row["author"], published=from_iso(row["published"]),
                    lead_image=row["lead_image"], caption=row["caption"],
                    lead_image_in_body=bool(row["lead_image_in_body"]), html=row["html"],
                    text=row["text"])
