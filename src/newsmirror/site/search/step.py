"""The search step of a run or a publish, after the site's pages: the index parts that
changed, and the search page that merges them (``[publish] search``; on by default).

A failure of Pagefind costs the search alone: the pages are written already, the old
index stays in place, the report says why, and the next run tries again (the consumer's
cursor has not moved).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from newsmirror.config import Mirror
from newsmirror.site import paths
from newsmirror.site.mirror import site_builder
from newsmirror.site.search.index import FOLDER, SearchReport, build_index
from newsmirror.site.search.service import SearchIndexError
from newsmirror.store import Archive

# Pagefind processes at once: one, so that the step's memory is one part's (about 1.2 GB)
# whatever the machine; two are about twice as fast on two idle cores.
WORKERS = 1


def build_search(mirror: Mirror, store: Archive, *, everything: bool = False
                 ) -> SearchReport:
    """Index what changed since the last build (everything, ``everything``) and write
    the search page; without ``[publish] search``, remove them. The caller holds the
    mirror's lock."""
    site = mirror.output / paths.SITE_FOLDER
    if not mirror.config.publish.search:
        _remove(site)
        return SearchReport()
    try:
        report, parts = build_index(site, store, everything=everything, workers=WORKERS)
    except SearchIndexError as exc:
        return SearchReport(error=str(exc))
    site_builder(mirror, store).search(parts)
    return report


def _remove(site: Path) -> None:
    shutil.rmtree(site / FOLDER, ignore_errors=True)
    shutil.rmtree(site / paths.SEARCH_SCRIPT.parent, ignore_errors=True)
    (site / paths.SEARCH).unlink(missing_ok=True)
