"""Pages that stay put: numbered from the oldest, 30 articles each — the site's and the
markdown's indexes alike.

An index lists its articles in archive order (``store.listings``), newest first on the
screen. Page 1 holds the first 30 articles ever archived, page 2 the next 30, and so on;
the last page holds what is left, and the index page (``index.html``, ``README.md``) the
newest. A
new article goes to the end, onto the last page (or a new one): a full page's articles
never change, and its address never points to other articles. Each page links only to
its neighbours, the index and page 1, so that a new page changes the old last page's
"newer" link and nothing else.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Protocol

from newsmirror.store import Archive, StoredArticle

PAGE_SIZE = 30


def page_count(articles: int) -> int:
    return max(1, -(-articles // PAGE_SIZE))


def page_of(position: int) -> int:
    """The page (1 is the oldest) of the article at ``position`` in archive order."""
    return position // PAGE_SIZE + 1


@dataclass(frozen=True)
class Pager:
    """The links of one listing page: to the index (the latest), the newer and the older
    neighbour, and the first page; ``None`` where there is none."""

    number: int | None  # None: the index page
    pages: int
    latest: PurePosixPath | None
    newer: PurePosixPath | None
    older: PurePosixPath | None
    oldest: PurePosixPath | None


def pager(number: int | None, articles: int, index: PurePosixPath,
          page: Callable[[int], PurePosixPath], shown: int = PAGE_SIZE) -> Pager:
    """The pager of page ``number`` (``None``: the index, which shows the newest
    ``shown``) of a listing of ``articles``."""
    pages = page_count(articles)
    if number is None:
        # older than the index: the page of the next older article
        older = page(page_of(articles - shown - 1)) if articles > shown else None
        return Pager(None, pages, None, None, older, page(1) if older else None)
    return Pager(
        number, pages, index,
        page(number + 1) if number < pages else None,
        page(number - 1) if number > 1 else None,
        page(1) if number > 2 else None)


def relative_pager(page: PurePosixPath, pages: Pager | None) -> dict[str, Any] | None:
    """The pager's links as a template uses them: relative to ``page``."""
    if pages is None:
        return None
    return {"number": pages.number, "pages": pages.pages,
            **{name: posixpath.relpath(str(target), str(page.parent) or ".")
               if target is not None else None
               for name, target in (("latest", pages.latest), ("newer", pages.newer),
                                    ("older", pages.older), ("oldest", pages.oldest))}}


Pages = tuple[dict[str, set[int]], dict[date, set[int]]]
"""Numbered pages to render: of each source's listing, of each day's."""


def every_page(store: Archive, names: Iterable[str], days: Sequence[tuple[date, int]]
               ) -> Pages:
    """Every page of the sources ``names`` and of ``days`` (each with its count)."""
    listings = store.listings
    sources = {name: set(range(1, page_count(listings.count(source=name)) + 1))
               for name in names}
    return sources, {day: set(range(1, page_count(count) + 1)) for day, count in days}


def add_pages_of(pages: Pages, store: Archive, article: StoredArticle) -> None:
    """Add the page of its source's listing and of its day's that list ``article``."""
    listings = store.listings
    pages[0].setdefault(article.source, set()).add(page_of(listings.position(article)))
    pages[1].setdefault(article.path_date.date(), set()).add(
        page_of(listings.position(article, by_day=True)))


class ListingPages(Protocol):
    """An output that renders listing pages (the site's builder, the markdown's)."""

    @property
    def labels(self) -> Mapping[str, str]: ...

    def listing(self, page: PurePosixPath, heading: str, items: Sequence[StoredArticle],
                pages: Pager | None, *, crumb: dict[str, str] | None = None,
                subtitle: str = "", feed: PurePosixPath | None = None,
                outlets: bool = False) -> None: ...


@dataclass(frozen=True)
class Listing:
    """One paginated listing: a source's articles, or a day's."""

    title: str
    index: PurePosixPath
    page: Callable[[int], PurePosixPath]
    source: str | None = None
    day: date | None = None
    feed: PurePosixPath | None = None
    outlets: bool = False  # each line names its source (a day's lists every source)


def render_listing(output: ListingPages, store: Archive, listing: Listing,
                   numbers: set[int], shown: int = PAGE_SIZE) -> None:
    """The listing's index (its newest ``shown``), its pages ``numbers``, and its last
    two pages (a new last page changes the one before's "newer" link)."""
    listings = store.listings
    count = listings.count(source=listing.source, day=listing.day)
    last = page_count(count)
    for number in sorted((numbers | {last, last - 1}) & set(range(1, last + 1))):
        items = listings.page((number - 1) * PAGE_SIZE, PAGE_SIZE, source=listing.source,
                              day=listing.day)
        output.listing(listing.page(number), listing.title, items[::-1],
                       pager(number, count, listing.index, listing.page),
                       outlets=listing.outlets,
                       crumb={"title": listing.title,
                              "link": posixpath.relpath(str(listing.index),
                                                        str(listing.page(number).parent))})
    newest = listings.page(max(0, count - shown), shown, source=listing.source,
                           day=listing.day)
    output.listing(listing.index, listing.title, newest[::-1],
                   pager(None, count, listing.index, listing.page, shown),
                   feed=listing.feed, outlets=listing.outlets,
                   subtitle=f"{count} {output.labels['articles']}")
