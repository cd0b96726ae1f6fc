"""``status``: how each source is doing — last success, last error, counts — and how the
local image copies stand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from newsmirror.cli.application import DirOption, JsonOption, app, handles_errors, out, print_json
from newsmirror.cli.push_output import print_remotes, remote_rows
from newsmirror.config import Mirror, open_mirror
from newsmirror.dates import iso
from newsmirror.store import ImageSummary, SourceHealth


@app.command()
@handles_errors
def status(as_json: JsonOption = False, directory: DirOption = Path()) -> None:
    """Show, per source, when it last worked, when and why it last failed, its items
    whose page could not be had, and its counts; then the image copies, each git
    remote's last push, and the size of the archive."""
    mirror = open_mirror(directory)
    with mirror.open_store() as store:
        health = {h.name: h for h in store.source_health()}
        images = store.images.summary()
        remotes = remote_rows(store.pushes.records())
    rows: list[dict[str, Any]] = []
    for source in mirror.config.sources:
        rows.append(_row(source.name, source.url, source.enabled, health.pop(source.name, None)))
    for leftover in health.values():  # archived sources no longer in the config
        rows.append(_row(leftover.name, leftover.url, False, leftover, configured=False))
    archive = archive_size(mirror)
    if as_json:
        print_json({"mirror": str(mirror.paths.root), "sources": rows, "archive": archive,
                    "remotes": remotes,
                    "images": {"copied": images.copied, "missing": images.missing,
                               "failures": [{"url": url, "error": error}
                                            for url, error in images.failures]}})
        return
    # The errors go under the table, a line each: an 80-column terminal (or cron's mail)
    # has no room for them in a column beside the counts.
    table = Table(title=f"newsmirror status — {mirror.paths.root} (times UTC)",
                  title_justify="left")
    table.add_column("source", overflow="fold", min_width=12)
    table.add_column("last success", no_wrap=True)
    # fails: the source's failures in a row; bad items: items whose page failed
    for column in ("fails", "bad items", "articles", "revisions"):
        table.add_column(column, justify="right", no_wrap=True)
    errors: list[str] = []
    for row in rows:
        name = row["name"] + ("" if row["enabled"] else " (off)")
        items = str(row["failing_items"])
        if row["given_up_items"]:
            items += f" (+{row['given_up_items']} given up)"
        table.add_row(name, short_time(row["last_success_at"]) or "never",
                      str(row["consecutive_failures"]), items, str(row["articles"]),
                      str(row["revisions"]))
        error = (f"{short_time(row['last_error_at'])}  {row['last_error']}"
                 if row["last_error"] else "")
        if row["next_check_at"]:
            error += f"  (backing off: next check {short_time(row['next_check_at'])})"
        if row["moved_to"]:
            error += f"  (moved for good to {row['moved_to']})"
        if error:
            errors.append(f"  {name}: {error.strip()}")
    out.print(table)
    if errors:
        out.print("Last errors:", highlight=False)
        for line in errors:
            out.print(line, highlight=False, markup=False)
    if any(row["failing_items"] or row["given_up_items"] for row in rows):
        out.print("Items whose page could not be had are kept as their title, summary and "
                  "link, and tried again on their own: newsmirror failures lists them.",
                  highlight=False)
    _print_images(images)
    print_remotes(remotes, mirror.config.publish.remotes)
    out.print(f"Archive: database {_megabytes(archive['database_bytes'])}; "
              f"{archive['captures']} capture files, {_megabytes(archive['capture_bytes'])} "
              f"(keep_captures = {archive['keep_captures']})", highlight=False)


def archive_size(mirror: Mirror) -> dict[str, Any]:
    """How much the archive holds on disk: the database (with its write-ahead log) and
    the run captures."""
    database = mirror.paths.database
    pieces = [database, database.with_name(database.name + "-wal")]
    captures = sorted(mirror.paths.warc.glob("*.warc.gz")) if mirror.paths.warc.is_dir() \
        else []
    return {"database_bytes": sum(p.stat().st_size for p in pieces if p.exists()),
            "captures": len(captures),
            "capture_bytes": sum(p.stat().st_size for p in captures),
            "keep_captures": mirror.config.archive.keep_captures}


def _megabytes(count: int) -> str:
    return f"{count / 1e6:,.1f} MB"


def _print_images(images: ImageSummary) -> None:
    """A line on the local image copies, and why the latest missing ones are missing."""
    if not images.copied and not images.missing:
        return
    out.print(f"Local images: {images.copied} copied, {images.missing} missing "
              "(their pages show the original URL).", highlight=False)
    for url, error in images.failures:
        out.print(f"  {url}: {error}", highlight=False, markup=False)


def short_time(timestamp: str | None) -> str:
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
        "failing_items": health.failing_items if health else 0,
        "given_up_items": health.given_up_items if health else 0,
        "next_check_at": iso(health.next_check_at) if health else None,
        "moved_to": health.moved_to if health else "",
    }
