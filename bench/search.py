"""Search: quality on a labelled query set, and speed at scale.

**Quality.** The collection (``bench.search_collection``: 378 Chinese and English news
articles of the public corpora) is indexed three ways, and the 110 labelled queries of
``bench/search_queries.json`` (made by ``python -m bench.search_queries``: one-, two- and
longer words, names, words typed in traditional characters, phrases, Latin words; each
with every article that holds it, judged by jieba's words, not by the index) are asked of
each: newsmirror's index; SQLite FTS5 with its unicode61 tokenizer over the raw text; and
FTS5 with its trigram tokenizer. Each query's words are given to the two baselines as
quoted strings (a phrase without its space: both match characters), ranked by bm25.
recall@10 = the relevant articles in the first ten / min(10, relevant ones); MRR = 1 /
the rank of the first relevant one (0 if none in the first ten).

**Scale.** An archive of N articles (50 sources, two years) made of the collection's
sentences at its articles' lengths, one in five in traditional characters, is built; then,
each in a process of its own: the index built whole (``update_index(rebuild=True)``:
reading the archive, folding, tokens, FTS5, merged), its rate, size and peak memory;
queries of one word and of two words (words of the collection, one and two characters,
simplified and traditional), each the whole answer (``search``: count, ranked ten,
titles and snippets from the archive), p50 and p95; ten new articles archived and the
index brought up to date, as a run does.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import Section, versions
from bench.search_collection import Doc, collection
from bench.search_queries import QUERIES

SIZES = tuple(int(size) for size in os.environ.get("NEWSMIRROR_BENCH_SEARCH",
                                                  "10000,100000").split(","))
SOURCES = 50
NEW = 10
QUERY_COUNT = 200


# --- quality --------------------------------------------------------------------------

def _ours(docs: list[Doc], folder: Path) -> Any:
    from newsmirror.search.index import indexed_doc
    from newsmirror.search.query import QueryError, parse_query
    from newsmirror.store import StoredArticle
    from newsmirror.store.search_index import Filters, SearchDatabase

    index = SearchDatabase(folder / "ours.db")
    when = datetime(2024, 1, 1, tzinfo=UTC)
    with index.transaction():
        for doc in docs:
            index.put(indexed_doc(StoredArticle(
                url=f"https://example.org/{doc.key}", title=doc.title, text=doc.text, html="",
                id=doc.key, source="s", first_seen=when, path_date=when, revision=1,
                fetched_at=when, published=when)))
    index.optimize()

    def ask(query: str) -> list[str]:
        try:
            expression = parse_query(query).expression
        except QueryError:
            return []
        hits, _ = index.search(expression, Filters(), 10, 0, 2460311.0)
        return [hit.article_id for hit in hits]
    return ask


def _fts5(docs: list[Doc], tokenizer: str) -> Any:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(key UNINDEXED, title, text, "
               f"tokenize = '{tokenizer}')")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", [(d.key, d.title, d.text) for d in docs])

    def ask(query: str) -> list[str]:
        if query.startswith('"'):
            inner = query.strip('"').split()
            terms = ['"' + ("".join(inner) if all(ord(c) > 0x2e80 for w in inner for c in w)
                            else " ".join(inner)) + '"']
        else:
            terms = ['"' + word.replace('"', '""') + '"' for word in query.split()]
        try:
            rows = db.execute("SELECT key FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10",
                              (" AND ".join(terms),)).fetchall()
        except sqlite3.OperationalError:
            return []
        return [row[0] for row in rows]
    return ask


def quality() -> dict[str, Any]:
    docs = collection()
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        systems = {"newsmirror": _ours(docs, Path(scratch)),
                   "FTS5 unicode61": _fts5(docs, "unicode61"),
                   "FTS5 trigram": _fts5(docs, "trigram")}
        scores: dict[str, dict[str, list[tuple[float, float]]]] = {}
        for name, ask in systems.items():
            for query in queries:
                relevant = set(query["relevant"])
                ranked = ask(query["query"])[:10]
                recall = len(relevant & set(ranked)) / min(10, len(relevant))
                first = next((i for i, key in enumerate(ranked, 1) if key in relevant), None)
                for kind in (query["kind"], "all"):
                    scores.setdefault(name, {}).setdefault(kind, []).append(
                        (recall, 1 / first if first else 0.0))
    return {"documents": len(docs), "queries": len(queries),
            "scores": {name: {kind: {"recall_at_10": round(statistics.mean(r for r, _ in v), 3),
                                     "mrr": round(statistics.mean(m for _, m in v), 3),
                                     "queries": len(v)}
                              for kind, v in kinds.items()}
                       for name, kinds in scores.items()}}


# --- scale ----------------------------------------------------------------------------

def synthesize(docs: list[Doc], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """``count`` (title, text) pairs of the collection's sentences at its lengths."""
    import re

    import opencc

    rng = random.Random(seed)
    sentences = [s for doc in docs for s in re.findall(r"[^。！？]+[。！？]", doc.text)
                 if len(s) > 8]
    lengths = [len(doc.text) for doc in docs]
    titles = [doc.title for doc in docs]
    to_traditional = opencc.OpenCC("s2t")
    made: list[tuple[str, str]] = []
    for number in range(count):
        wanted = rng.choice(lengths)
        parts: list[str] = []
        while sum(map(len, parts)) < wanted:
            parts.append(rng.choice(sentences))
        title, text = f"{rng.choice(titles)}（{number}）", "".join(parts)
        if number % 5 == 0:
            title, text = to_traditional.convert(title), to_traditional.convert(text)
        made.append((title, text))
    return made


