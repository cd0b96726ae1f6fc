"""One run at a time per mirror: an advisory lock on ``data/run.lock``.

Two runs of one mirror (a slow cron run and the next one, or an operator's manual run)
would fetch everything twice and race to publish. The lock is ``flock``: the kernel lets
it go when its process ends however it ends (SIGKILL included), so a crashed run never
leaves the mirror locked. A second run fails at once with the holder's pid and start time
instead of waiting.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from newsmirror.dates import iso, now
from newsmirror.errors import LockedError


@contextlib.contextmanager
def mirror_lock(path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` for the ``with`` block; :class:`LockedError` if taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LockedError(f"another newsmirror run holds this mirror ({holder}); "
                              "try again when it has ended") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {iso(now())}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock
