"""The only part of newsmirror that touches the network.

:class:`HttpFetcher` fetches live (and records every response in a WARC file when given a
:class:`WarcCapture`); :class:`ReplayFetcher` answers from WARC files instead. Both raise
:class:`~newsmirror.errors.FetchError` for any failure, with a message fit for ``status``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from newsmirror.lazy import exports
from newsmirror.net.model import FetchResult, FetchSettings

if TYPE_CHECKING:
    from newsmirror.net.capture import WarcCapture
    from newsmirror.net.http import HttpFetcher, redact
    from newsmirror.net.replay import ReplayFetcher

__all__ = [
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "HttpFetcher",
    "ReplayFetcher",
    "WarcCapture",
    "redact",
]
__getattr__ = exports(__name__, {
    "WarcCapture": "capture", "HttpFetcher": "http", "redact": "http",
    "ReplayFetcher": "replay",
})


class Fetcher(Protocol):
    """What the pipeline needs of a fetcher."""

    async def fetch(self, url: str) -> FetchResult: ...

    async def aclose(self) -> None: ...
