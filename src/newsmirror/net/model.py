"""What the net stage takes and gives."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from newsmirror import __version__

DEFAULT_USER_AGENT = f"newsmirror/{__version__} (+https://github.com/newsmirror/newsmirror)"

Expect = Literal["feed", "page", "image", "any"]
"""What the caller means to do with a body; a body that cannot be that is a FetchError."""

_CREDENTIALS = re.compile(r"(?<=://)[^/\s]*@")  # to the last @: passwords may hold one
_PERMANENT = frozenset({301, 308})


def redact(text: str) -> str:
    """Remove ``user:password@`` from any URL in ``text`` (proxy credentials above all)."""
    return _CREDENTIALS.sub("***@", text)


def split_address(address: str, default_port: int) -> tuple[str, int]:
    """``host``, ``host:port`` or ``[v6]:port`` → (host, port)."""
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default_port
    if address.count(":") == 1:
        host, port = address.split(":")
        return host, int(port)
    return address, default_port


@dataclass(frozen=True)
class FetchSettings:
    """How requests are made; ``[network]`` in newsmirror.toml."""

    concurrency: int = 8
    per_host: int = 2
    host_delay: float = 1.0
    connect_timeout: float = 10.0
    timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 20_000_000
    max_redirects: int = 10
    attempts: int = 3
    retry_backoff: float = 1.0
    retry_max_wait: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    proxy: str = field(default="", repr=False)  # may hold credentials
    allow_private: bool = False
    ca_bundle: str = ""
    resolve: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BodyLimit:
    """The largest body one fetch accepts, and the setting that chose it (named when a
    body is refused): ``network.max_bytes`` unless the caller asks for less or more."""

    bytes: int
    setting: str


@dataclass(frozen=True)
class Validators:
    """What a server said identifies a response's version (ETag, Last-Modified), sent back
    as If-None-Match / If-Modified-Since so that an unchanged resource costs a 304."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Redirect:
    """One redirect hop that was followed: from ``url`` with ``status`` to ``location``."""

    url: str
    status: int
    location: str

    @property
    def permanent(self) -> bool:
        return self.status in _PERMANENT


@dataclass(frozen=True)
class FetchResult:
    """A response: where it came from, its status, headers (lower-case names) and body.

    ``redirects`` are the hops followed from ``url`` to ``final_url``. A 304 (the
    validators sent still hold) is a result with an empty body, not an error.
    """

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: datetime
    redirects: tuple[Redirect, ...] = ()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def validators(self) -> Validators:
        """The response's ETag and Last-Modified (on a 304: those sent, unless renewed)."""
        return Validators(etag=self.headers.get("etag") or None,
                          last_modified=self.headers.get("last-modified") or None)

    @property
    def moved_permanently(self) -> bool:
        """Every hop was a 301 or 308: ``final_url`` is the resource's new address."""
        return bool(self.redirects) and all(hop.permanent for hop in self.redirects)
