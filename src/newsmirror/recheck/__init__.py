"""Re-checks: when an archived article is fetched again (``schedule``, ``due``), when a
page that answers "gone" is removed (``removal``), and what counts as an edit (``furniture``,
imported from its module: it loads lxml, which the configuration loader does not need).
Names load with their module on first use: the configuration loader needs ``schedule``
only, and ``due`` loads the archive's model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsmirror.lazy import exports

if TYPE_CHECKING:
    from newsmirror.recheck.due import is_page_due
    from newsmirror.recheck.removal import CONFIRM_REMOVAL_AFTER, removal_confirmed
    from newsmirror.recheck.schedule import Step, horizon, is_due, parse_schedule

__all__ = ["CONFIRM_REMOVAL_AFTER", "Step", "horizon", "is_due", "is_page_due",
           "parse_schedule", "removal_confirmed"]
__getattr__ = exports(__name__, {
    "is_page_due": "due", "CONFIRM_REMOVAL_AFTER": "removal", "removal_confirmed": "removal",
    "Step": "schedule", "horizon": "schedule", "is_due": "schedule",
    "parse_schedule": "schedule",
})
