"""Split text into the words a reader sees change: Chinese by segmented words (jieba),
Japanese kana by script, everything else by words, spaces and single punctuation marks.

The pieces always join back into the exact text, so a diff over them loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HIRAGANA = "\u3040-\u309f"
_CJK = _HAN + _KATAKANA + _HIRAGANA
CJK_CLASS = _CJK  # the characters written without spaces between words (for a [class])
_WORD = rf"[^\W{_CJK}]+"
_TOKEN = re.compile(
    rf"(?P<han>[{_HAN}]+)"
    rf"|[{_KATAKANA}]+"  # a katakana run is one (loan)word
    rf"|[{_HIRAGANA}]"  # particles and endings: one syllable each
    rf"|{_WORD}(?:['’]{_WORD})*"  # Latin, Cyrillic, Hangul… words; don't, l'état
    r"|\s+"
    r"|.",
    re.DOTALL,
)


def words(text: str) -> list[str]:
    """``text`` cut into words, spaces and marks; ``"".join(words(text)) == text``."""
    pieces: list[str] = []
    segment = _segmenter()
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "han":
            pieces.extend(segment(match.group()))
        else:
            pieces.append(match.group())
    return pieces


@cache
def _segmenter() -> Callable[[str], list[str]]:
    """jieba's dictionary segmentation when rjieba is installed, else one character each.
    Without HMM guessing, an edit elsewhere in a sentence cannot re-cut unchanged words."""
    try:
        import rjieba
    except ImportError:  # pragma: no cover - rjieba is a dependency; kept for odd platforms
        return list

    def segment(run: str) -> list[str]:
        cut = rjieba.cut(run, False)
        return cut if "".join(cut) == run else list(run)

    return segment
