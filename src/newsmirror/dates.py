"""Parse the dates that feeds and pages carry into aware datetimes.

Feeds use RFC 822, pages use ISO 8601 or the forms people write, Chinese ones such as
``2022年1月10日 21:21`` included (``newsmirror.text.datetext`` finds those in running text).
A date without a zone is read in the source's zone (``timezone`` in its config).

A publish time keeps the publisher's own offset: ``2020-02-15T07:00+09:00`` was published
on the 15th, though it is the 14th in UTC. The store keeps the moment in UTC and the
offset beside it (:func:`offset_minutes`, :func:`with_offset`); JSON gives both at once
(:func:`iso_local`).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from newsmirror.text.datetext import first_date

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_RFC822 = re.compile(r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}(?:\s|$)")
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
_LARGEST_OFFSET = timedelta(hours=14)  # Kiribati; anything beyond is a misread
_RFC822_ZONES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
                 "PST": -8, "PDT": -7}
_WRITTEN_OFFSET = re.compile(
    r"(?:\d(?:\s*GMT|\s*UTC)?\s*(?P<sign>[+-])(?P<hours>[01]\d):?(?P<minutes>[0-5]\d)"
    r"|\s(?P<name>[ECMP][SD]T))$", re.IGNORECASE)


def zone(name: str | None) -> tzinfo:
    """The tzinfo for an IANA zone name; UTC when empty."""
    return ZoneInfo(name) if name else UTC


def to_utc(value: datetime, default_zone: tzinfo = UTC) -> datetime:
    """Make ``value`` aware (in ``default_zone`` when naive) and convert it to UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)
    return value.astimezone(UTC)


def parse_date(text: str | None, default_zone: tzinfo = UTC) -> datetime | None:
    """Read a date from free text, in the offset it names (else in ``default_zone``);
    ``None`` when there is none or it is implausible."""
    parsed = read_date(text)
    if parsed is None:
        return None
    return plausible(parsed, default_zone)


def read_date(text: str | None) -> datetime | None:
    """The date ``text`` holds as written: naive when it names no zone."""
    if not text:
        return None
    text = text.strip()
    return _parse_iso(text) or _parse_rfc822(text) or first_date(text) or _parse_fuzzy(text)


def plausible(parsed: datetime, default_zone: tzinfo = UTC) -> datetime | None:
    """``parsed``, aware (read in ``default_zone`` when naive) in the offset it was written
    in, unless it cannot be a publish time of a web page."""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_zone)
    try:
        moment = parsed.astimezone(UTC)
        offset = parsed.utcoffset()
    except (OverflowError, ValueError):  # year 1 east of UTC, an offset beyond a day
        return None
    if moment < _EARLIEST or moment.year > 2100 or offset is None \
            or abs(offset) > _LARGEST_OFFSET:
        return None
    return parsed


def iso(value: datetime | None) -> str | None:
    """The canonical text form used in the store and JSON: ``2022-01-10T05:17:03Z``."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(value: datetime | None) -> str | None:
    """The moment with the offset it was published in: ``2020-02-15T07:00:00+09:00``
    (``Z`` for UTC), what JSON output gives, so that its date part is the publish date."""
    if value is None:
        return None
    minutes = offset_minutes(value) or 0
    if not minutes:
        return iso(value)
    return value.astimezone(timezone(timedelta(minutes=minutes))).replace(
        microsecond=0).isoformat()


def in_written_offset(moment: datetime, text: object) -> datetime:
    """``moment`` (a feed parser's reading of ``text``, in UTC) in the offset ``text``
    ends with: ``+0900``, ``-05:00``, ``EST``; else as it is."""
    if not isinstance(text, str) or not (match := _WRITTEN_OFFSET.search(text.strip())):
        return moment
    if match["name"]:
        hours = _RFC822_ZONES[match["name"].upper()]
        offset = timedelta(hours=hours)
    else:
        offset = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
        offset = -offset if match["sign"] == "-" else offset
    if abs(offset) > _LARGEST_OFFSET:
        return moment
    local = moment.astimezone(timezone(offset))
    # the same wall-clock time as written, or the feed parser read the text otherwise
    return local if local.strftime("%H:%M") in text else moment


def offset_minutes(value: datetime | None) -> int | None:
    """The offset from UTC that ``value`` was written in, in minutes (what the store keeps
    beside the UTC moment); ``None`` for none."""
    offset = value.utcoffset() if value is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)


def with_offset(moment: datetime | None, minutes: int | None) -> datetime | None:
    """``moment`` shown in the offset of ``minutes`` (the inverse of keeping them apart)."""
    if moment is None or not minutes:
        return moment
    return moment.astimezone(timezone(timedelta(minutes=minutes)))


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
