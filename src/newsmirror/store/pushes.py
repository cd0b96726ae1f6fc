"""The records of the git remotes the mirror is pushed to: each one's last attempt, last
success and the commit it took, and its last error — what ``status`` shows, and how a
run knows that a remote has the commit already."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from newsmirror.dates import from_iso, iso
from newsmirror.store.model import PushRecord
from newsmirror.store.store import Store


class PushRecords:
    """Reads and writes the push records over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db: sqlite3.Connection = store.connection

    def succeeded(self, remote: str, commit: str, at: datetime) -> None:
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO pushes (remote, last_attempt_at, last_success_at, last_commit) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (remote) DO UPDATE SET "
                "last_attempt_at = excluded.last_attempt_at, "
                "last_success_at = excluded.last_success_at, "
                "last_commit = excluded.last_commit, consecutive_failures = 0",
                (remote, iso(at), iso(at), commit))

    def failed(self, remote: str, message: str, at: datetime) -> int:
        """One more failure of ``remote``; returns how many in a row."""
        with self._store.transaction() as db:
            db.execute(
                "INSERT INTO pushes (remote, last_attempt_at, last_error_at, last_error, "
                "consecutive_failures) VALUES (?, ?, ?, ?, 1) ON CONFLICT (remote) DO UPDATE "
                "SET last_attempt_at = excluded.last_attempt_at, "
                "last_error_at = excluded.last_error_at, last_error = excluded.last_error, "
                "consecutive_failures = consecutive_failures + 1",
                (remote, iso(at), iso(at), message))
            return int(db.execute("SELECT consecutive_failures FROM pushes WHERE remote = ?",
                                  (remote,)).fetchone()[0])

    def records(self) -> list[PushRecord]:
        rows = self._db.execute(
            "SELECT remote, last_attempt_at, last_success_at, last_commit, last_error_at, "
            "last_error, consecutive_failures FROM pushes ORDER BY remote").fetchall()
        return [PushRecord(remote=row[0], last_attempt_at=from_iso(row[1]),
                           last_success_at=from_iso(row[2]), last_commit=row[3],
                           last_error_at=from_iso(row[4]), last_error=row[5],
                           consecutive_failures=row[6])
                for row in rows]

    def last_commit(self, remote: str) -> str:
        """The commit ``remote`` last took ('' if none)."""
        row = self._db.execute("SELECT last_commit FROM pushes WHERE remote = ?",
                               (remote,)).fetchone()
        return str(row[0]) if row is not None else ""
