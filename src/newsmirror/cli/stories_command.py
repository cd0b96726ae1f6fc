"""``stories``: the coverage of one event across outlets, as grouping keeps it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newsmirror.cli.application import (
    DirOption,
    JsonOption,
    app,
    day_option,
    handles_errors,
    out,
    print_json,
)
from newsmirror.config import open_mirror
from newsmirror.records import story_json


@app.command()
@handles_errors
def stories(
    since: Annotated[str | None, typer.Option(
        "--since", help="Stories with an article on or after this day (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", "-s", help="Only stories this source covered.")] = None,
    min_articles: Annotated[int, typer.Option(
        "--min-articles", min=1, help="Stories of at least this many articles (1: every "
        "article's story).")] = 2,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1,
                                              help="At most this many, newest first.")] = None,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """List the stories — articles of several outlets on one event, grouped by every
    run — newest first, each with its articles' times, sources and titles."""
    day = day_option(since, "--since")
    since_day = None if day is None else (day - date(1970, 1, 1)).days
    mirror = open_mirror(directory)
    with mirror.open_store(readonly=True) as store:
        found = store.stories.listing(since_day=since_day, source=source,
                                      min_articles=min_articles, limit=limit)
    if as_json:
        print_json([story_json(story) for story in found])
        return
    if not found:
        out.print("No stories yet." if since is None and source is None else
                  "No story matches.", markup=False)
        return
    for story in found:
        out.print(f"[bold]{escape(story.title)}[/bold]  ({story.id}, "
                  f"{len(story.articles)} articles)")
        for article in story.articles:
            notes = "".join(f" [{n}]" for n, on in (("removed at source",
                                                     article.removed_at is not None),
                                                    ("edited", article.revisions > 1)) if on)
            out.print(f"  {article.at:%Y-%m-%d %H:%M}  {article.source}  {article.title}"
                      f"{notes}  ({article.id})", markup=False, highlight=False)

