"""Answer fetches from WARC files instead of the network (``run --replay``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from urllib.parse import urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsmirror.dates import from_iso, now
from newsmirror.errors import FetchError
from newsmirror.net.model import FetchResult
from newsmirror.urls import canonical_url

_MAX_REDIRECTS = 10
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class _Recorded:
    status: int
    headers: dict[str, str]
    body: bytes
    date: str


class ReplayFetcher:
    """Serves each URL's last recorded response, following recorded redirects."""

    def __init__(self, paths: list[Path]) -> None:
        self._responses: dict[str, _Recorded] = {}
        for path in paths:
            self._load(path)

    @property
    def urls(self) -> list[str]:
        return sorted({u for u in self._responses if "://" in u})

    def _load(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                for record in ArchiveIterator(handle):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    recorded = _Recorded(
                        status=int(record.http_headers.get_statuscode() or 0),
                        headers={k.lower(): v for k, v in record.http_headers.headers
                                 if k.lower() not in _WIRE_HEADERS},
                        body=record.content_stream().read(),
                        date=record.rec_headers.get_header("WARC-Date") or "",
                    )
                    self._responses[uri] = recorded
                    self._responses.setdefault(canonical_url(uri), recorded)
        except (OSError, ArchiveLoadFailed) as exc:
            raise FetchError(f"cannot read WARC file {path}: {exc}") from exc

    async def fetch(self, url: str) -> FetchResult:
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            recorded = self._responses.get(current) or self._responses.get(canonical_url(current))
            if recorded is None:
                raise FetchError("not in the replayed archive", url=url)
            location = recorded.headers.get("location")
            if 300 <= recorded.status < 400 and location:
                current = urljoin(current, location)
                continue
            result = FetchResult(
                url=url, final_url=current, status=recorded.status, headers=recorded.headers,
                body=recorded.body, fetched_at=from_iso(recorded.date) or now(),
            )
            if recorded.status >= 400:
                raise FetchError(f"HTTP {recorded.status}", url=url, status=recorded.status)
            return result
        raise FetchError(f"more than {_MAX_REDIRECTS} redirects", url=url)

    async def aclose(self) -> None:
        """Nothing to release; present so both fetchers are used the same way."""

    async def __aenter__(self) -> ReplayFetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()
