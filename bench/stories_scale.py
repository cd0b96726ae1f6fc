"""Stories at scale: grouping an archive in one pass, and a run's update after 10 new
articles, at several sizes.

An archive of N articles (50 sources, 137 articles a day: 100,000 in two years, 10,000
in 73 days — an archive grows with time, not by crowding its days) made of the search
benchmark's collection's sentences at its articles' lengths, one in five in traditional
characters (``bench.search.synthesize``), is built; then, each in a process of its own:
every article grouped in one pass (``update_stories``: the change feed read from its
start, features, candidates, placement, the tables written), its time per article and
peak memory (the process's own high-water mark, VmHWM: ``ru_maxrss`` would carry the
benchmark's own over ``exec``); 10 new articles archived on the archive's newest day and
grouped, as a run does. The cost per article should not grow with N: candidates come
from LSH buckets and term postings within a window of days, never from all pairs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import Section, versions
from bench.search import build_archive, synthesize
from bench.search_collection import collection

SIZES = tuple(int(size) for size in os.environ.get("NEWSMIRROR_BENCH_STORIES",
                                                  "10000,30000,100000").split(","))
NEW = 10
PER_DAY = 137  # articles a day (100,000 in two years)

_PROCESS = """
import json, sys, time
from pathlib import Path
from newsmirror.config import open_mirror
from newsmirror.stories.consumer import update_stories
mirror = open_mirror(Path(sys.argv[1]))
with mirror.open_store() as store:
    began = time.perf_counter()
    report = update_stories(store)
    seconds = time.perf_counter() - began
    stories = store.connection.execute("SELECT COUNT(*), SUM(size > 1) FROM stories").fetchone()
status = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(json.dumps({"seconds": seconds, "grouped": report.grouped, "merges": report.merges,
                  "stories": stories[0], "shared": stories[1],
                  "peak_mb": peak / 1024}))
"""


def _process(folder: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _PROCESS, str(folder)], check=False,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"stories scale step failed: {done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def scale(size: int) -> dict[str, Any]:
    from newsmirror.article import Article
    from newsmirror.config import open_mirror

    docs = collection()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "mirror"
        print(f"  synthesizing and archiving {size:,} articles", flush=True)
        days = size / PER_DAY
        build_archive(folder, synthesize(docs, size), days)
        print("  grouping", flush=True)
        whole = _process(folder)
        mirror = open_mirror(folder)
        when = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=days)
        with mirror.open_store() as store:
            for number, (title, text) in enumerate(synthesize(docs, NEW, seed=99)):
                store.save_article("s00", Article(
                    url=f"https://news0.example/new/{number}.html", title=title,
                    html=f"<p>{text}</p>", text=text, published=when), when)
        update = _process(folder)
    return {"seconds": round(whole["seconds"], 1),
            "ms_per_article": round(whole["seconds"] * 1000 / size, 2),
            "peak_mb": round(whole["peak_mb"]), "stories": whole["stories"],
            "stories_of_several": whole["shared"], "merges": whole["merges"],
            "update_10_seconds": round(update["seconds"], 3),
            "update_10_grouped": update["grouped"], "update_peak_mb": round(update["peak_mb"])}


def run() -> Section:
    section = Section("stories_scale", "Stories: speed at scale",
                      "python -m bench stories_scale")
    section.add(f"Versions: {versions('newsmirror', 'opencc', 'rjieba')}.", "",
                __doc__.split("\n\n", 1)[1].strip(), "")
    rows, figures = [], {}
    for size in SIZES:
        measured = scale(size)
        figures[str(size)] = measured
        rows.append([f"{size:,}", measured["seconds"], measured["ms_per_article"],
                     measured["peak_mb"], f"{measured['stories']:,}",
                     measured["update_10_seconds"], measured["update_peak_mb"]])
    section.table(["articles", "one pass (s)", "ms / article", "peak (MB)", "stories",
                   "10 new: update (s)", "update peak (MB)"], rows)
    section.figures["scale"] = figures
    return section
