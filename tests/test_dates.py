"""Dates in running text (``datetext``) and the parser built on it (``dates.parse_date``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsmirror.dates import parse_date, read_date
from newsmirror.text.datetext import find_dates, first_date

EAST_8 = timezone(timedelta(hours=8))


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("2021年3月5日 10:20", datetime(2021, 3, 5, 10, 20), "time"),
    ("2005年03月21日 11:21 《理财周刊》", datetime(2005, 3, 21, 11, 21), "time"),
    ("2004年7月16日08:19 [ 黄宇 ]", datetime(2004, 7, 16, 8, 19), "time"),
    ("2021年3月5日 下午3时20分", datetime(2021, 3, 5, 15, 20), "time"),
    ("2021-03-05", datetime(2021, 3, 5), "day"),
    ("2005-04-05 06:40更新", datetime(2005, 4, 5, 6, 40), "time"),
    ("发布时间 2005/05/17 22:11:42 by 眉间尺", datetime(2005, 5, 17, 22, 11, 42), "time"),
    ("2005.03.21", datetime(2005, 3, 21), "day"),
    ("2005-04-27 14:32PM", datetime(2005, 4, 27, 14, 32), "time"),  # PM on a 24 h clock
    ("发布日期： 7/5/2005 9:23:57 PM", datetime(2005, 7, 5, 21, 23, 57), "time"),  # US order
    ("25/12/2015", datetime(2015, 12, 25), "day"),  # cannot be month first
    ("30.04.2015 à 09:19", datetime(2015, 4, 30, 9, 19), "time"),
    ("Saturday, September 10th, 2005 10:56 am", datetime(2005, 9, 10, 10, 56), "time"),
    ("By GILLIAN MOHNEY March 11, 2015 3:46 PM", datetime(2015, 3, 11, 15, 46), "time"),
    ("Mar. 5, 2015", datetime(2015, 3, 5), "day"),
    ("5 March 2015", datetime(2015, 3, 5), "day"),
    ("April 28, 2019 at 6:01 am", datetime(2019, 4, 28, 6, 1), "time"),
    ("——《北京之春》1998年3月号", datetime(1998, 3, 1), "month"),
    ("05 Mar 2015 10:00 GMT", datetime(2015, 3, 5, 10, tzinfo=UTC), "time"),
    ("2022-02-13 07:48 +0800", datetime(2022, 2, 13, 7, 48, tzinfo=EAST_8), "time"),
    ("2006年12月27日 10:00 北京时间", datetime(2006, 12, 27, 10, tzinfo=EAST_8), "time"),
])
def test_dates_people_write_are_found(text: str, value: datetime, precision: str) -> None:
    mention = find_dates(text)[0]
    assert (mention.value, mention.precision) == (value, precision)
    assert mention.value.tzinfo == value.tzinfo


@pytest.mark.parametrize("text", [
    "DOI: 10.12677/MOM.2018.82002",  # numbers with dots, not a date
    "1993-2003年虚拟经济",  # a span of years
    "2021年13月5日",  # no such month
    "2021-02-30",  # no such day
    "in 1998 the company",  # a year alone
    "4488字 [179/0]",
])
def test_what_is_not_a_date(text: str) -> None:
    assert find_dates(text) == []


def test_mentions_are_in_order_with_their_spans() -> None:
    text = "首发 2021年3月5日 10:20，更新于 2021-03-06 08:00。"
    mentions = find_dates(text)
    assert [m.value for m in mentions] == [datetime(2021, 3, 5, 10, 20),
                                           datetime(2021, 3, 6, 8, 0)]
    assert [text[m.start:m.end] for m in mentions] == ["2021年3月5日 10:20", "2021-03-06 08:00"]


@pytest.mark.parametrize(("text", "expected"), [
    ("12:55 AM", None),  # a time alone: dateutil would fill in today's date
    ("March 2015", None),
    ("Mon, 10 Jan 2022", datetime(2022, 1, 10, tzinfo=UTC)),
    ("2021-11-01T10:52:50+0100", datetime(2021, 11, 1, 9, 52, 50, tzinfo=UTC)),
    ("0001-01-01T00:00:00+01:00", None),  # would overflow when converted to UTC
])
def test_parse_date_wants_a_whole_date(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_naive_dates_are_read_in_the_source_zone_and_offsets_are_kept() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    assert parse_date("2021年3月5日 10:20", shanghai) == datetime(2021, 3, 5, 2, 20, tzinfo=UTC)
    assert parse_date("2021-03-05 10:20 +0100", shanghai) == \
        datetime(2021, 3, 5, 9, 20, tzinfo=UTC)
    assert read_date("2021年3月5日 10:20") == datetime(2021, 3, 5, 10, 20)


@given(st.text())
@settings(max_examples=300)
def test_find_dates_never_raises_and_spans_hold_their_text(text: str) -> None:
    for mention in find_dates(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert str(mention.value.year) in text[mention.start:mention.end]


@given(st.text(max_size=200))
@settings(max_examples=300)
@example("010100")  # read as 2000-01-01 in the default zone: aware, in that zone
def test_parse_date_never_raises(text: str) -> None:
    """Whatever the text: None, or an aware moment in the offset it was written in (the
    default zone's when it names none) within the plausible years."""
    result = parse_date(text, ZoneInfo("Asia/Shanghai"))
    assert result is None or (result.utcoffset() is not None
                              and 1990 <= result.astimezone(UTC).year <= 2100)


FORMATS = [
    lambda d: d.strftime("%Y-%m-%d %H:%M:%S"),
    lambda d: d.strftime("%Y/%m/%d %H:%M:%S"),
    lambda d: f"{d.year}年{d.month}月{d.day}日 {d.hour}:{d:%M:%S}",
    lambda d: f"发布时间：{d.year}年{d:%m}月{d:%d}日{d:%H}时{d:%M}分{d:%S}秒",
    lambda d: d.strftime("%B %d, %Y %I:%M:%S %p"),
    lambda d: d.strftime("%d %b %Y %H:%M:%S"),
    lambda d: f"{d.month}/{d.day}/{d.year} {d:%I:%M:%S %p}",
    lambda d: d.strftime("%d.%m.%Y %H:%M:%S"),
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
]


@given(st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2099, 12, 31)),
       st.sampled_from(range(len(FORMATS))), st.sampled_from(["", "来源：新华社 ", "Posted "]))
@settings(max_examples=400)
def test_generated_dates_round_trip(value: datetime, form: int, prefix: str) -> None:
    value = value.replace(microsecond=0)
    text = prefix + FORMATS[form](value)
    assert parse_date(text, EAST_8) == value.replace(tzinfo=EAST_8).astimezone(UTC), text
    assert first_date(text) is not None
