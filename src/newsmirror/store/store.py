"""The archive database (SQLite, WAL): the only module that speaks SQL.

One process writes through one connection; every write is a transaction, so a crash
leaves the archive as it was before the write or after it, never half-way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from newsmirror.article import Article, BodyOrigin
from newsmirror.dates import from_iso, iso, offset_minutes, with_offset
from newsmirror.errors import StoreError
from newsmirror.store.migrations import MIGRATIONS
from newsmirror.store.model import (
    SaveOutcome,
    StoredArticle,
)
from newsmirror.store.sources import SourceRecords, ensure_source
from newsmirror.urls import article_id

if TYPE_CHECKING:  # the parts import this module: they are imported when first asked for
    from newsmirror.store.captures import CaptureLedger
    from newsmirror.store.changes import ChangeFeed
    from newsmirror.store.checks import PageChecks
    from newsmirror.store.failures import ItemFailures
    from newsmirror.store.history import ArchiveReader
    from newsmirror.store.images import ImageArchive
    from newsmirror.store.listings import Listings
    from newsmirror.store.pushes import PushRecords
    from newsmirror.store.stories import StoryTables

ARTICLE_COLUMNS = """
    a.id, a.source, a.url, a.first_seen_at, a.path_date, a.removed_at, a.removed_reason,
    a.page_title, a.body_from, r.number, r.fetched_at, r.title, r.author, r.published,
    r.published_offset, r.lead_image, r.caption, r.lead_image_in_body, r.html, r.text
"""
# The same, without the body: an article as an index lists it (its text cut to its start,
# for an article without a title).
LISTED_COLUMNS = ARTICLE_COLUMNS.replace("r.html, r.text",
                                         "'' AS html, substr(r.text, 1, 300) AS text")
LATEST = """
    FROM articles a JOIN revisions r ON r.article_id = a.id
    AND r.number = (SELECT MAX(number) FROM revisions WHERE article_id = a.id)
