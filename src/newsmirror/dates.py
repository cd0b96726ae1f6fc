"""Parse the dates that feeds and pages carry into aware UTC datetimes.

Feeds use RFC 822, pages use ISO 8601 or Chinese forms such as ``2022年1月10日 21:21``.
A date without a zone is read in the source's zone (``timezone`` in its config).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

_CJK_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\D{0,4}?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
    r"(?:\s*(?P<half>[AaPp]\.?[Mm]\.?))?"
)
_AFTERNOON = ("下午", "晚上", "晚间", "傍晚")
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


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
    if not text:
        return None
    text = text.strip()
    parsed = _parse_iso(text) or _parse_rfc822(text) or _parse_cjk(text) or _parse_fuzzy(text)
    if parsed is None:
        return None
    parsed = to_utc(parsed, default_zone)
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
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_cjk(text: str) -> datetime | None:
    match = _CJK_DATE.search(text)
    if not match:
        return None
    groups = match.groupdict()
    half = (groups.pop("half") or "").lower()
    parts = {k: int(v) for k, v in groups.items() if v is not None}
    hour = parts.get("H", 0)
    between = text[match.start():match.start("H")] if groups["H"] else ""
    afternoon = half.startswith("p") or any(word in between for word in _AFTERNOON)
    if afternoon and hour < 12:
        parts["H"] = hour + 12
    elif half.startswith("a") and hour == 12:
        parts["H"] = 0
    try:
        return datetime(
            parts["y"], parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0),
            parts.get("S", 0),
        )
    except ValueError:
        return None


def _parse_fuzzy(text: str) -> datetime | None:
    if not any(ch.isdigit() for ch in text) or len(text) > 80:
        return None
    try:
        return dateutil_parser.parse(text)
    except (ValueError, OverflowError):
        return None
