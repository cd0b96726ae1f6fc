"""What the clean stage takes and gives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

BodyOrigin = Literal["feed", "page", "summary"]
"""Where an article's body came from: its feed item (whose later edits the feed brings),
its page (whose edits are found by fetching the page again), or, while its page cannot be
had, the item's title, summary and link only (a placeholder the page replaces)."""

ImagePolicy = Literal["keep", "proxy", "local"]
"""How the pages show images (``publish.display``): keep the original URLs; proxy them
through an image proxy; local: point them to copies in the mirror. The archive keeps the
original URLs whatever the policy."""


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
        """The fields whose change makes a new revision, as the article says them: a
        link's ``title`` attribute, or an image moving from http to https, is no edit
        (and archives made before the archive was neutral could not keep them exactly)."""
        published = self.published.isoformat() if self.published else ""
        return (self.title, self.author, published, _https(self.lead_image), self.caption,
                _LINK_TITLE.sub(r"\1", self.html).replace('src="http://', 'src="https://'))


_LINK_TITLE = re.compile(r'(<a\b[^>]*?)\s+title="[^"]*"')


def _https(url: str) -> str:
    return "https://" + url[7:] if url.startswith("http://") else url
