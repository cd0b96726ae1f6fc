"""A failing source rests longer after each failure, within bounds."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from newsmirror.steps.backoff import FIRST_REST, LONGEST_REST, source_rest


def test_the_rest_doubles_from_the_second_failure_up_to_a_day() -> None:
    assert source_rest(1) == timedelta(0)
    assert source_rest(2) == FIRST_REST
    assert source_rest(3) == 2 * FIRST_REST
    assert source_rest(4) == 4 * FIRST_REST
    assert source_rest(100) == LONGEST_REST


def test_the_server_s_retry_after_is_a_floor() -> None:
    assert source_rest(1, retry_after=3600) == timedelta(hours=1)
    assert source_rest(5, retry_after=60) == source_rest(5)
    assert source_rest(1, retry_after=10 ** 9) == LONGEST_REST


@given(st.integers(min_value=1, max_value=10_000),
       st.one_of(st.none(), st.floats(min_value=-1e12, max_value=1e12)))
def test_rests_are_never_negative_and_never_over_a_day(failures: int,
                                                       retry_after: float | None) -> None:
    assert timedelta(0) <= source_rest(failures, retry_after) <= LONGEST_REST
    assert source_rest(failures + 1) >= source_rest(failures)
