"""The article pages of a whole-site build, rendered by several processes at once.

A whole build renders every article's page (and history page): most of its work, and
each page on its own, so it is shared among processes, one per core, each reading its
share of the archive (SQLite readers do not block each other) and writing its own files.
The index pages, which need the archive in order, stay with the calling process.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

# Below this many articles one process is faster than starting others.
PARALLEL_FROM = 5000


def worker_count(articles: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return 1 if articles < PARALLEL_FROM else max(1, min(cores, 8))


def render_articles(folder: Path, workers: int) -> tuple[list[Path], int]:
    """Every article's pages of the mirror in ``folder``, by ``workers`` processes: the
    files written, and how many were left as they were."""
    context = get_context("spawn")  # a fresh process: no open database inherited
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = list(pool.map(_render_part, [folder] * workers, range(workers),
                                [workers] * workers))
    written = [path for part, _ in results for path in part]
    return written, sum(unchanged for _, unchanged in results)


def _render_part(folder: Path, part: int, parts: int) -> tuple[list[Path], int]:
    from newsmirror.config import open_mirror
    from newsmirror.site.mirror import site_builder

    mirror = open_mirror(folder)
    with mirror.open_store() as store:
        builder = site_builder(mirror, store)
        for article in store.reader.each_article(part, parts):
            builder.article(article)
    return builder.written, builder.unchanged
