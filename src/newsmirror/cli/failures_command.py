"""``failures``: the items whose article could not be had — kept meanwhile as their
title, summary and link — with how often and why they failed and when they are tried
again."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

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
from newsmirror.cli.status_command import short_time
from newsmirror.config import open_mirror
from newsmirror.dates import iso
from newsmirror.store import ItemFailure


@app.command()
@handles_errors
def failures(
    source: Annotated[str | None, typer.Option(
        "--source", "-s", help="Only this source's items.")] = None,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """List the items whose page could not be had: source, URL, attempts, first and last
    failure, the last error, and the next try (or "given up")."""
    mirror = open_mirror(directory)
    if source is not None and mirror.config.source(source) is None:
        fail(f"no source named {source} in {mirror.paths.config}", ExitCode.USAGE)
    with mirror.open_store() as store:
        found = store.failures.failures(source)
    if as_json:
        print_json({"failures": [failure_json(failure) for failure in found]})
        return
    if not found:
        out.print("No failing items.")
        return
    table = Table(title=f"Items whose page could not be had ({len(found)})",
                  title_justify="left")
    for column in ("source", "url", "attempts", "last failure (UTC)", "next try (UTC)",
                   "last error"):
        table.add_column(column, overflow="fold")
    for failure in found:
        row = failure_json(failure)
        table.add_row(row["source"], row["url"], str(row["attempts"]),
                      short_time(row["last_failed_at"]), short_time(row["next_attempt_at"]) or
                      "given up", row["last_error"])
    out.print(table)


def failure_json(failure: ItemFailure) -> dict[str, Any]:
    return {"source": failure.source, "url": failure.url, "attempts": failure.attempts,
            "first_failed_at": iso(failure.first_failed_at),
            "last_failed_at": iso(failure.last_failed_at),
            "next_attempt_at": iso(failure.next_attempt_at),
            "given_up": failure.next_attempt_at is None,
            "last_error": failure.last_error, "http_status": failure.http_status}
