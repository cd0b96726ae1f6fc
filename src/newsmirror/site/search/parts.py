"""Where the search index is cut: full parts that stay put, and a tail of small pieces.

Pagefind cannot change an index, and holds a whole index in memory while it writes it,
so the archive is indexed in parts, in archive order (as the index pages are numbered).
A part is full when its text as indexed reaches ``PART_CHARS`` (a Han character and its
word break count two): about 2,000 news articles, 1.2 GB of Pagefind's memory, 10 s of
work. The articles after the last full part are the tail, cut into pieces of
``TAIL_CHARS`` (an eighth: about 250 articles, 1.5 s): a run that adds ten articles
builds again the last piece alone. When the tail reaches ``PART_CHARS`` it becomes a full
part, built once, and a new tail begins; a full part is built again only for an edit of
one of its own articles. Where the parts are is kept in the archive (a :class:`Layout`),
so that they stay put between runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

PART_CHARS = 4_000_000
TAIL_CHARS = PART_CHARS // 8

Record = tuple[str, str, str]  # the article page's URL, the text as indexed, the title
Span = tuple[int, int]  # archive positions: the first, and one past the last


@dataclass(frozen=True)
class Layout:
    """The parts as built: their spans in archive order, the first ``sealed`` full."""

    parts: tuple[Span, ...] = ()
    sealed: int = 0

    def dumps(self) -> str:
        return json.dumps({"parts": self.parts, "sealed": self.sealed})

    @classmethod
    def loads(cls, text: str | None) -> Layout:
        if not text:
            return cls()
        found = json.loads(text)
        return cls(tuple((int(a), int(b)) for a, b in found["parts"]), int(found["sealed"]))


@dataclass
class Job:
    """A part to build: its span and its records."""

    span: Span
    records: list[Record] = field(default_factory=list)


def part_name(span: Span) -> str:
    """A part's folder, named by its first article's position: a part whose span has not
    changed keeps its folder and files."""
    return f"{span[0]:08d}"


class Plan:
    """The parts to build after ``old``, given the archive positions ``touched`` (new
    articles, new revisions) and which spans are on disk (``present``). :meth:`jobs`
    reads the archive through ``read(first, end)`` (``end`` None: to the last article);
    once it is exhausted, :attr:`layout` is the new layout."""

    def __init__(self, old: Layout, touched: set[int], present: Callable[[Span], bool]
                 ) -> None:
        self.old = old
        self.touched = touched
        self.present = present
        self.layout = old

    def stale(self, span: Span) -> bool:
        return (span not in self.old.parts or not self.present(span)
                or any(span[0] <= position < span[1] for position in self.touched))

    def jobs(self, read: Callable[[int, int | None], Iterator[Record]]) -> Iterator[Job]:
        old = self.old
        parts = list(old.parts[:old.sealed])
        for span in parts:
            if self.stale(span):
                yield Job(span, list(read(*span)))
        sealed = old.sealed
        # the tail: read whole, since it becomes a full part once it holds PART_CHARS
        first = old.parts[sealed][0] if len(old.parts) > sealed else (
            parts[-1][1] if parts else 0)
        records: list[Record] = []
        chars = 0
        for record in read(first, None):
            if records and chars + len(record[1]) > PART_CHARS:
                full = (first, first + len(records))
                parts.append(full)
                sealed += 1
                yield Job(full, records)
                first, records, chars = full[1], [], 0
            records.append(record)
            chars += len(record[1])
        for span in self._pieces(first, records):
            parts.append(span)
            if self.stale(span):
                yield Job(span, records[span[0] - first:span[1] - first])
        self.layout = Layout(tuple(parts), sealed)

    def _pieces(self, first: int, records: list[Record]) -> list[Span]:
        """The tail's pieces: where they began before, and a new one where the last
        would pass ``TAIL_CHARS``."""
        began = {span[0] for span in self.old.parts[self.old.sealed:]}
        pieces: list[Span] = []
        start, chars = first, 0
        for position, record in enumerate(records, first):
            if position > start and (position in began
                                     or chars + len(record[1]) > TAIL_CHARS):
                pieces.append((start, position))
                start, chars = position, 0
            chars += len(record[1])
        if records:
            pieces.append((start, first + len(records)))
        return pieces
