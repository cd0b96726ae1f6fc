"""Folding text for matching: traditional characters to simplified (OpenCC's t2s table),
Latin letters to lower case, full-width forms to ASCII — one character for one, so that a
position in the folded text is the same position in the original (a match found in the
folded text is highlighted in the text as the outlet wrote it: traditional stays
traditional).

Character by character, not OpenCC's phrase conversion: search, near-duplicate detection
and the site's search box must fold a query and a text the same way whatever surrounds
them, and a phrase table can fold a character one way in one word and another way in the
next.
"""

from __future__ import annotations

from functools import cache

# Han: extension A, the unified block, compatibility ideographs, extension B and after
_HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20))


@cache
def fold_table() -> dict[int, int]:
    """``str.translate`` table: each character that folds, to the one it folds to."""
    import opencc

    chars = [chr(code) for start, end in _HAN_RANGES for code in range(start, end)]
    # one character a line: no phrase is formed across them
    folded = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table = {ord(a): ord(b) for a, b in zip(chars, folded, strict=True)
             if a != b and len(b) == 1}
    table.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})
    # full-width ASCII (ＮＡＴＯ, ２０２２) as ASCII, lower case
    for code in range(0xFF01, 0xFF5F):
        table[code] = ord(chr(code - 0xFEE0).lower())
    table[0x3000] = 0x20  # the ideographic space
    for code in range(0xC0, 0x250):  # Latin-1 and Latin Extended capitals
        lower = chr(code).lower()
        if lower != chr(code) and len(lower) == 1:
            table[code] = ord(lower)
    return table


def fold(text: str) -> str:
    """``text`` folded for matching; as long as ``text``, character for character."""
    return text.translate(fold_table())
