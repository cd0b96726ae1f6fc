"""The static site of a big archive: building it whole, and a run's update.

An archive of N articles from 50 sources over two years (Chinese text of a real article's
length, one article in ten edited once) is built in-process; then, each as a process of
its own (start-up included, peak resident memory measured):

- the whole site built (``build_site(everything=True)``: every article, history, index,
  day, health page and feed), on an empty site folder; from 5,000 articles on, the
  article pages are shared between the calling process and one worker process per
  further core (one here), whose peak is given beside the calling process's: at most
  their sum is in use at once;
- ten new articles archived, then the site updated from the change feed: the time a run
  spends on the site after it archived them; the files it wrote are counted.

Pagefind's index is not part of these figures (it is measured on its own when it is built).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import Section, versions

SOURCES = 50
SIZES = tuple(int(size) for size in os.environ.get("NEWSMIRROR_BENCH_SITE",
                                                  "10000,100000").split(","))
NEW = 10
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
print(json.dumps({"seconds": time.perf_counter() - started, "written": len(report.written),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers_peak_mb":
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def build(folder: Path, articles: int) -> None:
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
            text = f"第{number}篇。" + _PARAGRAPH * 8
            article = Article(url=f"https://news{number % SOURCES}.example/a/{number}.html",
                              title=f"北约与俄罗斯会谈 第{number}篇", html=f"<p>{text}</p>" * 2,
                              text=text, published=when, author="记者")
            store.save_article(f"s{number % SOURCES:02d}", article, when)
            if number % 10 == 0:
                store.save_article(f"s{number % SOURCES:02d}", Article(
                    url=article.url, title=article.title + "（更新）", html=article.html,
                    text=article.text, published=when, author="记者"), when + timedelta(hours=1))


def add_new(folder: Path, articles: int) -> None:
    from newsmirror.article import Article
    from newsmirror.config import open_mirror

    mirror = open_mirror(folder)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    with mirror.open_store() as store:
        for number in range(articles, articles + NEW):
            text = f"第{number}篇。" + _PARAGRAPH * 8
            store.save_article("s00", Article(
                url=f"https://news0.example/new/{number}.html", title=f"新文章 {number}",
                html=f"<p>{text}</p>", text=text, published=when), when)


def site_process(folder: Path, mode: str) -> dict[str, Any]:
    import json

    done = subprocess.run([sys.executable, "-c", _SITE, str(folder), mode], check=False,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"building the site failed: {done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(folder: Path, size: int) -> dict[str, Any]:
    print(f"  building an archive of {size:,} articles", flush=True)
    started = time.perf_counter()
    build(folder, size)
    archive_seconds = time.perf_counter() - started
    print("  building the whole site", flush=True)
    whole = site_process(folder, "all")
    files = sum(1 for _ in (folder / "output" / "site").rglob("*") if _.is_file())
    megabytes = sum(p.stat().st_size for p in (folder / "output" / "site").rglob("*")
                    if p.is_file()) / 1e6
    add_new(folder, size)
    update = site_process(folder, "changes")
    return {"archive_build_seconds": round(archive_seconds, 1),
            "site_all_seconds": round(whole["seconds"], 2),
            "site_all_peak_mb": round(whole["peak_mb"]),
            "site_all_workers_peak_mb": round(whole["workers_peak_mb"]), "site_files": files,
            "site_mb": round(megabytes), "update_10_seconds": round(update["seconds"], 2),
            "update_10_peak_mb": round(update["peak_mb"]), "update_10_written": update["written"]}


def run() -> Section:
    section = Section("site", "The static site of a big archive", "python -m bench site")
    section.add(f"Versions: {versions('newsmirror')}.", "",
                __doc__.split("\n\n", 1)[1].strip(), "")
    rows, figures = [], {}
    for size in SIZES:
        with tempfile.TemporaryDirectory() as scratch:
            found = measure(Path(scratch) / "mirror", size)
        figures[str(size)] = found
        rows.append([f"{size:,}", found["site_all_seconds"],
                     f"{found['site_all_peak_mb']} + {found['site_all_workers_peak_mb']}",
                     f"{found['site_files']:,}", found["site_mb"], found["update_10_seconds"],
                     found["update_10_written"], found["update_10_peak_mb"]])
    section.table(["articles", "whole site (s)",
                   "peak memory (MB): the process + its worker", "files", "size (MB)",
                   "update after 10 new (s)", "files it wrote", "its peak memory (MB)"], rows)
    section.figures["site"] = figures
    return section
