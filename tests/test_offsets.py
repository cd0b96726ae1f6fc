"""A publish time keeps the offset the publisher wrote it in (issue 15.1): the publish
*date* is the date where it was published, though the store keeps the moment in UTC."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsmirror.article import Article
from newsmirror.cli import app
from newsmirror.dates import iso_local, offset_minutes
from newsmirror.extract.document import extract_document
from newsmirror.ingest.fastpath import parse_fast
from newsmirror.ingest.feeds import read_with_feedparser, to_listing
from newsmirror.store import ArchiveReader, Store
from newsmirror.store.store import content_hash

STORY = "".join(f"<p>The council met again today and sentence number {n} of the report "
                "says what it decided about the bridge.</p>" for n in range(8))


def _page(published: str) -> bytes:
    return (f'<html><head><title>Heat wave</title><meta property="article:published_time" '
            f'content="{published}"></head><body><h1>Heat wave</h1><article>{STORY}'
            "</article></body></html>").encode()


def test_a_local_morning_is_published_that_day_not_the_utc_day_before(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(_page("2020-02-15T07:00+09:00"))
    result = CliRunner().invoke(app, ["extract", str(page), "--jsonl", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    published = json.loads(result.stdout)["published"]
    assert published == "2020-02-15T07:00:00+09:00"
    assert datetime.fromisoformat(published) == datetime(2020, 2, 14, 22, tzinfo=UTC)


_OFFSETS = st.integers(-12 * 4, 14 * 4).map(lambda quarters: quarters * 15)
_MOMENTS = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2090, 1, 1),
                        timezones=st.just(UTC)).map(lambda moment: moment.replace(microsecond=0))


@settings(max_examples=60, deadline=None)
@given(moment=_MOMENTS, minutes=_OFFSETS)
def test_extraction_gives_the_publishers_date_and_the_same_moment(moment: datetime,
                                                                  minutes: int) -> None:
    local = moment.astimezone(timezone(timedelta(minutes=minutes)))
    article = extract_document(_page(local.isoformat()), "https://example.org/a")
    assert article.published == moment
    assert article.published is not None and article.published.date() == local.date()
    assert offset_minutes(article.published) == minutes


@settings(max_examples=30, deadline=None)
@given(moment=_MOMENTS, minutes=_OFFSETS, other=_OFFSETS)
def test_the_store_keeps_the_moment_and_its_offset_and_an_offset_is_no_edit(
        tmp_path_factory: pytest.TempPathFactory, moment: datetime, minutes: int,
        other: int) -> None:
    """Saved, read back, exported: the same moment in the same offset; the same moment
    written in another offset is the same revision."""
    folder = tmp_path_factory.mktemp("offsets")
    local = moment.astimezone(timezone(timedelta(minutes=minutes)))
    article = Article(url="https://example.org/a", title="T", html="<p>x</p>", text="x",
                      published=local)
    store = Store(folder / "archive.db")
    try:
        outcome = store.save_article("s", article, datetime(2091, 1, 1, tzinfo=UTC))
        stored = store.article(outcome.article_id)
        assert stored is not None and stored.published == moment
        assert offset_minutes(stored.published) == minutes
        assert iso_local(stored.published) == iso_local(local)
        history = ArchiveReader(store).history(outcome.article_id)
        assert history is not None and offset_minutes(history.revisions[0].published) == minutes
        moved = replace(article, published=moment.astimezone(timezone(timedelta(minutes=other))))
        assert content_hash(moved) == content_hash(article)
        again = store.save_article("s", moved, datetime(2091, 1, 2, tzinfo=UTC))
        assert not again.new_revision
    finally:
        store.close()


def test_a_feed_items_time_keeps_its_offset_in_both_parsers() -> None:
    items = "".join(
        f"<item><title>T{n}</title><link>https://example.org/{n}</link>"
        f"<pubDate>{date}</pubDate></item>"
        for n, date in enumerate(["Sat, 15 Feb 2020 07:00:00 +0900",
                                  "Fri, 14 Feb 2020 17:00:00 EST",
                                  "Fri, 14 Feb 2020 22:00:00 GMT"]))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}' \
           "</channel></rss>"
    data, url = body.encode(), "https://example.org/feed"
    fast = parse_fast(data, url, "application/xml")
    assert fast is not None
    for parsed in (fast, read_with_feedparser(data, url, "application/xml")):
        entries = to_listing(parsed, data, url).entries
        assert [iso_local(entry.published) for entry in entries] == [
            "2020-02-15T07:00:00+09:00", "2020-02-14T17:00:00-05:00", "2020-02-14T22:00:00Z"]
