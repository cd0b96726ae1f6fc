"""The tables of story grouping: which story each grouped article is in, with the
features it was grouped by, and what finds candidates without comparing all pairs (LSH
buckets, term postings by day, document frequencies, each story's term sums).

Every method runs inside the caller's transaction (``Store.transaction``): grouping one
article is several statements that stand or fall together.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime

from newsmirror.dates import from_iso, iso
from newsmirror.store.store import Store
from newsmirror.store.story_listing import Story, aliases, stories, story_count, story_for

Signature = tuple[int, ...]
CACHE_MB = 128  # SQLite's page cache while grouping (working_set)


@dataclass(frozen=True)
class GroupedArticle:
    """An article as grouping keeps it. ``terms``: term → weight (names boosted
    already); ``via``: the member that brought it into its story ('' for a founder)."""

    article_id: str
    story_id: str
    revision: int
    at: datetime
    day: int
    terms: dict[str, float]
    names: frozenset[str]
    signature: bytes
    buckets: tuple[int, ...] = ()
    via: str = ""


@dataclass(frozen=True)
class StoryState:
    id: str
    founded: int
    first_day: int
    last_day: int
    size: int
    norm2: float


_MEMBER = ("SELECT article_id, story_id, revision, at, day, terms, names, signature, via "
           "FROM story_articles")
_STORY = "SELECT id, founded, first_day, last_day, size, norm2 FROM stories"


class StoryTables:
    """The grouping tables, over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction around several articles' grouping."""
        return self._store.transaction()

    @contextmanager
    def working_set(self) -> Iterator[None]:
        """A page cache of ``CACHE_MB`` while grouping (SQLite's default is 2 MB).

        Grouping an article reads and writes a few hundred rows spread over the postings,
        buckets, frequencies and term sums of the whole archive; with the default cache
        nearly every one of them is read again from the file, so the work per article
        grew with the archive (40,000 articles in one pass: 335 s with 2 MB, 208 s with
        256 MB)."""
        before = self._db.execute("PRAGMA cache_size").fetchone()[0]
        self._db.execute(f"PRAGMA cache_size = {-CACHE_MB * 1024}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA cache_size = {int(before)}")

    # reading what grouping needs -------------------------------------------------------

    def count(self) -> int:
        """How many articles are grouped (the N of the document frequencies)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'story_articles'").fetchone()
        return int(row[0]) if row is not None else 0

    def member(self, article_id: str) -> GroupedArticle | None:
        row = self._db.execute(f"{_MEMBER} WHERE article_id = ?", (article_id,)).fetchone()
        return _member(row) if row is not None else None

    def brought_by(self, article_id: str) -> list[GroupedArticle]:
        """The members that ``article_id`` brought into its story, in the order grouped."""
        # (via != '': the partial index is used only when the query says so itself)
        rows = self._db.execute(f"{_MEMBER} WHERE via = ? AND via != '' ORDER BY rowid",
                                (article_id,))
        return [_member(row) for row in rows]

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = list(terms)
        found: dict[str, int] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(
                f"SELECT term, df FROM story_df WHERE term IN ({marks})",  # noqa: S608
                chunk).fetchall())
        return found

    def bucket_neighbours(self, buckets: Sequence[int], first_day: int, last_day: int
                          ) -> list[tuple[str, str, bytes]]:
        """The articles of these days sharing a bucket: (article, story, signature)."""
        found: dict[str, tuple[str, str, bytes]] = {}
        for bucket in buckets:
            for row in self._db.execute(
                    "SELECT a.article_id, a.story_id, a.signature FROM story_buckets b "
                    "JOIN story_articles a ON a.article_id = b.article_id "
                    "WHERE b.bucket = ? AND b.day BETWEEN ? AND ?",
                    (bucket, first_day, last_day)):
                found[row[0]] = (row[0], row[1], row[2])
        return list(found.values())

    def term_neighbours(self, term: str, first_day: int, last_day: int, limit: int
                        ) -> list[tuple[str, str]]:
        """The newest ``limit`` articles of these days with ``term``: (article, story)."""
        rows = self._db.execute(
            "SELECT a.article_id, a.story_id FROM story_postings p "
            "JOIN story_articles a ON a.article_id = p.article_id "
            "WHERE p.term = ? AND p.day BETWEEN ? AND ? ORDER BY p.day DESC LIMIT ?",
            (term, first_day, last_day, limit))
        return [(row[0], row[1]) for row in rows]

    def stories(self, ids: Iterable[str]) -> dict[str, StoryState]:
        found: dict[str, StoryState] = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(f"{_STORY} WHERE id IN ({marks})",
                                        chunk):
                found[row[0]] = StoryState(*row)
        return found

    def story_weights(self, ids: Iterable[str], terms: Iterable[str]
                      ) -> dict[str, dict[str, float]]:
        """The stories' term sums for these terms."""
        wanted = list(terms)
        found: dict[str, dict[str, float]] = {}
        for story in ids:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT term, weight FROM story_terms WHERE story_id = ? "  # noqa: S608
                    f"AND term IN ({marks})", (story, *chunk))
                found.setdefault(story, {}).update(rows.fetchall())
        return found

    def all_weights(self, story: str) -> dict[str, float]:
        rows = self._db.execute("SELECT term, weight FROM story_terms WHERE story_id = ?",
                                (story,))
        return dict(rows.fetchall())

    def listing(self, *, since_day: int | None = None, source: str | None = None,
                min_articles: int = 1, limit: int | None = None,
                ids: list[str] | None = None, offset: int = 0) -> list[Story]:
        """Stories newest first, each with its articles (``story_listing``)."""
        return stories(self._db, since_day=since_day, source=source,
                       min_articles=min_articles, limit=limit, ids=ids, offset=offset)

    def listed(self, *, source: str | None = None, min_articles: int = 1) -> int:
        """How many stories ``listing`` gives with these filters."""
        return story_count(self._db, source=source, min_articles=min_articles)

    def story_for(self, article_id: str) -> tuple[str, int] | None:
        """The article's story and its size (None: not grouped yet)."""
        return story_for(self._db, article_id)

    def aliases(self, story: str) -> list[str]:
        return aliases(self._db, story)

    def resolve(self, story: str) -> str | None:
        """A story's id now: itself, or the story it was merged into."""
        if self._db.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone():
            return story
        row = self._db.execute("SELECT story_id FROM story_aliases WHERE alias = ?",
                               (story,)).fetchone()
        return str(row[0]) if row is not None else None

    def any_member(self, story: str) -> str | None:
        """One article of ``story`` (the one grouped first)."""
        row = self._db.execute("SELECT article_id FROM story_articles WHERE story_id = ? "
                               "ORDER BY at LIMIT 1", (story,)).fetchone()
        return str(row[0]) if row is not None else None

    # writing ----------------------------------------------------------------------------

    def add_alias(self, alias: str, story: str, at: datetime) -> None:
        """``alias`` (a story that is gone) now leads to ``story``, and so do the ids
        that led to it."""
        self._db.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?",
                         (story, alias))
        self._db.execute("INSERT OR REPLACE INTO story_aliases (alias, story_id, at) "
                         "VALUES (?, ?, ?)", (alias, story, iso(at)))

    def new_story(self, wanted: str, day: int, at: datetime) -> str:
        """A new empty story named ``wanted`` (``wanted-2``… when that is taken)."""
        name, number = wanted, 1
        while self._db.execute("SELECT 1 FROM stories WHERE id = ? UNION ALL "
                               "SELECT 1 FROM story_aliases WHERE alias = ?",
                               (name, name)).fetchone():
            number += 1
            name = f"{wanted}-{number}"
        founded = int(self._db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'story_founded' "
            "RETURNING value").fetchone()[0])
        self._db.execute("INSERT INTO stories (id, founded, first_day, last_day, updated_at) "
                         "VALUES (?, ?, ?, ?, ?)", (name, founded, day, day, iso(at)))
        return name

    def add(self, article: GroupedArticle, norm2_delta: float) -> None:
        """Put ``article`` in its story, its postings, buckets and frequencies."""
        db = self._db
        db.execute("INSERT INTO story_articles (article_id, story_id, revision, at, day, via, "
                   "terms, names, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (article.article_id, article.story_id, article.revision, iso(article.at),
                    article.day, article.via, json.dumps(article.terms, ensure_ascii=False),
                    json.dumps(sorted(article.names), ensure_ascii=False),
                    article.signature))
        db.executemany("INSERT OR IGNORE INTO story_buckets (bucket, day, article_id) "
                       "VALUES (?, ?, ?)",
                       [(bucket, article.day, article.article_id) for bucket in article.buckets])
        db.executemany("INSERT INTO story_postings (term, day, article_id) VALUES (?, ?, ?)",
                       [(term, article.day, article.article_id) for term in article.terms])
        db.executemany("INSERT INTO story_df (term, df) VALUES (?, 1) "
                       "ON CONFLICT (term) DO UPDATE SET df = df + 1",
                       [(term,) for term in article.terms])
        db.executemany("INSERT INTO story_terms (story_id, term, weight) VALUES (?, ?, ?) "
                       "ON CONFLICT (story_id, term) DO UPDATE SET weight = weight + "
                       "excluded.weight",
                       [(article.story_id, t, w) for t, w in article.terms.items()])
        db.execute("UPDATE stories SET size = size + 1, norm2 = norm2 + ?, "
                   "first_day = MIN(first_day, ?), last_day = MAX(last_day, ?), "
                   "updated_at = ? WHERE id = ?",
                   (norm2_delta, article.day, article.day, iso(article.at), article.story_id))
        db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                   "WHERE key = 'story_articles'")

    def remove(self, article: GroupedArticle, norm2_delta: float, at: datetime) -> None:
        """Take ``article`` out of its story and of every candidate structure; its story
        goes when it was its last member."""
        db = self._db
        db.execute("DELETE FROM story_articles WHERE article_id = ?", (article.article_id,))
        db.executemany("DELETE FROM story_buckets WHERE bucket = ? AND day = ? "
                       "AND article_id = ?",
                       [(bucket, article.day, article.article_id) for bucket in article.buckets])
        db.executemany("DELETE FROM story_postings WHERE term = ? AND day = ? "
                       "AND article_id = ?",
                       [(term, article.day, article.article_id) for term in article.terms])
        db.executemany("UPDATE story_df SET df = df - 1 WHERE term = ?",
                       [(term,) for term in article.terms])
        db.executemany("DELETE FROM story_df WHERE term = ? AND df <= 0",
                       [(term,) for term in article.terms])
        db.executemany("UPDATE story_terms SET weight = weight - ? WHERE story_id = ? "
                       "AND term = ?",
                       [(w, article.story_id, t) for t, w in article.terms.items()])
        db.execute("DELETE FROM story_terms WHERE story_id = ? AND weight <= 1e-9",
                   (article.story_id,))
        db.execute("UPDATE meta SET value = CAST(value AS INTEGER) - 1 "
                   "WHERE key = 'story_articles'")
        db.execute("UPDATE story_articles SET via = '' WHERE via = ? AND via != ''",
                   (article.article_id,))
        left = db.execute("SELECT MIN(day), MAX(day), COUNT(*) FROM story_articles "
                          "WHERE story_id = ?", (article.story_id,)).fetchone()
        if not left[2]:
            db.execute("DELETE FROM story_terms WHERE story_id = ?", (article.story_id,))
            # (the ids that led to it are led on by the grouper: add_alias)
            db.execute("DELETE FROM stories WHERE id = ?", (article.story_id,))
            return
        db.execute("UPDATE stories SET size = ?, first_day = ?, last_day = ?, "
                   "norm2 = MAX(0, norm2 + ?), updated_at = ? WHERE id = ?",
                   (left[2], left[0], left[1], norm2_delta, iso(at), article.story_id))

    def merge(self, survivor: str, merged: str, norm2: float, at: datetime) -> None:
        """Move every member of ``merged`` into ``survivor``; ``merged`` becomes an alias
        (and so do the ids that were aliases of it)."""
        db = self._db
        db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?",
                   (survivor, merged))
        db.execute("INSERT INTO story_terms (story_id, term, weight) SELECT ?, term, weight "
                   "FROM story_terms WHERE story_id = ? ON CONFLICT (story_id, term) "
                   "DO UPDATE SET weight = weight + excluded.weight", (survivor, merged))
        db.execute("DELETE FROM story_terms WHERE story_id = ?", (merged,))
        gone = db.execute("DELETE FROM stories WHERE id = ? RETURNING first_day, last_day, "
                          "size", (merged,)).fetchone()
        db.execute("UPDATE stories SET size = size + ?, first_day = MIN(first_day, ?), "
                   "last_day = MAX(last_day, ?), norm2 = ?, updated_at = ? WHERE id = ?",
                   (gone[2], gone[0], gone[1], norm2, iso(at), survivor))
        db.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?",
                   (survivor, merged))
        db.execute("INSERT OR REPLACE INTO story_aliases (alias, story_id, at) VALUES (?, ?, ?)",
                   (merged, survivor, iso(at)))

    def mark_split(self, story: str, split_from: str) -> None:
        self._db.execute("UPDATE stories SET split_from = ? WHERE id = ?", (split_from, story))

    def clear(self) -> None:
        """Forget every story (grouping everything again)."""
        for table in ("stories", "story_articles", "story_buckets", "story_postings",
                      "story_df", "story_terms", "story_aliases"):
            self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - names from this list
        self._db.execute("UPDATE meta SET value = '0' WHERE key IN ('story_articles', "
                         "'story_founded')")


def _member(row: sqlite3.Row | tuple[object, ...]) -> GroupedArticle:
    at = from_iso(str(row[3]))
    assert at is not None
    return GroupedArticle(
        article_id=str(row[0]), story_id=str(row[1]), revision=int(str(row[2])), at=at,
        day=int(str(row[4])), terms=json.loads(str(row[5])),
        names=frozenset(json.loads(str(row[6]))), signature=bytes(row[7]),  # type: ignore[arg-type]
        via=str(row[8]))


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]
