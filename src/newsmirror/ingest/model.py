"""What the parse/discover stage gives: entries that point at articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Entry:
    """One item of a feed, or one article link found on a listing page."""

    link: str
    title: str = ""
    author: str = ""
    published: datetime | None = None
    summary_html: str = ""
    content_html: str = ""  # the item's full content (content:encoded, Atom content)
    image: str = ""
    # What relative URLs in the HTML are relative to (a feed's xml:base, else its URL;
    # empty: the link). Parsers leave them as written; the clean stage resolves them.
    html_base: str = ""


@dataclass(frozen=True)
class Listing:
    """A parsed feed or listing page."""

    title: str
    entries: tuple[Entry, ...]
    warning: str = ""  # set when the input was malformed but entries could be read
    without_link: int = 0  # items that name no http(s) article to archive: left out
