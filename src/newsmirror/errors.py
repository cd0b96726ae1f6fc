"""The exceptions newsmirror raises, one per kind of failure.

    NewsmirrorError
     ├── ConfigError    the mirror folder or newsmirror.toml is wrong: fix the file
     ├── FetchError     a URL could not be fetched (network, HTTP status, limits)
     │    └── RefusedError   an answer refused on purpose: asking again gets the same
     ├── ParseError     a feed or listing page could not be read
     ├── ExtractError   no article could be found in a page
     │    └── NotAnArticleError   the page is a list of links (a section front, an index)
     ├── StoreError     the database refused a write or is from a newer version
     └── LockedError    another run holds this mirror

Each message says what went wrong and, where it can, what to do. A failure of one source
or item is recorded (``newsmirror status``) and never stops the run.
"""

from __future__ import annotations


class NewsmirrorError(Exception):
    """Base class of every error newsmirror raises on purpose."""


class ConfigError(NewsmirrorError):
    """The configuration is invalid; the message names the file and the key."""


class FetchError(NewsmirrorError):
    """A fetch failed. ``status`` is the HTTP status when the server answered;
    ``retry_after`` the seconds the server asked to wait (429/503 Retry-After), if it did."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.retry_after = retry_after


class RefusedError(FetchError):
    """A fetch refused on purpose, not by bad luck: a body over the size limit or not of
    the kind asked for, an address the guard does not allow. Trying again later is
    pointless (a local image copy is not attempted again, say)."""


class ParseError(NewsmirrorError):
    """A feed or listing could not be parsed into entries."""


class ExtractError(NewsmirrorError):
    """No article body could be extracted from a page."""


class NotAnArticleError(ExtractError):
    """The page is a list of links, not an article: a section front, a forum's index, a
    blog's list of posts. ``kind`` names what it is. Asking again gets the same."""

    kind = "list"


class StoreError(NewsmirrorError):
    """The store could not be opened or written."""


class LockedError(NewsmirrorError):
    """Another process holds the mirror's lock."""


def describe(exc: Exception) -> str:
    """What to record of a failure: our own errors say it themselves; anything else is a
    bug, shown as one."""
    if isinstance(exc, NewsmirrorError):
        return str(exc) or type(exc).__name__
    return f"internal error ({type(exc).__name__}: {exc}); please report it"
