"""Which items of a listing a run takes: each article once (``merge_duplicates``), the
newest first (``newest``) — property tests, and a run against a feed of 300 items."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.ingest import Entry, merge_duplicates, newest
from newsmirror.pipeline import run_mirror
from newsmirror.store import Store
from newsmirror.urls import article_id
from servers import FixtureServer, Route
from test_failures import RSS

entries = st.lists(st.builds(
    Entry,
    link=st.sampled_from(["https://news.example/a/x", "https://news.example/a/x?utm_source=rss",
                          "https://NEWS.example/a/x#top", "https://news.example/a/y"]),
    title=st.sampled_from(["", "Budget passes", "Budget passes: what it means"]),
    summary_html=st.sampled_from(["", "<p>Short.</p>", "<p>" + "Whole story. " * 50 + "</p>"]),
), max_size=6)


@given(entries)
def test_each_article_is_listed_once_where_it_was_first_listed(listed: list[Entry]) -> None:
    merged = merge_duplicates(listed)
    ids = [article_id(entry.link) for entry in merged]
    assert len(ids) == len(set(ids))
    assert ids == list(dict.fromkeys(article_id(entry.link) for entry in listed))
    for entry in merged:  # no field is lost that any copy had
        copies = [e for e in listed if article_id(e.link) == article_id(entry.link)]
        assert bool(entry.title) == any(e.title for e in copies)
        assert len(entry.summary_html) == max(len(e.summary_html) for e in copies)


@given(entries)
def test_the_merged_item_does_not_depend_on_the_feeds_order(listed: list[Entry]) -> None:
    merged = {article_id(e.link): e for e in merge_duplicates(listed)}
    for order in itertools.islice(itertools.permutations(listed), 24):
        assert {article_id(e.link): e for e in merge_duplicates(order)} == merged


T0 = datetime(2022, 1, 10, tzinfo=UTC)
dated = st.lists(st.builds(Entry, link=st.integers(0, 10**6).map(lambda n: f"https://x/{n}"),
                           published=st.none() | st.integers(0, 10**6).map(
                               lambda n: T0 + timedelta(minutes=n))), max_size=30)


@given(dated, st.integers(1, 40))
def test_the_newest_are_taken_newest_first_and_the_rest_counted(listed: list[Entry],
                                                                 limit: int) -> None:
    taken, left_out = newest(listed, limit)
    assert len(taken) == min(limit, len(listed)) and left_out == len(listed) - len(taken)
    dates = [entry.published for entry in taken if entry.published is not None]
    assert dates == sorted(dates, reverse=True)
    assert all(entry.published is None for entry in taken[len(dates):])  # undated last
    skipped = [entry for entry in listed if entry not in taken]
    if dates and skipped:
        assert all(e.published is None or e.published <= dates[-1] for e in skipped)


def test_a_feed_of_300_items_in_any_order_gives_its_200_newest_and_says_so(
        tmp_path: Path, server: FixtureServer) -> None:
    numbers = list(range(300))
    random.Random(4).shuffle(numbers)
    items = "".join(
        f"<item><title>Item {n}</title><link>{server.url(f'/a/{n}')}</link>"
        f"<pubDate>{(T0 + timedelta(hours=n)).strftime('%a, %d %b %Y %H:%M:%S +0000')}"
        "</pubDate><description><![CDATA[<p>" + f"Whole story number {n}. " * 40
        + "</p>]]></description></item>" for n in numbers)
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}'
    server.routes["/feed.xml"] = Route((body + "</channel></rss>").encode(), headers=RSS)
    toml = (f"[network]\n{LOCAL_NETWORK}\n"
            f'[[sources]]\nname = "big"\nurl = "{server.url("/feed.xml")}"\n')
    mirror = make_mirror(tmp_path / "m", toml)
    report = run_mirror(mirror).sources[0]
    assert (report.entries, report.new_articles, report.left_out) == (200, 200, 100)
    with Store(mirror.paths.database) as store:
        titles = {article.title for article in store.articles()}
    assert titles == {f"Item {n}" for n in range(100, 300)}
