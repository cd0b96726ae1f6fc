"""Render the static site's pages, each on its own, so that a run renders only what its
changes touch (``site.mirror`` decides what that is).

Every value a page shows is escaped by the templates (autoescape); the article bodies
were sanitized before they were stored. Each page carries a Content-Security-Policy that
allows no script at all, no form, no frame and no ``<base>``, and images from elsewhere
only on the article pages of a source whose image policy hotlinks (``keep``, ``proxy``):
with ``images = "local"`` a page loads nothing that is not the site's own. The search
page alone runs a script, the site's own (``search/search.js``, Pagefind's), from a file.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError

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
from newsmirror.publish.history import revisions_context, shown_time
from newsmirror.publish.labels import labels_for
from newsmirror.publish.model import LocalImages, SiteSettings, SourcePage
from newsmirror.publish.pagination import Pager, relative_pager
from newsmirror.publish.paths import Inside, link, up_to_root
from newsmirror.publish.share import qr_svg
from newsmirror.publish.site import HistoryLookup, article_context
from newsmirror.publish.stories import (
    StoryLinks,
    StoryLookup,
    StoryPage,
    story_context,
    story_link,
)
from newsmirror.publish.titles import short_title, shown_title
from newsmirror.site import paths
from newsmirror.store.model import SourceHealth, StoredArticle

_CSP = ("default-src 'none'; style-src 'self'; img-src {images}; script-src 'none'; "
        "object-src 'none'; base-uri 'none'; form-action 'none'")
# The search page alone runs a script: the site's own (search.js, Pagefind's script and
# WebAssembly, its worker), fetching the site's own index files; nothing from elsewhere.
_SEARCH_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
               "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'none'")
_OWN_IMAGES = "'self' data:"
_ANY_IMAGES = "'self' data: https: http:"


class SiteBuilder:
    """Writes the pages of the static site into ``root`` (``output/site``). ``images``
    are the local image copies, relative to ``media_root`` (the output folder): the pages
    show copies of them inside the site, so that the site stands alone wherever it is
    served (git stores the same bytes once)."""

    def __init__(self, root: Path, site: SiteSettings, sources: Mapping[str, SourcePage],
                 history: HistoryLookup | None = None, images: LocalImages | None = None,
                 media_root: Path | None = None, stories: StoryLookup | None = None) -> None:
        self.root = root
        self.stories = stories
        self.site = site
        self.sources = dict(sources)
        self.history = history
        self.images = images or {}
        self.media_root = media_root
        self.inside = Inside(root)
        self.labels = labels_for(site.language)
        self.written: list[Path] = []
        self.unchanged = 0
        self.displays = Displays(site.image_proxy)
        self.environment = Environment(
            autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            loader=_package_loader())

    def source_page(self, name: str) -> SourcePage:
        return self.sources.get(name) or SourcePage(name=name, title=name)

    # Pages.

    def style(self) -> None:
        self.write(paths.STYLE, files("newsmirror.site").joinpath("style.css").read_bytes())

    def article(self, article: StoredArticle) -> None:
        """The article's page, and its history page when it was edited."""
        page = paths.article_page(article)
        source = self.source_page(article.source)
        display = self._display(page, source)
        context = article_context(article, display)
        address = (f"{self.site.base_url}{paths.SITE_FOLDER}/{page}" if self.site.base_url
                   else "")
        self.render(page, "article.html.j2", {
            "article": context, "source": source,
            "share": {"url": address, "qr": qr_svg(address)} if address else None,
            "source_link": link(page, paths.source_index(article.source)),
            "edited": self._edited(article, source, page),
            "story": self._story_link(article, page),
        }, images=_ANY_IMAGES if source.images != "local" else _OWN_IMAGES)

    def story(self, found: StoryPage) -> None:
        """A story's page: its articles side by side, oldest first, with what each adds
        (``publish.stories``); a page for each story merged into it, pointing here."""
        page = paths.story_page(found.story.id)
        context = story_context(found, StoryLinks(
            article=lambda a: link(page, paths.article_page(a)),
            history=lambda a: link(page, paths.history_page(a)) if self.history else ""),
            lambda name: self.source_page(name).title)
        self.render(page, "story.html.j2", context)
        for alias in found.aliases:
            self.render(paths.story_page(alias), "story_moved.html.j2", {
                "title": context["story"]["title"],
                "link": link(paths.story_page(alias), page)})

    def listing(self, page: PurePosixPath, heading: str, items: Sequence[StoredArticle],
                pages: Pager | None, *, crumb: dict[str, str] | None = None,
                subtitle: str = "", feed: PurePosixPath | None = None,
                outlets: bool = False) -> None:
        """A list of articles (newest first): a source's index or page, a day's."""
        self.render(page, "listing.html.j2", {
            "heading": heading, "subtitle": subtitle, "crumb": crumb,
            "items": [self._item(page, article, outlets) for article in items],
            "pager": relative_pager(page, pages),
            "feeds": {"atom": link(page, feed)} if feed is not None else None,
        })

    def home(self, latest: Sequence[StoredArticle], counts: Mapping[str, int],
             health: Mapping[str, SourceHealth], days: Sequence[tuple[date, int]]) -> None:
        page = paths.HOME
        sources = [{"title": self.source_page(name).title, "count": counts.get(name, 0),
                    "link": link(page, paths.source_index(name)),
                    "health": link(page, paths.health_page(name)),
                    "state": source_state(health.get(name))}
                   for name in sorted(set(counts) | set(self.sources))]
        self.render(page, "home.html.j2", {
            "items": [self._item(page, article, True) for article in latest],
            "sources": sources, "days": self._days(page, days)})

    def search(self, parts: Sequence[str]) -> None:
        """The search page, its script and the folding table it shares with the index;
        ``parts``: the index's parts (folders relative to the site), oldest first."""
        package = files("newsmirror.site.search")
        self.write(paths.SEARCH_SCRIPT, package.joinpath("search.js").read_bytes())
        table = json.loads(files("newsmirror.text").joinpath("fold.json").read_text(
            encoding="utf-8"))
        self.write(paths.FOLD_SCRIPT, (
            "// The table the index was folded with (newsmirror/text/fold.json).\n"
            f"export const FROM = {json.dumps(table['from'], ensure_ascii=False)};\n"
            f"export const TO = {json.dumps(table['to'], ensure_ascii=False)};\n"
        ).encode())
        sources = {name: self.source_page(name).title for name in sorted(self.sources)}
        self.render(paths.SEARCH, "search.html.j2", {
            "parts": " ".join(parts), "sources": json.dumps(sources, ensure_ascii=False)},
            csp=_SEARCH_CSP)

    def days(self, days: Sequence[tuple[date, int]]) -> None:
        self.render(paths.DAYS, "days.html.j2", {"days": self._days(paths.DAYS, days)})

    def health(self, name: str, health: SourceHealth | None) -> None:
        page = paths.health_page(name)
        self.render(page, "health.html.j2", {
            "source": self.source_page(name), "health": health_context(health, self.labels),
            "source_link": link(page, paths.source_index(name))})

    def feeds(self, name: str | None, newest: Sequence[StoredArticle]) -> None:
        """The feeds of the source ``name`` (of the whole site when ``None``), linking
        to the site's pages under ``[publish] base_url`` + ``site/``."""
        base = self.site.base_url + f"{paths.SITE_FOLDER}/" if self.site.base_url else ""
        if name is None:
            info = feed_info(self.site.title, self.site.language, None, base, paths.HOME)
        else:
            source = self.source_page(name)
            info = feed_info(source.title, source.language, name, base,
                             paths.source_index(name))
        entries = []
        for article in newest:
            source = self.source_page(article.source)
            display = feed_display(self._display(paths.HOME, source), source, self.images, base)
            entries.append(feed_entry(article, display, self.labels,
                                      base + str(paths.article_page(article)) if base
                                      else article.url))
        for file, path in feed_paths(name).items():
            self.write(path, FEED_FILES[file](info, entries))

    # Writing.

    def render(self, page: PurePosixPath, template: str, context: dict[str, Any], *,
               images: str = _OWN_IMAGES, csp: str = "") -> None:
        values = {"site": self.site, "labels": self.labels, "root": up_to_root(page),
                  "lang": self.site.language, "csp": csp or _CSP.format(images=images),
                  **context}
        try:
            text = self.environment.get_template(template).render(values)
        except TemplateError as exc:
            raise ConfigError(f"site template {template}: {exc}") from exc
        self.write(page, text.rstrip("\n").encode("utf-8") + b"\n")

    def write(self, relative: PurePosixPath, data: bytes) -> None:
        # rebuilt from the archive at will: no fsync (as the markdown pages)
        target = self.inside(relative)
        if write_if_changed(target, data, durable=False):
            self.written.append(target)
        else:
            self.unchanged += 1

    # Parts.

    def _item(self, page: PurePosixPath, article: StoredArticle, outlets: bool
              ) -> dict[str, Any]:
        # by way of the site's top folder: as relative, and no path arithmetic
        return index_item(article, f"{up_to_root(page)}/{paths.article_page(article)}",
                          self.source_page(article.source).title if outlets else "")

    def _days(self, page: PurePosixPath, days: Sequence[tuple[date, int]]
              ) -> list[dict[str, Any]]:
        return [{"date": day.isoformat(), "count": count,
                 "link": link(page, paths.day_index(day))} for day, count in days]

    def _edited(self, article: StoredArticle, source: SourcePage, page: PurePosixPath
                ) -> dict[str, str] | None:
        if article.revision < 2 or self.history is None:
            return None
        found = self.history(article.id)
        if found is None or len(found.revisions) < 2:
            return None
        history = paths.history_page(article)
        display = self._display(history, source)
        self.render(history, "history.html.j2", {
            "article": article_context(article, display),
            "revisions": revisions_context(found.revisions, display),
            "events": [{"at": shown_time(event.at), "kind": event.kind}
                       for event in found.events],
            "article_link": link(history, page), "source": source,
            "source_link": link(history, paths.source_index(article.source)),
        }, images=_ANY_IMAGES if source.images != "local" else _OWN_IMAGES)
        return {"at": shown_time(article.fetched_at), "link": link(page, history)}

    def _story_link(self, article: StoredArticle, page: PurePosixPath
                    ) -> dict[str, Any] | None:
        found = story_link(self.stories, article)
        if found is None:
            return None
        return {"link": link(page, paths.story_page(found[0])), "count": found[1]}

    def _display(self, page: PurePosixPath, source: SourcePage) -> Display:
        """As the markdown pages (``publish.display``); a local copy is shown from the
        site's own ``media/`` folder."""
        def copy(url: str) -> str:
            found = self.images.get(url)
            return link(page, found) if found is not None and self._has_media(found) else url

        return self.displays.of(source, copy)

    def _has_media(self, relative: PurePosixPath) -> bool:
        """Whether the site has the local copy ``relative`` (``media/…``), linked (or
        copied) from the output folder's when it has not yet."""
        target = self.inside(relative)
        if target.exists():
            return True
        if self.media_root is None:
            return False
        origin = self.media_root / relative
        if not origin.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(origin, target)
        except OSError:
            shutil.copyfile(origin, target)
        return True


