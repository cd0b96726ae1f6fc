"""Readable diffs: exactly the changed words, Chinese by segmented words, lossless runs,
and renderings that show third-party text as text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmirror.diffs import Op, Run, TextDiff, changed_paragraphs, diff_texts
from newsmirror.diffs.terminal import diff_text
from newsmirror.publish.history import diff_html
from newsmirror.text import words as words_module
from newsmirror.text.words import words

CHINESE = "美国总统拜登周一在白宫会见了来访的德国总理，双方讨论了乌克兰局势。"
ENGLISH = "The minister said on Monday that the talks would resume next week."
OTHER = "第三段没有任何变化。A third paragraph that stays the same."
OLD = f"{CHINESE}\n\n{ENGLISH}\n\n{OTHER}"
NEW = OLD.replace("白宫", "戴维营").replace("Monday", "Tuesday")


def changes(diff: TextDiff) -> list[Run]:
    return [run for run in diff.runs if run.op is not Op.EQUAL]


def test_one_edited_word_in_chinese_and_in_english_is_exactly_that_word() -> None:
    diff = diff_texts(OLD, NEW)
    assert changes(diff) == [Run(Op.DELETE, "白宫"), Run(Op.INSERT, "戴维营"),
                             Run(Op.DELETE, "Monday"), Run(Op.INSERT, "Tuesday")]
    assert diff.apply(OLD) == NEW


def test_chinese_is_cut_into_words_not_characters() -> None:
    diff = diff_texts("他说今年经济增长缓慢。", "他说今年经济增长强劲。")
    assert changes(diff) == [Run(Op.DELETE, "缓慢"), Run(Op.INSERT, "强劲")]


def test_without_a_segmenter_chinese_is_compared_by_character(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words_module, "_segmenter", lambda: list)
    assert words("经济增长") == ["经", "济", "增", "长"]
    diff = diff_texts("经济增长缓慢", "经济增长强劲")
    assert changes(diff) == [Run(Op.DELETE, "缓慢"), Run(Op.INSERT, "强劲")]


def test_words_of_each_script() -> None:
    assert words("東京のニュース、don't stop 2024年") == [
        "東", "京", "の", "ニュース", "、", "don't", " ", "stop", " ", "2024", "年"]


def test_a_rewritten_phrase_is_one_deletion_and_one_insertion() -> None:
    diff = diff_texts("the quick brown fox jumps", "a slow red fox jumps")
    assert diff.runs == (Run(Op.DELETE, "the quick brown"), Run(Op.INSERT, "a slow red"),
                         Run(Op.EQUAL, " fox jumps"))


def test_identical_and_empty_texts() -> None:
    assert diff_texts(OLD, OLD).runs == (Run(Op.EQUAL, OLD),)
    assert not diff_texts(OLD, OLD).changed
    assert diff_texts("", "").runs == ()
    assert diff_texts("", "新").runs == (Run(Op.INSERT, "新"),)


def test_apply_refuses_another_old_text() -> None:
    with pytest.raises(ValueError, match="does not match"):
        diff_texts("a b", "a c").apply("x b")


MIXED = st.text(alphabet="ab Z,.'\n。，的是中国人北京上海经济增长カタナひらが", max_size=80)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a version of it with a few splices, as an editor makes them."""
    old = draw(MIXED)
    new = old
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(new)))
        end = draw(st.integers(start, len(new)))
        new = new[:start] + draw(MIXED) + new[end:]
    return old, new


@given(st.one_of(edited(), st.tuples(MIXED, MIXED)))
def test_applying_the_runs_to_the_old_text_gives_the_new_text(texts: tuple[str, str]) -> None:
    old, new = texts
    diff = diff_texts(old, new)
    assert diff.apply(old) == new
    assert (diff.old, diff.new) == (old, new)
    assert all(run.text for run in diff.runs)
    assert all(a.op != b.op for a, b in zip(diff.runs, diff.runs[1:], strict=False))


@given(MIXED)
def test_words_join_back_into_the_text(text: str) -> None:
    assert "".join(words(text)) == text


def test_unchanged_paragraphs_are_skipped() -> None:
    shown = changed_paragraphs(diff_texts(f"{OTHER}\n\n{ENGLISH}\n\n{OTHER}",
                                          f"{OTHER}\n\n{ENGLISH[:-1]}!\n\n{OTHER}"))
    assert shown[0] is None and shown[2] is None
    assert shown[1] is not None and shown[1].changed


def test_the_terminal_shows_deletions_struck_red_and_insertions_green() -> None:
    text = diff_text(diff_texts("say [bold]hi[/bold] now", "say [bold]bye[/bold] now"))
    assert text.plain == "say [bold]hibye[/bold] now"  # markup in the text stays text
    styled = {text.plain[span.start:span.end]: str(span.style) for span in text.spans}
    assert styled == {"hi": "red strike", "bye": "green"}
    marked = diff_text(diff_texts("a b c", "a x c"), marked=True)
    assert marked.plain == "a [-b-]{+x+} c"


def test_html_marks_the_words_and_escapes_the_text() -> None:
    page = str(diff_html(diff_texts(OLD, NEW)))
    assert "<del>白宫</del><ins>戴维营</ins>" in page
    assert "on <del>Monday</del><ins>Tuesday</ins> that" in page
    assert page.endswith("<p>…</p>")  # the unchanged third paragraph
    hostile = str(diff_html(diff_texts("x <b>y</b>", "x <script>alert(1)</script> *z* [l](j)")))
    text = re.sub(r"</?(p|del|ins)>", "", hostile)
    assert "<" not in text and ">" not in text  # only our own tags are markup
    assert "script&gt;alert(1)" in text and "&#42;z&#42;" in text and "&#91;l&#93;" in text
    assert "\n\n" not in hostile  # one HTML block: markdown never reads inside it
