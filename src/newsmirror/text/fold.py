"""Folding text for matching: traditional characters to simplified (Taiwan and Hong Kong
forms too), full-width forms to ASCII, Latin letters to lower case — one character for
one, so that a position in the folded text is the same position in the original (a match
found in the folded text is highlighted in the text as the outlet wrote it: traditional
stays traditional).

The Chinese part is ``fold.json``, a character table made from OpenCC's conversions
(``scripts/build_fold_table.py``; a test checks it is current), shipped so that no
converter is needed at run time, and shared by everything that matches text: the search
index, the site's search page (which folds a query in the browser by the same table),
story grouping. Character by character, not by phrase: a query and a text must fold the
same way whatever surrounds them, and a browser has no phrase dictionary.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def chinese_table() -> dict[int, str]:
    """``fold.json``: each character that folds, to the one it folds to."""
    data = json.loads(files("newsmirror.text").joinpath("fold.json").read_text(
        encoding="utf-8"))
    return {ord(old): new for old, new in zip(data["from"], data["to"], strict=True)}


@cache
def fold_table() -> dict[int, int]:
    """``str.translate`` table of :func:`fold`."""
    # the table's targets (full-width Ａ → A) and Latin capitals, in lower case
    table = {code: ord(_lower(target)) for code, target in chinese_table().items()}
    for code in (*range(ord("A"), ord("Z") + 1), *range(0xC0, 0x250)):
        if _lower(chr(code)) != chr(code):
            table[code] = ord(_lower(chr(code)))
    table[0x3000] = 0x20  # the ideographic space
    return table


def _lower(character: str) -> str:
    """Lower case, where it is one character too (İ's is two: it stays)."""
    lower = character.lower()
    return lower if len(lower) == 1 else character


def fold(text: str) -> str:
    """``text`` folded for matching; as long as ``text``, character for character."""
    return text.translate(fold_table())
