"""One run of a mirror: every source through fetch → parse → extract → clean → store,
then publish. Stages hand each other plain dataclasses; this module only wires them.

Failures are data: a source that cannot be fetched or parsed, or an item whose page fails,
is recorded in the store (shown by ``newsmirror status``) and the run goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsmirror.clean import CleanArticle, CleanOptions, clean_article
from newsmirror.config import Mirror, Source
from newsmirror.dates import now, zone
from newsmirror.document import extract_document
from newsmirror.encoding import decode
from newsmirror.errors import NewsmirrorError
from newsmirror.extract import (
    Hints,
    extract_feed_item,
    is_full_text,
)
from newsmirror.ingest import Entry, Listing, discover_links, parse_feed
from newsmirror.net import Fetcher, FetchResult, HttpFetcher, ReplayFetcher, WarcCapture
from newsmirror.publish import PublishReport, SitePublisher
from newsmirror.store import Store


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


@dataclass
class RunReport:
    """What a run did, source by source, and what publishing wrote."""

    sources: list[SourceReport]
    published: PublishReport
    capture: Path | None = None

    @property
    def failures(self) -> int:
        return sum(len(s.errors) for s in self.sources)


ProgressCallback = Callable[[SourceReport], None]


def run_mirror(mirror: Mirror, *, replay: Sequence[Path] = (), only: Sequence[str] = (),
               on_source_done: ProgressCallback | None = None) -> RunReport:
    """Run every enabled source once (or those named in ``only``), then publish."""
    sources = [s for s in mirror.config.sources
               if (s.name in only if only else s.enabled)]
    capture = None
    if not replay:
        capture = WarcCapture(mirror.paths.warc / f"{now().strftime('%Y%m%dT%H%M%SZ')}.warc.gz")
    with Store(mirror.paths.database) as store:
        fetcher: Fetcher = (ReplayFetcher(list(replay)) if replay
                            else HttpFetcher(mirror.config.network, capture))
        runner = _Runner(mirror, store, fetcher, on_source_done)
        reports = asyncio.run(runner.run(sources))
        published = publish_mirror(mirror, store)
    written = capture.path if capture is not None and capture.path.exists() else None
    return RunReport(sources=reports, published=published, capture=written)


def publish_mirror(mirror: Mirror, store: Store) -> PublishReport:
    """Render the whole archive into the mirror's output folder."""
    titles = {h.name: h.title for h in store.source_health()}
    pages = {s.name: s.page(titles.get(s.name, "")) for s in mirror.config.sources}
    publisher = SitePublisher(mirror.output, mirror.config.mirror.site(), pages,
                              mirror.paths.templates)
    return publisher.publish(store.articles())


class _Runner:
    def __init__(self, mirror: Mirror, store: Store, fetcher: Fetcher,
                 on_source_done: ProgressCallback | None) -> None:
        self.mirror = mirror
        self.store = store
        self.fetcher = fetcher
        self.on_source_done = on_source_done

    async def run(self, sources: list[Source]) -> list[SourceReport]:
        try:
            return list(await asyncio.gather(*(self.source(s) for s in sources)))
        finally:
            await self.fetcher.aclose()

    async def source(self, source: Source) -> SourceReport:
        report = SourceReport(source.name)
        try:
            fetched = await self.fetcher.fetch(source.url)
            listing = _listing(source, fetched)
        except Exception as exc:
            message = _describe(exc)
            report.failed = True
            report.errors.append(message)
            self.store.record_source_error(source.name, source.url, now(), message,
                                           whole_source=True)
            self.store.log_fetch(source.name, source.url, source.kind, now(), ok=False,
                                 http_status=getattr(exc, "status", None), message=message)
        else:
            self.store.record_source_success(source.name, source.url, fetched.fetched_at,
                                             listing.title)
            self.store.log_fetch(source.name, source.url, source.kind, fetched.fetched_at,
                                 ok=True, http_status=fetched.status, message=listing.warning)
            entries = listing.entries[:source.max_items]
            report.entries = len(entries)
            await asyncio.gather(*(self.entry(source, e, fetched, report) for e in entries))
        if self.on_source_done is not None:
            self.on_source_done(report)
        return report

    async def entry(self, source: Source, entry: Entry, listing: FetchResult,
                    report: SourceReport) -> None:
        options = source.clean_options(self.mirror.config.mirror.image_proxy)
        try:
            if _body_from_feed(source, entry):
                fetched_at = listing.fetched_at
                article = await asyncio.to_thread(_from_feed, entry, options)
            elif self.store.has_article(entry.link):
                report.known += 1
                return
            else:
                page = await self.fetcher.fetch(entry.link)
                fetched_at = page.fetched_at
                article = await asyncio.to_thread(_from_page, source, entry, page, options)
                self.store.log_fetch(source.name, entry.link, "page", fetched_at, ok=True,
                                     http_status=page.status)
        except Exception as exc:
            message = f"{entry.link}: {_describe(exc)}"
            report.errors.append(message)
            self.store.record_source_error(source.name, source.url, now(), message,
                                           whole_source=False)
            self.store.log_fetch(source.name, entry.link, "page", now(), ok=False,
                                 http_status=getattr(exc, "status", None),
                                 message=_describe(exc))
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


def _body_from_feed(source: Source, entry: Entry) -> bool:
    if source.kind != "feed" or source.body == "page":
        return False
    return source.body == "feed" or is_full_text(entry.content_html or entry.summary_html)


def _from_feed(entry: Entry, options: CleanOptions) -> CleanArticle:
    return clean_article(extract_feed_item(entry), options)


def _from_page(source: Source, entry: Entry, page: FetchResult,
               options: CleanOptions) -> CleanArticle:
    hints = Hints(title=entry.title, author=entry.author, published=entry.published,
                  summary=entry.summary_html, image=entry.image)
    # The article is known by the link its source gave, wherever that link redirected.
    return extract_document(page.body, page.final_url, page.content_type, rule=source.rule,
                            hints=hints, timezone=zone(source.timezone), options=options,
                            article_url=entry.link)


def _describe(exc: Exception) -> str:
    if isinstance(exc, NewsmirrorError):
        return str(exc) or type(exc).__name__
    return f"internal error ({type(exc).__name__}: {exc}); please report it"

