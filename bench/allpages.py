"""Every page of every shared corpus through ``newsmirror extract``: none may raise.

The pages: article-extraction-benchmark, chinese-web-content-extraction, newspaper4k-tests,
readability-test-pages and htmldate-mediacloud, as users run the command (``extract
--jsonl``, one process per corpus). Each page gives an article, is named a list
(``"kind": "list"``), or gives an error that says why (no text, not HTML); an
*exception* is an error newsmirror did not expect (``internal error …``), which must
never happen.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from bench.corpora import Missing, corpus
from bench.extraction import NEWSMIRROR, run_extractor
from bench.report import Section, versions


def corpora_pages() -> dict[str, dict[str, Path]]:
    """corpus → page id → path."""
    found: dict[str, dict[str, Path]] = {}
    for name, pattern in (("article-extraction-benchmark", "html/*.html.gz"),
                          ("chinese-web-content-extraction", "original/*.html"),
                          ("newspaper4k-tests", "tests/data/html/*.html"),
                          ("readability-test-pages", "test/test-pages/*/source.html"),
                          ("htmldate-mediacloud", "html/*.gz")):
        try:
            folder = corpus(name)
        except Missing:
            continue
        paths = sorted(folder.glob(pattern))
        found[name] = {str(path.relative_to(folder)): path for path in paths}
    if not found:
        raise Missing("no corpus found")
    return found


def outcome(record: dict[str, Any]) -> str:
    if "error" not in record:
        return "article"
    if record.get("kind") == "list":
        return "list"
    return "exception" if "internal error" in str(record["error"]) else "error"


def run() -> Section:
    section = Section("allpages", "Every corpus page: no exception",
                      "python -m bench allpages")
    section.add(f"Versions: {versions('newsmirror')}.", "", (__doc__ or "").split("\n\n")[1],
                "")
    rows: list[list[Any]] = []
    figures: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for name, pages in corpora_pages().items():
        records = run_extractor(NEWSMIRROR, pages).records
        counts = Counter(outcome(records.get(key, {"error": "internal error: no record"}))
                         for key in pages)
        errors = sorted(f"{key}: {records[key]['error']}" for key in pages
                        if key in records and outcome(records[key]) in ("error", "exception"))
        rows.append([name, len(pages), counts["article"], counts["list"], counts["error"],
                     counts["exception"]])
        figures[name] = {**counts, "pages": len(pages), "errors": errors}
        notes.extend(f"- {name} {line}" for line in errors)
    section.table(["corpus", "pages", "articles", "lists", "errors", "exceptions"], rows)
    section.add("Each error, with what it says:", "", *notes, "")
    section.figures = figures
    return section
