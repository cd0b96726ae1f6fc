"""Publish the archive as a folder of markdown pages: one per article, paginated indexes
per source and per day, the list of days and a home page, written only where their
content changed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, TemplateError

from newsmirror.errors import ConfigError
from newsmirror.files import write_if_changed
from newsmirror.publish.display import Display, Displays
from newsmirror.publish.feeds import (
    FEED_FILES,
    feed_display,
    feed_entry,
    feed_info,
    feed_paths,
)
from newsmirror.publish.history import body_markup, revisions_context, shown_time
from newsmirror.publish.labels import labels_for
from newsmirror.publish.model import LocalImages, NavLink, SiteSettings, SourcePage
from newsmirror.publish.pagination import Pager, relative_pager
from newsmirror.publish.paths import (
    DAYS_PATH,
    HOME_PATH,
    Inside,
    article_path,
    day_index_path,
    history_path,
    link,
    source_index_path,
    story_path,
    up_to_root,
)
from newsmirror.publish.render import make_environment, render
from newsmirror.publish.share import qr_file
from newsmirror.publish.stories import (
    StoryLinks,
    StoryLookup,
    StoryPage,
    story_context,
    story_link,
)
from newsmirror.publish.titles import short_title, shown_title
from newsmirror.store.history import ArticleHistory
from newsmirror.store.model import StoredArticle
from newsmirror.urls import slug

_PLACEHOLDER = re.compile(r"\{(root|slug|id|url)\}")

HistoryLookup = Callable[[str], ArticleHistory | None]
"""An article's revisions and events, oldest first, by its id (``ArchiveReader.history``)."""


