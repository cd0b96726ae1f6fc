"""One step of a run: fetch an archived article again and record what its page says now.

The stages' wiring for a re-check (net → extract → clean → store); what a re-check
decides — when an article is due, when a "gone" answer is a removal, what counts as an
edit — is the ``recheck`` package's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsmirror.article import Article
from newsmirror.clean import with_html
from newsmirror.config import Mirror, Source
from newsmirror.dates import now
from newsmirror.errors import FetchError, NewsmirrorError, NotAnArticleError, describe
from newsmirror.extract import Hints
from newsmirror.net import Fetcher, FetchResult
from newsmirror.recheck import removal_confirmed
from newsmirror.recheck.due import is_page_due
from newsmirror.recheck.furniture import (
    Furniture,
    furniture_templates,
    keep_furniture,
    moving_lines,
)
from newsmirror.recheck.schedule import horizon, parse_schedule
from newsmirror.steps.articles import fetch_page, item_hints, page_article, record_item_failure
from newsmirror.store import Archive, ArchivedPage, StoredArticle
from newsmirror.urls import leads_home


@dataclass
class RecheckReport:
    """What re-fetching archived articles found (``run``'s schedule, or ``--recheck-all``)."""

    checked: int = 0
    edited: int = 0
    removed: int = 0
    missing: int = 0  # answered "gone" once: checked again before it is marked removed
    restored: int = 0  # removed before, and the page is back
    completed: int = 0  # placeholders that their page replaced at last
    still_failing: int = 0  # placeholders whose page failed again (tried later, or given up)
    errors: list[str] = field(default_factory=list)


class Rechecker:
    """Re-checks archived articles for one run; ``replaying``: from captures, where a
    second fetch would give the same bytes and no answer is this moment's."""

    def __init__(self, mirror: Mirror, store: Archive, fetcher: Fetcher, *,
                 replaying: bool) -> None:
        self.mirror = mirror
        self.store = store
        self.checks = store.checks
        self.fetcher = fetcher
        self.replaying = replaying
        self.report = RecheckReport()

    async def recheck(self, page: ArchivedPage) -> None:
        """Fetch an archived article again: a page that is gone (404/410, a redirect to a
        home or section page, or a list of links where the article was) twice, an
        interval apart, is marked removed; a page whose
        article changed adds a revision; a removed page that answers is restored."""
        source = self.mirror.config.source(page.source)
        if source is None:
            return  # no longer configured: its articles stay as they are
        report = self.report
        report.checked += 1
        if page.body_from == "summary":
            await self._complete(source, page)
            return
        try:
            fetched = await fetch_page(self.fetcher, source, page.url)
        except FetchError as exc:
            if exc.status in (404, 410):
                self._gone(page, f"the page answers {exc.status}")
            elif not (self.replaying and exc.status is None):  # never captured: nothing to redo
                report.errors.append(f"{page.url}: {describe(exc)}")  # down or busy: not gone
            self.store.log_fetch(source.name, page.url, "recheck", now(), ok=False,
                                 http_status=exc.status, message=describe(exc))
            return
        if leads_home(page.url, fetched.final_url):
            self._gone(page, f"the page redirects to {fetched.final_url}")
            return
        stored = self.store.article(page.id)
        if stored is None or page.body_from == "feed":
            # A feed item's edits come with the feed; its page is only checked for life.
            report.restored += self.checks.mark_live(page.id, fetched.fetched_at)
            return
        try:
            article = await self._page_again(source, stored, fetched)
        except NotAnArticleError as exc:  # the address now shows a section's list
            self._gone(page, f"the page is no longer the article ({exc})")
            return
        except NewsmirrorError as exc:
            report.errors.append(f"{page.url}: {describe(exc)}")
            return
        outcome = self.store.save_article(source.name, article, fetched.fetched_at)
        report.edited += outcome.new_revision
        report.restored += outcome.restored

    async def _complete(self, source: Source, page: ArchivedPage) -> None:
        """Try again for the page of an item archived as a placeholder."""
        stored = self.store.article(page.id)
        if stored is None:
            return
        hints = item_hints(source, stored.title, stored.author, stored.published,
                           stored.lead_image)
        try:
            fetched = await fetch_page(self.fetcher, source, page.url)
            article = await asyncio.to_thread(page_article, source, hints, fetched, page.url)
        except NewsmirrorError as exc:
            if not self.replaying:
                record_item_failure(self.store, source, page.url, exc)
                self.report.still_failing += 1
            return
        self.report.completed += self.store.save_article(source.name, article,
                                                         fetched.fetched_at).completed

    async def _page_again(self, source: Source, stored: StoredArticle,
                          fetched: FetchResult) -> Article:
        """The article as its page has it now, with the furniture that changes on every
        fetch kept as stored (see ``recheck.furniture``). A page that seems changed is
        fetched a second time: what differs between the two fetches is furniture."""
        furniture = Furniture(self.checks.furniture(source.name))
        article = await self._extract_again(source, stored, fetched)
        kept = keep_furniture(stored.html, article.html, furniture)
        if kept != stored.html and not self.replaying:
            again = await fetch_page(self.fetcher, source, stored.url)
            second = await self._extract_again(source, stored, again)
            moving = moving_lines(article.html, second.html)
            self.checks.learn_furniture(source.name, furniture_templates(moving),
                                        again.fetched_at)
            article = second
            kept = keep_furniture(stored.html, article.html, furniture.with_moving(moving))
        return with_html(article, kept)

    async def _extract_again(self, source: Source, stored: StoredArticle,
                             fetched: FetchResult) -> Article:
        # What the first fetch took from the feed (title, time, author) stays as it was,
        # so that only a change of the page itself makes a revision.
        hints = Hints(title=stored.title, author=stored.author, published=stored.published,
                      image=stored.lead_image)
        article = await asyncio.to_thread(page_article, source, hints, fetched, stored.url)
        if not self.replaying and _retitled(article.page_title, stored.page_title):
            # Read again under the new title, so that the body leaves the headline
            # out as it would have had the title been this one from the start.
            hints = replace(hints, title=article.page_title)
            article = await asyncio.to_thread(page_article, source, hints, fetched,
                                              stored.url)
        return article

    def _gone(self, page: ArchivedPage, reason: str) -> None:
        """The page answered "gone": noted the first time, a removal when a check an
        interval later confirms it (``recheck.removal``). Replaying captures, nothing is
        concluded: a capture is not this moment's answer."""
        if self.replaying:
            return
        at = now()
        if page.removed_at is None and removal_confirmed(page.missing_since, at):
            assert page.missing_since is not None
            self.report.removed += self.checks.mark_removed(page.id, page.missing_since, at,
                                                            reason)
        else:
            self.checks.mark_missing(page.id, at, reason)
            self.report.missing += page.removed_at is None


def _retitled(headline: str, headline_before: str) -> bool:
    """Whether the page changed its own headline since it was last fetched. A re-checked
    article keeps its stored title (often the feed's, worded apart from the headline)
    unless so; then the new headline is its title. (Replaying captures, a new headline
    is the extractor's doing, not the page's: the caller does not ask.)"""
    return bool(headline and headline_before) and headline != headline_before


def due_pages(mirror: Mirror, store: Archive, only: Sequence[str], everything: bool
              ) -> list[ArchivedPage]:
    """The archived articles a run fetches again (of the sources ``only`` names, if
    any): those the schedule, a "gone" answer or a placeholder's retry make due, or
    every one (``everything``: ``run --recheck-all``, ``reprocess``)."""
    if everything:
        return store.checks.pages(sources=only)
    schedule = parse_schedule(mirror.config.mirror.recheck)
    at = now()
    return [page for page in store.checks.pages(at - horizon(schedule), only)
            if is_page_due(page, at, schedule)]
