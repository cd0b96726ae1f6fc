"""How the metadata benchmark scores a title, a byline and a publish date.

Kept apart from the runner so that the rules can be read (and tested) on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from difflib import SequenceMatcher
from typing import Any

SIMILAR = 0.9
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "«": '"', "»": '"', "\u00a0": " "})
_BYLINE_MARKER = re.compile(
    r"^\s*(?:(?:written\s+)?by|par|von|por|door|di|"
    r"作者|记者|本报记者|文|撰文|编辑|责任编辑|来源)\s*[:：/／|]?\s*", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_LABEL_DATE = re.compile(
    r"^(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2}))?(?:[-/.](?P<d>\d{1,2}))?"
    r"(?:[ T](?P<H>\d{1,2})[:-](?P<M>\d{1,2})(?:[:-](?P<S>\d{1,2}))?)?")


def normalise_title(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def similar(expected: str, got: str) -> bool:
    """The lenient title measure: SequenceMatcher ratio of the normalised titles ≥ 0.9."""
    a, b = normalise_title(expected), normalise_title(got)
    return bool(a and b) and SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def same_headline(expected: str, got: str) -> bool:
    """Similar, or the label's start with only a suffix left off (``Title | Site`` →
    ``Title``): newsmirror drops site names that readability.js keeps."""
    a, b = normalise_title(expected), normalise_title(got)
    return similar(expected, got) or (bool(b) and a.startswith(b) and len(b) * 2 >= len(a))


def normalise_author(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _BYLINE_MARKER.sub("", text)
    text = re.sub(r"\s+(?:and|und|et|y)\s+", " ", text)
    return _NOT_WORD.sub("", text)


@dataclass(frozen=True)
class ExpectedDate:
    """A label's date, to the precision the label gives."""

    year: int
    month: int | None
    day: int | None
    zone: tzinfo | None  # the label's own offset, when it has one

    def matches(self, found: date) -> bool:
        return (found.year == self.year and self.month in (None, found.month)
                and self.day in (None, found.day))


def read_expected_date(text: str) -> ExpectedDate | None:
    """A label such as ``2021-11-01T10:52:50+0100``, ``2005-5-7 21:23`` or ``2003-5``."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        match = _LABEL_DATE.match(text)
        if not match:
            return None
        month, day = match["m"], match["d"]
        return ExpectedDate(int(match["y"]), int(month) if month else None,
                            int(day) if day else None, None)
    return ExpectedDate(value.year, value.month, value.day, value.tzinfo)


def read_found_date(text: str, zone: tzinfo | None) -> date | None:
    """A tool's answer as a calendar day: a timestamp in ``zone`` (``None``: in the offset
    the tool gives, the publisher's), a bare date as it is."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None and zone is not None:
        value = value.astimezone(zone)
    return value.date()


@dataclass
class TitleCounts:
    pages: int = 0
    exact: int = 0
    similar: int = 0
    headline: int = 0
    empty: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {"pages": self.pages, "exact": self.exact, "similar": self.similar,
                "same_headline": self.headline, "empty": self.empty,
                "exact_share": _ratio(self.exact, self.pages),
                "similar_share": _ratio(self.similar, self.pages),
                "same_headline_share": _ratio(self.headline, self.pages),
                "not_same_headline": self.misses}


@dataclass
class AuthorCounts:
    with_author: int = 0
    without_author: int = 0
    correct: int = 0
    contained: int = 0  # correct, or one holds the other ("By X | March 5" and "X")
    wrong: int = 0
    missed: int = 0
    false_positives: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {"with_author": self.with_author, "correct": self.correct,
                "correct_share": _ratio(self.correct, self.with_author),
                "contained": self.contained, "wrong": self.wrong,
                "missed": self.missed, "without_author": self.without_author,
                "false_positives": self.false_positives, "not_correct": self.misses}


@dataclass
class DateCounts:
    with_date: int = 0
    without_date: int = 0
    same_day: int = 0
    wrong: int = 0
    missed: int = 0
    invented: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {"with_date": self.with_date, "same_day": self.same_day,
                "same_day_share": _ratio(self.same_day, self.with_date), "wrong": self.wrong,
                "missed": self.missed, "without_date": self.without_date,
                "invented": self.invented, "not_same_day": self.misses}


def title_counts(pairs: Mapping[str, tuple[str, str]]) -> TitleCounts:
    """id → (expected, found)."""
    counts = TitleCounts()
    for key, (expected, got) in pairs.items():
        counts.pages += 1
        counts.empty += not got.strip()
        exact = expected.split() == got.split()  # equal after collapsing white space
        counts.exact += exact
        alike = exact or similar(expected, got)
        counts.similar += alike
        if alike or same_headline(expected, got):
            counts.headline += 1
        else:
            counts.misses.append(key)
    return counts


def author_counts(pairs: Mapping[str, tuple[str, str]]) -> AuthorCounts:
    """id → (expected, found); an empty expected author means the page has none."""
    counts = AuthorCounts()
    for key, (expected, got) in pairs.items():
        found = normalise_author(got)
        if not normalise_author(expected):
            counts.without_author += 1
            if found:
                counts.false_positives += 1
                counts.misses.append(key)
        else:
            counts.with_author += 1
            wanted = normalise_author(expected)
            counts.contained += len(found) >= 2 and (found in wanted or wanted in found)
            if found == wanted:
                counts.correct += 1
                continue
            counts.misses.append(key)
            if found:
                counts.wrong += 1
            else:
                counts.missed += 1
    return counts


def date_counts(pairs: Mapping[str, tuple[str, str]], zone: tzinfo | None) -> DateCounts:
    """id → (expected, found); ``zone`` is where labels without an offset were written
    (``None``: a label is the date where the article was published, and a timestamp is
    compared in the offset it is given in)."""
    counts = DateCounts()
    for key, (expected_text, got_text) in pairs.items():
        expected = read_expected_date(expected_text) if expected_text else None
        found = read_found_date(got_text, expected.zone or zone if expected else zone)
        if expected is None:
            counts.without_date += 1
            if found is not None:
                counts.invented += 1
                counts.misses.append(key)
            continue
        counts.with_date += 1
        if found is not None and expected.matches(found):
            counts.same_day += 1
            continue
        counts.misses.append(key)
        if found is None:
            counts.missed += 1
        else:
            counts.wrong += 1
    return counts


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None
