"""The article pages of a whole-site build, rendered by several processes at once.

A whole build renders every article's page (and history page): most of its work, and
each page on its own, so it is shared among processes, one per core (the calling process
is one of them), each reading its share of the archive (SQLite readers do not block each
other) and writing its own files. The index pages, which need the archive in order, stay
with the calling process.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsmirror.site.build import SiteBuilder
    from newsmirror.store import Archive

# Below this many articles one process is faster than starting others.
PARALLEL_FROM = 5000


def worker_count(articles: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return 1 if articles < PARALLEL_FROM else max(1, min(cores, 8))


def render_articles(folder: Path, workers: int, builder: SiteBuilder, store: Archive
                    ) -> None:
    """Every article's pages of the mirror in ``folder``, shared among ``workers``
    processes: this one (with ``builder``, reading ``store``) and ``workers - 1`` others,
    whose files are added to ``builder``'s report."""
    context = get_context("spawn")  # a fresh process: no open database inherited
    with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
        others = [pool.submit(_render_part, folder, part, workers)
                  for part in range(1, workers)]
        for article in store.reader.each_article(0, workers):
            builder.article(article)
        for done in others:
            written, unchanged = done.result()
            builder.written += written
            builder.unchanged += unchanged


def _render_part(folder: Path, part: int, parts: int) -> tuple[list[Path], int]:
    from newsmirror.config import open_mirror
    from newsmirror.site.mirror import site_builder

    mirror = open_mirror(folder)
    with mirror.open_store() as store:
        builder = site_builder(mirror, store)
        for article in store.reader.each_article(part, parts):
            builder.article(article)
    return builder.written, builder.unchanged