"""


def content_hash(article: Article) -> str:
    """The hash that decides whether a fetch found a new revision."""
    encoded = json.dumps(article.content_key, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class Store(SourceRecords):
    """An open archive database (the :class:`~newsmirror.store.archive.Archive`)."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """Open (and create, and upgrade) the archive at ``path``; ``readonly``: open an
        archive that exists and is up to date, to read only (a dry run)."""
        if not readonly:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if readonly:
                self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                           isolation_level=None, timeout=30.0)
            else:
                self._db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            self._db.row_factory = sqlite3.Row
            if readonly:
                self._check_current(path)
                return
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate(path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the archive {path}: {exc}") from exc

    def _check_current(self, path: Path) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version != len(MIGRATIONS):
            raise StoreError(f"{path} has schema {version}, this newsmirror {len(MIGRATIONS)}: "
                             "a run (not a dry run) upgrades it first")

    def _migrate(self, path: Path) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{path} was written by a newer newsmirror (schema {version}, "
                             f"this one knows {len(MIGRATIONS)}): upgrade newsmirror")
        for number in range(version, len(MIGRATIONS)):
            # executescript, not execute: a migration may hold triggers with inner ';'.
            script = f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]};\nPRAGMA user_version = {number + 1};"
            try:
                self._db.executescript(script + "\nCOMMIT;")
            except sqlite3.DatabaseError:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # The parts of the archive that change apart, each over this connection (archive.py).

    @cached_property
    def checks(self) -> PageChecks:
        from newsmirror.store.checks import PageChecks
        return PageChecks(self)

    @cached_property
    def failures(self) -> ItemFailures:
        from newsmirror.store.failures import ItemFailures
        return ItemFailures(self)

    @cached_property
    def changes(self) -> ChangeFeed:
        from newsmirror.store.changes import ChangeFeed
        return ChangeFeed(self)

    @cached_property
    def captures(self) -> CaptureLedger:
        from newsmirror.store.captures import CaptureLedger
        return CaptureLedger(self)

    @cached_property
    def images(self) -> ImageArchive:
        from newsmirror.store.images import ImageArchive
        return ImageArchive(self)

    @cached_property
    def listings(self) -> Listings:
        from newsmirror.store.listings import Listings
        return Listings(self)

    @cached_property
    def pushes(self) -> PushRecords:
        from newsmirror.store.pushes import PushRecords
        return PushRecords(self)

    @cached_property
    def stories(self) -> StoryTables:
        from newsmirror.store.stories import StoryTables
        return StoryTables(self)

    @cached_property
    def reader(self) -> ArchiveReader:
        from newsmirror.store.history import ArchiveReader
        return ArchiveReader(self)

    @property
    def connection(self) -> sqlite3.Connection:
        """For the store package's other modules (``history.py``, ``images.py``); SQL
        stays in store/."""
        return self._db

    def checkpoint(self) -> None:
        """Move the write-ahead log into the database file, so that the file alone (a
        copy, a commit of it) holds the whole archive."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # Articles -------------------------------------------------------------------------

    def body_origin(self, url: str) -> BodyOrigin | None:
        """Where the archived article at ``url`` got its body (None: not archived)."""
        row = self._db.execute("SELECT body_from FROM articles WHERE id = ?",
                               (article_id(url),)).fetchone()
        return None if row is None else body_origin(row[0])

    def save_article(self, source: str, article: Article, fetched_at: datetime
                     ) -> SaveOutcome:
        """Archive ``article``; a revision is added only when its content changed. A
        placeholder (``body_from = "summary"``) is stored only for an article not archived
        yet; the article itself, when it comes, replaces it as its first revision."""
        identifier = article_id(article.url)
        digest = content_hash(article)
        restored = False
        with self.transaction() as db:
            ensure_source(db, source, "", fetched_at)
            row = db.execute("SELECT body_from FROM articles WHERE id = ?",
                             (identifier,)).fetchone()
            was: str | None = row[0] if row is not None else None
            if was is not None and article.body_from == "summary":
                return SaveOutcome(identifier, self._latest(db, identifier), False, False)
            if was is None:
                path_date = article.published if article.published and \
                    article.published <= fetched_at else fetched_at
                db.execute(
                    "INSERT INTO articles (id, source, url, first_seen_at, last_seen_at, "
                    "last_checked_at, path_date, page_title, body_from) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (identifier, source, article.url, iso(fetched_at), iso(fetched_at),
                     iso(fetched_at), iso(path_date), article.page_title, article.body_from),
                )
            elif was == "summary":  # the article at last, in the placeholder's place
                db.execute("DELETE FROM revisions WHERE article_id = ?", (identifier,))
                db.execute("DELETE FROM item_failures WHERE article_id = ?", (identifier,))
                db.execute("UPDATE articles SET body_from = ?, last_seen_at = ?, "
                           "last_checked_at = ?, page_title = ? WHERE id = ?",
                           (article.body_from, iso(fetched_at), iso(fetched_at),
                            article.page_title, identifier))
            else:
                if article.body_from == "page":  # its page answered: it is live
                    restored = seen_live(db, identifier, fetched_at)
                db.execute("UPDATE articles SET last_seen_at = ?, body_from = ?, "
                           "page_title = COALESCE(NULLIF(?, ''), page_title) WHERE id = ?",
                           (iso(fetched_at), article.body_from, article.page_title,
                            identifier))
            # One statement numbers the revision and adds it only if it differs from the
            # latest: no read-then-insert, so that writers sharing an archive cannot race.
            added = db.execute(
                "INSERT INTO revisions (article_id, number, fetched_at, content_hash, title, "
                "author, published, published_offset, lead_image, caption, lead_image_in_body, "
                "html, text) SELECT :id, COALESCE(MAX(number), 0) + 1, :at, :digest, :title, "
                ":author, :published, :offset, :lead_image, :caption, :in_body, :html, :text "
                "FROM revisions WHERE article_id = :id HAVING COALESCE((SELECT content_hash "
                "FROM revisions WHERE article_id = :id ORDER BY number DESC LIMIT 1), '') "
                "!= :digest RETURNING number",
                {"id": identifier, "at": iso(fetched_at), "digest": digest,
                 "title": article.title, "author": article.author,
                 "published": iso(article.published),
                 "offset": offset_minutes(article.published), "lead_image": article.lead_image,
                 "caption": article.caption, "in_body": int(article.lead_image_in_body),
                 "html": article.html, "text": article.text}).fetchone()
            if added is None:
                return SaveOutcome(identifier, self._latest(db, identifier), False, False,
                                   restored)
        return SaveOutcome(identifier, int(added[0]), was in (None, "summary"), True, restored,
                           completed=was == "summary")

    @staticmethod
    def _latest(db: sqlite3.Connection, identifier: str) -> int:
        """The article's latest revision number (0 before the first)."""
        row = db.execute("SELECT MAX(number) FROM revisions WHERE article_id = ?",
                         (identifier,)).fetchone()
        return int(row[0] or 0)

    def articles(self, source: str | None = None, limit: int | None = None
                 ) -> list[StoredArticle]:
        """Articles with their latest revision, newest first."""
        where = "WHERE a.source = ?" if source else ""
        sql = f"SELECT {ARTICLE_COLUMNS} {LATEST} {where} " \
              "ORDER BY a.path_date DESC, a.first_seen_at DESC, a.id"
        params: tuple[object, ...] = (source,) if source else ()
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)
        return [stored_article(row) for row in self._db.execute(sql, params)]

    def article(self, identifier: str) -> StoredArticle | None:
        """One article by id, with its latest revision."""
        row = self._db.execute(f"SELECT {ARTICLE_COLUMNS} {LATEST} WHERE a.id = ?",
                               (identifier,)).fetchone()
        return stored_article(row) if row is not None else None

    # The archive as a whole ----------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row is not None else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                       "DO UPDATE SET value = excluded.value", (key, value))

    def revision_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0])


