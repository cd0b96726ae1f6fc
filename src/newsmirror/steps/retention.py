"""How long the run captures in ``data/warc`` are kept (``[archive] keep_captures``).

A run writes every response it reads to a WARC file of its own, so that ``reprocess``
can extract the archive again offline. A payload captured before is written as a small
revisit record (``net.capture``), so the captures grow with what is new; but a mirror
that runs every few minutes for months still makes thousands of files, most of them
superseded by later captures of the same URLs. Retention deletes the files that are older
than an age, or the oldest beyond a size, and never one that a replay needs: the file of
each URL's latest capture, and the file holding its payload in full
(``store.CaptureLedger``). Files written before the ledger was kept, and the current
run's, are never deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the configuration loader parses keep_captures without the store
    from newsmirror.store import CaptureLedger

_AGE = re.compile(r"^(\d+)\s*([dw])$", re.IGNORECASE)
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([MG]B)$", re.IGNORECASE)
_AGE_UNITS = {"d": timedelta(days=1), "w": timedelta(weeks=1)}
_SIZE_UNITS = {"mb": 10**6, "gb": 10**9}


@dataclass(frozen=True)
class Retention:
    """Delete what is older than ``max_age``, and the oldest beyond ``max_bytes`` (None:
    no limit of that kind)."""

    max_age: timedelta | None = None
    max_bytes: int | None = None


def parse_retention(text: str) -> Retention:
    """``"90d"``, ``"5GB"``, ``"90d, 5GB"`` or ``"all"``; ValueError with the reason."""
    if text.strip().lower() == "all":
        return Retention()
    max_age: timedelta | None = None
    max_bytes: int | None = None
    for part in (piece.strip() for piece in text.split(",")):
        if (age := _AGE.match(part)) is not None and max_age is None:
            max_age = int(age[1]) * _AGE_UNITS[age[2].lower()]
        elif (size := _SIZE.match(part)) is not None and max_bytes is None:
            max_bytes = int(float(size[1]) * _SIZE_UNITS[size[2].lower()])
        else:
            raise ValueError(f"{part!r} is not an age (e.g. 90d, 12w) or a size (e.g. "
                             "500MB, 5GB); or say \"all\" to keep every capture")
    return Retention(max_age, max_bytes)


@dataclass
class PruneReport:
    """Capture files deleted, and the bytes they held."""

    files: int = 0
    bytes: int = 0


def prune_captures(folder: Path, ledger: CaptureLedger, retention: Retention, at: datetime,
                   current: str = "") -> PruneReport:
    """Delete the capture files of ``folder`` that ``retention`` lets go and no replay
    needs; ``current``: the file the run is writing."""
    report = PruneReport()
    if (retention.max_age is None and retention.max_bytes is None) or not folder.is_dir():
        return report
    files = sorted(folder.glob("*.warc.gz"))
    sizes = {path: path.stat().st_size for path in files}
    known, needed = ledger.files(), ledger.needed_files()
    deletable = [path for path in files if path.name in known and path.name not in needed
                 and path.name != current]
    doomed: list[Path] = []
    if retention.max_age is not None:
        oldest = (at - retention.max_age).timestamp()
        doomed = [path for path in deletable if path.stat().st_mtime < oldest]
    if retention.max_bytes is not None:
        total = sum(sizes.values()) - sum(sizes[path] for path in doomed)
        for path in deletable:  # oldest first
            if total <= retention.max_bytes:
                break
            if path not in doomed:
                doomed.append(path)
                total -= sizes[path]
    # The ledger first: a file it forgot but that is still there is only kept for ever.
    ledger.forget(path.name for path in doomed)
    for path in doomed:
        path.unlink(missing_ok=True)
        report.files += 1
        report.bytes += sizes[path]
    return report
