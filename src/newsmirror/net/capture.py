"""Append every exchange of a run to a WARC file, so the run can be replayed later.

Each response the fetcher reads (redirect hops, 304s, errors and retried attempts too) is
written as a response record and a request record linked by WARC-Concurrent-To. The body
kept is the decoded one, so the headers that describe the wire encoding are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsmirror.dates import iso
from newsmirror.net.model import FetchResult

WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
# Never written down, even if a future caller sets them.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_REASONS = {status.value: status.phrase for status in HTTPStatus}


class WarcCapture:
    """A WARC file opened on the first record and appended to (gzip member per record)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: BinaryIO | None = None
        self._writer: WARCWriter | None = None

    def record(self, result: FetchResult, request_headers: Mapping[str, str]) -> None:
        """Write the request for ``result.final_url`` and the response ``result`` holds."""
        writer = self._open()
        warc_headers = {"WARC-Date": iso(result.fetched_at)}
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
        writer.write_request_response_pair(
            writer.create_warc_record(result.final_url, "request", http_headers=request,
                                      warc_headers_dict=warc_headers),
            writer.create_warc_record(result.final_url, "response",
                                      payload=io.BytesIO(result.body), length=len(result.body),
                                      http_headers=response, warc_headers_dict=warc_headers),
        )
        if self._handle is not None:
            self._handle.flush()

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