@dataclass
class PublishReport:
    """Files written (changed or new), files left as they were, and each article's page
    rendered; ``up_to_date``: nothing had changed, nothing was rendered."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    pages: dict[str, Path] = field(default_factory=dict)
    up_to_date: bool = False
    everything: bool = False  # every page rendered, not only what changed


class SitePublisher:
    """Renders and writes a mirror into ``output``: an article's pages, a source's index,
    the home page, each on its own, so that a run renders only what its changes touch.
    ``images`` are the local image copies that the pages of sources whose images =
    "local" show instead of the originals (``publish.display``)."""

    def __init__(self, output: Path, site: SiteSettings, sources: Mapping[str, SourcePage],
                 templates: Path | None = None, history: HistoryLookup | None = None,
                 images: LocalImages | None = None, stories: StoryLookup | None = None
                 ) -> None:
        self.output = output
        self.site = site
        self.sources = dict(sources)
        self.history = history
        self.stories = stories
        self.images = images or {}
        self.inside = Inside(output)
        self.displays = Displays(site.image_proxy)
        self.environment: Environment = make_environment(templates)
        self.labels = labels_for(site.language)  # every page's, history pages' too
        self.report = PublishReport()

    def source_page(self, name: str) -> SourcePage:
        return self.sources.get(name) or SourcePage(name=name, title=name)

    def publish(self, articles: Sequence[StoredArticle]) -> PublishReport:
        """Write every article's page, every source's index, and the home page, from
        ``articles`` in memory (newest first): for a mirror small enough to hold."""
        for article in articles:
            self.publish_article(article)
        counts = Counter(article.source for article in articles)
        listed = list(articles)
        for name in sorted(set(counts) | set(self.sources)):
            self.publish_index(name, [a for a in listed if a.source == name]
                               [:self.site.index_limit])
        self.publish_home(listed[:self.site.home_limit], counts)
        for name in sorted(set(counts) | set(self.sources)):
            self.publish_feeds(name, [a for a in listed if a.source == name]
                               [:self.site.feed_limit])
        self.publish_feeds(None, listed[:self.site.feed_limit])
        return self.report

    def publish_article(self, article: StoredArticle) -> None:
        """The article's page, and its history page when it was edited."""
        page = article_path(article)
        self.report.pages[article.id] = self.write(page, self._article_page(article, page))

    def publish_story(self, found: StoryPage) -> None:
        """A story's page (``stories/{id}.md``): its outlets' articles, a section each
        (``publish.stories``); a page for each story merged into it, pointing here."""
        page = story_path(found.story.id)
        history = self.history is not None
        context = story_context(found, StoryLinks(
            article=lambda a: link(page, article_path(a)),
            history=lambda a: link(page, history_path(a)) if history else ""),
            lambda name: self.source_page(name).title)
        self.write(page, self._render("story.md.j2", {
            **context, "labels": self.labels, "site": self.site,
            "home": link(page, HOME_PATH)}))
        for alias in found.aliases:
            self.write(story_path(alias), self._render("story_moved.md.j2", {
                "title": context["story"]["title"], "labels": self.labels,
                "link": link(story_path(alias), page)}))

    def publish_index(self, name: str, listed: Sequence[StoredArticle]) -> None:
        """The index of the source ``name`` alone (no numbered pages): ``listed``, its
        newest articles, from memory (``publish``)."""
        self.listing(source_index_path(name), self.source_page(name).title, listed, None,
                     feed=PurePosixPath(name, "atom.xml"))

    def listing(self, page: PurePosixPath, heading: str, items: Sequence[StoredArticle],
                pages: Pager | None, *, crumb: dict[str, str] | None = None,
                subtitle: str = "", feed: PurePosixPath | None = None,
                outlets: bool = False) -> None:
        """A list of articles (newest first): a source's index or one of its numbered
        pages, a day's (``pagination.render_listing``)."""
        listed = [{**_listed(a, link(page, article_path(a))),
                   "source_title": self.source_page(a.source).title if outlets else ""}
                  for a in items]
        feeds = ({kind: link(page, feed.with_name(file)) for kind, file in
                  (("atom", "atom.xml"), ("rss", "rss.xml"), ("json", "feed.json"))}
                 if feed is not None else None)
        self.write(page, self._render("index.md.j2", {
            "source": {"title": heading}, "items": listed, "labels": self.labels,
            "site": self.site, "pager": relative_pager(page, pages), "feeds": feeds,
            "subtitle": subtitle, "crumb": crumb,
            "home": link(page, HOME_PATH)}))

    def publish_days(self, days: Sequence[tuple[date, int]]) -> None:
        """The list of days with articles, each with its count, newest first."""
        self.write(DAYS_PATH, self._render("days.md.j2", {
            "site": self.site, "labels": self.labels, "home": link(DAYS_PATH, HOME_PATH),
            "days": self._days(DAYS_PATH, days)}))

    def publish_home(self, listed: Sequence[StoredArticle], counts: Mapping[str, int],
                     days: Sequence[tuple[date, int]] = ()) -> None:
        """The home page: ``listed``, the newest articles of all sources, every source
        (configured, or archived before) with its count of articles, the recent days."""
        items = [{**_listed(a, link(HOME_PATH, article_path(a))),
                  "source_title": self.source_page(a.source).title} for a in listed]
        sources = [{"title": self.source_page(name).title, "count": counts.get(name, 0),
                    "link": link(HOME_PATH, source_index_path(name))}
                   for name in sorted(set(counts) | set(self.sources))]
        self.write(HOME_PATH, self._render("home.md.j2", {
            "site": self.site, "items": items, "sources": sources, "labels": self.labels,
            "days": self._days(HOME_PATH, days),
            "all_days": link(HOME_PATH, DAYS_PATH) if days else ""}))

    def _days(self, page: PurePosixPath, days: Sequence[tuple[date, int]]
              ) -> list[dict[str, Any]]:
        return [{"date": day.isoformat(), "count": count,
                 "link": link(page, day_index_path(day))} for day, count in days]

    def publish_feeds(self, name: str | None, newest: Sequence[StoredArticle]) -> None:
        """The feeds of the source ``name`` (of the whole mirror when ``None``):
        ``newest``, its newest articles with their bodies (``publish.feeds``)."""
        base = self.site.base_url
        if name is None:
            info = feed_info(self.site.title, self.site.language, None, base, HOME_PATH)
        else:
            source = self.source_page(name)
            info = feed_info(source.title, source.language, name, base,
                             source_index_path(name))
        entries = []
        for article in newest:
            source = self.source_page(article.source)
            display = feed_display(self._display(HOME_PATH, source), source, self.images, base)
            entries.append(feed_entry(article, display, self.labels,
                                      base + str(article_path(article)) if base
                                      else article.url))
        for file, path in feed_paths(name).items():
            self.write(path, FEED_FILES[file](info, entries))

    def write(self, relative: PurePosixPath, content: str | bytes) -> Path:
        target = self.inside(relative)
        data = content.encode("utf-8") if isinstance(content, str) else content
        # Published pages are rebuilt from the archive by `publish --all`: no fsync, which
        # on 100,000 pages costs more than the rendering (files.write_atomic).
        if write_if_changed(target, data, durable=False):
            self.report.written.append(target)
        else:
            self.report.unchanged += 1
        return target

    def _article_page(self, article: StoredArticle, page: PurePosixPath) -> str:
        source = self.source_page(article.source)
        values = {"root": up_to_root(page), "slug": slug(article.url), "id": article.id,
                  "url": article.url}
        nav = [NavLink(text=item.text, href=_fill(item.href, values)) for item in source.nav]
        return self._render(f"{source.style}.md.j2", {
            "article": article_context(article, self._display(page, source)),
            "source": source, "nav": nav,
            "root": values["root"], "labels": self.labels, "site": self.site,
            "edited": self._edited(article, source, page),
            "share": self._share(article, source, page),
            "story": self._story(article, source, page),
        })

    def _story(self, article: StoredArticle, source: SourcePage, page: PurePosixPath
               ) -> dict[str, str] | None:
        """The link to the article's story page; none for a story of one, nor where the
        source's pages are as the seed mirrors write them (``byline = false``). Without
        the story's size, which would rewrite every page of a story as it grows."""
        if not source.byline:
            return None
        found = story_link(self.stories, article)
        return {"link": link(page, story_path(found[0]))} if found is not None else None

    def _share(self, article: StoredArticle, source: SourcePage, page: PurePosixPath
               ) -> dict[str, str] | None:
        """The page's address and its QR code (``{id}.qr.svg`` beside it), for the mirror
        style, when the mirror's address is known (``publish.share``)."""
        if not self.site.base_url or source.style != "mirror":
            return None
        address = self.site.base_url + str(page)
        image = page.with_name(f"{article.id}.qr.svg")
        self.write(image, qr_file(address))
        return {"url": address, "qr": image.name}

    def _edited(self, article: StoredArticle, source: SourcePage, page: PurePosixPath
                ) -> dict[str, str] | None:
        """For an article with more than one revision, write its history page beside it
        and say when it was edited; ``None`` (and no query) for a single revision."""
        if article.revision < 2 or self.history is None:
            return None
        found = self.history(article.id)
        if found is None or len(found.revisions) < 2:
            return None
        history = history_path(article)
        display = self._display(history, source)
        self.write(history, self._render("history.md.j2", {
            "article": article_context(article, display),
            "revisions": revisions_context(found.revisions, display),
            "events": [{"at": shown_time(event.at), "kind": event.kind,
                        "detail": event.detail} for event in found.events],
            "article_link": link(history, page), "source": source,
            "labels": self.labels, "site": self.site,
        }))
        return {"at": shown_time(article.fetched_at), "link": link(page, history)}

    def _display(self, page: PurePosixPath, source: SourcePage) -> Display:
        """How ``page`` shows its source's articles (``publish.display``): a local image
        copy by a path relative to the page's own folder (which works on a git host's
        file view and on a static host under any sub-path alike)."""
        images = self.images

        def copy(url: str) -> str:
            found = images.get(url)
            return link(page, found) if found is not None else url

        return self.displays.of(source, copy if images else None)

    def _render(self, template: str, context: dict[str, Any]) -> str:
        try:
            return render(self.environment, template, context)
        except TemplateError as exc:
            raise ConfigError(f"template {template}: {exc}") from exc


