"""The archive database (SQLite, WAL): the only module that speaks SQL.

One process writes through one connection; every write is a transaction, so a crash
leaves the archive as it was before the write or after it, never half-way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from newsmirror.article import Article, BodyOrigin
from newsmirror.dates import from_iso, iso
from newsmirror.errors import StoreError
from newsmirror.store.migrations import MIGRATIONS
from newsmirror.store.model import (
    CachedResponse,
    SaveOutcome,
    SourceHealth,
    StoredArticle,
)
from newsmirror.urls import article_id

ARTICLE_COLUMNS = """
    a.id, a.source, a.url, a.first_seen_at, a.path_date, a.removed_at, a.removed_reason,
    a.page_title, a.body_from, r.number, r.fetched_at, r.title, r.author, r.published,
    r.lead_image, r.caption, r.lead_image_in_body, r.html, r.text
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


class Store:
    """An open archive database."""

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

    @property
    def connection(self) -> sqlite3.Connection:
        """For the store package's other modules (``history.py``, ``images.py``); SQL
        stays in store/."""
        return self._db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # Sources --------------------------------------------------------------------------

    def record_source_success(self, name: str, url: str, at: datetime, title: str = "") -> None:
        """The source's feed or listing was read."""
        with self.transaction() as db:
            self._ensure_source(db, name, url, at)
            db.execute(
                "UPDATE sources SET url = ?, last_attempt_at = ?, last_success_at = ?, "
                "consecutive_failures = 0, next_check_at = NULL, "
                "title = CASE WHEN ? = '' THEN title ELSE ? END "
                "WHERE name = ?",
                (url, iso(at), iso(at), title, title, name),
            )

    def record_source_error(self, name: str, url: str, at: datetime, message: str,
                            *, whole_source: bool,
                            backoff: Callable[[int], timedelta] | None = None) -> None:
        """A failure: of the source itself, or (``whole_source=False``) of one of its items.
        ``backoff`` turns the count of consecutive failures into how long the source rests
        before it is checked again."""
        with self.transaction() as db:
            self._ensure_source(db, name, url, at)
            db.execute(
                "UPDATE sources SET last_error_at = ?, last_error = ?, "
                "last_attempt_at = CASE WHEN ? THEN ? ELSE last_attempt_at END, "
                "consecutive_failures = consecutive_failures + ? WHERE name = ?",
                (iso(at), message, whole_source, iso(at), int(whole_source), name),
            )
            if whole_source and backoff is not None:
                failures = db.execute("SELECT consecutive_failures FROM sources WHERE name = ?",
                                      (name,)).fetchone()[0]
                rest = backoff(failures)
                db.execute("UPDATE sources SET next_check_at = ? WHERE name = ?",
                           (iso(at + rest) if rest > timedelta(0) else None, name))

    def record_source_moved(self, name: str, url: str, moved_to: str, at: datetime) -> None:
        """The source's URL redirects for good (every hop 301/308) to ``moved_to``."""
        with self.transaction() as db:
            self._ensure_source(db, name, url, at)
            db.execute("UPDATE sources SET moved_to = ? WHERE name = ?", (moved_to, name))

    # Conditional requests -------------------------------------------------------------

    def cached_response(self, url: str) -> CachedResponse | None:
        """The validators and body hash ``url`` last answered with, if remembered."""
        row = self._db.execute("SELECT etag, last_modified, body_hash FROM http_cache "
                               "WHERE url = ?", (url,)).fetchone()
        return CachedResponse(row["etag"], row["last_modified"], row["body_hash"]) \
            if row is not None else None

    def remember_response(self, url: str, cached: CachedResponse, at: datetime) -> None:
        """Remember what ``url`` answered, once everything it listed is archived."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO http_cache (url, etag, last_modified, body_hash, stored_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, body_hash = excluded.body_hash, "
                "stored_at = excluded.stored_at",
                (url, cached.etag, cached.last_modified, cached.body_hash, iso(at)),
            )

    def _ensure_source(self, db: sqlite3.Connection, name: str, url: str, at: datetime) -> None:
        db.execute("INSERT OR IGNORE INTO sources (name, url, first_seen_at) VALUES (?, ?, ?)",
                   (name, url, iso(at)))

    def log_fetch(self, source: str, url: str, stage: str, at: datetime, *, ok: bool,
                  http_status: int | None = None, message: str = "") -> None:
        """One line of the fetch log: what was fetched or processed, and how it went."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO fetch_log (at, source, url, stage, ok, http_status, message) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (iso(at), source, url, stage, int(ok), http_status, message),
            )

    def source_health(self) -> list[SourceHealth]:
        """Every source the archive has seen, with its counts."""
        rows = self._db.execute(
            """
            SELECT s.*,
                (SELECT COUNT(*) FROM articles a WHERE a.source = s.name) AS article_count,
                (SELECT COUNT(*) FROM revisions r JOIN articles a ON a.id = r.article_id
                 WHERE a.source = s.name) AS revision_count,
                (SELECT COUNT(*) FROM item_failures f WHERE f.source = s.name
                 AND f.next_attempt_at IS NOT NULL) AS failing_items,
                (SELECT COUNT(*) FROM item_failures f WHERE f.source = s.name
                 AND f.next_attempt_at IS NULL) AS given_up_items
            FROM sources s ORDER BY s.name
            """
        ).fetchall()
        return [
            SourceHealth(
                name=row["name"], url=row["url"], title=row["title"],
                last_attempt_at=from_iso(row["last_attempt_at"]),
                last_success_at=from_iso(row["last_success_at"]),
                last_error_at=from_iso(row["last_error_at"]),
                last_error=row["last_error"] or "",
                consecutive_failures=row["consecutive_failures"],
                articles=row["article_count"], revisions=row["revision_count"],
                next_check_at=from_iso(row["next_check_at"]), moved_to=row["moved_to"],
                failing_items=row["failing_items"], given_up_items=row["given_up_items"],
            )
            for row in rows
        ]

    # Articles -------------------------------------------------------------------------

    def has_article(self, url: str) -> bool:
        """True when the article at ``url`` is archived already."""
        return self.body_origin(url) is not None

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
            self._ensure_source(db, source, "", fetched_at)
            row = db.execute("SELECT body_from FROM articles WHERE id = ?",
                             (identifier,)).fetchone()
            was: str | None = row[0] if row is not None else None
            if was is not None and article.body_from == "summary":
                return SaveOutcome(identifier, self._latest(db, identifier)[0], False, False)
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
            number, latest_hash = self._latest(db, identifier)
            if latest_hash == digest:
                return SaveOutcome(identifier, number, False, False, restored)
            number += 1
            db.execute(
                "INSERT INTO revisions (article_id, number, fetched_at, content_hash, title, "
                "author, published, lead_image, caption, lead_image_in_body, html, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (identifier, number, iso(fetched_at), digest, article.title, article.author,
                 iso(article.published), article.lead_image, article.caption,
                 int(article.lead_image_in_body), article.html, article.text),
            )
        return SaveOutcome(identifier, number, was in (None, "summary"), True, restored,
                           completed=was == "summary")

    @staticmethod
    def _latest(db: sqlite3.Connection, identifier: str) -> tuple[int, str]:
        """The article's latest revision number and content hash (0, '' before the first)."""
        row = db.execute("SELECT number, content_hash FROM revisions WHERE article_id = ? "
                         "ORDER BY number DESC LIMIT 1", (identifier,)).fetchone()
        return (row[0], row[1]) if row is not None else (0, "")

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
        published=from_iso(row["published"]), first_seen=first_seen, path_date=path_date,
        lead_image=row["lead_image"], caption=row["caption"],
        lead_image_in_body=bool(row["lead_image_in_body"]), revision=row["number"],
        fetched_at=fetched_at, removed_at=from_iso(row["removed_at"]),
        removed_reason=row["removed_reason"], page_title=row["page_title"],
        body_from=body_origin(row["body_from"]),
    )
