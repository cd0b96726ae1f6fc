"""Append every exchange of a run to a WARC file, so the run can be replayed later.

Each response the fetcher reads (redirect hops, 304s, errors and retried attempts too) is
written as a response record and a request record linked by WARC-Concurrent-To. The body
kept is the decoded one, so the headers that describe the wire encoding are dropped.

A payload captured before (the same feed, an unchanged page fetched again by a re-check)
is written as a ``revisit`` record (WARC 1.1, identical-payload-digest) that refers to the
first capture: headers only, so that a mirror's captures grow with what is new, not with
how often it looks. A :class:`CaptureIndex` (the archive's, kept by the store) knows which
payloads were captured, where, and which capture of each URL is the latest.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsmirror.dates import iso
from newsmirror.net.model import FetchResult

WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
# Never written down, even if a future caller sets them.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_REASONS = {status.value: status.phrase for status in HTTPStatus}
# Smaller payloads (redirects, 304s, error pages) are written whole: a revisit record's
# headers would weigh as much.
REVISIT_MIN_BYTES = 512


class CaptureIndex(Protocol):
    """What a capture knows of the captures before it (the store keeps it)."""

    def original(self, digest: str) -> tuple[str, str] | None:
        """The URL and WARC-Date of the capture that holds this payload, if one is kept."""

    def recorded(self, uri: str, digest: str, file: str, date: str, *, revisit: bool,
                 needed: bool) -> None:
        """A record was written; ``needed``: a replay would need it (not an image)."""


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of ``body``, as warcio writes it: SHA-1, base 32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()  # noqa: S324


class WarcCapture:
    """A WARC file opened on the first record and appended to (gzip member per record)."""

    def __init__(self, path: Path, index: CaptureIndex | None = None) -> None:
        self.path = path
        self._index = index
        self._handle: BinaryIO | None = None
        self._writer: WARCWriter | None = None

    def record(self, result: FetchResult, request_headers: Mapping[str, str]) -> None:
        """Write the request for ``result.final_url`` and the response ``result`` holds."""
        writer = self._open()
        date = iso(result.fetched_at) or ""
        warc_headers = {"WARC-Date": date}
        parts = urlsplit(result.final_url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = [(k, v) for k, v in request_headers.items()
                if k.lower() not in _SECRET_HEADERS and k.lower() != "host"]
        request = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc), *sent],
                                   is_http_request=True)
        headers = [(k, v) for k, v in result.headers.items() if k.lower() not in WIRE_HEADERS]
        headers.append(("Content-Length", str(len(result.body))))
        reason = _REASONS.get(result.status, "")
        response = StatusAndHeaders(f"{result.status} {reason}".strip(), headers,
                                    protocol="HTTP/1.1")
        digest = payload_digest(result.body)
        original = (self._index.original(digest) if self._index is not None
                    and len(result.body) >= REVISIT_MIN_BYTES else None)
        if original is not None:
            record = writer.create_revisit_record(
                result.final_url, digest, original[0], original[1], http_headers=response,
                warc_headers_dict=warc_headers)
        else:
            record = writer.create_warc_record(
                result.final_url, "response", payload=io.BytesIO(result.body),
                length=len(result.body), http_headers=response, warc_headers_dict=warc_headers)
        writer.write_request_response_pair(
            writer.create_warc_record(result.final_url, "request", http_headers=request,
                                      warc_headers_dict=warc_headers), record)
        if self._handle is not None:
            self._handle.flush()
        if self._index is not None:
            self._index.recorded(result.final_url, digest, self.path.name, date,
                                 revisit=original is not None,
                                 needed=not result.content_type.startswith("image/"))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            self._writer = None

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("ab")
            self._writer = WARCWriter(self._handle, gzip=True)
        return self._writer
