"""The step of a run that checks a source: its feed or listing fetched (conditionally),
read, its newest items taken, and each archived — from the feed item when it carries the
whole article, else from its page — or, when its page cannot be had, kept as a placeholder
that is tried again on its own schedule. A failure costs that source or that item, never
the run; each is recorded (``newsmirror status``, ``newsmirror failures``)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from newsmirror.article import Article, BodyOrigin
from newsmirror.clean import clean_article, clean_text
from newsmirror.config import Source
from newsmirror.dates import now
from newsmirror.errors import NewsmirrorError, NotAnArticleError, describe
from newsmirror.extract import extract_feed_item, is_full_text
from newsmirror.ingest import Entry, Listing, discover_links, merge_duplicates, newest, parse_feed
from newsmirror.net import Fetcher, FetchResult, Validators
from newsmirror.steps.articles import fetch_page, item_hints, page_article, record_item_failure
from newsmirror.steps.backoff import source_rest
from newsmirror.store import Archive, CachedResponse, SourceHealth
from newsmirror.text.encoding import decode


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
    not_articles: int = 0  # pages a listing linked that are lists of links themselves
    failed: bool = False
    errors: list[str] = field(default_factory=list)
    unchanged_listing: bool = False  # a 304, or the same feed as last time: not parsed
    resting_until: datetime | None = None  # backing off after failures: not checked


ProgressCallback = Callable[[SourceReport], None]


class SourceChecker:
    """Checks sources for one run. ``conditional``: ask with the validators the feed
    last answered with; ``respect_rest``: leave a source that rests after failures."""

    def __init__(self, store: Archive, fetcher: Fetcher, *, conditional: bool,
                 respect_rest: bool, on_done: ProgressCallback | None = None) -> None:
        self.store = store
        self.fetcher = fetcher
        self.conditional = conditional
        self.respect_rest = respect_rest
        self.on_done = on_done
        self.health: dict[str, SourceHealth] = {h.name: h for h in store.source_health()}
        self.reports: list[SourceReport] = []  # so far: an interrupted run reports them

    async def check(self, source: Source) -> SourceReport:
        report = SourceReport(source.name)
        self.reports.append(report)
        health = self.health.get(source.name)
        if self.respect_rest and health and health.next_check_at and \
                health.next_check_at > now():
            report.resting_until = health.next_check_at
        else:
            await self._read(source, health.moved_to if health else "", report)
        if self.on_done is not None:
            self.on_done(report)
        return report

    async def _read(self, source: Source, moved_to: str, report: SourceReport) -> None:
        """Fetch the source's feed or listing (conditionally) and archive its items."""
        url = moved_to or source.url
        store = self.store
        cached = store.cached_response(url) if self.conditional else None
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
            store.record_source_error(
                source.name, source.url, now(), message, whole_source=True,
                backoff=lambda failures: source_rest(failures, retry_after))
            store.log_fetch(source.name, url, source.kind, now(), ok=False,
                            http_status=getattr(exc, "status", None), message=message)
            return
        if fetched.moved_permanently and fetched.final_url != url:
            store.record_source_moved(source.name, source.url, fetched.final_url,
                                      fetched.fetched_at)
        store.record_source_success(source.name, source.url, fetched.fetched_at,
                                    listing.title if listing else "")
        store.log_fetch(source.name, url, source.kind, fetched.fetched_at, ok=True,
                        http_status=fetched.status,
                        message="unchanged" if listing is None else listing.warning)
        if listing is None:  # a 304, or the same bytes as last time: nothing to parse
            report.unchanged_listing = True
            return
        entries, report.left_out = select_entries(source, listing)
        report.without_link = listing.without_link
        report.entries = len(entries)
        await asyncio.gather(*(self._archive(source, e, fetched, report) for e in entries))
        if self.conditional:
            # Whatever its items did: an item that failed is archived as a placeholder and
            # tried again on its own schedule, not by reading the whole feed again.
            validators = fetched.validators
            store.remember_response(url, CachedResponse(
                etag=validators.etag or "", last_modified=validators.last_modified or "",
                body_hash=body_hash), fetched.fetched_at)

    async def _archive(self, source: Source, entry: Entry, listing: FetchResult,
                       report: SourceReport) -> None:
        """Archive one item: from the feed, from its page, or as a placeholder."""
        store = self.store
        origin = store.body_origin(entry.link)
        if origin is None and source.kind == "page" and store.failures.given_up(entry.link):
            report.known += 1  # a page found before to be no article (a list), or refused
            return
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
                store.log_fetch(source.name, entry.link, "page", fetched_at, ok=True,
                                http_status=page.status)
        except NotAnArticleError as exc:
            if source.kind == "page" and origin is None:  # a section front it links to
                record_item_failure(store, source, entry.link, exc)
                report.not_articles += 1
                return
            self._failed(source, entry, listing, report, origin, exc)
            return
        except Exception as exc:
            self._failed(source, entry, listing, report, origin, exc)
            return
        outcome = store.save_article(source.name, article, fetched_at)
        if outcome.new_article:
            report.new_articles += 1
        elif outcome.new_revision:
            report.new_revisions += 1
        else:
            report.unchanged += 1

    def _failed(self, source: Source, entry: Entry, listing: FetchResult,
                      report: SourceReport, origin: BodyOrigin | None,
                      exc: Exception) -> None:
        """An item whose article could not be had: kept as a placeholder (a new one) and
        tried again on its own schedule."""
        store = self.store
        message = f"{entry.link}: {describe(exc)}"
        report.errors.append(message)
        store.record_source_error(source.name, source.url, now(), message,
                                  whole_source=False)
        if origin is None:  # kept as a placeholder until its page can be had
            store.save_article(source.name, _placeholder(source, entry), listing.fetched_at)
            report.placeholders += 1
            record_item_failure(store, source, entry.link, exc)
        else:
            store.log_fetch(source.name, entry.link, "feed item", now(), ok=False,
                            message=describe(exc))


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
                          author=clean_text(entry.author), published=entry.published)
    return replace(article, title=article.title or entry.link, body_from="summary")
