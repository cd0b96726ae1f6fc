"""``export --jsonl``: the whole archive, one article and all its revisions per line,
streamed so that an archive of any size is exported in little memory."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from newsmirror.cli.app import DirOption, ExitCode, app, fail, handles_errors
from newsmirror.config import open_mirror
from newsmirror.dates import iso
from newsmirror.store import ArchiveReader, ArticleHistory, Revision, Store


@app.command()
@handles_errors
def export(
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="One JSON object per article and line: id, url, source, status "
        "(live or removed), removed_at, and revisions, oldest first, each with fetched_at, "
        "title, published, text and html.")] = False,
    directory: DirOption = Path(),
) -> None:
    """Write the whole archive to standard output, every revision of every article."""
    if not jsonl:
        fail("say which format to export: --jsonl (the only one so far)", ExitCode.USAGE)
    mirror = open_mirror(directory)
    with Store(mirror.paths.database) as store:
        try:
            for article in ArchiveReader(store).histories():
                sys.stdout.write(json.dumps(article_json(article), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `newsmirror export --jsonl | head`: the reader has enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(int(ExitCode.OK)) from None


def article_json(article: ArticleHistory) -> dict[str, Any]:
    """An article as exported: what it is, whether the origin still has it, every version."""
    return {**article_fields(article),
            "revisions": [revision_json(r) for r in article.revisions]}


def article_fields(article: ArticleHistory) -> dict[str, Any]:
    """What an article is and whether the origin still has it (``export`` and ``history``)."""
    return {"id": article.id, "url": article.url, "source": article.source,
            "status": article.status, "removed_at": iso(article.removed_at)}


def revision_json(revision: Revision) -> dict[str, Any]:
    return {"fetched_at": iso(revision.fetched_at), "title": revision.title,
            "published": iso(revision.published), "text": revision.text,
            "html": revision.html}
