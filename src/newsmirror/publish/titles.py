"""How a title is shown: never empty (a link with no words cannot be clicked), and on
index pages never so long that one item fills a phone's screen."""

from __future__ import annotations

import unicodedata

# Index lines: about two lines of a phone, in display columns (a Chinese character is two).
INDEX_TITLE_COLUMNS = 100
_FIRST_WORDS_COLUMNS = 60


def shown_title(title: str, text: str, url: str) -> str:
    """The title; without one, the article's first words; without text, its URL."""
    if title.strip():
        return title
    first = next((line for line in text.splitlines() if line.strip()), "")
    return short_title(first, _FIRST_WORDS_COLUMNS) if first else url


def short_title(title: str, columns: int = INDEX_TITLE_COLUMNS) -> str:
    """``title`` cut to ``columns`` display columns, with an ellipsis when cut."""
    used = 0
    for index, character in enumerate(title):
        used += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
        if used > columns - 1 and index < len(title) - 1:
            return title[:index].rstrip() + "…"
    return title
