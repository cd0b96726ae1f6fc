"""What each outlet's article adds to a story: its sentences that no other outlet's
article has (in other characters or with a word changed, a sentence is still shared:
compared by the 5-character shingles of the folded text)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsmirror.stories.features import SHINGLE
from newsmirror.text.fold import fold

_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[」』”’\"]?|\n|$)")
_MARKS = re.compile(r"[\W_]+")
SHARED = 0.5  # a sentence with this share of its shingles in another outlet's text
LONGEST = 3  # sentences shown per article at most


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 8]


def _shingles(text: str) -> set[str]:
    plain = _MARKS.sub("", fold(text))
    return {plain[i:i + SHINGLE] for i in range(max(1, len(plain) - SHINGLE + 1))}


def additions(texts: Sequence[tuple[str, str]]) -> list[list[str]]:
    """For each (source, text), its sentences that only its source has, longest first
    (at most ``LONGEST``). Articles of one source do not count against each other."""
    pools = [_shingles(text) for _, text in texts]
    found: list[list[str]] = []
    for index, (source, text) in enumerate(texts):
        others: set[str] = set()
        for other, (other_source, _) in enumerate(texts):
            if other != index and other_source != source:
                others |= pools[other]
        if not others:
            found.append([])
            continue
        own = []
        for sentence in sentences(text):
            grams = _shingles(sentence)
            if len(grams & others) < SHARED * len(grams):
                own.append(sentence)
        found.append(sorted(own, key=len, reverse=True)[:LONGEST])
    return found
