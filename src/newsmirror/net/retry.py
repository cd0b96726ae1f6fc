"""When to try a request again, and how long to wait first.

Connection failures, 429 and 5xx are retried with exponential backoff and jitter (so that
many sources failing together do not come back in step), or after the Retry-After the
server asked for. A Retry-After longer than ``retry_max_wait`` is not waited for in the
run: the error carries it so that the next runs can stay away that long.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

# Failures of the connection rather than of the server's answer; a read timeout is not
# among them (a slow server is asked again next run, not kept busy now).
RETRIED_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadError,
                  httpx.WriteError, httpx.RemoteProtocolError)


def retried_status(status: int) -> bool:
    return status == 429 or 500 <= status < 600


def backoff(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, …): ``base`` doubled
    each time, capped, then jittered into its upper half."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delay-seconds or an HTTP date; None if absent or
    unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
