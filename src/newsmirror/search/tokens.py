"""The tokens of the index and of queries, over folded text.

Two streams per field: ``chars`` (each Han or kana character, and each Latin or other
word) and ``pairs`` (each two neighbouring characters of a run of Han or kana, and each
word). A query's word of one character looks in ``chars``; of two or more, it is the
phrase of its pairs in ``pairs`` (俄罗斯 → "俄罗 罗斯"); a quoted phrase is the phrase
of its characters and words in ``chars``, which holds them all in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsmirror.text.fold import fold
from newsmirror.text.words import CJK_CLASS

# a run of Han or kana (its second group), or a word of any other script
_RUN = re.compile(rf"(([{CJK_CLASS}]+)|[^\W_{CJK_CLASS}]+)")
_CHAR = re.compile(rf"[{CJK_CLASS}]|[^\W_{CJK_CLASS}]+")
# Between two runs of characters in ``pairs``: no phrase of pairs spans it (the pairs
# of 美俄，俄罗 are not a phrase 美俄 俄罗). A token ("_" is one: see the table's
# tokenizer) that no query can hold, as queries are made of runs, which hold no "_".
BREAK = "_"
_SOLO = re.compile(rf"[{CJK_CLASS}]")


@dataclass(frozen=True)
class Streams:
    """A field's text as the index's token streams, space-separated."""

    chars: str
    pairs: str
    solo: str  # the characters a segmenter takes as words of their own (ranking only)


def streams(text: str) -> Streams:
    import rjieba

    folded = fold(text)
    pairs: list[str] = []
    for run, cjk in _RUN.findall(folded):
        if not cjk:
            pairs.append(run)
        elif len(run) > 1:
            if pairs and pairs[-1] != BREAK:
                pairs.append(BREAK)
            pairs.append(" ".join(map(str.__add__, run, run[1:])))
            pairs.append(BREAK)
    chars = _CHAR.findall(folded)
    # 俄 in 俄方表示 is a word, in 俄罗斯 a part of one: a one-character query finds both
    # (in chars), and ranks first where the character is a word of its own
    solo = [word for word in rjieba.cut(folded) if len(word) == 1 and _SOLO.match(word)]
    return Streams(" ".join(chars), " ".join(pairs), " ".join(solo))


def runs(text: str) -> list[tuple[str, bool]]:
    """The folded runs of ``text``: (run, is Han or kana)."""
    return [(run, bool(cjk)) for run, cjk in _RUN.findall(fold(text))]


def word_match(word: str, alone: bool = True) -> str:
    """The FTS5 expression that finds ``word`` as typed (a term, not a phrase): '' if it
    holds nothing to look for (punctuation only). A character ``alone`` in its query is
    ranked first where it stands as a word of its own (``solo``); beside other words,
    those rank, and its plain match costs half."""
    pieces = runs(word)
    if not pieces:
        return ""
    if len(pieces) == 1:
        run, cjk = pieces[0]
        if cjk and len(run) == 1:
            if not alone:
                return f'{{t_chars b_chars}} : "{run}"'
            return f'({{t_solo b_solo}} : "{run}" OR {{t_chars b_chars}} : "{run}")'
        if cjk:
            return '{t_pairs b_pairs} : "' + " ".join(
                run[i:i + 2] for i in range(len(run) - 1)) + '"'
        return f'{{t_pairs b_pairs}} : "{run}"'
    return phrase_match(word)  # G7峰会, covid-19: its pieces in order


def phrase_match(phrase: str) -> str:
    """The FTS5 expression that finds ``phrase``'s characters and words in order."""
    tokens: list[str] = []
    for run, cjk in runs(phrase):
        tokens.extend(run if cjk else [run])
    return '{t_chars b_chars} : "' + " ".join(tokens) + '"' if tokens else ""
