"""The archive as the rest of newsmirror sees it: a Protocol.

The stages write through a few narrow operations — save an article's revision, record a
source's success or failure, remember a feed's validators, mark a page checked, gone or
removed, record an item's failure, learn furniture — and the outputs read the change
feed, each from its own cursor. :class:`~newsmirror.store.store.Store` (SQLite) is the
only implementation now; nothing outside ``store/`` knows it is SQLite, so that another
one (PostgreSQL, for several worker processes) can take its place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from newsmirror.article import Article, BodyOrigin
from newsmirror.store.model import CachedResponse, SaveOutcome, SourceHealth, StoredArticle

if TYPE_CHECKING:
    from newsmirror.store.captures import CaptureLedger
    from newsmirror.store.changes import ChangeFeed
    from newsmirror.store.checks import PageChecks
    from newsmirror.store.failures import ItemFailures
    from newsmirror.store.history import ArchiveReader
    from newsmirror.store.images import ImageArchive
    from newsmirror.store.listings import Listings
    from newsmirror.store.pushes import PushRecords
    from newsmirror.store.stories import StoryTables


class Archive(Protocol):
    """An open archive (a context manager: closed at the end of the ``with`` block)."""

    def close(self) -> None: ...
    def __enter__(self) -> Archive: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    # Articles: each save adds a revision only when the article changed, numbered in the
    # same statement that adds it; every new article and revision enters the change feed.
    def save_article(self, source: str, article: Article, fetched_at: datetime
                     ) -> SaveOutcome: ...
    def body_origin(self, url: str) -> BodyOrigin | None: ...
    def article(self, identifier: str) -> StoredArticle | None: ...

    # Sources, their health and their feeds' validators.
    def record_source_success(self, name: str, url: str, at: datetime, title: str = ""
                              ) -> None: ...
    def record_source_error(self, name: str, url: str, at: datetime, message: str, *,
                            whole_source: bool,
                            backoff: Callable[[int], timedelta] | None = None) -> None: ...
    def record_source_moved(self, name: str, url: str, moved_to: str, at: datetime
                            ) -> None: ...
    def source_health(self) -> list[SourceHealth]: ...
    def cached_response(self, url: str) -> CachedResponse | None: ...
    def remember_response(self, url: str, cached: CachedResponse, at: datetime) -> None: ...
    def log_fetch(self, source: str, url: str, stage: str, at: datetime, *, ok: bool,
                  http_status: int | None = None, message: str = "") -> None: ...
    def meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def checkpoint(self) -> None: ...

    # The parts that change apart (each its own module of store/).
    @property
    def checks(self) -> PageChecks:
        """Re-checks: pages due, live, gone, removed; furniture."""
    @property
    def failures(self) -> ItemFailures:
        """Items whose page could not be had."""
    @property
    def changes(self) -> ChangeFeed:
        """The change feed and the consumers' cursors."""
    @property
    def captures(self) -> CaptureLedger:
        """The ledger of the run captures."""
    @property
    def images(self) -> ImageArchive:
        """The local image copies."""
    @property
    def listings(self) -> Listings:
        """Listings in archive order, a page at a time (the site's indexes)."""
    @property
    def pushes(self) -> PushRecords:
        """The git remotes' last pushes."""
    @property
    def stories(self) -> StoryTables:
        """Story grouping's tables (stories/ keeps them)."""
    @property
    def reader(self) -> ArchiveReader:
        """Reading: histories, every article streamed, index listings."""
