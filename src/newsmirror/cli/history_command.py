"""``history``: every revision of one article and what changed between them, word by
word — in the terminal, or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from newsmirror.cli.application import (
    DirOption,
    ExitCode,
    JsonOption,
    app,
    fail,
    handles_errors,
    out,
    print_json,
)
from newsmirror.config import open_mirror
from newsmirror.dates import iso, iso_local
from newsmirror.records import article_fields
from newsmirror.store import ArticleEvent, ArticleHistory

if TYPE_CHECKING:
    from newsmirror.diffs import TextDiff


@app.command()
@handles_errors
def history(
    article: Annotated[str, typer.Argument(help="The article's id, or its URL.",
                                           metavar="ID_OR_URL")],
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """Show every revision of an article (number, time, title) and the diff between
    consecutive ones: deletions struck through in red, insertions in green."""
    mirror = open_mirror(directory)
    with mirror.open_store() as store:
        found = store.reader.history(article)
    if found is None:
        fail(f"no archived article {article} in {mirror.paths.database}", ExitCode.USAGE)
    if as_json:
        print_json(history_json(found))
    else:
        print_history(found)


def _diffs(article: ArticleHistory) -> list[tuple[TextDiff, TextDiff] | None]:
    """Per revision: the title's and the text's diff from the one before (none for the
    first). The diffs are imported here: other commands do not pay for them at start-up."""
    from newsmirror.diffs import diff_texts

    pairs = zip(article.revisions, article.revisions[1:], strict=False)
    return [None, *((diff_texts(a.title, b.title), diff_texts(a.text, b.text))
                    for a, b in pairs)]


def history_json(article: ArticleHistory) -> dict[str, Any]:
    revisions = []
    for revision, diffs in zip(article.revisions, _diffs(article), strict=True):
        revisions.append({
            "number": revision.number, "fetched_at": iso(revision.fetched_at),
            "title": revision.title, "author": revision.author,
            "published": iso_local(revision.published),
            "title_diff": _runs(diffs[0]) if diffs else None,
            "diff": _runs(diffs[1]) if diffs else None,
        })
    return {**article_fields(article), "revisions": revisions}


def _runs(diff: TextDiff) -> list[dict[str, str]]:
    return [{"op": str(run.op), "text": run.text} for run in diff.runs]


def print_history(article: ArticleHistory) -> None:
    from newsmirror.diffs.terminal import diff_text

    # Text objects, never markup strings: titles and bodies are third-party text.
    marked = not out.is_terminal or out.no_color  # no colour: mark the runs in the text
    out.print(Text(f"{article.id} · {article.source} · {article.url}", style="bold"))
    if article.removed_at is not None:
        out.print(Text(f"removed at source {iso(article.removed_at)}", style="yellow"))
    events = list(article.events)
    for revision, diffs in zip(article.revisions, _diffs(article), strict=True):
        while events and events[0].at < revision.fetched_at:
            _print_event(events.pop(0))
        out.print()
        out.print(Text(f"revision {revision.number} · {iso(revision.fetched_at)} · "
                       f"{revision.title}", style="bold"))
        if diffs is None:
            continue
        title, text = diffs
        if title.changed:
            out.print(Text("title: ").append_text(diff_text(title, marked=marked)))
        out.print(diff_text(text, marked=marked) if text.changed
                  else Text("(text unchanged)", style="dim"))
    for event in events:
        _print_event(event)


def _print_event(event: ArticleEvent) -> None:
    out.print()
    if event.kind == "removed":
        out.print(Text(f"removed at source · {iso(event.at)} · {event.detail}", style="yellow"))
    else:
        out.print(Text(f"restored · {iso(event.at)} · the page answers again", style="green"))
