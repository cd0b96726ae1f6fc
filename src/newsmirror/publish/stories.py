"""What every output shows of a story — the markdown mirror, the static site and
``serve`` — and which stories a publish renders: one context and one choice, so that
the three pages say the same thing and a run renders the same stories for each.

A story's page lists its outlets' articles oldest first, each with its time, title and
lead, the sentences only its outlet has (``stories.compare.additions``), and whether it
was edited or removed at source. Only the links differ from output to output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsmirror.publish.history import shown_time
from newsmirror.publish.titles import shown_title
from newsmirror.store import Archive, StoredArticle
from newsmirror.store.story_listing import Story
from newsmirror.stories.compare import additions
from newsmirror.stories.features import lead

StoryLookup = Callable[[str], tuple[str, int] | None]
"""An article's story and its size, if it is grouped (``StoryTables.story_for``)."""

LEAD_CHARS = 160  # of an article's lead on a story page
MIN_ARTICLES = 2  # a story of one article has no page and no link


@dataclass(frozen=True)
class StoryLinks:
    """Where a story page's links go, in one output: an article's page, its history
    page ('' where that output has none)."""

    article: Callable[[StoredArticle], str]
    history: Callable[[StoredArticle], str]


@dataclass(frozen=True)
class StoryPage:
    """A story to render: the story, its articles (oldest first, full text: what each
    adds is read from it) and the ids of the stories merged into it."""

    story: Story
    articles: list[StoredArticle]
    aliases: list[str]


def story_context(page: StoryPage, links: StoryLinks, source_title: Callable[[str], str]
                  ) -> dict[str, Any]:
    """What a story page's template sees: ``story`` and its ``articles``."""
    story, articles = page.story, page.articles
    added = additions([(a.source, a.text) for a in articles])
    first = articles[0] if articles else None
    title = (shown_title(story.title, first.text, first.url) if first is not None
             else story.title or story.id)
    return {
        "story": {"id": story.id, "title": title,
                  "first": shown_time(story.first_seen), "last": shown_time(story.last_seen),
                  "sources": len({a.source for a in articles}), "size": len(articles)},
        "articles": [{
            "id": a.id, "source": a.source, "source_title": source_title(a.source),
            "title": shown_title(a.title, a.text, a.url), "url": a.url,
            "at": shown_time(a.path_date), "at_iso": a.path_date.isoformat(),
            "lead": lead(a.text, a.title)[:LEAD_CHARS], "link": links.article(a),
            "edited": a.revision > 1, "history": links.history(a) if a.revision > 1 else "",
            "removed": shown_time(a.removed_at) if a.removed_at else "", "adds": adds}
            for a, adds in zip(articles, added, strict=True)]}


def story_link(stories: StoryLookup | None, article: StoredArticle
               ) -> tuple[str, int] | None:
    """The story an article page links to, and its size: none for a story of one."""
    found = stories(article.id) if stories is not None else None
    return found if found is not None and found[1] >= MIN_ARTICLES else None


def story_pages(store: Archive, stories: set[tuple[str, int]] | None
                ) -> Iterator[StoryPage]:
    """The stories a publish renders: of ``stories`` (the changed articles' stories and
    their sizes), those of two articles or more; every such story when None. One at a
    time (an archive's stories do not all fit in memory with their texts)."""
    tables = store.stories
    wanted = None
    if stories is not None:
        wanted = sorted(story for story, size in stories if size >= MIN_ARTICLES)
        if not wanted:
            return
    for story in tables.listing(min_articles=MIN_ARTICLES, ids=wanted):
        yield StoryPage(story, _articles(store, story), tables.aliases(story.id))


@dataclass(frozen=True)
class StoryOutput:
    """How one output renders a story's page and an article's page, and the folder of
    its story pages (``stories/``) with their suffix."""

    story: Callable[[StoryPage], None]
    article: Callable[[StoredArticle], None]
    folder: Path
    suffix: str


def render_stories(store: Archive, changed: set[str] | None, output: StoryOutput
                   ) -> list[Path]:
    """Render the stories a publish renders (:func:`story_pages`) and, in a run, their
    other articles' pages; remove the pages of stories that have none any more (one an
    article left, with the ids that led to it; on a whole build, every page not
    written). The pages removed."""
    tables = store.stories
    stories = None if changed is None else set(
        filter(None, (tables.story_for(identifier) for identifier in sorted(changed))))
    kept: set[str] = set()
    for page in story_pages(store, stories):
        output.story(page)
        kept |= {page.story.id, *page.aliases}
        if changed is not None:
            for article in members_to_render(page, changed):
                output.article(article)
    if stories is None:  # a whole build: every page it did not write
        written = (output.folder.glob(f"*{output.suffix}") if output.folder.is_dir()
                   else iter(()))
        gone = {path.name[:-len(output.suffix)] for path in written}
    else:  # a story an article left, with too few for a page now, and the ids to it
        gone = set()
        for story, size in stories:
            if size < MIN_ARTICLES:
                gone |= {story, *tables.aliases(story)}
    removed = []
    for story in sorted(gone - kept):
        path = output.folder / f"{story}{output.suffix}"
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _articles(store: Archive, story: Story) -> list[StoredArticle]:
    return [a for a in (store.article(m.id) for m in story.articles) if a is not None]


def members_to_render(page: StoryPage, rendered: set[str]) -> Sequence[StoredArticle]:
    """The story's articles whose pages were not rendered by this publish: their story
    link may be new (the story had one article) or have moved (a merge)."""
    return [a for a in page.articles if a.id not in rendered]
