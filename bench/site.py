"""The static site of a big archive: building it whole, and a run's update.

An archive of N articles from 50 sources over two years (Chinese text of a real article's
length, one article in ten edited once) is built in-process; then, each as a process of
its own (start-up included, peak resident memory measured: the process's own high-water
mark, VmHWM; ``ru_maxrss`` would carry the benchmark's own peak over ``exec``):

- the whole site built (``build_site(everything=True)``: every article, history, index,
  day, health page and feed), on an empty site folder; from 5,000 articles on, the
  article pages are shared between the calling process and one worker process per
  further core (one here), whose peak is given beside the calling process's: at most
  their sum is in use at once;
- ten new articles archived, then the site updated from the change feed: the time a run
  spends on the site after it archived them; the files it wrote are counted.

These figures are the pages alone. The search index is measured after them, as its own
step of the same runs (``build_search``, each a process of its own): the whole index
(every part, one Pagefind process after another), then its update
after the ten new articles (the last part built again); their time, the index's files on
disk, and the peak memory of the calling process and of the biggest Pagefind process
(each part is indexed by a Pagefind process of its own, which holds the whole part in
memory). The articles' text is made of sentences drawn from the Chinese articles of
``chinese-web-content-extraction`` (about 1,000 characters an article), whose variety of
words Pagefind's memory depends on; without the corpora, of one paragraph repeated.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import searchpage
from bench.corpora import Missing, corpus
from bench.report import Section, versions

SOURCES = 50
SIZES = tuple(int(size) for size in os.environ.get("NEWSMIRROR_BENCH_SITE",
                                                  "10000,100000").split(","))
NEW = 10
TEXT_CHARS = 1000
_PARAGRAPH = ("北约秘书长斯托尔滕贝格周三在布鲁塞尔表示，北约愿意与俄罗斯就欧洲安全问题举行对话，"
              "但不会在乌克兰加入北约的问题上让步。他说，各方在会谈中坦率交换了意见，分歧依然存在。")
_SITE = """
import json, resource, sys, time
from newsmirror.config import open_mirror
from newsmirror.site.mirror import build_site
started = time.perf_counter()
from pathlib import Path
mirror = open_mirror(Path(sys.argv[1]))
with mirror.open_store() as store:
    report = build_site(mirror, store, everything=sys.argv[2] == "all")
