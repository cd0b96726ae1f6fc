"""Which archived articles a run fetches again: by the schedule; a page that answered
"gone" once, as soon as an answer would confirm it (``removal``); a placeholder, when its
item's next try is due (``backoff.item_retry``)."""

from __future__ import annotations

from datetime import datetime

from newsmirror.recheck.removal import removal_confirmed
from newsmirror.recheck.schedule import Step, is_due
from newsmirror.store.model import ArchivedPage


def is_page_due(page: ArchivedPage, at: datetime, schedule: tuple[Step, ...]) -> bool:
    """Whether ``page`` should be fetched again at ``at``."""
    if page.body_from == "summary":
        return page.retry_at is not None and at >= page.retry_at
    if page.missing_since is not None and page.removed_at is None:
        return removal_confirmed(page.missing_since, at)
    return is_due(page.first_seen, page.last_checked, at, schedule)
