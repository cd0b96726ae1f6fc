"""Answering a query: the index's hits, with each article's title, link and a snippet
of its own text around the matches — as the outlet wrote it (traditional stays
traditional), the matches found in the folded text at the same positions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsmirror.dates import now
from newsmirror.search.query import Query, parse_query
from newsmirror.store import Archive
from newsmirror.store.search_index import COUNTED, Filters, SearchDatabase
from newsmirror.text.fold import fold

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
    spans = _matches(fold(text), query)
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
    spans = _matches(fold(flat), query)
    start = max(0, spans[0][0] - _BEFORE) if spans else 0
    window = flat[start:start + SNIPPET_CHARS]
    pieces = list(marked(window, query))
    if start > 0:
        pieces.insert(0, ("…", False))
    if start + SNIPPET_CHARS < len(flat):
        pieces.append(("…", False))
    return tuple(pieces)


def _matches(folded: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's words are in ``folded``, longest first where they overlap."""
    taken = [False] * len(folded)
    spans: list[tuple[int, int]] = []
    for word in query.highlights:
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = folded.find(word, end)
    return sorted(spans)
