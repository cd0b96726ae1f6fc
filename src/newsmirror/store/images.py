"""The records of local image copies (images = "local"): which URL holds which bytes,
which could not be copied and why, and which articles show each image. (How far each
source's revisions were looked at is the copier's cursor in the change feed.)

An image is fetched once: a URL with a copy, or one that failed for good, is never asked
for again; a failure that may pass (the server down or busy) is tried again on later
runs, a few times. Kept out of ``store.py`` so that the two change apart.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from newsmirror.dates import iso
from newsmirror.store.changes import Change
from newsmirror.store.model import ImageCopy, ImageSummary, RevisionImages
from newsmirror.store.store import Store


class ImageArchive:
    """Reads and writes the image records over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def revision_images(self, changes: Iterable[Change]) -> list[RevisionImages]:
        """Where the revisions that ``changes`` added show images (new articles and new
        revisions; other changes show no new image)."""
        wanted = [(c.article_id, c.revision) for c in changes
                  if c.kind in ("new", "revision") and c.revision is not None]
        found = []
        for identifier, number in wanted:
            row = self._db.execute("SELECT id, html, lead_image FROM revisions "
                                   "WHERE article_id = ? AND number = ?",
                                   (identifier, number)).fetchone()
            if row is not None:  # a placeholder's revision, replaced since, is gone
                found.append(RevisionImages(row[0], row[1], row[2], identifier))
        return found

    def record_uses(self, uses: Iterable[tuple[str, str]]) -> None:
        """(image URL, article id): the article shows the image; when a copy of it is
        made, the change feed names the article (its pages point to the copy)."""
        with self._store.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO image_uses (url, article_id) VALUES (?, ?)",
                           uses)

    def unknown(self, urls: Iterable[str]) -> list[str]:
        """Those of ``urls`` never tried, in the order given."""
        wanted = list(dict.fromkeys(urls))
        known = {row[0] for row in self._db.execute(
            "SELECT url FROM images WHERE url IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted),))}
        return [url for url in wanted if url not in known]

    def to_retry(self) -> dict[str, str]:
        """URL → source of every image whose failure may pass: to be tried again."""
        rows = self._db.execute("SELECT url, source FROM images WHERE settled = 0")
        return {row[0]: row[1] for row in rows}

    def record_copy(self, url: str, source: str, copy: ImageCopy, at: datetime) -> None:
        """``url`` is copied: its bytes are the file named by ``copy.sha256``."""
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO images (url, source, sha256, media_type, extension, bytes, "
                "fetched_at, attempts, settled) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1) "
                "ON CONFLICT (url) DO UPDATE SET sha256 = excluded.sha256, "
                "media_type = excluded.media_type, extension = excluded.extension, "
                "bytes = excluded.bytes, fetched_at = excluded.fetched_at, "
                "attempts = attempts + 1, settled = 1, last_error = '', last_error_at = NULL",
                (url, source, copy.sha256, copy.media_type, copy.extension, copy.bytes,
                 iso(at)))

    def record_failure(self, url: str, source: str, message: str, at: datetime, *,
                       final: bool, max_attempts: int) -> None:
        """``url`` could not be copied; it is tried again later unless the failure is
        ``final`` or this was its ``max_attempts``-th try."""
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO images (url, source, attempts, settled, last_error, "
                "last_error_at) VALUES (?, ?, 1, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET attempts = attempts + 1, "
                "settled = excluded.settled OR attempts + 1 >= ?, "
                "last_error = excluded.last_error, last_error_at = excluded.last_error_at",
                (url, source, int(final or max_attempts <= 1), message, iso(at),
                 max_attempts))

    def copies(self) -> dict[str, ImageCopy]:
        """URL → its copy, for every image copied."""
        rows = self._db.execute("SELECT url, sha256, media_type, extension, bytes "
                                "FROM images WHERE sha256 != ''")
        return {row[0]: ImageCopy(row[1], row[2], row[3], row[4]) for row in rows}

    def copy(self, url: str) -> ImageCopy | None:
        """The copy of the image at ``url``, if one was made (one page's images, looked
        up as it is shown)."""
        row = self._db.execute("SELECT sha256, media_type, extension, bytes FROM images "
                               "WHERE url = ? AND sha256 != ''", (url,)).fetchone()
        return ImageCopy(row[0], row[1], row[2], row[3]) if row is not None else None

    def summary(self, failures: int = 5) -> ImageSummary:
        """Counts, and the latest ``failures`` reasons, for ``newsmirror status``."""
        copied, missing = self._db.execute(
            "SELECT COALESCE(SUM(sha256 != ''), 0), COALESCE(SUM(sha256 = ''), 0) "
            "FROM images").fetchone()
        latest = self._db.execute(
            "SELECT url, last_error FROM images WHERE sha256 = '' "
            "ORDER BY last_error_at DESC, url LIMIT ?", (failures,))
        return ImageSummary(copied=copied, missing=missing,
                            failures=tuple((row[0], row[1]) for row in latest))
