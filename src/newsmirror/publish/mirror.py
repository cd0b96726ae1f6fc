"""Publishing a mirror from its archive: the markdown publisher is a consumer of the
archive's change feed, and a run renders only what its changes touch.

A change of an article renders that article's pages (its history page too), the index
pages of its source and of its day that list it (numbered from the oldest, 30 a page:
``publish.pagination``; a new article lands on the last), the page of its story (and
the pages of that story's other articles, whose story link may be new:
``publish.stories``), the list of days and the home page, and leaves every other file
alone; publishing never holds all
articles in memory (``publish --all`` streams them, one at a time). Everything is
rendered again when what every page is made of changed: the configuration, the templates,
newsmirror's version, a source's title — or when asked (``publish --all``), or when the
output folder is gone. The cursor moves only once the pages are written: a publish killed
half-way renders the same changes again next time (files are written only where they
differ, so doing it twice is the same as once).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import partial
from pathlib import PurePosixPath

from newsmirror import __version__
from newsmirror.config import Mirror
from newsmirror.files import remove_stale_temporaries
from newsmirror.publish.model import LocalImages, SiteSettings
from newsmirror.publish.pagination import Listing, add_pages_of, every_page, render_listing
from newsmirror.publish.paths import (
    STORIES,
    day_index_path,
    day_page_path,
    media_path,
    source_index_path,
    source_page_path,
)
from newsmirror.publish.site import PublishReport, SitePublisher
from newsmirror.publish.stories import StoryOutput, render_stories
from newsmirror.store import Archive

CONSUMER = "markdown"
HOME_DAYS = 14  # days linked from the home page
_SETTINGS = "published"  # store meta: the fingerprint of what every page is made of


def publish_mirror(mirror: Mirror, store: Archive, *, everything: bool = False
                   ) -> PublishReport:
    """Render what changed since the last publish into the mirror's output folder
    (everything: see the module's docstring). The caller holds the mirror's lock: files a
    killed run left half-written are removed first."""
    remove_stale_temporaries(mirror.output)
    feed, reader = store.changes, store.reader
    latest = feed.latest()
    settings = output_settings(mirror, store)
    everything = everything or not mirror.output.is_dir() or store.meta(_SETTINGS) != settings
    titles = {h.name: h.title for h in store.source_health()}
    publisher = SitePublisher(
        mirror.output, site_settings(mirror),
        {s.name: s.page(titles.get(s.name, "")) for s in mirror.config.sources},
        mirror.paths.templates, history=reader.history, images=local_images(mirror, store),
        stories=store.stories.story_for)
    counts = reader.counts()
    changed: set[str] | None = None
    if everything:
        for article in reader.each_article():
            publisher.publish_article(article)
        all_days = store.listings.days(1_000_000)
        sources, days = every_page(store, set(counts) | set(publisher.sources), all_days)
    else:
        changed = {change.article_id for batch in feed.pending(CONSUMER) for change in batch}
        if not changed:
            return PublishReport(up_to_date=True)
        sources, days = {}, {}
        for identifier in sorted(changed):
            found = store.article(identifier)
            if found is not None:
                publisher.publish_article(found)
                add_pages_of((sources, days), store, found)
        all_days = store.listings.days(1_000_000)
    render_stories(store, changed, StoryOutput(
        publisher.publish_story, publisher.publish_article,
        mirror.output / STORIES, ".md"))
    shown, feed_limit = mirror.config.mirror.index_limit, mirror.config.publish.feed_limit
    for name, numbers in sorted(sources.items()):
        render_listing(publisher, store, Listing(
            publisher.source_page(name).title, source_index_path(name),
            partial(source_page_path, name), source=name,
            feed=PurePosixPath(name, "atom.xml")), numbers, shown)
        publisher.publish_feeds(name, reader.newest(name, feed_limit))
    for day, numbers in sorted(days.items()):
        render_listing(publisher, store, Listing(
            day.isoformat(), day_index_path(day), partial(day_page_path, day), day=day,
            outlets=True), numbers)
    publisher.publish_days(all_days)
    publisher.publish_home(reader.listing(None, mirror.config.mirror.home_limit), counts,
                           all_days[:HOME_DAYS])
    publisher.publish_feeds(None, reader.newest(None, feed_limit))
    report = publisher.report  # every page is written: the cursor may move past it
    feed.advance(CONSUMER, latest)
    store.set_meta(_SETTINGS, settings)
    report.everything = everything
    return report


def site_settings(mirror: Mirror) -> SiteSettings:
    """What every output needs to know of the mirror as a whole."""
    return replace(mirror.config.mirror.site(), base_url=mirror.config.publish.base_url,
                   feed_limit=mirror.config.publish.feed_limit,
                   search=mirror.config.publish.search)


def output_settings(mirror: Mirror, store: Archive) -> str:
    """A fingerprint of what every page is made of besides the articles: the
    configuration, the templates, newsmirror's version, the sources' titles."""
    parts = [__version__, mirror.paths.config.read_bytes().hex()]
    if mirror.paths.templates.is_dir():
        parts += [f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                  for p in sorted(mirror.paths.templates.iterdir()) if p.is_file()]
    parts += [f"{h.name}={h.title}" for h in store.source_health()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def local_images(mirror: Mirror, store: Archive) -> LocalImages:
    """The image copies the pages may show: those whose file is there (a copy deleted
    from the output folder leaves its pages with the original URL, not a broken one)."""
    if not any(source.images == "local" for source in mirror.config.sources):
        return {}
    copies = {url: media_path(copy.sha256, copy.extension)
              for url, copy in store.images.copies().items()}
    return {url: path for url, path in copies.items() if (mirror.output / path).is_file()}
