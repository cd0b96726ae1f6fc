"""Append every response of a run to a WARC file, so the run can be replayed later."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsmirror.dates import iso
from newsmirror.net.model import FetchResult

# The body we keep is already decoded, so headers about the wire encoding would lie.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other",
            304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect"}


class WarcCapture:
    """A WARC file opened on the first record and appended to (gzip member per record)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: BinaryIO | None = None
        self._writer: WARCWriter | None = None

    def record(self, result: FetchResult, request_headers: Mapping[str, str]) -> None:
        """Write the request and the response of ``result``."""
        writer = self._open()
        date = iso(result.fetched_at)
        parts = urlsplit(result.final_url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = StatusAndHeaders(
            f"GET {target} HTTP/1.1",
            [("Host", parts.netloc), *request_headers.items()],
            is_http_request=True,
        )
        writer.write_record(writer.create_warc_record(
            result.final_url, "request", http_headers=request,
            warc_headers_dict={"WARC-Date": date},
        ))
        headers = [(k, v) for k, v in result.headers.items() if k.lower() not in _WIRE_HEADERS]
        headers.append(("Content-Length", str(len(result.body))))
        reason = _REASONS.get(result.status, "")
        response = StatusAndHeaders(f"{result.status} {reason}".strip(), headers,
                                    protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            result.final_url, "response", payload=io.BytesIO(result.body),
            length=len(result.body), http_headers=response,
            warc_headers_dict={"WARC-Date": date},
        ))
        if self._handle is not None:
            self._handle.flush()

    def record_redirect(self, url: str, status: int, location: str, result: FetchResult) -> None:
        """Write a redirect hop so that replay follows it as the live run did."""
        hop = FetchResult(url=url, final_url=url, status=status,
                          headers={"location": location}, body=b"",
                          fetched_at=result.fetched_at)
        self.record(hop, {})

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
