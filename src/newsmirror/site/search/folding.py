"""Traditional and simplified Chinese made one for search, character by character.

The index holds every article's text folded by ``text/fold.json`` (traditional → simplified,
Taiwan and Hong Kong forms, full-width letters and digits), and the search page folds what a reader
types by the same table (``fold.js``, written from it), so that 北約 and 北约 find the
same articles. A character table and not OpenCC's phrase conversion: the page must do
exactly what the index did, and a browser has no phrase dictionary.

Each Han character is then made a word of its own (a zero-width space after it, which
Pagefind reads as a word break and shows as nothing): the search page looks a Chinese
query up as an exact phrase of characters, so that any run of characters — one
character, 北约, a name the segmenter would have cut elsewhere — finds the articles that
hold it, as a reader's Ctrl+F would.
"""

from __future__ import annotations

import re

from newsmirror.text.fold import chinese_table

# The same ranges as search.js's HAN: CJK Unified Ideographs, Extension A, the
# compatibility block, and the supplementary planes' extensions.
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
WORD_BREAK = "\u200b"


def table() -> dict[int, str]:
    """``text/fold.json`` as a ``str.translate`` table (case kept: Pagefind lowers it)."""
    return chinese_table()


def fold(text: str) -> str:
    return text.translate(table())


def indexed(text: str) -> str:
    """``text`` as the index holds it: folded, each Han character a word."""
    return HAN.sub(lambda found: found.group(0) + WORD_BREAK, fold(text))
