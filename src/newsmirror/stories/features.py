"""What grouping knows of an article: its terms (title and lead), its names, its text's
shingles as a MinHash signature, and its day.

Everything is read from folded text (traditional → simplified, Latin lower case,
full-width → ASCII), so that the simplified and the traditional edition of one article
have the same features. Terms are jieba's words for Chinese (nouns, verbs, names…; not
particles or marks) and words for Latin; names (people, places, organizations) are
jieba's ``nr``/``ns``/``nt``/``nz`` words and capitalized Latin words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from newsmirror.stories.minhash import Signature, signature
from newsmirror.stories.names import place_terms
from newsmirror.text.fold import fold, fold_table

LEAD_CHARS = 200  # how much of the text is the lead
SHINGLE = 5  # characters a shingle (of the text without spaces and marks)
TITLE_WEIGHT = 2  # a title term counts as this many lead terms
_NAME_TAGS = ("nr", "ns", "nt", "nz")
# jieba tags of words that tell what a story is about (nouns, verbs, adjectives,
# idioms, abbreviations, Latin words); particles, pronouns, numbers and marks do not
_KEPT_TAGS = ("n", "v", "a", "i", "j", "l", "eng")
_LATIN = re.compile(r"[^\W\d_]{2,}|\d+[^\W\d_]+", re.UNICODE)
_STOP = frozenset("""\
a an the and or but of in on at to for from by with as is are was were be
been being it its this that these those he she they we you i his her their our your not no
will would can could has have had do does did said says say after before over into about
than then there here what which who whom whose when where why how all any some more most
new also just up out off down one two""".split())  # noqa: SIM905 - a list to read
_SPACE_OR_MARK = re.compile(r"[\W_]+", re.UNICODE)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Features:
    """An article's features. ``terms``: term → weight before IDF (title terms count
    ``TITLE_WEIGHT`` times); ``names``: the terms that are names."""

    terms: dict[str, int]
    names: frozenset[str]
    signature: Signature
    day: int  # days since 1970-01-01 (UTC) of its publish time, else first seen


def day_number(when: datetime) -> int:
    return (when.astimezone(UTC) - _EPOCH).days


def features(title: str, text: str, when: datetime) -> Features:
    """The features of an article with this title, text and time."""
    terms: Counter[str] = Counter()
    names: set[str] = set()
    for weight, part in ((TITLE_WEIGHT, title), (1, lead(text, title))):
        for term, is_name in tagged_terms(part):
            terms[term] += weight
            if is_name:
                names.add(term)
    return Features(dict(terms), frozenset(names), signature(shingles(title, text)),
                    day_number(when))


def lead(text: str, title: str = "") -> str:
    """The first ``LEAD_CHARS`` characters of the text (without a title it repeats)."""
    body = text.strip()
    if title and body.startswith(title.strip()):
        body = body[len(title.strip()):]
    return body[:LEAD_CHARS]


def tagged_terms(text: str) -> list[tuple[str, bool]]:
    """The terms of ``text`` in order, each with whether it is a name."""
    import rjieba

    places, rest = place_terms(text.translate(_han_table()))
    found: list[tuple[str, bool]] = [(place, True) for place in places]
    for word, tag in rjieba.tag(rest):
        if tag == "eng" or (word.isascii() and _LATIN.fullmatch(word)):
            term = word.lower()
            if term in _STOP or not _LATIN.fullmatch(word):
                continue
            found.append((term, word[0].isupper()))
        elif tag.startswith(_KEPT_TAGS) and not word.isspace():
            is_name = tag.startswith(_NAME_TAGS)
            if len(word) > 1 or is_name or tag == "j":  # 有, 说: one character says little
                found.append((fold(word), is_name))
    return found


def shingles(title: str, text: str) -> set[str]:
    """The text's shingles: ``SHINGLE`` characters of the folded text without spaces
    and marks (the title too when the text is short: a headline alone)."""
    body = _SPACE_OR_MARK.sub("", fold(text))
    if len(body) < 4 * SHINGLE:
        body = _SPACE_OR_MARK.sub("", fold(f"{title} {text}"))
    if len(body) <= SHINGLE:
        return {body} if body else set()
    return {body[i:i + SHINGLE] for i in range(len(body) - SHINGLE + 1)}


@cache
def _han_table() -> dict[int, int]:
    """Folding without the Latin lower case: jieba's tagger sees capitals (names)."""
    return {code: to for code, to in fold_table().items() if code >= 0x3000}
