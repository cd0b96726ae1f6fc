"""Which items of a listing a run takes: each article once, the newest first.

Items of one listing that are one article are merged before anything is stored.

Feeds list an article twice: once at its address and once with a tracking query
(``/a/x`` and ``/a/x?utm_source=rss``), or in two sections under two headlines. Stored
one after the other, the two would make a revision each on every run, flipping between
their titles. Items whose links name one article (the same :func:`~newsmirror.urls.article_id`)
become one entry, chosen the same way on every run whatever the feed's order: the one
with the most text (a full-text item over a summary), then the shortest link (the one
without tracking parameters), then by its fields; its empty fields are filled from the
others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime

from newsmirror.ingest.model import Entry
from newsmirror.urls import article_id


def merge_duplicates(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """``entries`` with each article once, where it was first listed."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(article_id(entry.link), []).append(entry)
    if len(groups) == len(entries):
        return tuple(entries)
    return tuple(_merged(members) for members in groups.values())


def _merged(members: list[Entry]) -> Entry:
    if len(members) == 1:
        return members[0]
    ranked = sorted(members, key=_rank)
    chosen = ranked[0]
    filled = {}
    for field in dataclasses.fields(Entry):
        if not getattr(chosen, field.name):
            filled[field.name] = next((getattr(other, field.name) for other in ranked
                                       if getattr(other, field.name)), getattr(chosen, field.name))
    return dataclasses.replace(chosen, **filled)


def _rank(entry: Entry) -> tuple[object, ...]:
    """Most text first, then the shortest link; then the fields themselves, so that the
    choice is one and the same in any order."""
    published = entry.published.isoformat() if entry.published else ""
    return (-len(entry.content_html or entry.summary_html), len(entry.link), entry.link,
            entry.title, entry.author, published, entry.image, entry.content_html,
            entry.summary_html, entry.html_base)


def newest(entries: Sequence[Entry], limit: int) -> tuple[tuple[Entry, ...], int]:
    """The ``limit`` newest entries, by their dates, newest first (undated ones after the
    dated, in the listing's order), and how many were left out. Feeds list their items in
    any order, and a listing page gives no dates at all: its first links are taken."""
    ranked = sorted(enumerate(entries), key=lambda item: (
        item[1].published is None, -(item[1].published or _EPOCH).timestamp(), item[0]))
    taken = tuple(entry for _, entry in ranked[:limit])
    return taken, max(len(entries) - limit, 0)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
