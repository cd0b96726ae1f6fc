"""Listings in archive order, for paginated indexes whose pages stay put.

A static site's index pages are numbered from the oldest (``page-1`` holds the first 30
articles a source ever archived): an article archived later is appended to the last
page, so a full page never changes again but for an edit of one of its own articles.
The order is the archive's — when an article was first seen, then its date and id — and
not the publish date, by which an article found late (a backfill, a feed that lists an
old item) would push every later page's articles along by one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta

from newsmirror.store.model import StoredArticle
from newsmirror.store.store import (
    ARTICLE_COLUMNS,
    LATEST,
    LISTED_COLUMNS,
    Store,
    stored_article,
)

_ORDER = "a.first_seen_at, a.path_date, a.id"
# An article with its whole text but not its HTML: what a search index reads.
_TEXT_COLUMNS = ARTICLE_COLUMNS.replace("r.html, r.text", "'' AS html, r.text")


class Listings:
    """Read queries over an open :class:`Store`: a source's or a day's articles in
    archive order, a page at a time."""

    def __init__(self, store: Store) -> None:
        self._db: sqlite3.Connection = store.connection

    def count(self, source: str | None = None, day: date | None = None) -> int:
        where, params = _scope(source, day)
        query = f"SELECT COUNT(*) FROM articles a {where}"  # noqa: S608 - values are bound
        row = self._db.execute(query, params).fetchone()
        return int(row[0])

    def page(self, offset: int, limit: int, source: str | None = None,
             day: date | None = None) -> list[StoredArticle]:
        """``limit`` articles from the ``offset``-th (0: the first archived), in archive
        order, as an index lists them (without their body)."""
        where, params = _scope(source, day)
        rows = self._db.execute(
            f"SELECT {LISTED_COLUMNS} {LATEST} {where} ORDER BY {_ORDER} LIMIT ? OFFSET ?",
            (*params, limit, offset))
        return [stored_article(row) for row in rows]

    def texts(self, offset: int) -> Iterator[StoredArticle]:
        """Every article from the ``offset``-th on, in archive order, with its whole text
        and without its HTML (``html`` empty), streamed: one in memory at a time."""
        rows = self._db.execute(
            f"SELECT {_TEXT_COLUMNS} {LATEST} ORDER BY {_ORDER} LIMIT -1 OFFSET ?", (offset,))
        for row in rows:
            yield stored_article(row)

    def position(self, article: StoredArticle, by_day: bool = False, *,
                 overall: bool = False) -> int:
        """How many articles of the article's source (of its day, ``by_day``; of the
        whole archive, ``overall``) come before it in archive order."""
        where, params = _scope(None if by_day or overall else article.source,
                               article.path_date.date() if by_day else None)
        query = (f"SELECT COUNT(*) FROM articles a {where} AND ({_ORDER}) < "  # noqa: S608
                 "(SELECT first_seen_at, path_date, id FROM articles WHERE id = ?)")
        row = self._db.execute(query, (*params, article.id)).fetchone()
        return int(row[0])

    def days(self, limit: int) -> list[tuple[date, int]]:
        """The ``limit`` latest days that have articles, newest first, with their counts."""
        rows = self._db.execute(
            "SELECT substr(path_date, 1, 10) AS day, COUNT(*) FROM articles "
            "GROUP BY day ORDER BY day DESC LIMIT ?", (limit,))
        return [(date.fromisoformat(day), count) for day, count in rows]


def _scope(source: str | None, day: date | None) -> tuple[str, tuple[object, ...]]:
    """A WHERE clause (never empty, so that more may be ANDed to it) and its values."""
    clauses, params = ["1"], []
    if source is not None:
        clauses.append("a.source = ?")
        params.append(source)
    if day is not None:
        clauses.append("a.path_date >= ? AND a.path_date < ?")
        params += [day.isoformat(), (day + timedelta(days=1)).isoformat()]
    return "WHERE " + " AND ".join(clauses), tuple(params)