def body_origin(value: str) -> BodyOrigin:
    """The ``body_from`` column as the model's type."""
    return "feed" if value == "feed" else "summary" if value == "summary" else "page"


def seen_live(db: sqlite3.Connection, identifier: str, at: datetime) -> bool:
    """The article's page answered: it is live. A removal that an earlier check confirmed
    ends with a "restored" event (True); a "gone" answer not yet confirmed is forgotten."""
    restored = db.execute(
        "INSERT INTO article_events (article_id, at, kind) SELECT id, ?, 'restored' "
        "FROM articles WHERE id = ? AND removed_at IS NOT NULL", (iso(at), identifier)
    ).rowcount > 0
    db.execute("UPDATE articles SET last_checked_at = ?, removed_at = NULL, "
               "removed_reason = '', missing_since = NULL, missing_reason = '' WHERE id = ?",
               (iso(at), identifier))
    return restored


def stored_article(row: sqlite3.Row) -> StoredArticle:
    """An article as the store gives it, from a row of ``ARTICLE_COLUMNS``."""
    first_seen = from_iso(row["first_seen_at"])
    path_date = from_iso(row["path_date"])
    fetched_at = from_iso(row["fetched_at"])
    assert first_seen is not None and path_date is not None and fetched_at is not None
    return StoredArticle(
        id=row["id"], source=row["source"], url=row["url"], title=row["title"],
        html=row["html"], text=row["text"], author=row["author"],
        published=with_offset(from_iso(row["published"]), row["published_offset"]),
        first_seen=first_seen, path_date=path_date,
        lead_image=row["lead_image"], caption=row["caption"],
        lead_image_in_body=bool(row["lead_image_in_body"]), revision=row["number"],
        fetched_at=fetched_at, removed_at=from_iso(row["removed_at"]),
        removed_reason=row["removed_reason"], page_title=row["page_title"],
        body_from=body_origin(row["body_from"]),
    )
