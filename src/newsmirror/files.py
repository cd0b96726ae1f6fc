"""Atomic file writes: a reader or a crash never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename:
    a crash leaves the old file or the new one, never half of one. ``durable``: the bytes
    reach the disk before the rename (fsync), so that a power cut cannot leave an empty
    file either; published pages, which ``publish --all`` rebuilds from the archive, are
    written without (on 100,000 pages the fsyncs cost more than the rendering)."""
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                        suffix=".tmp")
    except FileNotFoundError:  # the folder is new: made only then (a syscall a file saved)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                        suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp_name).unlink()
        raise


def write_if_changed(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Write atomically unless ``path`` already holds exactly ``data``; True if written.

    Leaving identical files alone keeps their mtimes, so a rerun that found nothing new
    touches nothing and a git mirror shows no change.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data, durable=durable)
    return True


def remove_stale_temporaries(folder: Path) -> int:
    """Delete what :func:`write_atomic` left behind in ``folder`` when a run was killed
    between writing and renaming; call it only while holding the mirror's lock (no
    write can be under way). Returns how many files went."""
    removed = 0
    if not folder.is_dir():
        return 0
    for leftover in folder.rglob(".*.tmp"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
