"""``serve``'s pages: the front page, search, the sources and days with their listings,
an article with its revisions and its story's link, its history with the word diffs,
and the sources' health (the stories: ``serve.stories``).

Each endpoint is a plain function Starlette runs in its thread pool, and opens the
archive read-only for that request alone (an SQLite connection belongs to its thread):
a run may write beside it, and the server never writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from newsmirror.config import Mirror
from newsmirror.publish.display import Displays
from newsmirror.publish.history import revisions_context, shown_time
from newsmirror.publish.model import SourcePage
from newsmirror.publish.pagination import PAGE_SIZE, page_count, pager
from newsmirror.publish.site import article_context
from newsmirror.publish.stories import story_link
from newsmirror.search.index import search_database_path
from newsmirror.search.query import QueryError
from newsmirror.search.results import Results, search
from newsmirror.serve.guard import ANY_IMAGES, OWN_IMAGES
from newsmirror.serve.render import Renderer
from newsmirror.serve.views import (
    NotFoundError,
    ParameterError,
    article_id,
    display,
    failures_context,
    int_param,
    items,
    pager_link,
    parse_day,
    search_args,
    source_pages,
)
from newsmirror.site.build import health_context, source_state
from newsmirror.store import Archive, ArticleHistory, Revision, StoredArticle

SEARCH_PAGE = 20  # results a search page shows
_FRONT_DAYS = 14


class Pages:
    """The HTML pages of one mirror's archive."""

    def __init__(self, mirror: Mirror, renderer: Renderer) -> None:
        self.mirror = mirror
        self.render = renderer
        self.labels = renderer.labels
        self.displays = Displays(mirror.config.mirror.image_proxy)
        self.index_path = search_database_path(mirror.paths.data)

    @contextmanager
    def archive(self) -> Iterator[Archive]:
        with self.mirror.open_store(readonly=True) as store:
            yield store

    def front(self, request: Request) -> Response:
        with self.archive() as store:
            sources = source_pages(self.mirror, store)
            latest = store.reader.listing(None, PAGE_SIZE)
            counts = store.reader.counts()
            health = {h.name: h for h in store.source_health()}
            days = store.listings.days(_FRONT_DAYS)
        return self.render.page("front.html.j2", {
            "items": items(latest, sources, outlets=True),
            "sources": [{"title": page.title, "count": counts.get(name, 0),
                         "link": f"/sources/{name}", "health": f"/health#{name}",
                         "state": source_state(health.get(name))}
                        for name, page in sorted(sources.items())],
            "days": [{"date": day.isoformat(), "count": count, "link": f"/days/{day}"}
                     for day, count in days],
            "choices": search_args(request.query_params, limit=SEARCH_PAGE,
                                   max_limit=SEARCH_PAGE, paged=True).choices(sources)})

    def search(self, request: Request) -> Response:
        args = search_args(request.query_params, limit=SEARCH_PAGE, max_limit=SEARCH_PAGE,
                           paged=True)
        with self.archive() as store:
            sources = source_pages(self.mirror, store)
            context: dict[str, Any] = {"query": args.query, "choices": args.choices(sources),
                                       "results": None, "error": ""}
            if not args.query:
                return self.render.page("search.html.j2", context)
            if not self.index_path.exists():
                return self.render.page("search.html.j2", context | {
                    "error": self.labels["no_index"]}, status=503)
            try:
                results = search(store, self.index_path, args.query, args.filters,
                                 args.limit, args.offset)
            except QueryError as exc:
                return self.render.page("search.html.j2", context | {
                    "error": f"{self.labels['bad_request']}: {exc}"}, status=400)
        return self.render.page("search.html.j2", context | self._results(
            request, results, args.offset, sources))

    def _results(self, request: Request, results: Results, offset: int,
                 sources: dict[str, Any]) -> dict[str, Any]:
        number, pages = offset // SEARCH_PAGE + 1, max(1, -(-results.total // SEARCH_PAGE))
        link = pager_link("/search", request.query_params)
        hits = results.hits
        return {
            "results": {"total": results.total, "hits": [
                {**{f.name: getattr(hit, f.name) for f in fields(hit)},
                 "source_title": sources[hit.source].title if hit.source in sources
                 else hit.source} for hit in hits]},
            "first": offset + 1, "last": offset + len(hits), "number": number,
            "pages": pages,
            "previous": link(number - 1) if number > 1 else "",
            "next": link(number + 1) if number < pages else ""}

    def sources(self, request: Request) -> Response:
        with self.archive() as store:
            sources = source_pages(self.mirror, store)
            counts = store.reader.counts()
            health = {h.name: h for h in store.source_health()}
        return self.render.page("sources.html.j2", {"sources": [
            {"title": page.title, "count": counts.get(name, 0), "link": f"/sources/{name}",
             "health": f"/health#{name}", "state": source_state(health.get(name))}
            for name, page in sorted(sources.items())]})

    def source(self, request: Request) -> Response:
        name = request.path_params["name"]
        with self.archive() as store:
            sources = source_pages(self.mirror, store)
            if name not in sources:
                raise NotFoundError(f"no source {name}")
            title = sources[name].title
            return self._listing(request, store, sources, title, f"/sources/{name}",
                                 source=name)

    def days(self, request: Request) -> Response:
        with self.archive() as store:
            days = store.listings.days(1_000_000)
        return self.render.page("days.html.j2", {"days": [
            {"date": day.isoformat(), "count": count, "link": f"/days/{day}"}
            for day, count in days]})

    def day(self, request: Request) -> Response:
        try:
            day = parse_day(request.path_params["day"], "day")
        except ParameterError as exc:
            raise NotFoundError(str(exc)) from None
        with self.archive() as store:
            sources = source_pages(self.mirror, store)
            return self._listing(request, store, sources, day.isoformat(), f"/days/{day}",
                                 day=day)

    def _listing(self, request: Request, store: Archive, sources: dict[str, Any],
                 heading: str, path: str, *, source: str | None = None,
                 day: date | None = None) -> Response:
        """A listing as the site pages it (``publish.pagination``): without ``page``, the
        newest; page 1 holds the first archived."""
        count = store.listings.count(source=source, day=day)
        last = page_count(count)
        number = int_param(request.query_params, "page", 0, minimum=1, maximum=last) or None
        offset = (number - 1) * PAGE_SIZE if number else max(0, count - PAGE_SIZE)
        listed = store.listings.page(offset, PAGE_SIZE, source=source, day=day)[::-1]
        pages = pager(number, count, PurePosixPath(path),
                      lambda n: PurePosixPath(f"{path}?page={n}"))
        return self.render.page("listing.html.j2", {
            "heading": heading, "subtitle": f"{count} {self.labels['articles']}",
            "crumb": None, "feeds": None, "items": items(listed, sources, outlets=day is not None),
            "pager": {"number": pages.number, "pages": pages.pages,
                      **{name: str(target) if target is not None else None
                         for name, target in (("latest", pages.latest), ("newer", pages.newer),
                                              ("older", pages.older),
                                              ("oldest", pages.oldest))}}})

    def article(self, request: Request) -> Response:
        with self.archive() as store:
            found, history, source = self._article(request, store)
            shown = int_param(request.query_params, "revision", found.revision, minimum=1,
                              maximum=found.revision)
            if shown != found.revision:
                found = _as_revision(found, history.revisions[shown - 1])
            context = article_context(found, display(self.displays, store, source,
                                                     self.mirror.output))
            story = story_link(store.stories.story_for, found)
        identifier = found.id
        revisions = [{"number": r.number, "fetched_at": shown_time(r.fetched_at),
                      "title": r.title, "current": r.number == shown,
                      "link": f"/articles/{identifier}?revision={r.number}"}
                     for r in history.revisions]
        edited = ({"at": shown_time(history.revisions[-1].fetched_at),
                   "link": f"/articles/{identifier}/history"}
                  if len(history.revisions) > 1 else None)
        return self.render.page("article_page.html.j2", {
            "article": context, "source": source, "share": None,
            "story": {"link": f"/stories/{story[0]}", "count": story[1]} if story else None,
            "edited": edited,
            "source_link": f"/sources/{found.source}", "revisions": revisions,
            "shown_revision": shown if shown != len(history.revisions) else None,
            "events": _events(history),
        }, images=_images(source))

    def history(self, request: Request) -> Response:
        with self.archive() as store:
            found, history, source = self._article(request, store)
            shown = display(self.displays, store, source, self.mirror.output)
            context = {
                "article": article_context(found, shown),
                "revisions": revisions_context(history.revisions, shown),
                "events": _events(history), "article_link": f"/articles/{found.id}",
                "source": source, "source_link": f"/sources/{found.source}"}
        return self.render.page("history.html.j2", context, images=_images(source))

    def _article(self, request: Request, store: Archive
                 ) -> tuple[StoredArticle, ArticleHistory, SourcePage]:
        """The article the address names (its latest revision), its history, its source."""
        identifier = article_id(request.path_params["id"])
        found = store.article(identifier)
        history = store.reader.history(identifier)
        if found is None or history is None:
            raise NotFoundError(f"no article {identifier}")
        return found, history, source_pages(self.mirror, store)[found.source]

    def health(self, request: Request) -> Response:
        with self.archive() as store:
            sources = source_pages(self.mirror, store)
            health = {h.name: h for h in store.source_health()}
            shown = [{"name": name, "title": page.title, "link": f"/sources/{name}",
                      "health": health_context(health.get(name), self.labels),
                      "failures": failures_context(store.failures.failures(name))}
                     for name, page in sorted(sources.items())]
        return self.render.page("health_all.html.j2", {"sources": shown})


def _events(history: ArticleHistory) -> list[dict[str, str]]:
    return [{"at": shown_time(event.at), "kind": event.kind} for event in history.events]


def _images(source: SourcePage) -> str:
    """Where an article's images may come from: elsewhere too, unless the source's
    policy is local copies (as on the static site)."""
    return OWN_IMAGES if source.images == "local" else ANY_IMAGES


def _as_revision(article: StoredArticle, revision: Revision) -> StoredArticle:
    """The article as its earlier ``revision`` showed it."""
    return replace(article, title=revision.title, html=revision.html, text=revision.text,
                   author=revision.author, published=revision.published,
                   lead_image=revision.lead_image, caption=revision.caption,
                   lead_image_in_body=revision.lead_image_in_body,
                   revision=revision.number, fetched_at=revision.fetched_at)
