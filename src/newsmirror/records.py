"""The archive's articles and stories as JSON: one shape for ``export --jsonl``,
``history --json``, ``stories --json`` and ``serve``'s API, so that a researcher's script
reads them all alike."""

from __future__ import annotations

from typing import Any

from newsmirror.dates import iso, iso_local
from newsmirror.store import ArticleHistory, Revision
from newsmirror.store.story_listing import Story


def article_json(article: ArticleHistory) -> dict[str, Any]:
    """An article as exported: what it is, whether the origin still has it, every version."""
    return {**article_fields(article),
            "revisions": [revision_json(r) for r in article.revisions]}


def article_fields(article: ArticleHistory) -> dict[str, Any]:
    """What an article is, whether the origin still has it, and when its page was found
    removed or back again (``export`` and ``history``)."""
    return {"id": article.id, "url": article.url, "source": article.source,
            "status": article.status, "removed_at": iso(article.removed_at),
            "events": [{"at": iso(event.at), "kind": event.kind, "detail": event.detail}
                       for event in article.events]}


def revision_json(revision: Revision) -> dict[str, Any]:
    return {"fetched_at": iso(revision.fetched_at), "title": revision.title,
            "author": revision.author, "published": iso_local(revision.published),
            "text": revision.text, "html": revision.html}


def story_json(story: Story) -> dict[str, Any]:
    """A story with its articles, oldest first (``stories --json``, ``/api/stories/ID``)."""
    return {"id": story.id, "title": story.title, "first_seen": iso(story.first_seen),
            "last_seen": iso(story.last_seen),
            "articles": [{"id": a.id, "url": a.url, "source": a.source, "title": a.title,
                          "at": iso(a.at), "edited": a.revisions > 1,
                          "removed": a.removed_at is not None} for a in story.articles]}
