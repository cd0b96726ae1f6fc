"""``run`` and ``publish``: one pass over the sources, and re-rendering the mirror."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsmirror.cli.application import (
    DirOption,
    ExitCode,
    JsonOption,
    app,
    err,
    fail,
    handles_errors,
    out,
    print_json,
    warn,
)
from newsmirror.cli.push_output import print_push_report, push_json
from newsmirror.config import Mirror, open_mirror
from newsmirror.dates import iso
from newsmirror.steps.lock import mirror_lock

if TYPE_CHECKING:  # the pipeline loads everything; commands import it when they run
    from newsmirror.pipeline import RunReport, SourceReport
    from newsmirror.site.search.index import SearchReport


@app.command()
@handles_errors
def run(
    replay: Annotated[list[Path] | None, typer.Option(
        "--replay", help="Take every response from this WARC file instead of the network "
        "(repeatable).", exists=True, dir_okay=False)] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Only this source (repeatable); checked even while it "
        "rests after failures.")] = None,
    recheck_all: Annotated[bool, typer.Option(
        "--recheck-all", help="Fetch every archived article again now, whatever "
        "[mirror] recheck says: edits become revisions, deleted pages are marked removed "
        "(once a second check confirms it)."
    )] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Fetch and read each source's feed or listing, and say what a run "
        "would take and how much is new, and how many archived articles are due; fetch no "
        "page, write nothing.")] = False,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """Fetch every source once, archive what is new or changed, then publish the mirror."""
    mirror = open_mirror(directory)
    unknown = [name for name in source or [] if mirror.config.source(name) is None]
    if unknown:
        fail(f"no source named {', '.join(unknown)} in {mirror.paths.config}", ExitCode.USAGE)
    if dry_run:
        if replay:
            fail("--dry-run reads the sources themselves: not with --replay", ExitCode.USAGE)
        print_preview(mirror, source or [], recheck_all, as_json)
        return
    with stop_on_sigterm():
        report = execute_run(mirror, replay or [], source or [], show_progress=not as_json,
                             recheck_all=recheck_all)
    if as_json:
        print_json({"sources": [{**asdict(s), "resting_until": iso(s.resting_until)}
                                for s in report.sources],
                    "rechecks": asdict(report.rechecks),
                    "images": asdict(report.images),
                    "written": [str(p) for p in report.published.written],
                    "unchanged": report.published.unchanged,
                    "site": {"written": len(report.site.written),
                             "unchanged": report.site.unchanged},
                    "search": asdict(report.search),
                    "capture": str(report.capture) if report.capture else None,
                    "pushed": push_json(report.pushed),
                    "interrupted": report.interrupted})
    else:
        print_run_report(report, mirror)
    raise typer.Exit(int(run_exit_code(report)))


def run_exit_code(report: RunReport) -> ExitCode:
    if report.interrupted:
        warn("interrupted", "the run stopped early; what it had archived is published, "
             "and the next run takes up the rest")
        return ExitCode.INTERRUPTED
    if report.failed_entirely:
        return ExitCode.FAILED
    pushes_failed = report.pushed is not None and (report.pushed.new_failures > 0
                                                   or bool(report.pushed.error))
    return ExitCode.PARTIAL if report.failures or pushes_failed else ExitCode.OK


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """SIGTERM (cron's timeout, systemd's stop, ``kill``) stops a run as Ctrl-C does: it
    finishes publishing what it archived instead of dying half-way."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
@handles_errors
def reprocess(as_json: JsonOption = False, directory: DirOption = Path()) -> None:
    """Extract every archived article again from the captures in data/warc, with the
    current extractor and rules, offline; add revisions where the result changed; publish."""
    mirror = open_mirror(directory)
    from newsmirror.pipeline import reprocess_mirror

    report = reprocess_mirror(mirror)
    if as_json:
        print_json({"rechecks": asdict(report.rechecks),
                    "written": [str(p) for p in report.published.written],
                    "unchanged": report.published.unchanged})
    else:
        print_run_report(report, mirror)
    if report.failures or report.rechecks.errors:
        raise typer.Exit(int(ExitCode.PARTIAL))


