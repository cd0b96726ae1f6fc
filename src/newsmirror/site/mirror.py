"""Build the static site from the archive: a consumer of the change feed, like the
markdown publisher, rendering only what its changes touch.

A changed article renders its own page (and history page), the index pages of its source
and of its day that list it (``store.listings`` tells which: pages are numbered from the
oldest, so a new article lands on the last one), those indexes' newest pages, the home
page, the feeds, and every source's health page (which change with every run). The whole
site is rendered again when what every page is made of changed (the configuration,
newsmirror's version, a source's title), when asked (``--all``), or when the site is gone.
The cursor moves only once every page is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from newsmirror.config import Mirror
from newsmirror.files import remove_stale_temporaries
from newsmirror.publish.mirror import local_images, output_settings, site_settings
from newsmirror.publish.pagination import (
    PAGE_SIZE,
    Listing,
    add_pages_of,
    every_page,
    render_listing,
)
from newsmirror.publish.paths import STORIES
from newsmirror.publish.stories import StoryOutput, render_stories
from newsmirror.site import paths
from newsmirror.site.build import SiteBuilder
from newsmirror.site.workers import render_articles, worker_count
from newsmirror.store import Archive

CONSUMER = "site"
_SETTINGS = "site"  # store meta: the fingerprint of what every page was made of
_HOME_DAYS = 14  # days linked from the home page


@dataclass
class SiteReport:
    """Files written (changed or new) and left as they were."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    everything: bool = False


def build_site(mirror: Mirror, store: Archive, *, everything: bool = False) -> SiteReport:
    """Render into ``output/site`` what changed since the site was last built. The
    caller holds the mirror's lock."""
    root = mirror.output / paths.SITE_FOLDER
    root.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(root)
    feed, reader, listings = store.changes, store.reader, store.listings
    latest = feed.latest()
    settings = output_settings(mirror, store)
    everything = (everything or not (root / paths.HOME).is_file()
                  or store.meta(_SETTINGS) != settings)
    site = site_settings(mirror)
    builder = site_builder(mirror, store)
    builder.style()
    changed: set[str] = set()
    counts = reader.counts()
    all_days: list[tuple[date, int]] | None = None
    if everything:
        workers = worker_count(listings.count())
        if workers > 1:
            render_articles(mirror.paths.root, workers, builder, store)
        else:
            for article in reader.each_article():
                builder.article(article)
        all_days = listings.days(1_000_000)
        sources, days = every_page(store, set(counts) | set(builder.sources), all_days)
    else:
        sources, days = {}, {}
        for identifier in sorted({c.article_id for batch in feed.pending(CONSUMER)
                                  for c in batch}):
            found = store.article(identifier)
            if found is None:
                continue
            builder.article(found)
            changed.add(found.id)
            add_pages_of((sources, days), store, found)
    for name, numbers in sorted(sources.items()):
        _source_pages(builder, store, name, numbers)
        builder.feeds(name, reader.newest(name, site.feed_limit))
    for day, numbers in sorted(days.items()):
        _day_pages(builder, store, day, numbers)
    _story_pages(builder, store, None if everything else changed)
    if sources or days:  # articles changed: the lists of all of them too
        all_days = all_days if all_days is not None else listings.days(1_000_000)
        builder.days(all_days)
        builder.feeds(None, reader.newest(None, site.feed_limit))
        home_days = all_days[:_HOME_DAYS]
    else:  # a quiet run: only the sources' health (on their pages and the home page)
        home_days = listings.days(_HOME_DAYS)
    health = {h.name: h for h in store.source_health()}
    builder.home(reader.listing(None, PAGE_SIZE), counts, health, home_days)
    for name in sorted(set(counts) | set(builder.sources)):
        builder.health(name, health.get(name))
    feed.advance(CONSUMER, latest)
    store.set_meta(_SETTINGS, settings)
    return SiteReport(builder.written, builder.unchanged, everything)


def site_builder(mirror: Mirror, store: Archive) -> SiteBuilder:
    """The builder of the mirror's site, as every process of a build makes it."""
    titles = {h.name: h.title for h in store.source_health()}
    return SiteBuilder(
        mirror.output / paths.SITE_FOLDER, site_settings(mirror),
        {s.name: s.page(titles.get(s.name, "")) for s in mirror.config.sources},
        history=store.reader.history, images=local_images(mirror, store),
        media_root=mirror.output, stories=store.stories.story_for)


def _story_pages(builder: SiteBuilder, store: Archive, changed: set[str] | None) -> None:
    """The pages of the stories of the ``changed`` articles (of every story of two
    articles or more when None), with a page for each id merged into them; and their
    other articles' pages, whose story link may be new (``publish.stories``)."""
    render_stories(store, changed, StoryOutput(
        builder.story, builder.article, builder.root / STORIES, ".html"))


def _source_pages(builder: SiteBuilder, store: Archive, name: str, numbers: set[int]
                  ) -> None:
    title = builder.source_page(name).title
    render_listing(builder, store, Listing(
        title, paths.source_index(name), lambda n: paths.source_page(name, n), source=name,
        feed=PurePosixPath(name, "atom.xml")), numbers)


def _day_pages(builder: SiteBuilder, store: Archive, day: date, numbers: set[int]) -> None:
    render_listing(builder, store, Listing(
        day.isoformat(), paths.day_index(day), lambda n: paths.day_page(day, n), day=day,
        outlets=True), numbers)
