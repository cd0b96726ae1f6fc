"""Answering a query: the index's hits, with each article's title, link and a snippet
of its own text around the matches — as the outlet wrote it (traditional stays
traditional), the matches found in it in any form that folds to the query's words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path

from newsmirror.dates import now
from newsmirror.search.query import Query, parse_query
from newsmirror.store import Archive
from newsmirror.store.search_index import COUNTED, Filters, SearchDatabase
from newsmirror.text.fold import fold_table

SNIPPET_CHARS = 120
_BEFORE = 30  # characters of context before the first match


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    source: str
    title: str
    day: str
    status: str  # live, removed
    edited: bool
    score: float
    snippet: tuple[tuple[str, bool], ...]  # pieces of text: (text, is a match)
    title_marks: tuple[tuple[str, bool], ...]

    def snippet_text(self, mark: str = "[{}]") -> str:
        return "".join(mark.format(text) if hit else text for text, hit in self.snippet)


def hit_json(hit: Hit) -> dict[str, object]:
    """A hit as ``search --json`` and ``serve``'s API give it (matches in ``<mark>``)."""
    return {"id": hit.id, "url": hit.url, "source": hit.source, "title": hit.title,
            "date": hit.day, "status": hit.status, "edited": hit.edited,
            "score": round(hit.score, 4), "snippet": hit.snippet_text("<mark>{}</mark>")}


@dataclass(frozen=True)
class Results:
    query: str
    total: int  # at most COUNTED
    hits: list[Hit]
    more: bool = False  # more than ``total`` match (counting stops there)


def search(store: Archive, index_path: Path, text: str, filters: Filters | None = None,
           limit: int = 10, offset: int = 0, at: datetime | None = None) -> Results:
    """The articles that match ``text`` (raises QueryError for a query that cannot be
    read), best first."""
    query = parse_query(text)
    moment = at or now()
    julian = moment.timestamp() / 86400.0 + 2440587.5
    with SearchDatabase(index_path, readonly=True) as index:
        found, total = index.search(query.expression, filters or Filters(), limit, offset,
                                    julian)
    hits: list[Hit] = []
    for hit in found:
        article = store.article(hit.article_id)
        if article is None:
            continue
        hits.append(Hit(id=hit.article_id, url=article.url, source=hit.source,
                        title=article.title, day=hit.day, status=hit.status,
                        edited=hit.edited, score=hit.score,
                        snippet=snippet(article.text, query),
                        title_marks=marked(article.title, query)))
    return Results(text, min(total, COUNTED), hits, more=total > COUNTED)


def marked(text: str, query: Query) -> tuple[tuple[str, bool], ...]:
    """``text`` in pieces, the matches of the query's words marked."""
    spans = _matches(text, query)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return tuple(pieces)


def snippet(text: str, query: Query) -> tuple[tuple[str, bool], ...]:
    """About :data:`SNIPPET_CHARS` characters of ``text`` around its first match (its
    start, if the match was in the title only), on one line."""
    flat = " ".join(text.split())
    first = _pattern(query.highlights).search(flat) if query.highlights else None
    start = max(0, first.start() - _BEFORE) if first else 0
    window = flat[start:start + SNIPPET_CHARS]
    pieces = list(marked(window, query))
    if start > 0:
        pieces.insert(0, ("…", False))
    if start + SNIPPET_CHARS < len(flat):
        pieces.append(("…", False))
    return tuple(pieces)


def _matches(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's words are in ``text``, in any of the forms that fold to them,
    longest first where they overlap."""
    if not query.highlights:
        return []
    return [match.span() for match in _pattern(query.highlights).finditer(text)]


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern of the folded ``words`` (longest first) that matches them in the text
    as written: each character as any character that folds to it (约 as 约 or 約, a as a,
    A or Ａ). Matching the text as written, not a folded copy of it, is what keeps a
    search's snippets cheap: no article's whole text is folded to find its first match."""
    forms = _unfolded()
    return re.compile("|".join(
        "".join("[" + re.escape(character) + "".join(re.escape(c) for c in
                                                       forms.get(character, ""))
                + "]" for character in word)
        for word in sorted(words, key=lambda word: (-len(word), word))))


@cache
def _unfolded() -> dict[str, str]:
    """For each character that others fold to: those others."""
    forms: dict[str, str] = {}
    for code, target in fold_table().items():
        forms[chr(target)] = forms.get(chr(target), "") + chr(code)
    return forms
