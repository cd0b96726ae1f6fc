"""``serve``'s stories: the list of stories (newest first, a source's alone with
``?source=``), a story's page — the static site's own (``story.html.j2``), from the
context every output shares (``publish.stories``) — and its JSON. A merged story's old
id leads to the story it joined: the page redirects, the API answers with that story."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from newsmirror.publish.history import shown_time
from newsmirror.publish.stories import MIN_ARTICLES, StoryLinks, StoryPage, story_context
from newsmirror.records import story_json
from newsmirror.serve.pages import Pages
from newsmirror.serve.views import NotFoundError, int_param, pager_link, source_pages
from newsmirror.store import Archive
from newsmirror.store.story_listing import Story

STORIES_PAGE = 30  # stories a page of the list shows
# an article's id, and -2, -3… when a story was founded under a name already taken
_STORY_ID = re.compile(r"^[0-9a-f]{16}(?:-[0-9]{1,6})?$")


class StoryPages:
    """The story pages and the story API, over the same archive as ``pages``."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    def listing(self, request: Request) -> Response:
        """The stories of two articles or more, newest first (by their latest article)."""
        params = request.query_params
        with self.pages.archive() as store:
            sources = source_pages(self.pages.mirror, store)
            source = params.get("source") or None
            if source is not None and source not in sources:
                raise NotFoundError(f"no source {source}")
            total = store.stories.listed(source=source, min_articles=MIN_ARTICLES)
            pages = max(1, -(-total // STORIES_PAGE))
            number = int_param(params, "page", 1, minimum=1, maximum=pages)
            found = store.stories.listing(source=source, min_articles=MIN_ARTICLES,
                                          limit=STORIES_PAGE,
                                          offset=(number - 1) * STORIES_PAGE)
        link = pager_link("/stories", params)
        return self.pages.render.page("stories.html.j2", {
            "stories": [{
                "title": story.title or story.id, "link": f"/stories/{story.id}",
                "size": len(story.articles), "first": shown_time(story.first_seen),
                "last": shown_time(story.last_seen),
                "outlets": [sources[name].title if name in sources else name
                            for name in dict.fromkeys(a.source for a in story.articles)]}
                for story in found],
            "total": total, "source": sources[source].title if source else "",
            "number": number, "pages": pages,
            "previous": link(number - 1) if number > 1 else "",
            "next": link(number + 1) if number < pages else ""})

    def story(self, request: Request) -> Response:
        asked = request.path_params["id"]
        with self.pages.archive() as store:
            story = _story(store, asked)
            if story.id != asked:
                return RedirectResponse(f"/stories/{story.id}", status_code=301)
            sources = source_pages(self.pages.mirror, store)
            articles = [a for a in (store.article(m.id) for m in story.articles)
                        if a is not None]
            context = story_context(
                StoryPage(story, articles, []),
                StoryLinks(article=lambda a: f"/articles/{a.id}",
                           history=lambda a: f"/articles/{a.id}/history"),
                lambda name: sources[name].title if name in sources else name)
        return self.pages.render.page("story.html.j2", context)

    def api(self, request: Request) -> Response:
        """The story as ``newsmirror stories --json`` gives it (the story an old merged
        id joined: its ``id`` says which)."""
        with self.pages.archive() as store:
            return JSONResponse(story_json(_story(store, request.path_params["id"])))


def _story(store: Archive, asked: str) -> Story:
    """The story ``asked`` names, or the one it was merged into."""
    if not _STORY_ID.match(asked):
        raise NotFoundError(f"no story {asked}: a story's id is an article's id")
    resolved = store.stories.resolve(asked)
    found = store.stories.listing(ids=[resolved]) if resolved is not None else []
    if not found:
        raise NotFoundError(f"no story {asked}")
    return found[0]
