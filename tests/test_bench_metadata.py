"""The metadata benchmark's scoring rules and its corpus reading (no extractor is run)."""

from __future__ import annotations

import json
from datetime import UTC, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bench.corpora import Missing
from bench.metadata import Labels, chinese_pages, readability_pages, run
from bench.metadata_score import (
    ExpectedDate,
    author_counts,
    date_counts,
    normalise_author,
    read_expected_date,
    same_headline,
    similar,
    title_counts,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("label", "expected"), [
    ("2021-11-01T10:52:50+0100", ExpectedDate(2021, 11, 1, timezone(timedelta(hours=1)))),
    ("2017-11-03 03:01:00.000000", ExpectedDate(2017, 11, 3, None)),
    ("2005-5-7 21:23:57", ExpectedDate(2005, 5, 7, None)),
    ("2003-5", ExpectedDate(2003, 5, None, None)),
    ("2018", ExpectedDate(2018, None, None, None)),
    ("刘涛", None),
])
def test_labels_are_read_to_their_precision(label: str, expected: ExpectedDate | None) -> None:
    assert read_expected_date(label) == expected


def test_same_day_is_judged_in_the_labels_zone() -> None:
    pairs = {
        "offset": ("2021-11-01T00:30:00+0100", "2021-10-31T23:30:00Z"),  # 1 Nov in +01:00
        "naive": ("2005-03-21 11:21", "2005-03-21T03:21:00Z"),  # read in Asia/Shanghai
        "bare": ("2005-03-21 01:00", "2005-03-21"),  # trafilatura's bare date
        "month": ("1998-3", "1998-03-01T00:00:00Z"),
        "wrong": ("2005-03-21", "2005-03-19T10:00:00Z"),
        "missed": ("2005-03-21", ""),
        "none": ("", ""),
        "invented": ("", "2020-01-01"),
    }
    counts = date_counts(pairs, SHANGHAI)
    assert (counts.with_date, counts.same_day, counts.wrong, counts.missed) == (6, 4, 1, 1)
    assert (counts.without_date, counts.invented) == (2, 1)
    assert counts.figures()["not_same_day"] == ["wrong", "missed", "invented"]


def test_authors_compare_without_markers_separators_or_case() -> None:
    assert normalise_author("By  Erin CUNNINGHAM") == normalise_author("erin cunningham")
    assert normalise_author("王建宏 张文攀") == normalise_author("王建宏、张文攀")
    assert normalise_author("Stella Kim and Jennifer Jett") == \
        normalise_author("Stella Kim, Jennifer Jett")
    counts = author_counts({"ok": ("作者：李明", "李明"), "wrong": ("李明", "王五"),
                            "missed": ("李明", ""), "fp": ("", "王五"), "tn": ("", ""),
                            "part": ("By Nathan Willis March 25, 2015", "Nathan Willis")})
    assert (counts.with_author, counts.correct, counts.contained, counts.wrong,
            counts.missed) == (4, 1, 2, 2, 1)
    assert (counts.without_author, counts.false_positives) == (2, 1)


def test_titles_exact_similar_and_same_headline() -> None:
    assert similar("Obama admits US gun laws are his 'biggest frustration'",
                   "Obama admits US gun laws are his ‘biggest frustration’")
    assert not similar("Title", "")
    assert same_headline("How to Build a Terrarium | eHow", "How to Build a Terrarium")
    assert not same_headline("How to Build a Terrarium | eHow", "How")
    counts = title_counts({"a": ("A  title", "A title"), "b": ("Long title | Site", "Long title"),
                           "c": ("Other", "")})
    assert (counts.exact, counts.similar, counts.headline, counts.empty) == (1, 1, 2, 1)


def test_the_chinese_set_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "chinese-web-content-extraction"
    for sub in ("original", "author", "date"):
        (folder / sub).mkdir(parents=True)
    labels = {"a": ("张三", "2005-5-7 21:23"), "b": ("UNKNOWN", "UNKNOWN"),
              "c": ("刘涛", "刘涛"), "d": ("UNKNWON", "")}
    for key, (author, date) in labels.items():
        (folder / "original" / f"{key}.html").write_text("<p>x</p>")
        (folder / "author" / f"{key}.txt").write_text(author)
        (folder / "date" / f"{key}.txt").write_text(date)
    monkeypatch.setenv("NEWSMIRROR_CORPORA", str(tmp_path))
    dataset = chinese_pages()
    assert dataset.zone_name == "Asia/Shanghai"
    assert dataset.labels == {
        "a": Labels(author="张三", date="2005-5-7 21:23"),
        "b": Labels(),
        "c": Labels(author="刘涛", date_unreadable=True),  # an author name in the date file
        "d": Labels(date_unreadable=True),  # an empty date file: a missed label
    }
    assert dataset.reviewed == {}


def test_a_reviewed_label_must_quote_its_page(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    key = "e8847578-12f0-44cb-bdb7-4eec53c18ed1"
    folder = tmp_path / "chinese-web-content-extraction"
    for sub in ("original", "date"):
        (folder / sub).mkdir(parents=True)
    (folder / "date" / f"{key}.txt").write_text("2022-01-27")
    page = folder / "original" / f"{key}.html"
    page.write_text("<li><span>发布日期：</span>2022年01月28日</li>", encoding="utf-8")
    monkeypatch.setenv("NEWSMIRROR_CORPORA", str(tmp_path))
    dataset = chinese_pages()
    assert dataset.labels[key].date == "2022-01-27"  # the figures come with the label too
    assert dataset.reviewed[key].date == "2022-01-28"
    page.write_text("<li><span>发布日期：</span>2022年01月29日</li>", encoding="utf-8")
    with pytest.raises(ValueError, match="not on the page"):
        chinese_pages()


def test_the_readability_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = tmp_path / "readability-test-pages" / "test" / "test-pages" / "one"
    case.mkdir(parents=True)
    (case / "source.html").write_text("<p>x</p>")
    (case / "expected-metadata.json").write_text(json.dumps(
        {"title": "T", "byline": None, "publishedTime": "2020-01-01T00:00:00Z"}))
    monkeypatch.setenv("NEWSMIRROR_CORPORA", str(tmp_path))
    dataset = readability_pages()
    assert dataset.zone is UTC
    assert dataset.labels == {"one": Labels(title="T", date="2020-01-01T00:00:00Z")}


def test_without_corpora_the_benchmark_is_skipped(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMIRROR_CORPORA", str(tmp_path))
    with pytest.raises(Missing):
        run()
