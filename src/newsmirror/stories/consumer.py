"""Keeping the stories: a consumer of the archive's change feed, run after the search
index by every run (and by ``newsmirror stories``).

A new article or a new revision is grouped (again); removals and restorations change
no story (a story page shows them). An article moved to another story by the grouping
of another (a split) and an article left in a story another has left are noted in the
change feed (``story``), so that the outputs render their pages and stories again. The
cursor moves after each batch; grouping an article at the revision it was grouped at
does nothing, so a batch done twice after a crash changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from newsmirror.store import Archive, StoredArticle
from newsmirror.stories.grouping import Grouper, Item

CONSUMER = "stories"
# How articles are grouped: a grouping made another way is made again, whole (features
# and thresholds that differ cannot be mixed in one story). 2: place names as terms.
METHOD = "2"
_METHOD_KEY = "stories_method"  # store meta
_BATCH = 1000  # articles a transaction (a crash repeats one batch: the same result)


@dataclass
class StoriesReport:
    grouped: int = 0
    moved: int = 0  # edited articles that went to another story
    merges: int = 0
    splits: int = 0
    rebuilt: bool = False


def item_of(article: StoredArticle) -> Item:
    """What grouping reads of an article: its publish day (``path_date``: the publish
    time unless it is after the first fetch), title and text."""
    return Item(article.id, article.revision, article.path_date, article.title, article.text)


def update_stories(store: Archive, *, rebuild: bool = False,
                   progress: Callable[[int], None] | None = None) -> StoriesReport:
    """Group what the change feed says is new or edited since the stories' cursor (with
    ``rebuild``, or when the stories were grouped by another :data:`METHOD`: forget every
    story and group the whole archive again, in archive order)."""
    tables = store.stories
    # (stories grouped before the method was recorded were grouped by the first)
    method = store.meta(_METHOD_KEY) or ("1" if tables.count() else None)
    rebuild = rebuild or (method is not None and method != METHOD)
    report = StoriesReport(rebuilt=rebuild)
    if rebuild:
        with tables.transaction():
            tables.clear()
        store.changes.reset(CONSUMER)
    with tables.working_set():
        _group(store, Grouper(tables), report, progress)
    if method != METHOD:
        store.set_meta(_METHOD_KEY, METHOD)
    return report


def _group(store: Archive, grouper: Grouper, report: StoriesReport,
           progress: Callable[[int], None] | None) -> None:
    tables = store.stories
    for changes in store.changes.pending(CONSUMER, _BATCH):
        wanted = dict.fromkeys(c.article_id for c in changes if c.kind in ("new", "revision"))
        articles = [a for a in map(store.article, wanted) if a is not None]
        # in the order they were published, not archived: online grouping depends on the
        # order, and a run archives the articles of its sources as their fetches end
        articles.sort(key=lambda article: (article.path_date, article.id))
        with tables.transaction():
            for article in articles:
                grouper.group(item_of(article))
                report.grouped += 1
            if grouper.regrouped:
                store.changes.note_regrouped(grouper.regrouped, changes[-1].at or _now())
                grouper.regrouped.clear()
        store.changes.advance(CONSUMER, changes[-1].seq)
        if progress:
            progress(report.grouped)
    report.moved, report.merges, report.splits = grouper.moved, grouper.merges, grouper.splits


def _now() -> datetime:
    return datetime.now(UTC)
