"""Pages that stay put: numbered from the oldest, 30 articles each.

An index lists its articles in archive order (``store.listings``), newest first on the
screen. Page 1 holds the first 30 articles ever archived, page 2 the next 30, and so on;
the last page holds what is left, and the index page (``index.html``) the newest 30. A
new article goes to the end, onto the last page (or a new one): a full page's articles
never change, and its address never points to other articles. Each page links only to
its neighbours, the index and page 1, so that a new page changes the old last page's
"newer" link and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

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
          page: Callable[[int], PurePosixPath]) -> Pager:
    """The pager of page ``number`` (``None``: the index) of a listing of ``articles``."""
    pages = page_count(articles)
    if number is None:
        # the index shows the newest PAGE_SIZE; older: the page of the next older one
        older = page(page_of(articles - PAGE_SIZE - 1)) if articles > PAGE_SIZE else None
        return Pager(None, pages, None, None, older, page(1) if older else None)
    return Pager(
        number, pages, index,
        page(number + 1) if number < pages else None,
        page(number - 1) if number > 1 else None,
        page(1) if number > 2 else None)
