"""What the net stage takes and gives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from newsmirror import __version__

DEFAULT_USER_AGENT = f"newsmirror/{__version__} (+https://github.com/newsmirror/newsmirror)"


@dataclass(frozen=True)
class FetchSettings:
    """How requests are made; ``[network]`` in newsmirror.toml."""

    concurrency: int = 8
    timeout: float = 30.0
    max_bytes: int = 20_000_000
    user_agent: str = DEFAULT_USER_AGENT
    proxy: str = ""
    ca_bundle: str = ""
    resolve: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FetchResult:
    """A response: where it came from, its status, headers (lower-case names) and body."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: datetime

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")
