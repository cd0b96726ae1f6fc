"""Article body quality and speed, newsmirror against the peers, in one run.

1. The metric is proved first: scored on article-extraction-benchmark's own ``output/``
   files it must give the published F1 of trafilatura, readability.js and rs_trafilatura.
2. Then every extractor runs, one process each, over the same pages of three corpora and
   is scored with that metric: newsmirror through ``newsmirror extract --jsonl`` (the
   code path users run), trafilatura (default and ``favor_recall``), readability-lxml.
3. Speed is pages per second of each whole process (start-up included) on the 181 pages
   of article-extraction-benchmark, the fastest of three rounds in which the tools take
   turns, and its peak memory (max RSS).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpora import Missing, corpus
from bench.metric import Scores, score
from bench.peers import TOOLS
from bench.report import Section, versions

PUBLISHED_F1 = {"trafilatura": 0.958, "readability_js": 0.947, "rs_trafilatura": 0.970}
NEWSMIRROR = "newsmirror"
EXTRACTORS = (NEWSMIRROR, *(tool for tool in TOOLS if not tool.startswith("htmldate")))
SPEED_ROUNDS = 3


@dataclass(frozen=True)
class Dataset:
    """Pages (id → path) and the expected body text of each."""

    name: str
    pages: dict[str, Path]
    truths: dict[str, str]


@dataclass(frozen=True)
class Run:
    """One extractor's process over one dataset."""

    records: dict[str, dict[str, Any]]
    seconds: float
    max_rss_mb: float


def prove_metric() -> dict[str, tuple[float, float]]:
    """tool → (published F1, our F1 on its published output)."""
    folder = corpus("article-extraction-benchmark")
    truths = _aeb_truths(folder)
    proved = {}
    for tool, published in PUBLISHED_F1.items():
        output = json.loads((folder / "output" / f"{tool}.json").read_text(encoding="utf-8"))
        output = output.get("output", output)
        predictions = {key: (value or {}).get("articleBody", "") for key, value in output.items()}
        proved[tool] = (published, score(truths, predictions).f1)
    return proved


def _aeb_truths(folder: Path) -> dict[str, str]:
    ground = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value["articleBody"] for key, value in ground.items()}


def article_extraction_benchmark() -> Dataset:
    folder = corpus("article-extraction-benchmark")
    truths = _aeb_truths(folder)
    return Dataset("article-extraction-benchmark", {
        key: folder / "html" / f"{key}.html.gz" for key in truths}, truths)


def chinese_web_content() -> Dataset:
    folder = corpus("chinese-web-content-extraction")
    truths = {path.stem: path.read_text(encoding="utf-8", errors="replace")
              for path in sorted((folder / "cleaned").glob("*.txt"))}
    pages = {key: folder / "original" / f"{key}.html" for key in truths}
    return Dataset("chinese-web-content-extraction",
                   {k: p for k, p in pages.items() if p.exists()},
                   {k: t for k, t in truths.items() if pages[k].exists()})


def newspaper4k() -> Dataset:
    folder = corpus("newspaper4k-tests") / "tests" / "data"
    truths = {path.stem: path.read_text(encoding="utf-8", errors="replace")
              for path in sorted((folder / "txt").glob("*.txt"))}
    pages = {key: folder / "html" / f"{key}.html" for key in truths}
    return Dataset("newspaper4k-tests", {k: p for k, p in pages.items() if p.exists()},
                   {k: t for k, t in truths.items() if pages[k].exists()})


def run_extractor(tool: str, pages: dict[str, Path], timezone: str | None = None) -> Run:
    """Run one extractor over ``pages`` in a fresh process; time it and its memory.
    ``timezone`` is newsmirror's ``--timezone`` (``""``: UTC), when given."""
    with tempfile.TemporaryDirectory() as scratch:
        listing = Path(scratch) / "pages.json"
        listing.write_text(json.dumps([{"id": key, "path": str(path)}
                                       for key, path in pages.items()]), encoding="utf-8")
        if tool == NEWSMIRROR:
            zone = [] if timezone is None else ["--timezone", timezone]
            command = [sys.executable, "-m", "newsmirror", "extract", "--jsonl", *zone,
                       *(str(path) for path in pages.values())]
        else:
            command = [sys.executable, "-m", "bench.peers", tool, str(listing)]
        return _timed(tool, command, pages)


def _timed(tool: str, command: list[str], pages: dict[str, Path]) -> Run:
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, cwd=Path(__file__).parent.parent)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        lines = output.read().decode("utf-8").splitlines()
    by_path = {str(path): key for key, path in pages.items()}
    records = {}
    for line in lines:
        record = json.loads(line)
        key = record.get("id") or by_path[record["path"]]
        records[key] = record
    if process.returncode not in (0, 1):  # 1: newsmirror's "some inputs failed"
        raise RuntimeError(f"{tool} exited with {process.returncode}")
    return Run(records, seconds, usage.ru_maxrss / 1024)