status = Path("/proc/self/status").read_text()
print(json.dumps({"seconds": time.perf_counter() - started, "written": len(report.written),
                  "peak_mb": int(status.split("VmHWM:")[1].split()[0]) / 1024,
                  "workers_peak_mb":
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
_SEARCH = """
import dataclasses, json, sys, time
from newsmirror.config import open_mirror
from newsmirror.site.search.step import build_search
started = time.perf_counter()
from pathlib import Path
mirror = open_mirror(Path(sys.argv[1]))
with mirror.open_store() as store:
    report = build_search(mirror, store, everything=sys.argv[2] == "all")
status = Path("/proc/self/status").read_text()
print(json.dumps({"seconds": time.perf_counter() - started, **dataclasses.asdict(report),
                  "self_peak_mb": int(status.split("VmHWM:")[1].split()[0]) / 1024}))
"""


class Texts:
    """Article texts of about :data:`TEXT_CHARS` characters: sentences of real Chinese
    articles drawn at random (seeded by the article's number), else one paragraph."""

    def __init__(self) -> None:
        self.sentences: list[str] = []
        try:
            folder = corpus("chinese-web-content-extraction") / "cleaned"
        except Missing:
            return
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace").replace("\n", "")
            self.sentences += [f"{s}。" for s in text.split("。") if 5 < len(s) < 200]

    @property
    def source(self) -> str:
        return ("sentences of chinese-web-content-extraction" if self.sentences
                else "one paragraph repeated (no corpora)")

    def text(self, number: int) -> str:
        if not self.sentences:
            return f"第{number}篇。" + _PARAGRAPH * 8
        chosen, size, draw = [f"第{number}篇。"], 0, random.Random(number)
        while size < TEXT_CHARS:
            chosen.append(draw.choice(self.sentences))
            size += len(chosen[-1])
        return "".join(chosen)


def build(folder: Path, articles: int, texts: Texts) -> None:
    from newsmirror.article import Article
    from newsmirror.config import open_mirror
    from newsmirror.store import Store

    tables = "".join(f'[[sources]]\nname = "s{n:02d}"\nurl = "https://news{n}.example/feed"\n'
                     f'title = "来源 {n}"\n\n' for n in range(SOURCES))
    folder.mkdir(parents=True)
    (folder / "newsmirror.toml").write_text(tables, encoding="utf-8")
    mirror = open_mirror(folder)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    step = timedelta(days=730) / articles
    with Store(mirror.paths.database) as store:
        for number in range(articles):
            when = start + step * number
            text = texts.text(number)
            article = Article(url=f"https://news{number % SOURCES}.example/a/{number}.html",
                              title=f"北约与俄罗斯会谈 第{number}篇", html=f"<p>{text}</p>" * 2,
                              text=text, published=when, author="记者")
            store.save_article(f"s{number % SOURCES:02d}", article, when)
            if number % 10 == 0:
                store.save_article(f"s{number % SOURCES:02d}", Article(
                    url=article.url, title=article.title + "（更新）", html=article.html,
                    text=article.text, published=when, author="记者"), when + timedelta(hours=1))


def add_new(folder: Path, articles: int, texts: Texts) -> None:
    from newsmirror.article import Article
    from newsmirror.config import open_mirror

    mirror = open_mirror(folder)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    with mirror.open_store() as store:
        for number in range(articles, articles + NEW):
            text = texts.text(number)
            store.save_article("s00", Article(
                url=f"https://news0.example/new/{number}.html", title=f"新文章 {number}",
                html=f"<p>{text}</p>", text=text, published=when), when)


def site_process(folder: Path, mode: str, script: str = _SITE) -> dict[str, Any]:
    import json

    done = subprocess.run([sys.executable, "-c", script, str(folder), mode], check=False,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"building the site failed: {done.stderr}")
    found = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if found.get("error"):
        raise RuntimeError(f"building the search index failed: {found['error']}")
    return found


def _files(folder: Path) -> tuple[int, float]:
    """How many files ``folder`` holds, and their size in MB."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return len(sizes), sum(sizes) / 1e6


def measure(folder: Path, size: int, texts: Texts) -> dict[str, Any]:
    print(f"  building an archive of {size:,} articles", flush=True)
    started = time.perf_counter()
    build(folder, size, texts)
    archive_seconds = time.perf_counter() - started
    print("  building the whole site", flush=True)
    whole = site_process(folder, "all")
    site = folder / "output" / "site"
    files, megabytes = _files(site)
    print("  building the whole search index", flush=True)
    search = site_process(folder, "all", _SEARCH)
    index_files, index_megabytes = _files(site / "pagefind")
    print("  searching in Chromium", flush=True)
    browsing = searchpage.measure(site)
    add_new(folder, size, texts)
    update = site_process(folder, "changes")
    search_update = site_process(folder, "changes", _SEARCH)
    return {"search_page": browsing,
            "search_seconds": round(search["seconds"], 1), "search_parts": search["parts"],
            "search_peak_mb": round(search["peak_mb"]),
            "search_self_peak_mb": round(search["self_peak_mb"]),
            "search_files": index_files, "search_mb": round(index_megabytes),
            "search_update_seconds": round(search_update["seconds"], 2),
            "search_update_parts": len(search_update["built"]),
            "search_update_articles": search_update["articles"],
            "search_update_peak_mb": round(search_update["peak_mb"]),
            "archive_build_seconds": round(archive_seconds, 1),
            "site_all_seconds": round(whole["seconds"], 2),
            "site_all_peak_mb": round(whole["peak_mb"]),
            "site_all_workers_peak_mb": round(whole["workers_peak_mb"]), "site_files": files,
            "site_mb": round(megabytes), "update_10_seconds": round(update["seconds"], 2),
            "update_10_peak_mb": round(update["peak_mb"]), "update_10_written": update["written"]}


def run() -> Section:
    section = Section("site", "The static site of a big archive", "python -m bench site")
    section.add(f"Versions: {versions('newsmirror', 'pagefind')}.", "",
                __doc__.split("\n\n", 1)[1].strip(), "")
    texts = Texts()
    section.add(f"Articles' text: {texts.source}.", "")
    rows, search_rows, figures = [], [], {}
    for size in SIZES:
        with tempfile.TemporaryDirectory() as scratch:
            found = measure(Path(scratch) / "mirror", size, texts)
        figures[str(size)] = found
        rows.append([f"{size:,}", found["site_all_seconds"],
                     f"{found['site_all_peak_mb']} + {found['site_all_workers_peak_mb']}",
                     f"{found['site_files']:,}", found["site_mb"], found["update_10_seconds"],
                     found["update_10_written"], found["update_10_peak_mb"]])
        search_rows.append([
            f"{size:,}", found["search_seconds"], found["search_parts"],
            f"{found['search_files']:,}", found["search_mb"],
            f"{found['search_self_peak_mb']} + {found['search_peak_mb']}",
            found["search_update_seconds"],
            f"{found['search_update_parts']} ({found['search_update_articles']:,} articles)",
            found["search_update_peak_mb"]])
    section.table(["articles", "whole site (s)",
                   "peak memory (MB): the process + its worker", "files", "size (MB)",
                   "update after 10 new (s)", "files it wrote", "its peak memory (MB)"], rows)
    section.add("The search index (Pagefind), after the pages:", "")
    section.table(["articles", "whole index (s)", "parts", "files", "size (MB)",
                   "peak memory (MB): the process + the biggest Pagefind process",
                   "update after 10 new (s)", "parts built again",
                   "its biggest Pagefind process (MB)"], search_rows)
    browsed = [[f"{int(size):,}", word, found["ms"], found["status"], found["requests"],
                found["kb"]]
               for size, figures_of in figures.items()
               for word, found in figures_of["search_page"].items()
               if isinstance(found, dict)]
    failed = [f"{int(size):,} articles: {found['search_page']['error']}"
              for size, found in figures.items() if "error" in found["search_page"]]
    if failed:
        section.add("**The search page failed in Chromium** — " + "; ".join(failed) + ".",
                    "")
    if browsed:
        opened = "; ".join(f"{int(size):,} articles: {found['search_page']['page_requests']} "
                           f"requests, {found['search_page']['page_kb']:,} kB"
                           for size, found in figures.items()
                           if "page_requests" in found["search_page"])
        section.add(searchpage.__doc__.replace("\n", " ").strip(), "",
                    f"Opening the search page, before any search (Pagefind's script and "
                    f"WebAssembly, every part's metadata): {opened}.", "")
        section.table(["articles", "words", "until shown (ms)", "the page said", "requests",
                       "bytes (kB)"], browsed)
    section.figures["site"] = figures
    return section
