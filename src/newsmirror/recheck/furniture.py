"""What counts as an edit: a change of the article, never of the page around it.

A re-check extracts the page again and compares the result with the stored revision, one
laid-out block (one line of the stored HTML) at a time. Portal pages print furniture that
the extractor may keep with the article and that changes on every request: a promo line
(``今日推荐417458``), a view counter, a "recommended" headline. Such a change is not the
publisher's edit, and it must not make a revision.

Furniture is learned per source from two fetches: when a page seems changed, it is fetched
a second time at once, and the blocks that differ between those two fetches of one
unchanged article are furniture. They are remembered as templates (the block with its
digits masked and its spaces dropped), so that the next article of the same site whose
promo line rotated needs no second fetch. A changed part of the page counts as an edit
unless every block it adds is furniture (and every block it removes was furniture too, or
held the same place). The revision an edit makes keeps the furniture as the stored
revision had it (and takes in none that was not there), so that its diff shows the
publisher's edit and nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_DIGITS = re.compile(r"\d+")
# A furniture block and a stored block this alike hold the same place on the page.
_SAME_SLOT = 0.6
_SPACE = re.compile(r"\s+")


def template(line: str) -> str:
    """A block as furniture is remembered: digits masked, spaces dropped."""
    return _DIGITS.sub("0", _SPACE.sub("", line))


@dataclass(frozen=True)
class Furniture:
    """What a source's pages change on their own: the templates learned before, and the
    blocks seen to change between two fetches just now."""

    templates: frozenset[str] = frozenset()
    lines: frozenset[str] = field(default_factory=frozenset)

    def __contains__(self, line: object) -> bool:
        return isinstance(line, str) and (line in self.lines or template(line) in self.templates)

    def with_moving(self, lines: Iterable[str]) -> Furniture:
        moving = frozenset(lines)
        return Furniture(self.templates | furniture_templates(moving), self.lines | moving)


def moving_lines(first: str, second: str) -> set[str]:
    """The blocks that differ between two fetches of one page: in either, not in both."""
    one, two = Counter(first.split("\n")), Counter(second.split("\n"))
    return {line for line in (one - two) + (two - one) if line.strip()}


def furniture_templates(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(template(line) for line in lines)


def keep_furniture(before: str, after: str, furniture: Furniture) -> str:
    """``after`` (freshly extracted HTML, one block per line) with every change that only
    furniture made put back as ``before`` (the stored revision) had it: equal to
    ``before`` when the article itself did not change."""
    old, new = before.split("\n"), after.split("\n")
    kept: list[str] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = old[i1:i2], new[j1:j2]
        if op == "equal":
            kept += now
        elif len(was) == len(now):  # block for block: each slot on its own
            kept += [previous if line in furniture else line
                     for previous, line in zip(was, now, strict=True)]
        elif all(line in furniture for line in now) and all(line in furniture for line in was):
            kept += was
        else:
            kept += _slots_kept(was, now, furniture)
    return "\n".join(kept)


def _slots_kept(was: list[str], now: list[str], furniture: Furniture) -> list[str]:
    """A changed stretch that the article changed too (a paragraph went, or came): the
    fresh blocks, each furniture block as the stored block it most resembles was (a
    promo line keeps its stored words), or left out if none does (furniture that was not
    there before does not come in with an edit)."""
    unused = list(was)
    kept = []
    for line in now:
        if line not in furniture:
            kept.append(line)
        elif unused:
            ratio, index = max((SequenceMatcher(None, old, line).ratio(), index)
                               for index, old in enumerate(unused))
            if ratio >= _SAME_SLOT:
                kept.append(unused.pop(index))
    return kept
