"""``status``: how each source is doing — last success, last error, counts — and how the
local image copies stand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from newsmirror.cli.app import DirOption, JsonOption, app, handles_errors, out, print_json
from newsmirror.config import open_mirror
from newsmirror.dates import iso
from newsmirror.store import ImageArchive, ImageSummary, SourceHealth, Store


@app.command()
@handles_errors
def status(as_json: JsonOption = False, directory: DirOption = Path()) -> None:
    """Show, per source, when it last worked, when and why it last failed, and its counts."""
    mirror = open_mirror(directory)
    with Store(mirror.paths.database) as store:
        health = {h.name: h for h in store.source_health()}
        images = ImageArchive(store).summary()
    rows: list[dict[str, Any]] = []
    for source in mirror.config.sources:
        rows.append(_row(source.name, source.url, source.enabled, health.pop(source.name, None)))
    for leftover in health.values():  # archived sources no longer in the config
        rows.append(_row(leftover.name, leftover.url, False, leftover, configured=False))
    if as_json:
        print_json({"mirror": str(mirror.paths.root), "sources": rows,
                    "images": {"copied": images.copied, "missing": images.missing,
                               "failures": [{"url": url, "error": error}
                                            for url, error in images.failures]}})
        return
    table = Table(title=f"newsmirror status — {mirror.paths.root}", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("last success (UTC)", no_wrap=True)
    table.add_column("last error", overflow="fold", min_width=10)
    for column in ("failures", "articles", "revisions"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        name = row["name"] + ("" if row["enabled"] else " (off)")
        error = (f"{_short(row['last_error_at'])}  {row['last_error']}"
                 if row["last_error"] else "—")
        if row["next_check_at"]:
            error += f"  (backing off: next check {_short(row['next_check_at'])})"
        if row["moved_to"]:
            error += f"  (moved for good to {row['moved_to']})"
        table.add_row(name, _short(row["last_success_at"]) or "never", error,
                      str(row["consecutive_failures"]), str(row["articles"]),
                      str(row["revisions"]))
    out.print(table)
    _print_images(images)


def _print_images(images: ImageSummary) -> None:
    """A line on the local image copies, and why the latest missing ones are missing."""
    if not images.copied and not images.missing:
        return
    out.print(f"Local images: {images.copied} copied, {images.missing} missing "
              "(their pages show the original URL).", highlight=False)
    for url, error in images.failures:
        out.print(f"  {url}: {error}", highlight=False, markup=False)


def _short(timestamp: str | None) -> str:
    """``2022-01-10T05:20:00Z`` → ``2022-01-10 05:20``: the table's width is for the errors."""
    return timestamp[:16].replace("T", " ") if timestamp else ""


def _row(name: str, url: str, enabled: bool, health: SourceHealth | None,
         configured: bool = True) -> dict[str, Any]:
    return {
        "name": name,
        "url": url,
        "enabled": enabled,
        "configured": configured,
        "last_attempt_at": iso(health.last_attempt_at) if health else None,
        "last_success_at": iso(health.last_success_at) if health else None,
        "last_error_at": iso(health.last_error_at) if health else None,
        "last_error": health.last_error if health else "",
        "consecutive_failures": health.consecutive_failures if health else 0,
        "articles": health.articles if health else 0,
        "revisions": health.revisions if health else 0,
        "next_check_at": iso(health.next_check_at) if health else None,
        "moved_to": health.moved_to if health else "",
    }
