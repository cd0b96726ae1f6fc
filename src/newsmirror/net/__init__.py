"""The only part of newsmirror that touches the network.

:class:`HttpFetcher` fetches live (and records every response in a WARC file when given a
:class:`WarcCapture`); :class:`ReplayFetcher` answers from WARC files instead. Both raise
:class:`~newsmirror.errors.FetchError` for any failure, with a message fit for ``status``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from newsmirror.lazy import exports
from newsmirror.net.model import (
    BodyLimit,
    Expect,
    FetchResult,
    FetchSettings,
    Redirect,
    Validators,
    redact,
)

if TYPE_CHECKING:
    from newsmirror.net.capture import WarcCapture
    from newsmirror.net.http import HttpFetcher
    from newsmirror.net.replay import ReplayFetcher

__all__ = [
    "BodyLimit",
    "Expect",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "HttpFetcher",
    "Redirect",
    "ReplayFetcher",
    "Validators",
    "WarcCapture",
    "redact",
]
__getattr__ = exports(__name__, {
    "WarcCapture": "capture", "HttpFetcher": "http",
    "ReplayFetcher": "replay",
})


class Fetcher(Protocol):
    """What the pipeline needs of a fetcher (both take the same keywords; replay ignores
    ``proxy`` and ``robots``)."""

    async def fetch(self, url: str, *, validators: Validators | None = None,
                    expect: Expect = "any", proxy: str | None = None,
                    robots: bool = False, limit: BodyLimit | None = None) -> FetchResult: ...

    async def aclose(self) -> None: ...
