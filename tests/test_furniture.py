"""What counts as an edit: a change of the article, never of the furniture around it
(``recheck.furniture``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsmirror.recheck.furniture import Furniture, keep_furniture, moving_lines, template

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
    furniture = Furniture(frozenset({template(old)}))
    before = "\n".join([old, body, "<p>原来的一段</p>"])
    after = "\n".join([new, body, edit])
    kept = keep_furniture(before, after, furniture).split("\n")
    # The article's own blocks are the fresh page's, in its order; the promo is stored's.
    assert [line for line in kept if line not in furniture] == \
        [line for line in after.split("\n") if line not in furniture]
    assert new not in kept or new in before.split("\n")
    if body.count("今日推荐") == 0:
        assert kept == [old, *body.split("\n"), edit]


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
