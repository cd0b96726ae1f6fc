"""Re-checks: when an archived article is fetched again (``schedule``, ``due``), when a
page that answers "gone" is removed (``removal``), and what counts as an edit (``furniture``,
imported from its module: it loads lxml, which the configuration loader does not need)."""

from newsmirror.recheck.due import is_page_due
from newsmirror.recheck.removal import CONFIRM_REMOVAL_AFTER, removal_confirmed
from newsmirror.recheck.schedule import Step, horizon, is_due, parse_schedule

__all__ = ["CONFIRM_REMOVAL_AFTER", "Step", "horizon", "is_due", "is_page_due",
           "parse_schedule", "removal_confirmed"]
