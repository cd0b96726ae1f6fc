"""Parse the dates that feeds and pages carry into aware UTC datetimes.

Feeds use RFC 822, pages use ISO 8601 or the forms people write, Chinese ones such as
``2022年1月10日 21:21`` included (``newsmirror.text.datetext`` finds those in running text).
A date without a zone is read in the source's zone (``timezone`` in its config).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from newsmirror.text.datetext import first_date

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_RFC822 = re.compile(r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}(?:\s|$)")
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def zone(name: str | None) -> tzinfo:
    """The tzinfo for an IANA zone name; UTC when empty."""
    return ZoneInfo(name) if name else UTC


def to_utc(value: datetime, default_zone: tzinfo = UTC) -> datetime:
    """Make ``value`` aware (in ``default_zone`` when naive) and convert it to UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)
    return value.astimezone(UTC)


def parse_date(text: str | None, default_zone: tzinfo = UTC) -> datetime | None:
    """Read a date from free text; ``None`` when there is none or it is implausible."""
    parsed = read_date(text)
    if parsed is None:
        return None
    return plausible_utc(parsed, default_zone)


def read_date(text: str | None) -> datetime | None:
    """The date ``text`` holds as written: naive when it names no zone."""
    if not text:
        return None
    text = text.strip()
    return _parse_iso(text) or _parse_rfc822(text) or first_date(text) or _parse_fuzzy(text)


def plausible_utc(parsed: datetime, default_zone: tzinfo = UTC) -> datetime | None:
    """``parsed`` in UTC (read in ``default_zone`` when naive), unless it cannot be a
    publish time of a web page."""
    try:
        parsed = to_utc(parsed, default_zone)
    except (OverflowError, ValueError):  # year 1 east of UTC, an offset beyond a day
        return None
    if parsed < _EARLIEST or parsed.year > 2100:
        return None
    return parsed


def iso(value: datetime | None) -> str | None:
    """The canonical text form used in the store and JSON: ``2022-01-10T05:17:03Z``."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str | None) -> datetime | None:
    """Inverse of :func:`iso`."""
    if not text:
        return None
    return to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def now() -> datetime:
    """The current time, UTC, to the second (what the store records)."""
    return datetime.now(UTC).replace(microsecond=0)


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    if not _RFC822.match(text):  # the parser is lenient: "May 5, 2015 12:00 AM" is 12:00
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_fuzzy(text: str) -> datetime | None:
    if not any(ch.isdigit() for ch in text) or len(text) > 80:
        return None
    try:
        # Parsed twice with different defaults: a field the text leaves out would come
        # from the default (dateutil fills in today), so a text without a whole date, such
        # as "12:55 AM", reads differently and is no date.
        with warnings.catch_warnings():  # "tzname ET not understood": read as naive
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            first = dateutil_parser.parse(text, default=_DEFAULTS[0])
            second = dateutil_parser.parse(text, default=_DEFAULTS[1])
    except (ValueError, OverflowError, TypeError):
        return None
    return first if first.date() == second.date() else None
