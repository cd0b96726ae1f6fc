"""One extractor over many pages, in a process of its own: ``python -m bench.peers TOOL LIST``.

LIST is a JSON file of ``{"id", "path"}``; one JSON line per page is printed: ``id``,
``text``, ``title``, ``author``, ``date`` (htmldate gives the date only). newsmirror is
not run from here but through its own command, ``newsmirror extract --jsonl`` (see
``bench.extraction``), so that the code path measured is the one users run.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from lxml.html import HtmlElement

Extractor = Callable[[bytes], dict[str, Any]]


def read_page(path: str) -> bytes:
    data = Path(path).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _trafilatura(**options: Any) -> Extractor:
    import trafilatura

    def extract(page: bytes) -> dict[str, Any]:
        document = trafilatura.bare_extraction(page, with_metadata=True,
                                               include_comments=False, **options)
        if document is None or isinstance(document, dict):
            return {"text": ""}
        return {"text": document.text or "", "title": document.title or "",
                "author": document.author or "", "date": document.date or ""}

    return extract


def _readability() -> Extractor:
    import lxml.html
    from readability import Document
    from trafilatura.utils import decode_file

    def extract(page: bytes) -> dict[str, Any]:
        # readability-lxml takes text only: decoded the way trafilatura decodes.
        document = Document(decode_file(page))
        summary = cast(HtmlElement, lxml.html.fromstring(document.summary(html_partial=True)))
        blocks = [" ".join(b.text_content().split()) for b in summary.iter("p", "h1", "h2",
                                                                            "h3", "li", "pre")]
        text = "\n".join(b for b in blocks if b) or summary.text_content()
        return {"text": text, "title": document.short_title() or ""}

    return extract


def _htmldate(*, extensive: bool) -> Extractor:
    import logging

    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    def extract(page: bytes) -> dict[str, Any]:
        # the page's bytes, no URL: how the set's published figures were measured
        return {"text": "", "date": find_date(page, extensive_search=extensive,
                                              original_date=True) or ""}

    return extract


TOOLS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": lambda: _trafilatura(),
    "trafilatura (favor_recall)": lambda: _trafilatura(favor_recall=True),
    "readability-lxml": _readability,
    "htmldate (extensive)": lambda: _htmldate(extensive=True),
    "htmldate (fast)": lambda: _htmldate(extensive=False),
}


def main(tool: str, listing: str) -> None:
    extract = TOOLS[tool]()
    for page in json.loads(Path(listing).read_text(encoding="utf-8")):
        try:
            result = extract(read_page(page["path"]))
        except Exception as exc:
            result = {"text": "", "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps({"id": page["id"], **result}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