def build_archive(folder: Path, articles: list[tuple[str, str]], days: float = 730) -> None:
    from newsmirror.article import Article
    from newsmirror.config import open_mirror
    from newsmirror.store import Store

    tables = "".join(f'[[sources]]\nname = "s{n:02d}"\nurl = "https://news{n}.example/feed"\n\n'
                     for n in range(SOURCES))
    folder.mkdir(parents=True)
    (folder / "newsmirror.toml").write_text(tables, encoding="utf-8")
    mirror = open_mirror(folder)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    step = timedelta(days=days) / max(1, len(articles))
    with Store(mirror.paths.database) as store:
        for number, (title, text) in enumerate(articles):
            when = start + step * number
            store.save_article(f"s{number % SOURCES:02d}", Article(
                url=f"https://news{number % SOURCES}.example/a/{number}.html", title=title,
                html=f"<p>{text}</p>", text=text, published=when), when)


_PROCESS = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from newsmirror.config import open_mirror
from newsmirror.search.index import search_database_path, update_index
mirror = open_mirror(Path(sys.argv[1]))
path = search_database_path(mirror.paths.data)
mode = sys.argv[2]
result = {}
with mirror.open_store() as store:
    if mode in ("all", "changes"):
        began = time.perf_counter()
        report = update_index(store, path, rebuild=mode == "all")
        result = {"seconds": time.perf_counter() - began, "indexed": report.indexed}
    else:
        from newsmirror.search.results import search
        queries = json.loads(sys.argv[3])
        search(store, path, queries[0])  # the first opens the files
        times = []
        for query in queries:
            began = time.perf_counter()
            search(store, path, query)
            times.append((time.perf_counter() - began) * 1000)
        result = {"milliseconds": times}
