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

from newsmirror import __version__
from newsmirror.backoff import source_rest
from newsmirror.clean import CleanArticle, CleanOptions, clean_article
from newsmirror.config import Mirror, Source
from newsmirror.dates import now, zone
from newsmirror.document import extract_document
from newsmirror.encoding import decode
from newsmirror.errors import FetchError, NewsmirrorError, describe
from newsmirror.extract import Hints, extract_feed_item, is_full_text
from newsmirror.files import remove_stale_temporaries
from newsmirror.ingest import Entry, Listing, discover_links, parse_feed
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
from newsmirror.publish import LocalImages, PublishReport, SitePublisher, media_path
from newsmirror.recheck import horizon, is_due, parse_schedule
from newsmirror.store import ArchivedPage, ArchiveReader, CachedResponse, ImageArchive, Store
from newsmirror.urls import leads_home


@dataclass
class SourceReport:
    """What one source gave in this run."""

    name: str
    entries: int = 0
    new_articles: int = 0
    new_revisions: int = 0
    unchanged: int = 0
    known: int = 0
    failed: bool = False
    errors: list[str] = field(default_factory=list)
    unchanged_listing: bool = False  # a 304, or the same feed as last time: not parsed
    resting_until: datetime | None = None  # backing off after failures: not checked


@dataclass
class RecheckReport:
    """What re-fetching archived articles found (``run``'s schedule, or ``--recheck-all``)."""

    checked: int = 0
    edited: int = 0
    removed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    """What a run did, source by source, and what publishing wrote."""

    sources: list[SourceReport]
    published: PublishReport
    capture: Path | None = None
    rechecks: RecheckReport = field(default_factory=RecheckReport)
    images: ImageReport = field(default_factory=ImageReport)
    up_to_date: bool = False  # nothing changed since the last publish: nothing rendered

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
    if not replay:
        capture = WarcCapture(mirror.paths.warc / f"{now().strftime('%Y%m%dT%H%M%SZ')}.warc.gz")
    with mirror_lock(mirror.paths.lock), Store(mirror.paths.database) as store:
        fetcher: Fetcher = (ReplayFetcher(list(replay)) if replay
                            else HttpFetcher(mirror.config.network, capture))
        # Replaying re-processes what was recorded: no conditional requests, no rests.
        # Naming sources checks them even when they rest.
        runner = _Runner(mirror, store, fetcher, on_source_done,
                         conditional=not replay, respect_rest=not replay and not only,
                         replaying=bool(replay))
        due = [] if replay and not recheck_all else _due_pages(mirror, store, only,
                                                               recheck_all)
        reports, rechecks, images = asyncio.run(runner.run(sources, due))
        fingerprint = _publish_fingerprint(mirror, store)
        up_to_date = (not replay and mirror.output.is_dir()
                      and store.meta("published") == fingerprint)
        published = PublishReport() if up_to_date else publish_mirror(mirror, store)
        store.set_meta("published", fingerprint)
    written = capture.path if capture is not None and capture.path.exists() else None
    return RunReport(sources=reports, published=published, capture=written,
                     rechecks=rechecks, images=images, up_to_date=up_to_date)


