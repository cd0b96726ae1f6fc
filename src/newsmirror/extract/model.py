"""What the extract stage takes and gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ExtractionRule:
    """CSS selectors that say where a site keeps each part of an article."""

    body: str = ""
    title: str = ""
    date: str = ""
    author: str = ""
    lead_image: str = ""
    caption: str = ""
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hints:
    """What the feed already said about an item; used where the page is silent."""

    title: str = ""
    # The words of the link a listing page led by ("云南"): a title only when the page
    # gives no headline of its own.
    link_text: str = ""
    author: str = ""
    published: datetime | None = None
    image: str = ""


@dataclass(frozen=True)
class ExtractedArticle:
    """An article as found: its parts, with the body still as the site wrote it."""

    url: str
    title: str
    html: str
    author: str = ""
    published: datetime | None = None
    lead_image: str = ""
    caption: str = ""
    method: str = ""  # which step of the cascade found the body: rule, generic, feed
    base_url: str = ""  # what relative URLs in ``html`` are relative to (default: url)
    # The headline the page itself gives, whatever the feed called it: a re-check tells
    # an edited title by it (empty: the article did not come from a page).
    page_title: str = ""