result["process_seconds"] = time.perf_counter() - started
# VmHWM, not ru_maxrss: ru_maxrss keeps the peak of the benchmark process this one was
# forked from (it holds the synthesized articles)
status = Path("/proc/self/status").read_text()
result["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps(result))
"""


def _process(folder: Path, mode: str, *extra: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _PROCESS, str(folder), mode, *extra],
                          check=False, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"search benchmark step {mode} failed: {done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def query_sets(docs: list[Doc]) -> tuple[list[str], list[str]]:
    """One-word and two-word queries: the collection's words of one and two characters
    (half typed in traditional characters)."""
    import opencc

    from bench.search_queries import words_of

    rng = random.Random(11)
    to_traditional = opencc.OpenCC("s2t")
    vocabulary = sorted({w for doc in docs for w in words_of(doc)
                         if 1 <= len(w) <= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)})
    picked = rng.sample(vocabulary, QUERY_COUNT * 3)
    typed = [to_traditional.convert(w) if i % 2 else w for i, w in enumerate(picked)]
    one = typed[:QUERY_COUNT]
    two = [f"{a} {b}" for a, b in zip(typed[QUERY_COUNT::2], typed[QUERY_COUNT + 1::2],
                                       strict=True)]
    return one, two


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def scale(docs: list[Doc], size: int) -> dict[str, Any]:
    from newsmirror.article import Article
    from newsmirror.config import open_mirror

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "mirror"
        print(f"  synthesizing and archiving {size:,} articles", flush=True)
        build_archive(folder, synthesize(docs, size))
        print("  building the index", flush=True)
        whole = _process(folder, "all")
        index_mb = sum(p.stat().st_size for p in (folder / "data").glob("search.db*")) / 1e6
        one, two = query_sets(docs)
        print("  querying", flush=True)
        single = _process(folder, "query", json.dumps(one, ensure_ascii=False))
        double = _process(folder, "query", json.dumps(two, ensure_ascii=False))
        mirror = open_mirror(folder)
        when = datetime(2026, 1, 1, tzinfo=UTC)
        with mirror.open_store() as store:
            for number, (title, text) in enumerate(synthesize(docs, NEW, seed=99)):
                store.save_article("s00", Article(
                    url=f"https://news0.example/new/{number}.html", title=title,
                    html=f"<p>{text}</p>", text=text, published=when), when)
        update = _process(folder, "changes")
    return {"build_seconds": round(whole["seconds"], 1),
            "build_rate": round(size / whole["seconds"]),
            "build_peak_mb": round(whole["peak_mb"]), "index_mb": round(index_mb),
            "one_word_p50_ms": round(_percentile(single["milliseconds"], 0.5), 2),
            "one_word_p95_ms": round(_percentile(single["milliseconds"], 0.95), 2),
            "two_words_p50_ms": round(_percentile(double["milliseconds"], 0.5), 2),
            "two_words_p95_ms": round(_percentile(double["milliseconds"], 0.95), 2),
            "query_peak_mb": round(max(single["peak_mb"], double["peak_mb"])),
            "update_10_seconds": round(update["seconds"], 3),
            "update_10_indexed": update["indexed"]}


def run() -> Section:
    section = Section("search", "Search: quality and speed", "python -m bench search")
    section.add(f"Versions: {versions('newsmirror', 'opencc', 'rjieba')}; SQLite "
                f"{sqlite3.sqlite_version}.", "", __doc__.split("\n\n", 1)[1].strip(), "")
    found = quality()
    section.figures["quality"] = found
    kinds = ["all", "one_char", "two_char", "longer", "name", "traditional", "phrase",
             "latin"]
    counts = found["scores"]["newsmirror"]
    section.add(f"Quality: {found['queries']} queries over {found['documents']} articles; "
                "recall@10 / MRR.", "")
    section.table(["system"] + [f"{kind} ({counts[kind]['queries']})" for kind in kinds],
                  [[name] + [f"{scores[kind]['recall_at_10']:.3f} / {scores[kind]['mrr']:.3f}"
                             for kind in kinds]
                   for name, scores in found["scores"].items()])
    docs = collection()
    rows, figures = [], {}
    for size in SIZES:
        measured = scale(docs, size)
        figures[str(size)] = measured
        rows.append([f"{size:,}", measured["build_seconds"], measured["build_rate"],
                     measured["build_peak_mb"], measured["index_mb"],
                     f"{measured['one_word_p50_ms']:.1f} / {measured['one_word_p95_ms']:.1f}",
                     f"{measured['two_words_p50_ms']:.1f} / {measured['two_words_p95_ms']:.1f}",
                     measured["query_peak_mb"], measured["update_10_seconds"]])
    section.add(f"Scale: {QUERY_COUNT} queries of each kind.", "")
    section.table(["articles", "index build (s)", "articles/s", "build peak (MB)",
                   "index size (MB)", "one word p50 / p95 (ms)", "two words p50 / p95 (ms)",
                   "query peak (MB)", "10 new: update (s)"], rows)
    section.figures["scale"] = figures
    return section
