"""The ledger of the run captures in ``data/warc`` (:class:`~newsmirror.net.capture.
CaptureIndex`): which files the capture wrote, which file holds each payload captured in
full, and each URL's latest capture. Retention (``newsmirror.steps.retention``) asks it which
files a replay still needs. Kept out of ``store.py`` so that the two change apart."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsmirror.store.store import Store


class CaptureLedger:
    """Reads and writes the capture ledger over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def original(self, digest: str) -> tuple[str, str] | None:
        """The URL and date of the capture holding this payload in full, if kept."""
        row = self._db.execute("SELECT uri, date FROM capture_payloads WHERE digest = ?",
                               (digest,)).fetchone()
        return (row[0], row[1]) if row is not None else None

    def recorded(self, uri: str, digest: str, file: str, date: str, *, revisit: bool,
                 needed: bool) -> None:
        """A record was written to ``file``: a payload in full (``revisit`` False) or a
        revisit of one; ``needed``: it is now ``uri``'s latest capture for a replay."""
        with self._store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO capture_files (file, first_date) VALUES (?, ?)",
                       (file, date))
            if not revisit:
                db.execute("INSERT OR IGNORE INTO capture_payloads (digest, uri, date, file) "
                           "VALUES (?, ?, ?, ?)", (digest, uri, date, file))
            if needed:
                db.execute("INSERT INTO capture_latest (uri, digest, file, date) "
                           "VALUES (?, ?, ?, ?) ON CONFLICT (uri) DO UPDATE SET "
                           "digest = excluded.digest, file = excluded.file, "
                           "date = excluded.date", (uri, digest, file, date))

    def files(self) -> set[str]:
        """The capture files the ledger knows (those written since it was kept)."""
        return {row[0] for row in self._db.execute("SELECT file FROM capture_files")}

    def needed_files(self) -> set[str]:
        """The files a replay needs: each URL's latest capture, and the file holding its
        payload in full when that capture is a revisit."""
        return {row[0] for row in self._db.execute(
            "SELECT file FROM capture_latest UNION "
            "SELECT p.file FROM capture_latest l JOIN capture_payloads p ON p.digest = l.digest")}

    def forget(self, files: Iterable[str]) -> None:
        """These files were deleted: their payloads are no longer there to refer to."""
        names = [(name,) for name in files]
        with self._store.transaction() as db:
            db.executemany("DELETE FROM capture_payloads WHERE file = ?", names)
            db.executemany("DELETE FROM capture_files WHERE file = ?", names)
