"""One run of a mirror: every source through fetch → parse → extract → clean → store,
then the images of ``local`` sources copied (``localimages``), then publish. Stages hand
each other plain dataclasses; this module only wires them.

Failures are data: a source that cannot be fetched or parsed, or an item whose page fails,
is recorded in the store (shown by ``newsmirror status``) and the run goes on.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from newsmirror.article import Article, BodyOrigin
from newsmirror.backoff import source_rest
from newsmirror.clean import clean_article, clean_text
from newsmirror.config import Mirror, Source
from newsmirror.dates import now
from newsmirror.encoding import decode
from newsmirror.errors import NewsmirrorError, describe
from newsmirror.extract import extract_feed_item, is_full_text
from newsmirror.ingest import (
    Entry,
    Listing,
    discover_links,
    merge_duplicates,
    newest,
    parse_feed,
)
from newsmirror.localimages import ImageCopier, ImageReport
from newsmirror.lock import mirror_lock
from newsmirror.net import (
    Fetcher,
    FetchResult,
    HttpFetcher,
    ReplayFetcher,
    Validators,
    WarcCapture,
)
from newsmirror.publish import PublishReport
from newsmirror.publish.mirror import publish_mirror
from newsmirror.recheck import horizon, is_page_due, parse_schedule
from newsmirror.rechecking import (
    Rechecker,
    RecheckReport,
    fetch_page,
    item_hints,
    page_article,
    record_item_failure,
)
from newsmirror.retention import PruneReport, parse_retention, prune_captures
from newsmirror.store import Archive, ArchivedPage, CachedResponse


@dataclass
class SourceReport:
    """What one source gave in this run."""

    name: str
    entries: int = 0
    new_articles: int = 0
    new_revisions: int = 0
    unchanged: int = 0
    known: int = 0
    placeholders: int = 0  # items whose page failed: their title, summary and link kept
    left_out: int = 0  # the oldest items past max_items
    without_link: int = 0  # items that name no article to archive
    failed: bool = False
    errors: list[str] = field(default_factory=list)
    unchanged_listing: bool = False  # a 304, or the same feed as last time: not parsed
    resting_until: datetime | None = None  # backing off after failures: not checked


@dataclass
class RunReport:
    """What a run did, source by source, and what publishing wrote."""

    sources: list[SourceReport]
    published: PublishReport
    capture: Path | None = None
    rechecks: RecheckReport = field(default_factory=RecheckReport)
    images: ImageReport = field(default_factory=ImageReport)
    up_to_date: bool = False  # nothing changed since the last publish: nothing rendered
    pruned: PruneReport = field(default_factory=PruneReport)  # old captures deleted
    interrupted: bool = False  # stopped by a signal: what was archived is published

    @property
    def failed_entirely(self) -> bool:
        """Every source the run checked failed (none checked: nothing failed)."""
        checked = [s for s in self.sources if s.resting_until is None]
        return bool(checked) and all(s.failed for s in checked)

    @property
    def failures(self) -> int:
        return sum(len(s.errors) for s in self.sources)


ProgressCallback = Callable[[SourceReport], None]


def run_mirror(mirror: Mirror, *, replay: Sequence[Path] = (), only: Sequence[str] = (),
               on_source_done: ProgressCallback | None = None,
               recheck_all: bool = False) -> RunReport:
    """Run every enabled source once (or those named in ``only``), re-check the archived
    articles that are due (all with ``recheck_all``), then publish."""
    sources = [s for s in mirror.config.sources
               if (s.name in only if only else s.enabled)]
    capture = None
    pruned = PruneReport()
    with mirror_lock(mirror.paths.lock), mirror.open_store() as store:
        if not replay:
            capture = WarcCapture(_capture_path(mirror.paths.warc), store.captures)
        fetcher: Fetcher = (ReplayFetcher(list(replay)) if replay
                            else HttpFetcher(mirror.config.network, capture))
        # Replaying re-processes what was recorded: no conditional requests, no rests.
        # Naming sources checks them even when they rest.
        runner = _Runner(mirror, store, fetcher, on_source_done,
                         conditional=not replay, respect_rest=not replay and not only,
                         replaying=bool(replay))
        due = [] if replay and not recheck_all else due_pages(mirror, store, only,
                                                               recheck_all)
        interrupted = False
        try:
            asyncio.run(runner.run(sources, due))
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (the CLI turns it into this)
            interrupted = True  # what was archived is published; the rest waits
        published = publish_mirror(mirror, store)
        if capture is not None and not interrupted:
            pruned = prune_captures(mirror.paths.warc, store.captures,
                                    parse_retention(mirror.config.archive.keep_captures),
                                    now(), current=capture.path.name)
    written = capture.path if capture is not None and capture.path.exists() else None
    return RunReport(sources=runner.reports, published=published, capture=written,
                     rechecks=runner.rechecker.report, images=runner.images,
                     up_to_date=published.up_to_date, pruned=pruned,
                     interrupted=interrupted)


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


def due_pages(mirror: Mirror, store: Archive, only: Sequence[str], everything: bool
               ) -> list[ArchivedPage]:
    """The archived articles to fetch again in this run."""
    checks = store.checks
    if everything:
        return checks.pages(sources=only)
    schedule = parse_schedule(mirror.config.mirror.recheck)
    at = now()
    return [page for page in checks.pages(at - horizon(schedule), only)
            if is_page_due(page, at, schedule)]


class _Runner:
    def __init__(self, mirror: Mirror, store: Archive, fetcher: Fetcher,
                 on_source_done: ProgressCallback | None, *, conditional: bool,
                 respect_rest: bool, replaying: bool) -> None:
        self.mirror = mirror
        self.store = store
        self.fetcher = fetcher
        self.on_source_done = on_source_done
        self.conditional = conditional
        self.respect_rest = respect_rest
        self.replaying = replaying
        self.health = {health.name: health for health in store.source_health()}

        # What the run did so far: an interrupted run reports (and publishes) it.
        self.reports: list[SourceReport] = []
        self.rechecker = Rechecker(mirror, store, fetcher, replaying=replaying)
        self.images = ImageReport()

    async def run(self, sources: list[Source], due: list[ArchivedPage]) -> None:
        try:
            await asyncio.gather(*(self.source(s) for s in sources))
            await asyncio.gather(*(self.rechecker.recheck(page) for page in due))
            if not self.replaying:  # replaying uses the copies made; it never downloads
                copier = ImageCopier(self.fetcher, self.store, self.mirror.output,
                                     self.mirror.config.mirror.max_image_bytes)
                self.images = await copier.copy(sources)
        finally:
            await self.fetcher.aclose()

    async def source(self, source: Source) -> SourceReport:
        report = SourceReport(source.name)
        self.reports.append(report)
        health = self.health.get(source.name)
        if self.respect_rest and health and health.next_check_at and \
                health.next_check_at > now():
            report.resting_until = health.next_check_at
        else:
            await self.check(source, health.moved_to if health else "", report)
        if self.on_source_done is not None:
            self.on_source_done(report)
        return report

    async def check(self, source: Source, moved_to: str, report: SourceReport) -> None:
        """Fetch the source's feed or listing (conditionally) and archive its items."""
        url = moved_to or source.url
        cached = self.store.cached_response(url) if self.conditional else None
        try:
            fetched = await self.fetcher.fetch(
                url, validators=_validators(cached), expect=source.kind,
                proxy=source.proxy or None, robots=source.robots)
            body_hash = hashlib.sha256(fetched.body).hexdigest()
            unchanged = fetched.not_modified or (cached is not None
                                                 and cached.body_hash == body_hash)
            listing = None if unchanged else read_listing(source, fetched)
        except Exception as exc:
            message = describe(exc)
            report.failed = True
            report.errors.append(message)
            retry_after = getattr(exc, "retry_after", None)
            self.store.record_source_error(
                source.name, source.url, now(), message, whole_source=True,
                backoff=lambda failures: source_rest(failures, retry_after))
            self.store.log_fetch(source.name, url, source.kind, now(), ok=False,
                                 http_status=getattr(exc, "status", None), message=message)
            return
        if fetched.moved_permanently and fetched.final_url != url:
            self.store.record_source_moved(source.name, source.url, fetched.final_url,
                                           fetched.fetched_at)
        self.store.record_source_success(source.name, source.url, fetched.fetched_at,
                                         listing.title if listing else "")
        self.store.log_fetch(source.name, url, source.kind, fetched.fetched_at, ok=True,
                             http_status=fetched.status,
                             message="unchanged" if listing is None else listing.warning)
        if listing is None:  # a 304, or the same bytes as last time: nothing to parse
            report.unchanged_listing = True
            return
        entries, report.left_out = select_entries(source, listing)
        report.without_link = listing.without_link
        report.entries = len(entries)
        await asyncio.gather(*(self.entry(source, e, fetched, report) for e in entries))
        if self.conditional:
            # Whatever its items did: an item that failed is archived as a placeholder and
            # tried again on its own schedule, not by reading the whole feed again.
            validators = fetched.validators
            self.store.remember_response(url, CachedResponse(
                etag=validators.etag or "", last_modified=validators.last_modified or "",
                body_hash=body_hash), fetched.fetched_at)

    async def entry(self, source: Source, entry: Entry, listing: FetchResult,
                    report: SourceReport) -> None:
        origin = self.store.body_origin(entry.link)
        try:
            if _body_from_feed(source, entry, origin):
                fetched_at = listing.fetched_at
                article = await asyncio.to_thread(_from_feed, source, entry)
            elif origin is not None:  # archived: re-checks find its edits, or its page
                report.known += 1
                return
            else:
                page = await fetch_page(self.fetcher, source, entry.link)
                fetched_at = page.fetched_at
                hints = item_hints(source, entry.title, entry.author, entry.published,
                                   entry.image)
                article = await asyncio.to_thread(page_article, source, hints, page,
                                                  entry.link)
                self.store.log_fetch(source.name, entry.link, "page", fetched_at, ok=True,
                                     http_status=page.status)
        except Exception as exc:
            message = f"{entry.link}: {describe(exc)}"
            report.errors.append(message)
            self.store.record_source_error(source.name, source.url, now(), message,
                                           whole_source=False)
            if origin is None:  # kept as a placeholder until its page can be had
                self.store.save_article(source.name, _placeholder(source, entry),
                                        listing.fetched_at)
                report.placeholders += 1
                record_item_failure(self.store, source, entry.link, exc)
            else:
                self.store.log_fetch(source.name, entry.link, "feed item", now(), ok=False,
                                     message=describe(exc))
            return
        outcome = self.store.save_article(source.name, article, fetched_at)
        if outcome.new_article:
            report.new_articles += 1
        elif outcome.new_revision:
            report.new_revisions += 1
        else:
            report.unchanged += 1


