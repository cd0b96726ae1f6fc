"""When an archived article is fetched again, to catch edits and deletions.

News is edited most in its first hours and deleted within weeks, so a mirror checks young
articles often and old ones rarely, then stops. The schedule is written as it is said:
``"1h for 1d, 1d for 30d"`` — every hour while the article is less than a day old, then
every day until it is thirty days old. ``"off"`` (or an empty string) never re-checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
          "w": timedelta(weeks=1)}
_STEP = re.compile(r"^\s*(\d+)\s*([mhdw])\s+for\s+(\d+)\s*([mhdw])\s*$")


@dataclass(frozen=True)
class Step:
    """Check every ``every`` while the article is younger than ``until``."""

    every: timedelta
    until: timedelta


def parse_schedule(text: str) -> tuple[Step, ...]:
    """``"1h for 1d, 1d for 30d"`` → steps; ValueError with a readable reason."""
    if text.strip().lower() in ("", "off"):
        return ()
    steps: list[Step] = []
    for part in text.split(","):
        match = _STEP.match(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not 'EVERY for AGE' (e.g. '1h for 1d'; "
                             "units m, h, d, w)")
        every = int(match[1]) * _UNITS[match[2]]
        until = int(match[3]) * _UNITS[match[4]]
        if every <= timedelta(0) or until <= timedelta(0):
            raise ValueError(f"{part.strip()!r}: both durations must be more than zero")
        if steps and until <= steps[-1].until:
            raise ValueError(f"{part.strip()!r}: each step must reach further than the "
                             "one before")
        steps.append(Step(every, until))
    return tuple(steps)


def horizon(schedule: tuple[Step, ...]) -> timedelta:
    """How old an article can be and still be re-checked."""
    return schedule[-1].until if schedule else timedelta(0)


def is_due(first_seen: datetime, last_checked: datetime, at: datetime,
           schedule: tuple[Step, ...]) -> bool:
    """Whether an article first seen at ``first_seen`` and last fetched at
    ``last_checked`` should be fetched again at ``at``."""
    age = at - first_seen
    for step in schedule:
        if age < step.until:
            return at - last_checked >= step.every
    return False
