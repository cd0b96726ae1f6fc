"""Where each page of the static site goes, inside ``output/site/``.

Every path is built from a source name, a date, an article id or a page number, checked
by ``publish.paths.checked``; pages link each other by relative links only, so that the
site works opened from disk (``file://``), served from ``/``, or under a sub-path (a
GitHub Pages project site).
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from newsmirror.publish.paths import STORIES, Placed, article_path, checked, history_path

SITE_FOLDER = "site"  # inside the output folder, beside the markdown
HOME = PurePosixPath("index.html")
STYLE = PurePosixPath("style.css")
DAYS = PurePosixPath("days/index.html")
SEARCH = PurePosixPath("search.html")  # the one page that runs a script (site.search)
SEARCH_SCRIPT = PurePosixPath("search/search.js")
FOLD_SCRIPT = PurePosixPath("search/fold.js")
# Folder names of the site's own: no source may take one (config.load refuses them).
RESERVED = frozenset({"days", "media", "pagefind", "search", "site", "stories"})


def article_page(article: Placed) -> PurePosixPath:
    """``{source}/{yyyy}/{mm}/{dd}/{id}.html``: where the markdown page is, as HTML."""
    return checked(article_path(article).with_suffix(".html"))


def history_page(article: Placed) -> PurePosixPath:
    return checked(history_path(article).with_suffix(".html"))


def source_index(source: str) -> PurePosixPath:
    """The source's latest articles."""
    return checked(PurePosixPath(source, "index.html"))


def source_page(source: str, number: int) -> PurePosixPath:
    """Page ``number`` of the source's articles, counted from the oldest (``pagination``)."""
    return checked(PurePosixPath(source, f"page-{number}.html"))


def health_page(source: str) -> PurePosixPath:
    return checked(PurePosixPath(source, "health.html"))


def day_index(day: date) -> PurePosixPath:
    return checked(PurePosixPath("days", day.isoformat(), "index.html"))


def day_page(day: date, number: int) -> PurePosixPath:
    return checked(PurePosixPath("days", day.isoformat(), f"page-{number}.html"))


def story_page(story: str) -> PurePosixPath:
    """``stories/{id}.html``: a story's articles side by side."""
    return checked(PurePosixPath(STORIES, f"{story}.html"))