def read_listing(source: Source, fetched: FetchResult) -> Listing:
    """The entries of a fetched feed or listing page, each article once."""
    if source.kind == "page":
        html, _ = decode(fetched.body, fetched.content_type)
        return discover_links(html, fetched.final_url, source.links)
    listing = parse_feed(fetched.body, fetched.final_url, fetched.headers)
    return replace(listing, entries=merge_duplicates(listing.entries))


def select_entries(source: Source, listing: Listing) -> tuple[tuple[Entry, ...], int]:
    """The items a run takes from ``listing`` (the newest ``max_items``), and how many
    it leaves out."""
    return newest(listing.entries, source.max_items)


def _validators(cached: CachedResponse | None) -> Validators | None:
    if cached is None:
        return None
    return Validators(etag=cached.etag or None, last_modified=cached.last_modified or None)


def _body_from_feed(source: Source, entry: Entry, origin: BodyOrigin | None) -> bool:
    """Whether the article comes from the feed item ``entry``. With ``body = "auto"``, an
    article keeps the origin it was first archived from (``origin``; None: new), so that a
    feed that carries the whole text of an item only at times never alternates with its
    page."""
    if source.kind != "feed" or source.body == "page":
        return False
    if source.body == "feed":
        return True
    return origin != "page" and is_full_text(entry.content_html or entry.summary_html)


def _from_feed(source: Source, entry: Entry) -> Article:
    return clean_article(extract_feed_item(entry, source.rule))


def _placeholder(source: Source, entry: Entry) -> Article:
    """The item's title, summary and link, kept while its page cannot be had."""
    try:
        article = _from_feed(source, entry)
    except NewsmirrorError:  # the item's own HTML is beyond use: its title and link
        article = Article(url=entry.link, title=clean_text(entry.title), html="",
                               text="", author=clean_text(entry.author),
                               published=entry.published)
    return replace(article, title=article.title or entry.link, body_from="summary")


