"""The one article model the stages pass to each other.

The extract stage fills it from a page or a feed item (``method``, ``base_url`` say how);
the clean stage makes its HTML safe and neutral and reads its ``text``; the store keeps it
as revisions and gives it back with what the archive knows of it
(:class:`~newsmirror.store.model.StoredArticle`, :class:`~newsmirror.store.history.
Revision`: the same fields, and theirs); the outputs render it. One shape, so that a new
field of an article is added once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

BodyOrigin = Literal["feed", "page", "summary"]
"""Where an article's body came from: its feed item (whose later edits the feed brings),
its page (whose edits are found by fetching the page again), or, while its page cannot be
had, the item's title, summary and link only (a placeholder the page replaces)."""


@dataclass(frozen=True)
class Article:
    """An article: its parts, its body as HTML and as plain text."""

    url: str
    title: str
    html: str
    text: str = ""  # read from the HTML by the clean stage
    author: str = ""
    published: datetime | None = None
    lead_image: str = ""
    caption: str = ""
    lead_image_in_body: bool = False
    # The headline the page itself gives, whatever the feed called it: a re-check tells an
    # edited title by it ('' when the article did not come from a page). Not a revision's
    # content, nor are the fields below.
    page_title: str = ""
    body_from: BodyOrigin = "page"
    method: str = ""  # the extraction step that found the body: rule, generic, feed
    base_url: str = ""  # what relative URLs in ``html`` are relative to (default: url)

    @property
    def content_key(self) -> tuple[str, ...]:
        """The fields whose change makes a new revision, as the article says them: a
        link's ``title`` attribute, or an image moving from http to https, is no edit
        (and archives made before the archive was neutral could not keep them exactly)."""
        # the moment, not the offset it is written in (kept in UTC before offsets were)
        published = self.published.astimezone(UTC).isoformat() if self.published else ""
        return (self.title, self.author, published, _https(self.lead_image), self.caption,
                _LINK_TITLE.sub(r"\1", self.html).replace('src="http://', 'src="https://'))


_LINK_TITLE = re.compile(r'(<a\b[^>]*?)\s+title="[^"]*"')


def _https(url: str) -> str:
    return "https://" + url[7:] if url.startswith("http://") else url
