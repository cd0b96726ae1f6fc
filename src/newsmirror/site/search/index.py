"""The site's search index: Pagefind indexes of every article, built from the change feed.

Pagefind cannot change an index in place, and holds a whole index in memory until it is
written (about 0.4 MB for each article of 1,200 characters: 10,000 such articles take
4 GB). So the archive is cut into parts that stay put, as the index pages are: in
archive order, a part takes articles until their text reaches ``PART_CHARS`` (about 1 GB
of Pagefind's memory), then the next part begins; where each part begins is kept in the
archive (store meta), so a part's articles never change but for an edit of one of them.
A run indexes again only the parts its changes touch — a new article lands in the last
part — each in a Pagefind process of its own, and the search page merges the parts
(Pagefind's ``mergeIndex``). A whole build shares the parts among one process per core.

Each part is ``output/site/pagefind/<nnnn>/``, a Pagefind bundle (its script, WebAssembly
and index files; Pagefind's own UI bundles are left out: the page has its own). A part
is written beside the old one and put in its place only when it is whole. The consumer's
cursor moves once every part is written; a run killed on the way indexes again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from bisect import bisect_right
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from newsmirror import __version__
from newsmirror.publish.titles import shown_title
from newsmirror.site import paths
from newsmirror.site.search.folding import indexed
from newsmirror.site.search.service import PagefindService
from newsmirror.store import Archive
from newsmirror.store.model import StoredArticle

CONSUMER = "search"
FOLDER = "pagefind"  # inside the site
PART_CHARS = 2_000_000  # the text of one part: about 1 GB of Pagefind's memory at most
LANGUAGE = "zh"  # one index for every article: Pagefind loads only the page's language
_SETTINGS = "search"  # store meta: what the index was made with
_PARTS = "search_parts"  # store meta: where each part begins (archive positions)
# Pagefind's own search interfaces: the page has its own (search.js)
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")


@dataclass
class SearchReport:
    """What indexing did: the parts built (numbered from 1), the articles they hold,
    the time it took and the peak memory of the biggest Pagefind process."""

    built: list[int] = field(default_factory=list)
    articles: int = 0
    parts: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    error: str = ""  # Pagefind failed: the old index stays, the next run tries again


@dataclass
class _Part:
    number: int
    records: list[tuple[str, str, str]] = field(default_factory=list)  # url, content, title
    chars: int = 0


def part_folder(number: int) -> str:
    return f"{number:04d}"


def index_settings() -> str:
    """A fingerprint of what the index is made with: a change indexes everything again."""
    table = files("newsmirror.site.search").joinpath("fold.json").read_bytes()
    parts = [__version__, metadata.version("pagefind"), hashlib.sha256(table).hexdigest(),
             str(PART_CHARS), LANGUAGE]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def build_index(site: Path, store: Archive, *, everything: bool = False,
                workers: int = 1) -> tuple[SearchReport, list[str]]:
    """Index again the parts that changed since the last build (all, ``everything``, or
    when what the index is made with changed); the report, and the parts' folders
    (relative to the site) in archive order."""
    started = time.perf_counter()
    root = site / FOLDER
    settings = index_settings()
    starts = _starts(store) if store.meta(_SETTINGS) == settings else []
    everything = everything or not starts
    latest = store.changes.latest()
    if everything:
        starts, dirty = [0], {0}
    else:
        dirty = _touched(store, starts)
        dirty |= {n for n in range(len(starts))
                  if not (root / part_folder(n + 1) / "pagefind-entry.json").is_file()}
    report = SearchReport()
    futures: list[Future[float | None]] = []
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for part in _parts(store, starts, dirty):
            report.built.append(part.number)
            report.articles += len(part.records)
            futures.append(pool.submit(_build, root, part))
            # at most one part read ahead of the processes: the others wait in the archive
            while len(running := [f for f in futures if not f.done()]) > workers:
                wait(running, return_when=FIRST_COMPLETED)
    peaks = [peak for future in futures if (peak := future.result()) is not None]
    report.peak_mb = max(peaks, default=0.0)
    _remove_stale(root, len(starts))
    store.set_meta(_PARTS, json.dumps(starts))
    store.set_meta(_SETTINGS, settings)
    store.changes.advance(CONSUMER, latest)
    report.parts = len(starts)
    report.seconds = time.perf_counter() - started
    return report, [f"{FOLDER}/{part_folder(n)}/" for n in range(1, len(starts) + 1)]


def _starts(store: Archive) -> list[int]:
    found = store.meta(_PARTS)
    return [int(start) for start in json.loads(found)] if found else []


def _touched(store: Archive, starts: list[int]) -> set[int]:
    """The parts (numbered from 0) holding an article that is new or has a new revision."""
    touched: set[int] = set()
    for batch in store.changes.pending(CONSUMER):
        for identifier in {c.article_id for c in batch if c.kind in ("new", "revision")}:
            found = store.article(identifier)
            if found is not None:
                position = store.listings.position(found, overall=True)
                touched.add(bisect_right(starts, position) - 1)
    return touched


def _parts(store: Archive, starts: list[int], dirty: set[int]) -> Iterator[_Part]:
    """The records of the ``dirty`` parts, one part at a time. The last part takes
    articles until it is full, then a new part begins (its start added to ``starts``)."""
    for number in sorted(dirty):
        last = number == len(starts) - 1
        end = None if last else starts[number + 1]
        part = _Part(number + 1)
        position = starts[number]
        for article in store.listings.texts(position):
            if end is not None and position >= end:
                break
            record = _record(article)
            size = len(record[1])
            if last and part.records and part.chars + size > PART_CHARS:
                yield part
                starts.append(position)
                part = _Part(len(starts))
            part.records.append(record)
            part.chars += size
            position += 1
        yield part


def _record(article: StoredArticle) -> tuple[str, str, str]:
    title = shown_title(article.title, article.text, article.url)
    # (a space between title and text: a line break would not show in an excerpt)
    return (str(paths.article_page(article)), indexed(f"{title} {article.text}"), title)


def _build(root: Path, part: _Part) -> float | None:
    """Index ``part`` in a Pagefind process of its own and put it in place; its peak
    memory in MB."""
    target = root / part_folder(part.number)
    fresh = root / f".new-{part_folder(part.number)}"
    shutil.rmtree(fresh, ignore_errors=True)
    with PagefindService(LANGUAGE) as service:
        for url, content, title in part.records:
            service.add(url, content, LANGUAGE, {"title": title})
        service.write(fresh)
        peak = service.peak_mb()
    for name in _UNUSED:
        (fresh / name).unlink(missing_ok=True)
    old = root / f".old-{part_folder(part.number)}"
    if target.exists():
        target.replace(old)
    fresh.replace(target)
    shutil.rmtree(old, ignore_errors=True)
    return peak


def _remove_stale(root: Path, parts: int) -> None:
    """Folders of parts no longer made, and what a killed build left."""
    if not root.is_dir():
        return
    keep = {part_folder(n) for n in range(1, parts + 1)}
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
