"""How long a failing source rests before a run checks it again.

A mirror runs every few minutes or hours for months; a source whose site is down, or that
answers 429, should not be hammered on every run, nor forgotten: it rests longer after
each failure in a row — nothing after the first (most failures are blips), then 30
minutes, doubling up to a day — and never less than the server asked for (Retry-After).
The first success ends the rest. ``run --source NAME`` checks a resting source anyway.
"""

from __future__ import annotations

from datetime import timedelta

FIRST_REST = timedelta(minutes=30)
LONGEST_REST = timedelta(days=1)


def source_rest(failures: int, retry_after: float | None = None) -> timedelta:
    """The rest after ``failures`` consecutive failures; ``retry_after`` is in seconds."""
    rest = timedelta(0)
    if failures >= 2:
        rest = min(FIRST_REST * 2 ** min(failures - 2, 16), LONGEST_REST)
    if retry_after is not None and retry_after > 0:
        rest = max(rest, min(timedelta(seconds=retry_after), LONGEST_REST))
    return rest
