"""What the extract stage is told: a site's rule, and what the listing said about an item
(it gives :class:`newsmirror.article.Article`)."""

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
