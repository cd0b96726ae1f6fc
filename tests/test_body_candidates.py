"""The scored choice between trafilatura's modes (``extract.candidates``)."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from newsmirror.extract.body import normalized
from newsmirror.extract.candidates import ATTEMPTS, SHORT, Candidate, choose

PROSE = ("The council said on Monday that the plan would change how water is shared "
         "between the towns along the river. Farmers will be asked to report their use.")
MENU = ["Home", "News", "Sport", "Business", "Weather", "Contact us", "Archive", "Login"]


def candidate(lines: list[str]) -> Candidate:
    return Candidate.read(object(), lines, normalized)


class Modes:
    """A fake trafilatura: each mode's answer, and which modes were asked."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = [candidate(lines) for lines in answers]
        self.asked: list[int] = []

    def __call__(self, precise: bool, recall: bool, fast: bool) -> Candidate:
        index = [attempt[:3] for attempt in ATTEMPTS].index((precise, recall, fast))
        self.asked.append(index)
        return self.answers[index]


def test_sentences_are_prose_and_a_menu_is_not() -> None:
    assert candidate([PROSE]).prose == candidate([PROSE]).size
    assert candidate(MENU * 10).prose == 0
    # headlines joined into a long line end no sentence
    assert candidate([" ".join(MENU * 5)]).prose == 0
    chinese = ("吉林省人民政府决定在工程建设征占地范围内禁止新增建设项目。"
               "上述区域内新迁入的人口不享有相关补偿政策。")
    assert candidate([chinese]).prose > 0


def test_a_hard_wrapped_paragraph_is_prose() -> None:
    # the fallback extractors keep a page's line breaks: lines shorter than a sentence
    wrapped = textwrap.wrap(PROSE, 60)
    assert len(wrapped) > 2 and all(len(line) < 80 for line in wrapped)
    assert candidate(wrapped).prose == candidate(wrapped).size


def test_precision_mode_is_asked_alone_when_its_answer_is_long_prose() -> None:
    modes = Modes([PROSE] * 5, [], [PROSE] * 6, [PROSE] * 6)
    assert choose(modes).lines == modes.answers[0].lines
    assert modes.asked == [0]


def test_an_answer_that_is_mostly_not_prose_makes_the_other_modes_answer() -> None:
    # a long filing table or sidebar: precision's answer is not short, but it is no article
    table = [f"| field {i}: | value number {i} of the record |" for i in range(30)]
    assert candidate(table).size >= SHORT
    modes = Modes(table, [], table + [PROSE] * 8, table + [PROSE] * 8)
    assert choose(modes).lines == modes.answers[2].lines
    assert modes.asked == [0, 2]  # the fallback extractors only for a short answer


def test_a_mode_that_adds_a_notice_does_not_replace_the_one_held() -> None:
    # default mode often adds a line or two (a comment notice) to precision's answer
    listing = [f"Stage {i}: {i} March, Interlagos" for i in range(20)]
    notice = "Comments that are unreadable or disrespectful will not be approved by the moderator."
    modes = Modes(listing, listing, [*listing, notice], [*listing, notice])
    assert choose(modes).lines == modes.answers[0].lines


def test_a_short_answer_is_asked_for_with_the_fallback_extractors() -> None:
    modes = Modes(["Reprinted with permission."], [PROSE] * 5, [PROSE] * 5, [PROSE] * 5)
    assert choose(modes).lines == modes.answers[1].lines
    assert modes.asked == [0, 1]


lines = st.lists(st.sampled_from([PROSE, *MENU, "一段话。", "Short."]), max_size=12)


@given(st.lists(lines, min_size=4, max_size=4))
def test_the_choice_is_one_of_the_answers_and_never_less_than_precision(
        answers: list[list[str]]) -> None:
    modes = Modes(*answers)
    chosen = choose(modes)
    first = modes.answers[0]
    assert chosen in modes.answers or chosen.size == 0
    # a replacement adds more than all the precision answer scores
    assert chosen.score >= first.score
    assert modes.asked[0] == 0