def index_item(article: StoredArticle, href: str, source_title: str = "") -> dict[str, Any]:
    """An index line: lighter than an article's context (an index has thousands);
    ``source_title`` names the outlet on lists of every source's articles."""
    return {"article": {"removed_at": article.removed_at, "revision": article.revision},
            "date": article.path_date.strftime("%Y-%m-%d"), "link": href,
            "title": short_title(shown_title(article.title, article.text, article.url)),
            "source_title": source_title}


def health_context(health: SourceHealth | None, labels: Mapping[str, str]) -> dict[str, Any]:
    """What the health table shows of a source's record (``None``: never fetched)."""
    state = source_state(health)
    shown: dict[str, Any] = {"state": state, "state_label": labels[f"state_{state}"]}
    if health is None:
        return shown | {"url": "", "articles": 0, "revisions": 0, "last_success": "",
                        "last_error_at": "", "last_error": "", "next_check": "",
                        "failing_items": 0, "given_up_items": 0, "recent_item_errors": ()}
    return shown | {
        "url": health.url, "articles": health.articles, "revisions": health.revisions,
        "last_success": _time(health.last_success_at),
        "last_error_at": _time(health.last_error_at), "last_error": health.last_error,
        "next_check": _time(health.next_check_at)
        if health.next_check_at and health.next_check_at > datetime.now(UTC) else "",
        "failing_items": health.failing_items, "given_up_items": health.given_up_items,
        "recent_item_errors": health.recent_item_errors}


def source_state(health: SourceHealth | None) -> str:
    """ok, failing, resting (backing off after failures) or new (never fetched)."""
    if health is None or health.last_attempt_at is None:
        return "new"
    if health.next_check_at is not None and health.next_check_at > datetime.now(UTC):
        return "resting"
    return "failing" if health.consecutive_failures else "ok"


def _time(moment: datetime | None) -> str:
    return shown_time(moment) if moment is not None else ""


def _package_loader() -> Any:
    from jinja2 import PackageLoader

    return PackageLoader("newsmirror.site", "templates")

