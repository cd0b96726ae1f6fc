"""The publisher's offset for a publish time that its metadata gives in UTC.

Many sites declare ``datePublished: 2020-12-05T23:15:00Z`` and print or script the same
moment in their own time elsewhere on the page (``publication_date = '2020-12-06 00:15'``).
The UTC form hides the date where the article was published (the 6th, in Italy); the
local form says it, and the difference between the two is the offset. Only a local time
that differs from the UTC one by a whole quarter of an hour, at most 14 hours, and agrees
to the minute (to the second where both give seconds) counts: a page holds many times,
and only the same moment written twice tells an offset.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone

_DECLARED_UTC = re.compile(r"(?:Z|[+-]00:?00|\s(?:UTC|GMT))\s*$", re.IGNORECASE)
# A date and time with no zone after it: what a page's scripts and text write locally.
_NAIVE_TIME_AFTER_YEAR = (
    r"[-/.]([01]?\d)[-/.]([0-3]?\d)[ T]+([0-2]?\d):([0-5]\d)"
    r"(?::([0-5]\d))?(?![\d.]|:\d|\s*(?:Z|[+-]\d\d:?\d\d|UTC|GMT)\b)")
_BEFORE_NO_DATE = frozenset("0123456789.")
_QUARTER = 15 * 60
_LARGEST = 14 * 3600
_SCAN_CHARACTERS = 400_000


@functools.lru_cache(maxsize=8)
def _naive_times(year: int) -> re.Pattern[str]:
    """Local times of the years a moment of ``year`` can fall in, 14 hours either way.
    A literal year first lets the scan skip ahead to it: the page is long, dates rare."""
    years = "|".join(str(candidate) for candidate in (year - 1, year, year + 1))
    return re.compile(rf"({years}){_NAIVE_TIME_AFTER_YEAR}")


def declared_in_utc(text: str) -> bool:
    """Whether a declared time says it is in UTC (``Z``, ``+00:00``, ``GMT``)."""
    return bool(_DECLARED_UTC.search(text.strip()))


def with_local_offset(moment: datetime, html: str) -> datetime:
    """``moment`` (in UTC) in the offset of the first local time on the page that writes
    the same moment; else as it is."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    pattern = _naive_times(utc.year)
    for match in pattern.finditer(html, 0, min(len(html), _SCAN_CHARACTERS)):
        if match.start() and html[match.start() - 1] in _BEFORE_NO_DATE:
            continue
        year, month, day, hour, minute, second = match.groups()
        if second is not None and int(second) != utc.second:
            continue
        try:
            local = datetime(int(year), int(month), int(day), int(hour), int(minute),
                             int(second or 0) if second is not None else utc.second)
        except ValueError:
            continue
        difference = (local - utc).total_seconds()
        if difference and abs(difference) <= _LARGEST and difference % _QUARTER == 0:
            return moment.astimezone(timezone(timedelta(seconds=difference)))
    return moment
