#!/usr/bin/env python3
"""Build tests/fixtures/archives/release-0.1/: a mirror archived by newsmirror as it was
released before the archive became neutral (schema 9, commit a2a035f), for the test that
an upgrade keeps every revision and adds none.

It is the demo mirror (a DW article from a full-text feed with its images proxied; an
Epoch Times article in the mirror style, its tag links made inert), with a second and
third revision of the Epoch Times article, a removal of the DW article and a restoration,
made by that release's own clean stage. Run it with that release's code on the path:

    git worktree add /tmp/release a2a035f
    PYTHONPATH=/tmp/release/src python scripts/build_release_archive.py

Run with later code it does not run (the clean stage has no display options since): the
fixture is kept as it was made.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "archives" / "release-0.1"


def main() -> None:
    from newsmirror.clean import clean_article
    from newsmirror.config import open_mirror
    from newsmirror.extract.model import ExtractedArticle
    from newsmirror.store import PageChecks, Store
    from newsmirror.urls import article_id

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "demo"
        subprocess.run([sys.executable, "-m", "newsmirror", "demo", str(folder)], check=True,
                       capture_output=True)
        mirror = open_mirror(folder)
        epoch = mirror.config.source("epochtimes")
        assert epoch is not None
        with Store(mirror.paths.database) as store:
            articles = {a.source: a for a in store.articles()}
            stored = articles["epochtimes"]
            at = stored.fetched_at
            for number, edit in enumerate(("未能缩小分歧", "仍未缩小分歧"), start=1):
                html = stored.html.replace("未能缩小分歧", edit).replace(
                    "<p>", f"<p>（第{number}次更新）", 1)
                cleaned = clean_article(ExtractedArticle(
                    url=stored.url, title=stored.title.replace("未能缩小分歧", edit),
                    html=html, author=stored.author, published=stored.published,
                    lead_image=stored.lead_image, caption=stored.caption, method="rule"),
                    epoch.clean_options(mirror.config.mirror.image_proxy))
                store.save_article("epochtimes", dataclasses.replace(
                    cleaned, page_title=stored.page_title), at + timedelta(hours=number))
            dw = articles["dw"]
            checks = PageChecks(store)
            checks.mark_removed(article_id(dw.url), dw.fetched_at + timedelta(days=1),
                                dw.fetched_at + timedelta(days=1, hours=1),
                                "the page answers 404")
            checks.mark_live(article_id(dw.url), dw.fetched_at + timedelta(days=2))
        shutil.rmtree(TARGET, ignore_errors=True)
        (TARGET / "data").mkdir(parents=True)
        shutil.copy(mirror.paths.config, TARGET / "newsmirror.toml")
        shutil.copy(mirror.paths.database, TARGET / "data" / "newsmirror.db")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
