"""feedparser's date parsing, with the two forms nearly every feed uses done directly.

feedparser tries a chain of parsers on every date (W3DTF, RFC 822, then seven more), ~12 µs
each. RFC 822 dates with a numeric or GMT zone and W3DTF dates with a Z or ±hh:mm zone are
computed here (by ``datetime.fromisoformat`` where it reads the same, else with
feedparser's arithmetic); anything else, a field out of range ("Feb 30", "24:00") too, goes
to its chain. The tests check that both give the same tuple.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from feedparser.datetimes import _parse_date

_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (" + "|".join(_MONTHS)
    + r") (\d{4}) (\d\d):(\d\d):(\d\d) (?:GMT|UT|([+-])(\d\d)(\d\d))")
_W3DTF = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|([+-])(\d\d):(\d\d))")


def parse_date(value: str | None) -> time.struct_time | None:
    """What ``feedparser`` makes of a date string: a UTC 9-tuple, or None."""
    if not value:
        return None
    if match := _W3DTF.fullmatch(value):
        try:  # the same reading, done in C; an odd offset (+24:00 …) is left to the sums
            return datetime.fromisoformat(value).utctimetuple()
        except (ValueError, OverflowError):
            pass
        year, month, day, hour, minute, second = (int(g) for g in match.group(1, 2, 3, 4, 5, 6))
        sign, zone_hours, zone_minutes = match.group(7, 8, 9)
    elif match := _RFC822.fullmatch(value):
        day, year, hour, minute, second = (int(g) for g in match.group(1, 3, 4, 5, 6))
        month = _MONTHS[match.group(2)]
        sign, zone_hours, zone_minutes = match.group(7, 8, 9)
    else:
        return _slow(value)
    offset_hours = int(zone_hours) if sign else 0
    offset_minutes = int(zone_minutes) if sign else 0
    if sign == "-":
        offset_hours, offset_minutes = -offset_hours, -offset_minutes
    try:
        stamp = datetime(year, month, day, hour, minute, second)
        return (stamp - timedelta(0, 0, 0, 0, offset_minutes, offset_hours)).utctimetuple()
    except (OverflowError, ValueError):
        return _slow(value)  # "24:00", "Feb 30", year 10000: feedparser's chain decides


def _slow(value: str) -> time.struct_time | None:
    parsed: time.struct_time | None = _parse_date(value)
    return parsed


class LazyDate:
    """A date string whose parse waits until someone reads it (most never are)."""

    __slots__ = ("value",)

    def __init__(self, value: str | None) -> None:
        self.value = value

    def parsed(self) -> time.struct_time | None:
        return parse_date(self.value)