def _publish_fingerprint(mirror: Mirror, store: Store) -> str:
    """What the published mirror is made from: the archive's state, the configuration,
    the templates and newsmirror's version. A run that leaves it as it was renders
    nothing (with 100,000 articles, rendering is most of a quiet run's time)."""
    parts = [store.archive_version(), __version__, mirror.paths.config.read_bytes().hex()]
    if mirror.paths.templates.is_dir():
        parts += [f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                  for p in sorted(mirror.paths.templates.iterdir()) if p.is_file()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


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


def _due_pages(mirror: Mirror, store: Store, only: Sequence[str], everything: bool
               ) -> list[ArchivedPage]:
    """The archived articles to fetch again in this run."""
    if everything:
        pages = store.live_pages()
    else:
        schedule = parse_schedule(mirror.config.mirror.recheck)
        if not schedule:
            return []
        at = now()
        pages = [page for page in store.live_pages(first_seen_after=at - horizon(schedule))
                 if is_due(page.first_seen, page.last_checked, at, schedule)]
    return [page for page in pages if not only or page.source in only]


def publish_mirror(mirror: Mirror, store: Store) -> PublishReport:
    """Render the whole archive into the mirror's output folder (the caller holds the
    mirror's lock: files a killed run left half-written are removed first)."""
    remove_stale_temporaries(mirror.output)
    titles = {h.name: h.title for h in store.source_health()}
    pages = {s.name: s.page(titles.get(s.name, "")) for s in mirror.config.sources}
    publisher = SitePublisher(mirror.output, mirror.config.mirror.site(), pages,
                              mirror.paths.templates, history=ArchiveReader(store).revisions,
                              images=_local_images(mirror, store))
    return publisher.publish(store.articles())


def _local_images(mirror: Mirror, store: Store) -> LocalImages:
    """The image copies the pages may show: those whose file is there (a copy deleted
    from the output folder leaves its pages with the original URL, not a broken one)."""
    if not any(source.images == "local" for source in mirror.config.sources):
        return {}
    copies = {url: media_path(copy.sha256, copy.extension)
              for url, copy in ImageArchive(store).copies().items()}
    return {url: path for url, path in copies.items() if (mirror.output / path).is_file()}


class _Runner:
    def __init__(self, mirror: Mirror, store: Store, fetcher: Fetcher,
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

    async def run(self, sources: list[Source], due: list[ArchivedPage]
                  ) -> tuple[list[SourceReport], RecheckReport, ImageReport]:
        rechecks = RecheckReport()
        images = ImageReport()
        try:
            reports = list(await asyncio.gather(*(self.source(s) for s in sources)))
            await asyncio.gather(*(self.recheck(page, rechecks) for page in due))
            if not self.replaying:  # replaying uses the copies made; it never downloads
                copier = ImageCopier(self.fetcher, self.store, self.mirror.output,
                                     self.mirror.config.mirror.max_image_bytes)
                images = await copier.copy(sources)
        finally:
            await self.fetcher.aclose()
        return reports, rechecks, images

    async def recheck(self, page: ArchivedPage, report: RecheckReport) -> None:
        """Fetch an archived article again: a 404/410 or a redirect to a home or section
        page marks it removed at source; a changed page adds a revision."""
        source = self.mirror.config.source(page.source)
        if source is None:
            return  # no longer configured: its articles stay as they are
        report.checked += 1
        try:
            fetched = await self.fetcher.fetch(page.url, expect="page",
                                               proxy=source.proxy or None, robots=source.robots)
        except FetchError as exc:
            if self.replaying and exc.status is None:
                return  # never captured (a full-text feed's page, say): nothing to redo
            if exc.status in (404, 410):
                self.store.mark_removed(page.id, now(), f"the page answers {exc.status}")
                report.removed += 1
            else:  # down or busy is not gone: try again at the next check
                report.errors.append(f"{page.url}: {describe(exc)}")
            self.store.log_fetch(source.name, page.url, "recheck", now(), ok=False,
                                 http_status=exc.status, message=describe(exc))
            return
        if leads_home(page.url, fetched.final_url):
            self.store.mark_removed(page.id, fetched.fetched_at,
                                    f"the page redirects to {fetched.final_url}")
            report.removed += 1
            return
        stored = self.store.article(page.id)
        if stored is None or _body_from_feed(source, None):
            # Full-text feeds bring their own edits; their pages are only checked for life.
            self.store.mark_checked(page.id, fetched.fetched_at)
            return
        # What the first fetch took from the feed (title, time, author) stays as it was,
        # so that only a change of the page itself makes a revision.
        entry = Entry(link=page.url, title=stored.title, author=stored.author,
                      published=stored.published, image=stored.lead_image)
        options = source.clean_options(self.mirror.config.mirror.image_proxy)
        try:
            article = await asyncio.to_thread(_from_page, source, entry, fetched, options)
            if not self.replaying and _retitled(article.page_title, stored.page_title):
                # Read again under the new title, so that the body leaves the headline
                # out as it would have had the title been this one from the start.
                entry = replace(entry, title=article.page_title)
                article = await asyncio.to_thread(_from_page, source, entry, fetched, options)
        except NewsmirrorError as exc:
            report.errors.append(f"{page.url}: {describe(exc)}")
            return
        if self.store.save_article(source.name, article, fetched.fetched_at).new_revision:
            report.edited += 1

    async def source(self, source: Source) -> SourceReport:
        report = SourceReport(source.name)
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
            listing = None if unchanged else _listing(source, fetched)
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
        entries = listing.entries[:source.max_items]
        report.entries = len(entries)
        await asyncio.gather(*(self.entry(source, e, fetched, report) for e in entries))
        if self.conditional and not report.errors:
            # Only once every item is archived: a failed item is retried next run.
            validators = fetched.validators
            self.store.remember_response(url, CachedResponse(
                etag=validators.etag or "", last_modified=validators.last_modified or "",
                body_hash=body_hash), fetched.fetched_at)

    async def entry(self, source: Source, entry: Entry, listing: FetchResult,
                    report: SourceReport) -> None:
        options = source.clean_options(self.mirror.config.mirror.image_proxy)
        try:
            if _body_from_feed(source, entry):
                fetched_at = listing.fetched_at
                article = await asyncio.to_thread(_from_feed, source, entry, options)
            elif self.store.has_article(entry.link):
                report.known += 1
                return
            else:
                page = await self.fetcher.fetch(entry.link, expect="page",
                                                proxy=source.proxy or None,
                                                robots=source.robots)
                fetched_at = page.fetched_at
                article = await asyncio.to_thread(_from_page, source, entry, page, options)
                self.store.log_fetch(source.name, entry.link, "page", fetched_at, ok=True,
                                     http_status=page.status)
        except Exception as exc:
            message = f"{entry.link}: {describe(exc)}"
            report.errors.append(message)
            self.store.record_source_error(source.name, source.url, now(), message,
                                           whole_source=False)
            self.store.log_fetch(source.name, entry.link, "page", now(), ok=False,
                                 http_status=getattr(exc, "status", None),
                                 message=describe(exc))
            return
        outcome = self.store.save_article(source.name, article, fetched_at)
        if outcome.new_article:
            report.new_articles += 1
        elif outcome.new_revision:
            report.new_revisions += 1
        else:
            report.unchanged += 1


def _listing(source: Source, fetched: FetchResult) -> Listing:
    if source.kind == "page":
        html, _ = decode(fetched.body, fetched.content_type)
        return discover_links(html, fetched.final_url, source.links)
    return parse_feed(fetched.body, fetched.final_url, fetched.headers)


def _validators(cached: CachedResponse | None) -> Validators | None:
    if cached is None:
        return None
    return Validators(etag=cached.etag or None, last_modified=cached.last_modified or None)


def _body_from_feed(source: Source, entry: Entry | None) -> bool:
    """Whether the article comes from the feed item (``entry``; None: could it?)."""
    if source.kind != "feed" or source.body == "page":
        return False
    if entry is None:
        return True
    return source.body == "feed" or is_full_text(entry.content_html or entry.summary_html)


def _from_feed(source: Source, entry: Entry, options: CleanOptions) -> CleanArticle:
    return clean_article(extract_feed_item(entry, source.rule), options)


def _retitled(headline: str, headline_before: str) -> bool:
    """Whether the page changed its own headline since it was last fetched. A re-checked
    article keeps its stored title (often the feed's, worded apart from the headline)
    unless so; then the new headline is its title. (Replaying captures, a new headline
    is the extractor's doing, not the page's: the caller does not ask.)"""
    return bool(headline and headline_before) and headline != headline_before


def _from_page(source: Source, entry: Entry, page: FetchResult,
               options: CleanOptions) -> CleanArticle:
    hints = Hints(title=entry.title, author=entry.author, published=entry.published,
                  image=entry.image)
    # The article is known by the link its source gave, wherever that link redirected.
    return extract_document(page.body, page.final_url, page.content_type, rule=source.rule,
                            hints=hints, timezone=zone(source.timezone), options=options,
                            article_url=entry.link)
