"""Reading the stories: each with its articles (latest revision's title and lead), for
``newsmirror stories`` and the story pages."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from newsmirror.dates import from_iso
from newsmirror.store.store import LATEST


@dataclass(frozen=True)
class StoryArticle:
    id: str
    url: str
    source: str
    title: str
    lead: str
    at: datetime  # its publish time (the first fetch when later or unknown)
    revisions: int
    removed_at: datetime | None


@dataclass(frozen=True)
class Story:
    """A story and its articles, oldest first; its title is its first article's."""

    id: str
    articles: tuple[StoryArticle, ...]
    split_from: str = ""

    @property
    def title(self) -> str:
        return self.articles[0].title if self.articles else ""

    @property
    def first_seen(self) -> datetime:
        return self.articles[0].at

    @property
    def last_seen(self) -> datetime:
        return max(article.at for article in self.articles)


_ARTICLES = f"""
    SELECT sa.story_id, a.id, a.url, a.source, r.title, substr(r.text, 1, 300), sa.at,
           r.number, a.removed_at
    {LATEST} JOIN story_articles sa ON sa.article_id = a.id
"""


def stories(db: sqlite3.Connection, *, since_day: int | None = None,
            source: str | None = None, min_articles: int = 1, limit: int | None = None,
            ids: list[str] | None = None, offset: int = 0) -> list[Story]:
    """Stories newest first (by their last article's day), with their articles;
    ``offset``: skip that many of the newest (a page of a list)."""
    where, bound = _where(since_day=since_day, source=source, min_articles=min_articles,
                          ids=ids)
    query = f"SELECT id, split_from FROM stories WHERE {where}"  # noqa: S608 - values are bound
    query += " ORDER BY last_day DESC, founded DESC"
    if limit is not None or offset:
        query += " LIMIT ? OFFSET ?"
        bound.extend((-1 if limit is None else limit, offset))
    found = db.execute(query, bound).fetchall()
    members: dict[str, list[StoryArticle]] = {row[0]: [] for row in found}
    names = list(members)
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        rows = db.execute(f"{_ARTICLES} WHERE sa.story_id IN ({','.join('?' * len(chunk))}) "
                          "ORDER BY sa.at, a.id", chunk)
        for row in rows:
            at = from_iso(row[6])
            assert at is not None
            members[row[0]].append(StoryArticle(row[1], row[2], row[3], row[4], row[5], at,
                                                int(row[7]), from_iso(row[8])))
    return [Story(row[0], tuple(members[row[0]]), row[1]) for row in found]


def story_count(db: sqlite3.Connection, *, source: str | None = None,
                min_articles: int = 1) -> int:
    """How many stories :func:`stories` lists with these filters (pages of a list)."""
    where, bound = _where(source=source, min_articles=min_articles)
    row = db.execute(f"SELECT COUNT(*) FROM stories WHERE {where}", bound)  # noqa: S608 - values are bound
    return int(row.fetchone()[0])


def _where(*, since_day: int | None = None, source: str | None = None,
           min_articles: int = 1, ids: list[str] | None = None) -> tuple[str, list[object]]:
    """The conditions on ``stories`` of a listing, and their values."""
    where = ["size >= ?"]
    bound: list[object] = [min_articles]
    if since_day is not None:
        where.append("last_day >= ?")
        bound.append(since_day)
    if source is not None:
        where.append("EXISTS (SELECT 1 FROM story_articles sa JOIN articles a "
                     "ON a.id = sa.article_id WHERE sa.story_id = stories.id AND a.source = ?)")
        bound.append(source)
    if ids is not None:
        where.append(f"id IN ({','.join('?' * len(ids))})")
        bound.extend(ids)
    return " AND ".join(where), bound


def story_for(db: sqlite3.Connection, article_id: str) -> tuple[str, int] | None:
    """The article's story and how many articles it has."""
    row = db.execute("SELECT s.id, s.size FROM story_articles sa JOIN stories s "
                     "ON s.id = sa.story_id WHERE sa.article_id = ?", (article_id,)).fetchone()
    return (str(row[0]), int(row[1])) if row is not None else None


def aliases(db: sqlite3.Connection, story: str) -> list[str]:
    """The ids of the stories merged into ``story``."""
    rows = db.execute("SELECT alias FROM story_aliases WHERE story_id = ? ORDER BY alias",
                      (story,))
    return [str(row[0]) for row in rows]
