"""What the clean stage takes and gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

BodyOrigin = Literal["feed", "page", "summary"]
"""Where an article's body came from: its feed item (whose later edits the feed brings),
its page (whose edits are found by fetching the page again), or, while its page cannot be
had, the item's title, summary and link only (a placeholder the page replaces)."""

ImagePolicy = Literal["keep", "proxy", "local"]
"""keep: the original URLs; proxy: rewritten through an image proxy when cleaned;
local: the original URLs are stored, and the publish stage points to local copies."""


@dataclass(frozen=True)
class CleanOptions:
    """How one source's articles are cleaned."""

    images: ImagePolicy = "keep"
    image_proxy: str = "https://images.weserv.nl/?url={url_noscheme}"
    inert_links: str = ""  # regex: matching links become inert <ok href> elements


@dataclass(frozen=True)
class CleanArticle:
    """An article ready to store and publish: safe HTML, plain text, and its parts."""

    url: str
    title: str
    html: str
    text: str
    author: str = ""
    published: datetime | None = None
    lead_image: str = ""
    caption: str = ""
    lead_image_in_body: bool = False
    page_title: str = ""  # the page's own headline (not a revision's content: see extract)
    body_from: BodyOrigin = "page"  # not a revision's content either

    @property
    def content_key(self) -> tuple[str, ...]:
        """The fields whose change makes a new revision."""
        published = self.published.isoformat() if self.published else ""
        return (self.title, self.author, published, self.lead_image, self.caption, self.html)
