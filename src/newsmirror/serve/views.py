"""What ``serve``'s pages and API take from a request and from the archive: the
arguments of a search, the sources as the pages name them, how an article's images
show, the lines of a listing — the site's own helpers, pointed at the server's
addresses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from newsmirror.config import Mirror
from newsmirror.publish.display import Display, Displays
from newsmirror.publish.history import shown_time
from newsmirror.publish.model import SourcePage
from newsmirror.publish.paths import media_path
from newsmirror.site.build import index_item
from newsmirror.store import Archive, ItemFailure, StoredArticle
from newsmirror.store.search_index import STATUSES, Filters

MAX_QUERY = 500  # characters: a longer query is refused, not run
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


class ParameterError(Exception):
    """A parameter that cannot be read: the message says which and why (HTTP 400)."""


class NotFoundError(Exception):
    """Nothing archived at this address (HTTP 404)."""


@dataclass(frozen=True)
class SearchArgs:
    """A search as asked: the words, the filters, and which results."""

    query: str
    filters: Filters
    offset: int
    limit: int

    def choices(self, sources: Mapping[str, SourcePage]) -> dict[str, Any]:
        """What the search form shows as chosen, with every source to choose from."""
        return {"source": self.filters.source or "", "since": self.filters.since or "",
                "until": self.filters.until or "", "status": self.filters.status or "",
                "sources": [{"name": name, "title": page.title}
                            for name, page in sorted(sources.items())]}


def search_args(params: QueryParams, *, limit: int, max_limit: int, paged: bool
                ) -> SearchArgs:
    """The search in ``params``: ``q``, ``source``, ``since``, ``until``, ``status``, and
    ``page`` (pages, ``paged``) or ``limit`` and ``offset`` (the API)."""
    query = params.get("q", "").strip()
    if len(query) > MAX_QUERY:
        raise ParameterError(f"q: at most {MAX_QUERY} characters")
    status = params.get("status") or None
    if status is not None and status not in STATUSES:
        raise ParameterError(f"status {status}: one of {', '.join(STATUSES)}")
    filters = Filters(source=params.get("source") or None, since=day_param(params, "since"),
                      until=day_param(params, "until"), status=status)
    if paged:
        page = int_param(params, "page", 1, minimum=1, maximum=10_000)
        return SearchArgs(query, filters, (page - 1) * limit, limit)
    return SearchArgs(query, filters, int_param(params, "offset", 0, minimum=0,
                                                maximum=1_000_000),
                      int_param(params, "limit", limit, minimum=1, maximum=max_limit))


def day_param(params: QueryParams, name: str) -> str | None:
    text = params.get(name) or None
    if text is None:
        return None
    return parse_day(text, name).isoformat()


def parse_day(text: str, name: str) -> date:
    try:
        if not _DAY.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"{name} {text}: a day as YYYY-MM-DD") from None


def int_param(params: QueryParams, name: str, default: int, *, minimum: int,
              maximum: int) -> int:
    text = params.get(name)
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or not minimum <= int(text) <= maximum:
        raise ParameterError(f"{name} {text}: a whole number from {minimum} to {maximum}")
    return int(text)


def article_id(text: str) -> str:
    """An article's id as the addresses give it (16 hexadecimal digits)."""
    if not _ARTICLE_ID.match(text):
        raise NotFoundError(f"no article {text}: an article's id is 16 hexadecimal digits")
    return text


def source_pages(mirror: Mirror, store: Archive) -> dict[str, SourcePage]:
    """Every source that is configured or has articles, as the pages name it (its feed's
    title where the configuration gives none)."""
    titles = {health.name: health.title for health in store.source_health()}
    pages = {s.name: s.page(titles.get(s.name, "")) for s in mirror.config.sources}
    for name in store.reader.counts():
        pages.setdefault(name, SourcePage(name=name, title=titles.get(name) or name))
    return pages


def items(articles: list[StoredArticle], sources: Mapping[str, SourcePage], *,
          outlets: bool) -> list[dict[str, Any]]:
    """The lines of a listing, each linking to the article's page on this server."""
    return [index_item(article, f"/articles/{article.id}",
                       _title(sources, article.source) if outlets else "")
            for article in articles]


def _title(sources: Mapping[str, SourcePage], name: str) -> str:
    found = sources.get(name)
    return found.title if found is not None else name


def display(displays: Displays, store: Archive, source: SourcePage, output: Path
            ) -> Display:
    """How ``source``'s article shows on this server: as on the site (``publish.display``);
    a local copy (images = "local") from ``/media/``, looked up image by image."""
    def copy(url: str) -> str:
        found = store.images.copy(url)
        if found is None:
            return url
        path = media_path(found.sha256, found.extension)
        return f"/{path}" if (output / path).is_file() else url

    return displays.of(source, copy)


def failures_context(failures: list[ItemFailure]) -> list[dict[str, Any]]:
    return [{"url": item.url, "attempts": item.attempts,
             "last_failed_at": shown_time(item.last_failed_at), "last_error": item.last_error,
             "next_try": shown_time(item.next_attempt_at) if item.next_attempt_at else ""}
            for item in failures]


def pager_link(path: str, params: QueryParams) -> Callable[[int], str]:
    """Links to the pages of ``path`` with the same ``params`` but ``page``."""
    kept = [(key, value) for key, value in params.multi_items() if key != "page" and value]

    def link(number: int) -> str:
        return f"{path}?{urlencode([*kept, ('page', str(number))])}"

    return link
