"""``search`` and ``index``: finding anything in the archive, Chinese-aware, and keeping
the index that makes it fast."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from newsmirror.cli.application import (
    DirOption,
    ExitCode,
    JsonOption,
    app,
    day_option,
    fail,
    handles_errors,
    out,
    print_json,
)
from newsmirror.config import open_mirror
from newsmirror.steps.lock import mirror_lock
from newsmirror.store.search_index import STATUSES


@app.command()
@handles_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to find: 北约 峰会 (both), 北约 OR "
                                         "北約, 北约 -俄罗斯, \"日内瓦 会谈\" (a phrase), "
                                         "(a OR b) c.")],
    source: Annotated[str | None, typer.Option("--source", "-s",
                                               help="Only this source's articles.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Published on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", help="Published on or before this day (YYYY-MM-DD).")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help="live, removed (at source) or edited.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000,
                                       help="How many to show.")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0,
                                        help="Skip this many first (the next page).")] = 0,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """Find the archived articles that hold the words, simplified or traditional alike,
    best and newest first, with the matches highlighted in their own text."""
    from newsmirror.search.index import search_database_path
    from newsmirror.search.query import QueryError
    from newsmirror.search.results import hit_json
    from newsmirror.search.results import search as run_search
    from newsmirror.store.search_index import Filters

    if status is not None and status not in STATUSES:
        fail(f"--status {status}: one of {', '.join(STATUSES)}", ExitCode.USAGE)
    filters = Filters(source=source, since=_iso(day_option(since, "--since")),
                      until=_iso(day_option(until, "--until")), status=status)
    mirror = open_mirror(directory)
    index_path = search_database_path(mirror.paths.data)
    if not index_path.exists():
        fail("no search index yet: 'newsmirror index' makes it (and every run keeps it up "
             "to date)", ExitCode.USAGE)
    try:
        with mirror.open_store(readonly=True) as store:
            results = run_search(store, index_path, query, filters, limit, offset)
    except QueryError as exc:
        fail(f"the query cannot be read: {exc}", ExitCode.USAGE)
    if as_json:
        print_json({"query": query, "total": results.total, "more": results.more,
                    "offset": offset, "hits": [hit_json(hit) for hit in results.hits]})
        return
    if not results.hits:
        out.print(f"Nothing found for {query}." if not results.total else
                  f"{results.total} found; none after the first {offset}.", markup=False)
        return
    found = f"more than {results.total:,}" if results.more else f"{results.total:,}"
    out.print(f"{found} found; {offset + 1}–{offset + len(results.hits)}:", markup=False)
    for hit in results.hits:
        title = Text.assemble(*((text, "bold yellow" if match else "bold")
                                for text, match in hit.title_marks))
        notes = "".join(f" [{note}]" for note, on in (("removed at source",
                                                       hit.status == "removed"),
                                                      ("edited", hit.edited)) if on)
        out.print(Text.assemble(title, f"  {hit.source} {hit.day}{notes}"))
        out.print(Text.assemble("  ", *((text, "reverse" if match else "")
                                        for text, match in hit.snippet)))
        out.print(f"  {hit.url}  ({hit.id})", markup=False, highlight=False)


@app.command()
@handles_errors
def index(
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Make the index again from every archived article.")] = False,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """Bring the search index (data/search.db) up to date with the archive; every run
    does this by itself."""
    from newsmirror.search.index import search_database_path, update_index

    mirror = open_mirror(directory)
    with mirror_lock(mirror.paths.lock), mirror.open_store() as store:
        total = sum(store.reader.counts().values())
        with Progress(TextColumn("indexing"), BarColumn(), TextColumn("{task.completed}"),
                      TimeElapsedColumn(), disable=as_json, transient=True) as progress:
            task = progress.add_task("index", total=total or None)
            report = update_index(store, search_database_path(mirror.paths.data),
                                  rebuild=rebuild,
                                  progress=lambda n: progress.update(task, completed=n))
    if as_json:
        print_json({"indexed": report.indexed, "rebuilt": report.rebuilt,
                    "articles": report.articles})
        return
    made = "made again" if report.rebuilt else "brought up to date"
    out.print(f"Search index {made}: {report.indexed} articles indexed, {report.articles} "
              "in the index.", markup=False)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
