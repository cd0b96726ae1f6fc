"""What the store gives back: articles as last archived, and the health of each source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsmirror.article import Article, BodyOrigin


@dataclass(frozen=True, kw_only=True)
class StoredArticle(Article):
    """An article with its latest revision, and what the archive knows of it."""

    id: str
    source: str
    first_seen: datetime
    path_date: datetime
    revision: int
    fetched_at: datetime
    removed_at: datetime | None = None  # the origin deleted it ("removed at source")
    removed_reason: str = ""


@dataclass(frozen=True)
class ArchivedPage:
    """An archived article as a re-check sees it: where it is, when it was last fetched,
    where its body came from, and whether its page is gone (``missing_since``: a first
    "gone" answer not yet confirmed; ``removed_at``: confirmed)."""

    id: str
    source: str
    url: str
    first_seen: datetime
    last_checked: datetime
    body_from: BodyOrigin = "page"
    missing_since: datetime | None = None
    removed_at: datetime | None = None
    # A placeholder's next try (body_from = "summary"); None: given up, or not failing.
    retry_at: datetime | None = None


@dataclass(frozen=True)
class SaveOutcome:
    """What saving an article did: ``new_revision`` is False when nothing changed."""

    article_id: str
    revision: int
    new_article: bool
    new_revision: bool
    restored: bool = False  # it was removed at source, and its page answered again
    completed: bool = False  # the article replaced the placeholder its item had been


@dataclass(frozen=True)
class SourceHealth:
    """A source's record: when it last worked, when and why it last failed, its counts."""

    name: str
    url: str
    title: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str
    consecutive_failures: int
    articles: int
    revisions: int
    recent_item_errors: tuple[str, ...] = ()
    failing_items: int = 0  # items whose page failed, to be tried again
    given_up_items: int = 0  # items whose page failed too often: placeholders for good
    next_check_at: datetime | None = None  # backing off after failures: not before this
    moved_to: str = ""  # where the source's URL redirects for good


@dataclass(frozen=True)
class PushRecord:
    """A git remote's last push of the mirror (its address shown without credentials)."""

    remote: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_commit: str  # the commit the remote last took ('' before its first success)
    last_error_at: datetime | None
    last_error: str
    consecutive_failures: int


@dataclass(frozen=True)
class CachedResponse:
    """What a URL last answered, for a conditional request and a did-it-change check."""

    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""


@dataclass(frozen=True)
class ImageCopy:
    """A local copy of an image (images = "local"): its bytes' SHA-256, format and size."""

    sha256: str
    media_type: str
    extension: str
    bytes: int


@dataclass(frozen=True)
class RevisionImages:
    """Where one archived revision shows images: its HTML and its lead image."""

    revision: int
    html: str
    lead_image: str
    article_id: str = ""


@dataclass(frozen=True)
class ImageSummary:
    """How the local image copies stand: copied, not copied, and the latest reasons why
    (URL, message), newest first."""

    copied: int
    missing: int
    failures: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ItemFailure:
    """An item whose article could not be had: how often and since when it failed, why,
    and when it is tried again (None: given up)."""

    source: str
    url: str
    attempts: int
    first_failed_at: datetime
    last_failed_at: datetime
    next_attempt_at: datetime | None
    last_error: str
    http_status: int | None = None
