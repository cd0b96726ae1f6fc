"""The site's search index: Pagefind indexes of every article, built from the change feed.

The archive is indexed in parts that stay put (``parts``: full parts, and a tail of small
pieces that new articles go to). A run indexes again only the parts its changes touch,
each in a Pagefind process of its own, one at a time (the next part is read from the
archive meanwhile), and the search page merges the parts (Pagefind's ``mergeIndex``).

Each part is ``output/site/pagefind/<first article's position>/``, a Pagefind bundle (its
script, WebAssembly and index files; Pagefind's own UI bundles are left out: the page has
its own). A part is written beside the old one and put in its place only when it is
whole. The consumer's cursor moves once every part is written; a run killed on the way
indexes again.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from newsmirror import __version__
from newsmirror.publish.titles import shown_title
from newsmirror.site import paths
from newsmirror.site.search import parts
from newsmirror.site.search.bundle import bundle_problem
from newsmirror.site.search.folding import indexed
from newsmirror.site.search.service import PagefindService, SearchIndexError
from newsmirror.store import Archive

CONSUMER = "search"
FOLDER = "pagefind"  # inside the site
LANGUAGE = "zh"  # one index for every article: Pagefind loads only the page's language
_ATTEMPTS = 3  # Pagefind processes a part may take to be written whole (bundle.py)
_SETTINGS = "search"  # store meta: what the index was made with
_LAYOUT = "search_parts"  # store meta: where the parts are (parts.Layout)
# Pagefind's own search interfaces: the page has its own (search.js)
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")


@dataclass
class SearchReport:
    """What indexing did: the parts built (their folders), the articles they hold, the
    time it took and the peak memory of the biggest Pagefind process."""

    built: list[str] = field(default_factory=list)
    articles: int = 0
    parts: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    error: str = ""  # Pagefind failed: the old index stays, the next run tries again


def index_settings() -> str:
    """A fingerprint of what the index is made with: a change indexes everything again."""
    table = files("newsmirror.text").joinpath("fold.json").read_bytes()
    made_with = [__version__, metadata.version("pagefind"),
                 hashlib.sha256(table).hexdigest(), str(parts.PART_CHARS),
                 str(parts.TAIL_CHARS), LANGUAGE,
                 "read back"]  # parts built before bundles were read back may be cut
    return hashlib.sha256("\n".join(made_with).encode()).hexdigest()


def build_index(site: Path, store: Archive, *, everything: bool = False,
                workers: int = 1) -> tuple[SearchReport, list[str]]:
    """Index again the parts that changed since the last build (all, ``everything``, or
    when what the index is made with changed); the report, and the parts' folders
    (relative to the site) in archive order."""
    started = time.perf_counter()
    root = site / FOLDER
    settings = index_settings()
    fresh = everything or store.meta(_SETTINGS) != settings
    old = parts.Layout() if fresh else parts.Layout.loads(store.meta(_LAYOUT))
    latest = store.changes.latest()
    plan = parts.Plan(old, set() if fresh else _touched(store),
                      lambda span: (root / parts.part_name(span) / "pagefind-entry.json")
                      .is_file())
    report = SearchReport()
    futures: list[Future[float | None]] = []
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for job in plan.jobs(lambda first, end: _records(store, first, end)):
            report.built.append(parts.part_name(job.span))
            report.articles += len(job.records)
            futures.append(pool.submit(_build, root, job))
            # at most one part read ahead of the processes: the others wait in the archive
            while len(running := [f for f in futures if not f.done()]) > workers:
                wait(running, return_when=FIRST_COMPLETED)
    peaks = [peak for future in futures if (peak := future.result()) is not None]
    report.peak_mb = max(peaks, default=0.0)
    names = [parts.part_name(span) for span in plan.layout.parts]
    _remove_stale(root, set(names))
    store.set_meta(_LAYOUT, plan.layout.dumps())
    store.set_meta(_SETTINGS, settings)
    store.changes.advance(CONSUMER, latest)
    report.parts = len(names)
    report.seconds = time.perf_counter() - started
    return report, [f"{FOLDER}/{name}/" for name in names]


def _touched(store: Archive) -> set[int]:
    """The archive positions of the articles that are new or have a new revision."""
    touched: set[int] = set()
    for batch in store.changes.pending(CONSUMER):
        for identifier in {c.article_id for c in batch if c.kind in ("new", "revision")}:
            found = store.article(identifier)
            if found is not None:
                touched.add(store.listings.position(found, overall=True))
    return touched


def _records(store: Archive, first: int, end: int | None) -> Iterator[parts.Record]:
    """The records of the articles from position ``first`` to ``end`` (excluded)."""
    for position, article in enumerate(store.listings.texts(first), first):
        if end is not None and position >= end:
            return
        title = shown_title(article.title, article.text, article.url)
        # (a space between title and text: a line break would not show in an excerpt)
        yield (str(paths.article_page(article)), indexed(f"{title} {article.text}"), title)


def _build(root: Path, job: parts.Job) -> float | None:
    """Index ``job``'s part in a Pagefind process of its own and put it in place; the
    process's peak memory in MB."""
    name = parts.part_name(job.span)
    target, fresh, old = root / name, root / f".new-{name}", root / f".old-{name}"
    peak: float | None = None
    for attempt in range(1, _ATTEMPTS + 1):
        shutil.rmtree(fresh, ignore_errors=True)
        with PagefindService(LANGUAGE) as service:
            for url, content, title in job.records:
                service.add(url, content, LANGUAGE, {"title": title})
            service.write(fresh)
            peak = max(peak or 0.0, service.peak_mb() or 0.0) or None
        # read back once the process has ended: Pagefind may leave a file unwritten
        problem = bundle_problem(fresh, LANGUAGE, len(job.records))
        if not problem:
            break
        if attempt == _ATTEMPTS:
            raise SearchIndexError(f"Pagefind wrote part {name} incompletely "
                                   f"{_ATTEMPTS} times: {problem}")
    for unused in _UNUSED:
        (fresh / unused).unlink(missing_ok=True)
    if target.exists():
        target.replace(old)
    fresh.replace(target)
    shutil.rmtree(old, ignore_errors=True)
    return peak


def _remove_stale(root: Path, keep: set[str]) -> None:
    """Folders of parts no longer made, and what a killed build left."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
