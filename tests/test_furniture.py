"""What counts as an edit: a change of the article, never of the furniture around it
(``recheck.furniture``), and items of one feed that are one article (``merge_duplicates``)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from newsmirror.ingest import Entry, merge_duplicates
from newsmirror.recheck.furniture import Furniture, keep_furniture, moving_lines, template
from newsmirror.urls import article_id

words = st.sampled_from(["<p>北约峰会</p>", "<p>美俄会谈</p>", "<p>今日推荐1</p>", "<div>",
                         "</div>", "<p>Talks resume on Monday.</p>", "<p>阅读 12 次</p>"])
bodies = st.lists(words, max_size=12).map("\n".join)
promo = st.integers(min_value=0, max_value=10**9).map(lambda n: f"<p>今日推荐{n}</p>")


@given(bodies, bodies)
def test_without_furniture_the_fresh_page_is_taken_as_it_is(before: str, after: str) -> None:
    assert keep_furniture(before, after, Furniture()) == after


@given(bodies, st.lists(st.sampled_from(["<p>今日推荐0</p>", "<p>阅读0次</p>"])))
def test_the_stored_body_stands_when_only_furniture_changed(body: str,
                                                            templates: list[str]) -> None:
    furniture = Furniture(frozenset(templates) | {template("<p>今日推荐1</p>")})
    lines = body.split("\n")
    rotated = "\n".join(line.replace("今日推荐1", "今日推荐98765") for line in lines)
    assert keep_furniture(body, rotated, furniture) == body


@given(bodies, promo, promo, st.sampled_from(["<p>北约峰会推迟</p>", "<p>新的一段</p>"]))
def test_an_edit_beside_a_rotating_promo_is_kept_and_the_promo_is_not(
        body: str, old: str, new: str, edit: str) -> None:
    before = "\n".join([old, body, "<p>原来的一段</p>"])
    after = "\n".join([new, body, edit])
    kept = keep_furniture(before, after, Furniture(frozenset({template(old)})))
    assert kept == "\n".join([old, body, edit])


def test_a_promo_that_changes_its_words_is_learned_from_two_fetches() -> None:
    stored = "<p>一</p>\n<p>今日推荐《两会观察》</p>\n<p>二</p>"
    first = "<p>一</p>\n<p>今日推荐《财经头条》</p>\n<p>二</p>"
    second = "<p>一</p>\n<p>今日推荐《股市快评》</p>\n<p>二</p>"
    moving = moving_lines(first, second)
    assert moving == {"<p>今日推荐《财经头条》</p>", "<p>今日推荐《股市快评》</p>"}
    assert keep_furniture(stored, second, Furniture().with_moving(moving)) == stored
    deleted = "<p>一</p>\n<p>今日推荐《股市快评》</p>"  # and a paragraph went: an edit
    assert keep_furniture(stored, deleted, Furniture().with_moving(moving)) == \
        "<p>一</p>\n<p>今日推荐《两会观察》</p>"


def test_a_template_masks_digits_and_spaces() -> None:
    assert template("<p>今日推荐 417458</p>") == template("<p>今日推荐737304</p>")
    assert template("<p>死亡人数 12</p>") != template("<p>受伤人数 12</p>")


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
