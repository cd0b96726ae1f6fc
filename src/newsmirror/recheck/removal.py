"""When a page that answers "gone" is marked removed at source.

One answer is not enough: a CMS that is being deployed, a cache that lost a page or a
load balancer that routes to the wrong pool answers 404 for minutes and then serves the
article again. A first "gone" answer (404, 410, a redirect to a home or section page) is
noted; the page is fetched again once ``CONFIRM_REMOVAL_AFTER`` has passed, whatever the
schedule says, and only a second "gone" answer marks the article removed — as of the
first one. Removed articles stay on the schedule: a page that comes back is restored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

CONFIRM_REMOVAL_AFTER = timedelta(hours=1)


def removal_confirmed(missing_since: datetime | None, at: datetime) -> bool:
    """Whether a "gone" answer at ``at`` confirms the one first seen at ``missing_since``."""
    return missing_since is not None and at - missing_since >= CONFIRM_REMOVAL_AFTER
