"""How long a failing source rests before a run checks it again, and when an item whose
page failed is tried again.

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


# An item whose page cannot be had is tried again on its own schedule, whatever its feed
# answers: after 30 minutes, then doubling up to a day, eight tries in all (about three
# days), then given up (its placeholder stays; `run --recheck-all` tries once more).
FIRST_ITEM_RETRY = timedelta(minutes=30)
MAX_ITEM_ATTEMPTS = 8


def item_retry(attempts: int, *, final: bool = False) -> timedelta | None:
    """How long after its ``attempts``-th failure an item is tried again; None: given up
    (too many tries, or an answer that will not change: not a page, too big)."""
    if final or attempts >= MAX_ITEM_ATTEMPTS:
        return None
    wait: timedelta = FIRST_ITEM_RETRY * 2 ** min(attempts - 1, 16)
    return min(wait, LONGEST_REST)
