"""Which of trafilatura's answers is the article: a scored choice between its modes.

Precision mode finds the article on most news pages, and it is asked first. It fails in
two ways: it throws the article out (its answer is short: a reprint notice, a paywall
teaser), or it keeps the wrong block (a sidebar, a form, a table of links, one block of
several), and then its answer, however long, is mostly not prose. Either way the other
modes are asked, and each answer is scored by what an article is made of: sentences.
A line of prose counts four times what any other line does (a caption or a heading
belongs to an article too, but a menu does not make one). A later answer replaces the
one held only when what it adds scores higher than all that the held one has: the modes
agree on most pages, and mostly differ by a line or two (a comment notice, a caption),
where precision's sharper cut is the better bet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# How trafilatura is asked, in turn: (favor_precision, favor_recall, fast, only_if_short).
# Its fallback extractors (fast=False) cost a third of its time, and only short answers
# gain from them; recall mode comes last, for a page that nothing else read as prose.
ATTEMPTS = (
    (True, False, True, False),
    (True, False, False, True),
    (False, False, True, False),
    (False, True, True, False),
)
# An answer with fewer bytes than this is short: another mode is asked.
SHORT = 500
# A paragraph of this many UTF-8 bytes that ends sentences is prose.
_PROSE_BYTES = 80
_SENTENCE_END = re.compile(r"[。！？]|[.!?…][\"'”’»)）」』]*(?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?。！？…:：][\"'”’»)）」』]*\s*$")
# A line at least this long that ends no sentence is a hard-wrapped one: the next goes on.
_WRAPPED_BYTES = 40
# A paragraph of prose ends a sentence at least once in this many UTF-8 bytes.
_SENTENCE_BYTES = 400
# What a line of prose counts for, against a line that is not.
_PROSE_SHARE = 4


@dataclass(frozen=True)
class Candidate:
    """One of trafilatura's answers: its document, its text lines normalized (what the
    page's blocks are matched against) and what each line scores."""

    document: Any
    lines: tuple[str, ...]
    scores: tuple[int, ...]
    size: int  # UTF-8 bytes of the normalized lines
    prose: int  # of which in paragraphs of prose

    @classmethod
    def read(cls, document: Any, raw_lines: list[str], normalize: Callable[[str], str]
             ) -> Candidate:
        lines: list[str] = []
        scores: list[int] = []
        size = prose = 0
        for paragraph in _paragraphs(raw_lines):
            found = [line for line in map(normalize, paragraph) if line]
            weights = [len(line.encode()) for line in found]
            is_prose = _is_prose(" ".join(paragraph))
            lines.extend(found)
            scores.extend(weight * _PROSE_SHARE if is_prose else weight for weight in weights)
            size += sum(weights)
            prose += sum(weights) if is_prose else 0
        return cls(document, tuple(lines), tuple(scores), size, prose)

    @property
    def score(self) -> int:
        return sum(self.scores)

    @property
    def settled(self) -> bool:
        """Long enough, and mostly prose: no other mode is asked."""
        return self.size >= SHORT and 2 * self.prose >= self.size

    def adds_to(self, held: Candidate) -> int:
        """The score of the lines this answer has beyond those of ``held``."""
        remaining = Counter(held.lines)
        added = 0
        for line, score in zip(self.lines, self.scores, strict=True):
            if remaining[line] > 0:
                remaining[line] -= 1
            else:
                added += score
        return added


EMPTY = Candidate(None, (), (), 0, 0)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Lines joined where a sentence runs on: the fallback extractors keep a page's hard
    line breaks, which cut a paragraph of prose into lines shorter than a sentence. A
    short line (a menu entry, a heading) or a table's row ends its paragraph."""
    paragraphs: list[list[str]] = []
    running = False
    for line in lines:
        if running:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
        running = (len(line.encode()) >= _WRAPPED_BYTES and not line.startswith("|")
                   and not _ENDS_SENTENCE.search(line))
    return paragraphs


def _is_prose(paragraph: str) -> bool:
    """Long enough, with sentences ending often enough: a run of menu entries or headlines
    joined into one is long too, but ends no sentence (or one, by chance)."""
    weight = len(paragraph.encode())
    ends = len(_SENTENCE_END.findall(paragraph))
    return weight >= _PROSE_BYTES and ends > 0 and weight <= _SENTENCE_BYTES * ends


Ask = Callable[[bool, bool, bool], Candidate]  # (favor_precision, favor_recall, fast)


def choose(ask: Ask) -> Candidate:
    """The best answer ``ask`` gives for the ``ATTEMPTS`` in turn; none is asked once the
    one held is settled."""
    held = EMPTY
    for precise, recall, fast, only_if_short in ATTEMPTS:
        if only_if_short and held.size >= SHORT:
            continue
        candidate = ask(precise, recall, fast)
        if candidate.adds_to(held) > held.score:
            held = candidate
        if held.settled:
            break
    return held
