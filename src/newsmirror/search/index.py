"""Keeping the search index: a consumer of the archive's change feed.

Each run indexes the articles the feed says changed since the index's cursor (a new
article or revision is indexed again whole; a removal or restoration changes its
status); ``newsmirror index --rebuild`` makes the index again from every article. The
cursor lives in the index's own database, in the transaction that indexes a batch: an
index deleted, or killed half-way, starts again where it really is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from newsmirror.search.tokens import streams
from newsmirror.store import Archive, StoredArticle
from newsmirror.store.search_index import SCHEMA_VERSION, IndexedDoc, SearchDatabase, Tokens

_BATCH = 500
# what the tokens are made of: a new version of either makes the index again
TOKENS_VERSION = "2"  # 2: text/fold.json (Taiwan and Hong Kong forms too)


@dataclass
class IndexReport:
    indexed: int = 0
    rebuilt: bool = False
    articles: int = 0  # in the index afterwards


def search_database_path(data: Path) -> Path:
    return data / "search.db"


def update_index(store: Archive, path: Path, *, rebuild: bool = False,
                 progress: Callable[[int], None] | None = None) -> IndexReport:
    """Bring the index at ``path`` up to date with the archive (or make it again)."""
    report = IndexReport()
    with SearchDatabase(path) as index:
        version = f"{SCHEMA_VERSION}.{TOKENS_VERSION}"
        if rebuild or index.meta("version") != version or index.meta("cursor") is None:
            report.rebuilt = True
            latest = store.changes.latest()
            with index.transaction():
                index.clear()
                index.set_meta("version", version)
            report.indexed = _index_all(index, store.reader.each_article(), progress)
            with index.transaction():
                index.set_meta("cursor", str(latest))
            index.optimize()
        else:
            cursor = int(index.meta("cursor") or 0)
            while changes := store.changes.after(cursor, _BATCH):
                with index.transaction():
                    for identifier in dict.fromkeys(
                            c.article_id for c in changes if c.kind != "story"):
                        article = store.article(identifier)
                        if article is not None:
                            _reindex(index, store, article)
                            report.indexed += 1
                    cursor = changes[-1].seq
                    index.set_meta("cursor", str(cursor))
                if progress:
                    progress(report.indexed)
        report.articles = index.count()
    return report


def _index_all(index: SearchDatabase, articles: Iterable[StoredArticle],
               progress: Callable[[int], None] | None) -> int:
    count = 0
    batch: list[IndexedDoc] = []
    for article in articles:
        batch.append(indexed_doc(article))
        if len(batch) == _BATCH:
            count += _write(index, batch)
            if progress:
                progress(count)
    count += _write(index, batch)
    return count


def _write(index: SearchDatabase, batch: list[IndexedDoc]) -> int:
    with index.transaction():
        for doc in batch:
            index.put(doc)
    written = len(batch)
    batch.clear()
    return written


def _reindex(index: SearchDatabase, store: Archive, article: StoredArticle) -> None:
    """``article`` as the archive has it now: its state alone if its tokens are those of
    its latest revision already, else out with the tokens it was indexed with, and in."""
    status = "removed" if article.removed_at else "live"
    was = index.indexed_revision(article.id)
    if was == article.revision:
        index.set_state(article.id, status, article.revision > 1)
        return
    indexed = None
    if was is not None:
        old = next((r for r in store.reader.revisions(article.id) if r.number == was), None)
        if old is None:  # cannot be: revisions are never deleted
            raise ValueError(f"revision {was} of {article.id} is not in the archive")
        indexed = tokens(old.title, old.text)
    index.put(indexed_doc(article), indexed)


def tokens(title: str, text: str) -> Tokens:
    """The index's token streams of a title and a text."""
    head, body = streams(title), streams(text)
    return Tokens(t_chars=head.chars, b_chars=body.chars, t_pairs=head.pairs,
                  b_pairs=body.pairs, t_solo=head.solo, b_solo=body.solo)


def indexed_doc(article: StoredArticle) -> IndexedDoc:
    """What the index keeps of ``article``: its filters and its tokens."""
    when = article.published or article.first_seen
    return IndexedDoc(
        article_id=article.id, source=article.source, day=when.date().isoformat(),
        published=when.astimezone(UTC).isoformat(),
        status="removed" if article.removed_at else "live", edited=article.revision > 1,
        revision=article.revision, tokens=tokens(article.title, article.text))
