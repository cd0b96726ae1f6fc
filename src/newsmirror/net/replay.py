"""Answer fetches from WARC files instead of the network (``run --replay``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsmirror.dates import from_iso, now
from newsmirror.errors import FetchError, RefusedError
from newsmirror.net.capture import WIRE_HEADERS, payload_digest
from newsmirror.net.content import check_body
from newsmirror.net.model import BodyLimit, Expect, FetchResult, Validators
from newsmirror.net.redirects import REDIRECT_STATUSES, RedirectChain
from newsmirror.urls import canonical_url

_MAX_REDIRECTS = 20


@dataclass(frozen=True)
class _Recorded:
    status: int
    headers: dict[str, str]
    body: bytes
    date: str


class ReplayFetcher:
    """Serves each URL's last recorded response, following recorded redirects. A revisit
    record (a payload captured before) is served with the payload of the capture it
    refers to, found by its digest in any of the files given."""

    def __init__(self, paths: list[Path]) -> None:
        self._responses: dict[str, _Recorded] = {}
        payloads: dict[str, bytes] = {}
        records: list[tuple[str, _Recorded, str]] = []  # in order: uri, record, digest
        for path in paths:
            records += self._load(path, payloads)
        for uri, recorded, digest in records:
            if digest:  # a revisit: the payload it stands for
                body = payloads.get(digest)
                if body is None:
                    continue  # its original is not among the files: as if never captured
                recorded = dataclasses.replace(recorded, body=body)
            self._keep(uri, recorded)
            self._keep(canonical_url(uri), recorded, alias=True)

    @property
    def urls(self) -> list[str]:
        return sorted({u for u in self._responses if "://" in u})

    @staticmethod
    def _load(path: Path, payloads: dict[str, bytes]) -> list[tuple[str, _Recorded, str]]:
        """The file's responses and revisits; its payloads by digest into ``payloads``."""
        records = []
        try:
            with path.open("rb") as handle:
                for record in ArchiveIterator(handle):
                    if record.rec_type not in ("response", "revisit") \
                            or record.http_headers is None:
                        continue
                    body = record.content_stream().read()
                    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
                    if record.rec_type == "response":
                        payloads[payload_digest(body)] = body
                        digest = ""
                    records.append((record.rec_headers.get_header("WARC-Target-URI"), _Recorded(
                        status=int(record.http_headers.get_statuscode() or 0),
                        headers={k.lower(): v for k, v in record.http_headers.headers
                                 if k.lower() not in WIRE_HEADERS},
                        body=body, date=record.rec_headers.get_header("WARC-Date") or "",
                    ), digest))
        except (OSError, ArchiveLoadFailed) as exc:
            raise FetchError(f"cannot read WARC file {path}: {exc}") from exc
        return records

    def _keep(self, key: str, recorded: _Recorded, alias: bool = False) -> None:
        """The last response wins, except that a 304 (no body) never hides a full one."""
        known = self._responses.get(key)
        if known is not None and (alias or (recorded.status == 304 and known.status != 304)):
            return
        self._responses[key] = recorded

    async def fetch(self, url: str, *, validators: Validators | None = None,
                    expect: Expect = "any", proxy: str | None = None,
                    robots: bool = False, limit: BodyLimit | None = None) -> FetchResult:
        """The recorded answer for ``url``, as :meth:`HttpFetcher.fetch` gave it; a 304 when
        ``validators`` match the recorded ones; a recorded body over ``limit`` is refused.
        ``proxy`` and ``robots`` do not apply."""
        chain = RedirectChain(url, _MAX_REDIRECTS)
        current = url
        while True:
            recorded = self._responses.get(current) or self._responses.get(canonical_url(current))
            if recorded is None:
                raise FetchError("not in the replayed archive", url=url)
            if recorded.status not in REDIRECT_STATUSES:
                break
            current = chain.follow(current, recorded.status, recorded.headers.get("location", ""))
        result = FetchResult(
            url=url, final_url=current, status=recorded.status, headers=recorded.headers,
            body=recorded.body, fetched_at=from_iso(recorded.date) or now(),
            redirects=tuple(chain.hops),
        )
        if recorded.status >= 400:
            raise FetchError(f"HTTP {recorded.status}", url=url, status=recorded.status)
        if limit is not None and len(recorded.body) > limit.bytes:
            raise RefusedError(f"body of {len(recorded.body):,} bytes is over the limit of "
                               f"{limit.bytes:,} ({limit.setting})", url=url)
        if validators and recorded.status != 304 and _unchanged(validators, result.validators):
            return dataclasses.replace(result, status=304, body=b"")
        if not result.not_modified:
            check_body(expect, result.content_type, result.body)
        return result

    async def aclose(self) -> None:
        """Nothing to release; present so both fetchers are used the same way."""

    async def __aenter__(self) -> ReplayFetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()


def _unchanged(sent: Validators, recorded: Validators) -> bool:
    """Would the server have answered 304? (Either validator matching, as servers do.)"""
    return bool((sent.etag and sent.etag == recorded.etag)
                or (sent.last_modified and sent.last_modified == recorded.last_modified))