def article_context(article: StoredArticle, display: Display | None = None
                    ) -> dict[str, Any]:
    """What templates see of an article: every field of the stored article, with the
    ``html`` as safe markup (it was cleaned before it was stored) and it and the lead
    image shown as ``display`` says (``publish.display``), the title never empty, the
    times as pages print them, and a few values derived for the templates."""
    display = display or Display()
    when = article.published or article.first_seen
    return {
        **{field.name: getattr(article, field.name) for field in fields(article)},
        "title": shown_title(article.title, article.text, article.url),
        "html": body_markup(article.html, display),
        "lead_image": display.lead_image(article.lead_image),
        "removed_at": shown_time(article.removed_at) if article.removed_at else "",
        "slug": slug(article.url),
        "published_shown": shown_time(article.published) if article.published else "",
        "published_iso": article.published.isoformat() if article.published else "",
        "published_ms": int(when.timestamp() * 1000),
        # Only the item's title, summary and link so far: its page could not be had.
        "placeholder": article.body_from == "summary",
    }


def _listed(article: StoredArticle, href: str) -> dict[str, Any]:
    """An index line: the article (as article pages see it, without its body), its date,
    its link, and its title cut to fit."""
    context = article_context(article)
    return {"article": context, "date": article.path_date.strftime("%Y-%m-%d"),
            "link": href, "title": short_title(context["title"])}


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