def readability_pages() -> Dataset:
    """readability-test-pages, each scored against readability.js's own output (its
    ``expected.html``): pages of every kind (blogs, docs, wikis, odd markup), not only
    news, so not a ground truth but a check of recall beyond news sites."""
    import lxml.html

    folder = corpus("readability-test-pages") / "test" / "test-pages"
    pages, truths = {}, {}
    for case in sorted(p for p in folder.iterdir() if (p / "expected.html").is_file()):
        expected = lxml.html.fromstring((case / "expected.html").read_text(encoding="utf-8"))
        truths[case.name] = "\n".join(str(t).strip() for t in expected.itertext()
                                      if str(t).strip())
        pages[case.name] = case / "source.html"
    return Dataset("readability-test-pages (readability.js output as reference)", pages,
                   truths)


def run() -> Section:
    section = Section("extraction", "Article extraction: body quality and speed",
                      "python -m bench extraction")
    section.add(f"Versions: {versions('newsmirror', 'trafilatura', 'readability-lxml')}.", "")
    _metric_proof(section)
    datasets = []
    for build in (article_extraction_benchmark, chinese_web_content, newspaper4k,
                  readability_pages):
        try:
            datasets.append(build())
        except Missing as exc:
            section.add(f"Skipped: {exc}.", "")
    if not datasets:
        raise Missing("none of the extraction corpora is present")
    runs: dict[tuple[str, str], Run] = {}
    for dataset in datasets:
        for tool in EXTRACTORS:
            print(f"  {dataset.name}: {tool}", flush=True)
            runs[dataset.name, tool] = run_extractor(tool, dataset.pages)
    _quality(section, datasets, runs)
    _speed(section, datasets[0], _timing_rounds(datasets[0], runs))
    return section


def _timing_rounds(dataset: Dataset, runs: dict[tuple[str, str], Run]) -> dict[str, list[Run]]:
    """Every extractor's process over ``dataset`` SPEED_ROUNDS times, the tools taking
    turns, so that a busy moment of the machine does not fall on one tool alone."""
    rounds = {tool: [runs[dataset.name, tool]] for tool in EXTRACTORS}
    for number in range(2, SPEED_ROUNDS + 1):
        for tool in EXTRACTORS:
            print(f"  speed round {number}: {tool}", flush=True)
            rounds[tool].append(run_extractor(tool, dataset.pages))
    return rounds


def _metric_proof(section: Section) -> None:
    proved = prove_metric()
    section.add("### The metric, proved on the benchmark's published outputs", "")
    section.table(["tool", "published F1", "our metric", "same to 3 decimals"],
                  [[tool, published, ours, "yes" if round(ours, 3) == published else "NO"]
                   for tool, (published, ours) in proved.items()])
    section.figures["metric_proof"] = {tool: {"published": p, "ours": round(o, 4)}
                                       for tool, (p, o) in proved.items()}


def _quality(section: Section, datasets: list[Dataset], runs: dict[tuple[str, str], Run]
             ) -> None:
    section.add("### Body text (shingle F1 / precision / recall)", "")
    figures: dict[str, Any] = {}
    for dataset in datasets:
        rows = []
        for tool in EXTRACTORS:
            records = runs[dataset.name, tool].records
            predictions = {key: records.get(key, {}).get("text") or "" for key in dataset.truths}
            scores: Scores = score(dataset.truths, predictions)
            failed = sum(1 for key in dataset.truths if "error" in records.get(key, {"error": 1}))
            rows.append([tool, scores.f1, scores.precision, scores.recall, scores.accuracy,
                         failed])
            figures.setdefault(dataset.name, {})[tool] = {
                "f1": round(scores.f1, 4), "precision": round(scores.precision, 4),
                "recall": round(scores.recall, 4), "accuracy": round(scores.accuracy, 4),
                "failed": failed}
        section.add(f"**{dataset.name}** ({len(dataset.truths)} pages)", "")
        section.table(["extractor", "F1", "precision", "recall", "exact", "no result"], rows)
    section.figures["quality"] = figures


def _speed(section: Section, dataset: Dataset, rounds: dict[str, list[Run]]) -> None:
    section.add(f"### Speed on {dataset.name} ({len(dataset.pages)} pages, one process per "
                f"extractor, start-up included; fastest of {SPEED_ROUNDS} rounds)", "")
    rows, figures = [], {}
    for tool in EXTRACTORS:
        seconds = [result.seconds for result in rounds[tool]]
        best = min(seconds)
        rate = len(dataset.pages) / best
        memory = max(result.max_rss_mb for result in rounds[tool])
        rows.append([tool, best, max(seconds), rate, memory])
        figures[tool] = {"seconds": round(best, 2), "slowest_round": round(max(seconds), 2),
                         "pages_per_second": round(rate, 2), "max_rss_mb": round(memory, 1)}
    section.table(["extractor", "seconds", "slowest round", "pages/s", "peak memory (MB)"],
                  rows)
    section.figures["speed"] = figures
