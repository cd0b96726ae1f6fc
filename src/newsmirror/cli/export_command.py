"""``export``: the whole archive as JSON lines (``--jsonl``: one article and all its
revisions per line, streamed so that an archive of any size is exported in little memory),
or the sources as an OPML subscription list (``--opml``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from newsmirror.cli.application import DirOption, ExitCode, app, fail, handles_errors
from newsmirror.config import open_mirror
from newsmirror.config.opml import write_opml
from newsmirror.dates import now
from newsmirror.records import article_json


@app.command()
@handles_errors
def export(
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="One JSON object per article and line: id, url, source, status "
        "(live or removed), removed_at, events (removed, restored) and revisions, oldest "
        "first, each with fetched_at, title, author, published, text and html.")] = False,
    opml: Annotated[bool, typer.Option(
        "--opml", help="The sources as an OPML 2.0 subscription list (feeds as rss "
        "outlines, listing pages as links), for feed readers and other mirrors.")] = False,
    directory: DirOption = Path(),
) -> None:
    """Write the archive (--jsonl) or the list of sources (--opml) to standard output."""
    if jsonl == opml:
        fail("say which to export: --jsonl (the archive) or --opml (the sources)",
             ExitCode.USAGE)
    mirror = open_mirror(directory)
    if opml:
        title = f"{mirror.config.mirror.title}: sources"
        _write(lambda: sys.stdout.buffer.write(
            write_opml(mirror.config.sources, title, now())))
        return
    with mirror.open_store() as store:
        _write(lambda: sys.stdout.writelines(
            json.dumps(article_json(article), ensure_ascii=False) + "\n"
            for article in store.reader.histories()))


def _write(writing: Callable[[], object]) -> None:
    try:
        writing()
        sys.stdout.flush()
    except BrokenPipeError:  # `newsmirror export --jsonl | head`: the reader has enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(int(ExitCode.OK)) from None