@app.command()
@handles_errors
def publish(
    everything: Annotated[bool, typer.Option(
        "--all", help="Render every page, not only what changed since the last publish.")
    ] = False,
    push: Annotated[bool, typer.Option(
        "--push", help="Then commit what changed and push it to every [publish] remote "
        "(runs do this by themselves when remotes are configured).")] = False,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """Render into the output folder what changed in the archive since the last publish
    (everything after a change of the configuration or the templates, or with --all);
    with --push, commit it and push it to the git remotes."""
    mirror = open_mirror(directory)
    if push and not mirror.config.publish.remotes:
        fail(f"--push: no remotes to push to; list them in [publish] remotes of "
             f"{mirror.paths.config}", ExitCode.USAGE)
    from newsmirror.publish.mirror import publish_mirror
    from newsmirror.push.step import push_mirror
    from newsmirror.site.mirror import build_site
    from newsmirror.site.search.step import build_search

    with mirror_lock(mirror.paths.lock), mirror.open_store() as store:
        report = publish_mirror(mirror, store, everything=everything)
        site = build_site(mirror, store, everything=everything)
        search = build_search(mirror, store, everything=everything)
        pushed = None
        if push:
            try:
                with stop_on_sigterm():
                    pushed = push_mirror(mirror, store)
            except KeyboardInterrupt:
                warn("interrupted", "the push stopped; what was committed stays, and the "
                     "next run or publish --push pushes it")
                raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    if as_json:
        print_json({"written": [str(p) for p in report.written],
                    "unchanged": report.unchanged,
                    "site": {"written": len(site.written), "unchanged": site.unchanged},
                    "search": search_json(search), "pushed": push_json(pushed)})
    else:
        out.print(f"{len(report.written)} files written, {report.unchanged} unchanged, "
                  f"in {mirror.output}; the site: {len(site.written)} written, "
                  f"{site.unchanged} unchanged, in {mirror.output / 'site'}")
        print_search_report(search)
        if pushed is not None:
            print_push_report(pushed)
    if pushed is not None and (pushed.error or any(not r.ok for r in pushed.remotes)):
        raise typer.Exit(int(ExitCode.PARTIAL if pushed.new_failures or pushed.error
                             else ExitCode.OK))


def print_search_report(search: SearchReport) -> None:
    if search.error:
        warn("search", f"the search index was not updated ({search.error}); the next run "
             "tries again")
    elif search.built:
        out.print(f"Search index: {len(search.built)} of {search.parts} parts built again "
                  f"({search.articles} articles) in {search.seconds:.1f} s.")


def search_json(search: SearchReport) -> dict[str, object]:
    return {"parts_built": len(search.built), "parts": search.parts,
            "articles": search.articles, "error": search.error}


def print_preview(mirror: Mirror, only: list[str], recheck_all: bool, as_json: bool) -> None:
    from newsmirror.steps.preview import preview_run

    preview = preview_run(mirror, only, recheck_all)
    if as_json:
        print_json({"dry_run": True, "rechecks_due": preview.rechecks_due,
                    "sources": [{**asdict(s), "resting_until": iso(s.resting_until)}
                                for s in preview.sources]})
    else:
        table = Table(title="newsmirror run --dry-run (nothing was written)",
                      title_justify="left")
        for column in ("source", "would take", "new", "left out"):
            table.add_column(column, justify="left" if column == "source" else "right")
        for s in preview.sources:
            if s.resting_until is not None:
                table.add_row(s.name, f"resting until {iso(s.resting_until)}", "", "")
            elif s.error:
                table.add_row(s.name, "[red]error[/red]", "", "")
            else:
                table.add_row(s.name, str(s.entries), str(s.new), str(s.left_out))
        out.print(table)
        for s in preview.sources:
            if s.error:
                warn(s.name, s.error)
        out.print(f"{preview.rechecks_due} archived articles are due for a re-check; "
                  f"the mirror would be published to {mirror.output}.")
    if any(s.error for s in preview.sources):
        raise typer.Exit(int(ExitCode.PARTIAL))


def execute_run(mirror: Mirror, replay: list[Path], only: list[str], *,
                show_progress: bool, recheck_all: bool = False) -> RunReport:
    """Run with a progress bar on the terminal (none when output is not a terminal)."""
    total = len(only) if only else sum(1 for s in mirror.config.sources if s.enabled)
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True,
        disable=not (show_progress and err.is_terminal),
    )
    with progress:
        task = progress.add_task("sources", total=total)

        def done(report: SourceReport) -> None:
            progress.update(task, advance=1, description=f"sources (last: {report.name})")

        from newsmirror.pipeline import run_mirror

        return run_mirror(mirror, replay=replay, only=only, on_source_done=done,
                          recheck_all=recheck_all)


def print_run_report(report: RunReport, mirror: Mirror) -> None:
    table = Table(title="newsmirror run", title_justify="left")
    for column in ("source", "entries", "new", "revised", "unchanged", "known", "errors"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for s in report.sources:
        if s.resting_until is not None:
            table.add_row(s.name, f"resting until {iso(s.resting_until)}", "", "", "", "", "")
            continue
        entries = "feed unchanged" if s.unchanged_listing else str(s.entries)
        table.add_row(s.name, entries, str(s.new_articles), str(s.new_revisions),
                      str(s.unchanged), str(s.known),
                      f"[red]{len(s.errors)}[/red]" if s.errors else "0")
    out.print(table)
    for s in report.sources:
        if s.left_out:
            warn(s.name, f"{s.left_out} older items left out: max_items takes the newest "
                 f"{s.entries}")
        if s.not_articles:
            warn(s.name, f"{s.not_articles} linked pages are lists of links, not articles: "
                 "not archived (see 'newsmirror failures')")
        if s.without_link:
            warn(s.name, f"{s.without_link} items without a link (no article to archive) "
                 "left out")
        for message in s.errors[:5]:
            warn(s.name, message)
        if len(s.errors) > 5:
            warn(s.name, f"… and {len(s.errors) - 5} more (see 'newsmirror status')")
    rechecks = report.rechecks
    if rechecks.checked:
        out.print(f"Re-checked {rechecks.checked} archived articles: {rechecks.edited} edited, "
                  f"{rechecks.removed} removed at source, {rechecks.missing} gone once "
                  f"(checked again within the hour), {rechecks.restored} back at source, "
                  f"{rechecks.completed} placeholders completed, {rechecks.still_failing} "
                  f"still failing, {len(rechecks.errors)} not reached.")
    images = report.images
    if images.copied or images.failed:
        out.print(f"Local images: {images.copied} copied, {images.failed} not (their pages "
                  "keep the original URL; see 'newsmirror status').")
    if report.up_to_date and not report.site.written:
        out.print(f"Nothing new: {mirror.output} is up to date.")
    else:
        out.print(f"Published to {mirror.output}: {len(report.published.written)} files "
                  f"written, {report.published.unchanged} unchanged; the site "
                  f"({mirror.output / 'site'}): {len(report.site.written)} written.")
    print_search_report(report.search)
    if report.capture is not None:
        out.print(f"Responses recorded in {report.capture}")
    if report.pushed is not None:
        print_push_report(report.pushed)
