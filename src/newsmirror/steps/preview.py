"""``run --dry-run``: what a run would do, and nothing of it.

Each source that a run would check is fetched (no conditional request, no capture) and
parsed, and its items are counted against the archive: how many a run would take and how
many are new. Nothing is written: no page is fetched, the archive is opened read-only,
nothing is captured or published. A source that rests after failures is named with the
time its rest ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from newsmirror.config import Mirror, Source
from newsmirror.dates import now
from newsmirror.errors import describe
from newsmirror.net import HttpFetcher
from newsmirror.store import SourceHealth


@dataclass
class SourcePreview:
    """What a run would find at one source."""

    name: str
    url: str
    resting_until: datetime | None = None
    entries: int = 0  # items a run would take (max_items)
    new: int = 0  # of those, not archived yet
    left_out: int = 0
    error: str = ""


@dataclass
class Preview:
    """What a run would do."""

    sources: list[SourcePreview] = field(default_factory=list)
    rechecks_due: int = 0  # archived articles a run would fetch again


def preview_run(mirror: Mirror, only: Sequence[str] = (), recheck_all: bool = False
                ) -> Preview:
    """Fetch and read each source a run would check; count; write nothing."""
    from newsmirror.recheck.step import due_pages
    from newsmirror.steps.sources import read_listing, select_entries

    sources = [s for s in mirror.config.sources if (s.name in only if only else s.enabled)]
    store = mirror.open_store(readonly=True) if mirror.paths.database.exists() else None
    try:
        health = {h.name: h for h in store.source_health()} if store else {}
        preview = Preview()

        async def look(source: Source, fetcher: HttpFetcher) -> SourcePreview:
            found = SourcePreview(source.name, source.url)
            rest = _resting(health.get(source.name))
            if rest is not None and not only:
                found.resting_until = rest
                return found
            try:
                fetched = await fetcher.fetch(source.url, expect=source.kind,
                                              proxy=source.proxy or None, robots=source.robots)
                entries, found.left_out = select_entries(source, read_listing(source, fetched))
            except Exception as exc:
                found.error = describe(exc)
                return found
            found.entries = len(entries)
            found.new = sum(1 for entry in entries
                            if store is None or store.body_origin(entry.link) is None)
            return found

        async def look_all() -> list[SourcePreview]:
            fetcher = HttpFetcher(mirror.config.network)
            try:
                return list(await asyncio.gather(*(look(s, fetcher) for s in sources)))
            finally:
                await fetcher.aclose()

        preview.sources = asyncio.run(look_all())
        if store is not None:
            preview.rechecks_due = len(due_pages(mirror, store, only, recheck_all))
        return preview
    finally:
        if store is not None:
            store.close()


def _resting(health: SourceHealth | None) -> datetime | None:
    if health is None or health.next_check_at is None or health.next_check_at <= now():
        return None
    return health.next_check_at
