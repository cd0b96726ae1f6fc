"""One run of a mirror, step by step: every source checked and its items archived
(``steps.sources``), the archived articles that are due fetched again (``recheck.step``),
the images of ``local`` sources copied (``images.copies``), what changed published
(``publish.mirror``, ``site.mirror``), the search index updated (``search.index``), old
captures let go (``steps.retention``), and what was published committed and pushed to
the git remotes (``push.step``). Each step takes plain inputs and gives a report; this
module only puts them in order.

Failures are data: a source that cannot be read, or an item whose page fails, is
recorded in the archive (``newsmirror status``) and the run goes on. Ctrl-C or SIGTERM
stops the steps where they are, and what was archived is published.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsmirror.config import Mirror, Source
from newsmirror.dates import now
from newsmirror.errors import NewsmirrorError
from newsmirror.images.copies import ImageCopier, ImageReport
from newsmirror.net import Fetcher, HttpFetcher, ReplayFetcher, WarcCapture
from newsmirror.publish import PublishReport
from newsmirror.publish.mirror import publish_mirror
from newsmirror.push.step import PushReport, push_mirror
from newsmirror.recheck.step import Rechecker, RecheckReport, due_pages
from newsmirror.search.index import IndexReport, search_database_path, update_index
from newsmirror.site.mirror import SiteReport, build_site
from newsmirror.site.search.index import SearchReport
from newsmirror.site.search.step import build_search
from newsmirror.steps.lock import mirror_lock
from newsmirror.steps.retention import PruneReport, parse_retention, prune_captures
from newsmirror.steps.sources import ProgressCallback, SourceChecker, SourceReport
from newsmirror.store import Archive, ArchivedPage
from newsmirror.stories.consumer import StoriesReport, update_stories

__all__ = ["ProgressCallback", "RecheckReport", "RunReport", "SourceReport",
           "reprocess_mirror", "run_mirror"]


@dataclass
class RunReport:
    """What a run did, source by source, and what publishing wrote."""

    sources: list[SourceReport]
    published: PublishReport
    site: SiteReport = field(default_factory=SiteReport)
    search: SearchReport = field(default_factory=SearchReport)  # the site's search index
    capture: Path | None = None
    rechecks: RecheckReport = field(default_factory=RecheckReport)
    images: ImageReport = field(default_factory=ImageReport)
    up_to_date: bool = False  # nothing changed since the last publish: nothing rendered
    pruned: PruneReport = field(default_factory=PruneReport)  # old captures deleted
    interrupted: bool = False  # stopped by a signal: what was archived is published
    pushed: PushReport | None = None  # committed and pushed ([publish] remotes)
    indexed: IndexReport = field(default_factory=IndexReport)  # the search index
    stories: StoriesReport = field(default_factory=StoriesReport)  # story grouping

    @property
    def failed_entirely(self) -> bool:
        """Every source the run checked failed (none checked: nothing failed)."""
        checked = [s for s in self.sources if s.resting_until is None]
        return bool(checked) and all(s.failed for s in checked)

    @property
    def failures(self) -> int:
        return sum(len(s.errors) for s in self.sources)


def run_mirror(mirror: Mirror, *, replay: Sequence[Path] = (), only: Sequence[str] = (),
               on_source_done: ProgressCallback | None = None,
               recheck_all: bool = False) -> RunReport:
    """Run every enabled source once (or those named in ``only``), re-check the archived
    articles that are due (all with ``recheck_all``), then publish. Replaying captures
    (``replay``) processes what was recorded: no conditional requests, no rests, no
    downloads; naming sources checks them even while they rest."""
    sources = [s for s in mirror.config.sources if (s.name in only if only else s.enabled)]
    capture, pruned, interrupted = None, PruneReport(), False
    with mirror_lock(mirror.paths.lock), mirror.open_store() as store:
        if not replay:
            capture = WarcCapture(_capture_path(mirror.paths.warc), store.captures)
        fetcher: Fetcher = (ReplayFetcher(list(replay)) if replay
                            else HttpFetcher(mirror.config.network, capture))
        checker = SourceChecker(store, fetcher, conditional=not replay,
                                respect_rest=not replay and not only, on_done=on_source_done)
        rechecker = Rechecker(mirror, store, fetcher, replaying=bool(replay))
        copier = None if replay else ImageCopier(fetcher, store, mirror.output,
                                                 mirror.config.mirror.max_image_bytes)
        due = [] if replay and not recheck_all else due_pages(mirror, store, only,
                                                               recheck_all)
        try:
            images = asyncio.run(_steps(fetcher, checker, rechecker, copier, sources, due))
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (the CLI turns it into this)
            images, interrupted = ImageReport(), True  # what was archived is published
        # grouped before the outputs: their article pages link the stories of this run
        grouped = update_stories(store)
        published = publish_mirror(mirror, store)
        site = build_site(mirror, store)
        searchable = update_index(store, search_database_path(mirror.paths.data))
        search = build_search(mirror, store)
        if capture is not None and not interrupted:
            pruned = _prune(mirror, store, capture)
        pushed = None
        if mirror.config.publish.remotes and not interrupted:
            try:
                pushed = push_mirror(mirror, store)
            except KeyboardInterrupt:  # the commit stands; the next run pushes it
                interrupted = True
    written = capture.path if capture is not None and capture.path.exists() else None
    return RunReport(sources=checker.reports, published=published, site=site, search=search,
                     capture=written, rechecks=rechecker.report, images=images,
                     up_to_date=published.up_to_date, pruned=pruned,
                     interrupted=interrupted, pushed=pushed, indexed=searchable,
                     stories=grouped)


async def _steps(fetcher: Fetcher, checker: SourceChecker, rechecker: Rechecker,
                 copier: ImageCopier | None, sources: list[Source], due: list[ArchivedPage]
                 ) -> ImageReport:
    """The steps that fetch, on one event loop: sources, then re-checks, then images."""
    try:
        await asyncio.gather(*(checker.check(source) for source in sources))
        await asyncio.gather(*(rechecker.recheck(page) for page in due))
        return await copier.copy(sources) if copier is not None else ImageReport()
    finally:
        await fetcher.aclose()


def _prune(mirror: Mirror, store: Archive, capture: WarcCapture) -> PruneReport:
    return prune_captures(mirror.paths.warc, store.captures,
                          parse_retention(mirror.config.archive.keep_captures), now(),
                          current=capture.path.name)


def _capture_path(folder: Path) -> Path:
    """A new file for this run's captures, named by its start so that the names sort in
    the order of the runs (``_002`` sorts after the bare name: '_' after '.')."""
    stem = now().strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"{stem}.warc.gz"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{stem}_{number:03d}.warc.gz"
    return path


def reprocess_mirror(mirror: Mirror, on_source_done: ProgressCallback | None = None
                     ) -> RunReport:
    """Extract every archived article again from the run captures in ``data/warc``, with
    the current extractor and rules, without the network: a revision only where the
    result changed; then publish."""
    captures = sorted(mirror.paths.warc.glob("*.warc.gz"))
    if not captures:
        raise NewsmirrorError(f"no captures in {mirror.paths.warc} to re-process")
    return run_mirror(mirror, replay=captures, on_source_done=on_source_done,
                      recheck_all=True)
