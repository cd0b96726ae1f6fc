#!/usr/bin/env python3
"""Rebuild src/newsmirror/demo/sample.warc.gz from the fixture inputs in tests/fixtures/seed/.

The WARC holds what the demo's two sources answer: a full-text DW feed (feedx), a
summary-only Epoch Times feed, and the Epoch Times article page it links to. Record ids
and dates are fixed, so rebuilding gives the same bytes.

Usage: python scripts/build_demo_warc.py
"""

from __future__ import annotations

import io
import tomllib
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "seed"
DEMO = ROOT / "src" / "newsmirror" / "demo"
ARTICLE_URL = "https://www.epochtimes.com/gb/22/1/10/n13495457.htm"


def responses() -> list[tuple[str, str, str, str]]:
    """(url, content type, fixture file, capture date) for each recorded response."""
    config = tomllib.loads((DEMO / "newsmirror.toml").read_text(encoding="utf-8"))
    urls = {source["name"]: source["url"] for source in config["sources"]}
    return [
        (urls["dw"], "application/rss+xml; charset=utf-8", "dw-feedx.xml",
         "2022-01-10T05:20:00Z"),
        (urls["epochtimes"], "application/rss+xml; charset=utf-8", "epochtimes-feed.xml",
         "2022-01-11T03:00:00Z"),
        (ARTICLE_URL, "text/html; charset=utf-8", "epochtimes-n13495457.html",
         "2022-01-11T03:00:01Z"),
    ]


def build(target: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, content_type, name, date in responses():
        body = (FIXTURES / name).read_bytes()
        http_headers = StatusAndHeaders(
            "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id},
        )
        writer.write_record(record)
    target.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    out = DEMO / "sample.warc.gz"
    build(out)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
