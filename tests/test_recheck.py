"""The re-check schedule: young articles often, old ones rarely, then never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmirror.recheck import Step, horizon, is_due, parse_schedule

T0 = datetime(2022, 1, 10, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def test_a_schedule_reads_as_it_is_said() -> None:
    assert parse_schedule("1h for 1d, 1d for 30d") == (Step(HOUR, DAY), Step(DAY, 30 * DAY))
    assert parse_schedule("off") == () == parse_schedule("")
    assert horizon(parse_schedule("30m for 2h, 2w for 8w")) == timedelta(weeks=8)


@pytest.mark.parametrize("text", ["hourly", "1h for", "1h for 1d, 1d for 1d", "0h for 1d"])
def test_nonsense_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_schedule(text)


def test_hourly_for_a_day_then_daily_for_a_month() -> None:
    schedule = parse_schedule("1h for 1d, 1d for 30d")
    assert not is_due(T0, T0, T0 + 30 * timedelta(minutes=1), schedule)
    assert is_due(T0, T0, T0 + HOUR, schedule)
    assert not is_due(T0, T0 + 2 * DAY, T0 + 2 * DAY + 2 * HOUR, schedule)
    assert is_due(T0, T0 + 2 * DAY, T0 + 3 * DAY, schedule)
    assert not is_due(T0, T0 + 29 * DAY, T0 + 31 * DAY, schedule)  # too old now


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_nothing_is_due_twice_at_once_or_after_the_horizon(checked: int, later: int) -> None:
    schedule = parse_schedule("1h for 1d, 1d for 30d")
    last = T0 + timedelta(hours=checked)
    at = last + timedelta(hours=later)
    assert not is_due(T0, at, at, schedule)
    if at - T0 >= horizon(schedule):
        assert not is_due(T0, last, at, schedule)
