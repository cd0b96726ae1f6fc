"""Dates as pages print them in running text, found together with where they are.

Publish times are written in many hands: ``2021年3月5日 10:20``, ``2021-03-05``,
``2005/05/17 22:11:42``, ``7/5/2005 9:23:57 PM``, ``March 25, 2015 3:46 pm``,
``25 March 2015``, ``30.04.2015``, or only a month (``1998年3月号``). Finding the publish
date of a page means choosing among such mentions by their place (near the headline,
after a label), so this is a scanner that reports positions, not only a parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_Y = r"(?P<y>(?:19|20)\d{2})"
_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# (kind, pattern): "ymd" forms carry year, month and day; "ym" only a month; "mdy" is
# read month first (the US order) unless the first number cannot be a month.
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern, re.I)) for
                                                         kind, pattern in (
    ("ymd", _Y + r"\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"),
    ("ymd", r"(?<![\d.])" + _Y + r"(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"),
    ("ym", _Y + r"\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d)"),
    ("mdy", r"(?<![\d/.])(?P<m>\d{1,2})/(?P<d>\d{1,2})/" + _Y + r"(?![\d/])"),
    ("dmy", r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.\s?" + _Y + r"(?![\d.])"),
    ("ymd", r"(?<![a-z])" + _MONTH + r"\s+(?P<d>\d{1,2})" + _ORDINAL + r"(?![\d:]),?\s+" + _Y),
    ("ymd", r"(?<![\d.])(?P<d>\d{1,2})" + _ORDINAL + r"\.?\s+(?:of\s+)?" + _MONTH
     + r"(?![a-z]),?\s+" + _Y),
))
_TIME = re.compile(
    r"(?:\s*(?:,|，|T|at|à|às|um|alle|@|\||-)?\s*)(?:(?P<half1>上午|下午|晚上|晚间|傍晚|凌晨|早上|中午)\s*)?"
    r"(?P<H>\d{1,2})\s*(?::|：|时|點|点)\s*(?P<M>\d{1,2})"
    r"(?:\s*(?::|：|分)\s*(?P<S>\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?"
    r"(?:\s*(?P<half2>[ap]\.?\s?m)\.?(?![a-z]))?"
    r"(?:\s*\(?(?P<zone>(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|GMT|UTC|Z(?![a-z])"
    r"|[+-]\d{2}:?\d{2}(?!\d)|北京时间|京港台时间|香港时间|台北时间))?", re.I)
_AFTERNOON = ("下午", "晚上", "晚间", "傍晚")
_EAST_8 = ("北京时间", "京港台时间", "香港时间", "台北时间")


@dataclass(frozen=True)
class DateMention:
    """One date in a text: its span, its value, and how much it says."""

    start: int
    end: int
    value: datetime  # naive unless the text named a zone or an offset
    precision: str  # "month", "day" or "time"


def find_dates(text: str) -> list[DateMention]:
    """Every date mentioned in ``text``, in order; overlapping readings keep the longest."""
    found: list[DateMention] = []
    for kind, pattern in _FORMS:
        for match in pattern.finditer(text):
            mention = _mention(kind, match, text)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def first_date(text: str) -> datetime | None:
    """The first date mentioned in ``text`` (naive unless it names a zone)."""
    mentions = find_dates(text)
    return mentions[0].value if mentions else None


def _mention(kind: str, match: re.Match[str], text: str) -> DateMention | None:
    groups = match.groupdict()
    year = int(groups["y"])
    month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else 1
    if kind == "mdy" and month > 12:
        month, day = day, month
    end, precision = match.end(), "month" if kind == "ym" else "day"
    hour = minute = second = 0
    zone: tzinfo | None = None
    timed = _TIME.match(text, end) if kind != "ym" else None
    if timed is not None and _valid_time(timed):
        hour, minute = _hour(timed), int(timed["M"])
        second = int(timed["S"] or 0)
        zone = _zone(timed["zone"])
        end, precision = timed.end(), "time"
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None
    return DateMention(match.start(), end, value, precision)


def _valid_time(match: re.Match[str]) -> bool:
    return int(match["H"]) <= 24 and int(match["M"]) < 60 and int(match["S"] or 0) < 60


def _hour(match: re.Match[str]) -> int:
    hour = int(match["H"]) % 24
    half = (match["half2"] or "").lower()
    if (half.startswith("p") or match["half1"] in _AFTERNOON) and hour < 12:
        return hour + 12
    if (half.startswith("a") or match["half1"] == "凌晨") and hour == 12:
        return 0
    return hour


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in _EAST_8:
        return timezone(timedelta(hours=8))
    offset = re.search(r"([+-])\s*(\d{1,2}):?(\d{2})?", text)
    if offset is None:
        return UTC  # GMT, UTC, Z
    hours, minutes = int(offset[2]), int(offset[3] or 0)
    if hours > 14 or minutes >= 60:
        return None
    sign = -1 if offset[1] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
