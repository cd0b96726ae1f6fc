"""``demo``: the real pipeline, offline, on the bundled sample sources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from newsmirror.cli.application import ExitCode, app, handles_errors, out
from newsmirror.cli.run_commands import execute_run, print_run_report
from newsmirror.config import Mirror, MirrorPaths, open_mirror
from newsmirror.files import write_atomic
from newsmirror.publish.paths import article_path
from newsmirror.urls import article_id

# The two articles of the seed documents, as the demo's sources link them.
DEMO_ARTICLES = {
    "DW (archive style)": "https://www.dw.com/zh/%E7%BE%8E%E4%BF%84%E5%B0%B1%E4%B9%8C%E5%85%8B"
    "%E5%85%B0%E5%8F%AC%E5%BC%80%E5%AE%89%E5%85%A8%E5%AF%B9%E8%AF%9D%20%20%E4%BC%9A%E5%89%8D"
    "%E5%8F%8C%E6%96%B9%E4%BA%92%E4%B8%8D%E8%AE%A9%E6%AD%A5/a-60376336",
    "Epoch Times (mirror style)": "https://www.epochtimes.com/gb/22/1/10/n13495457.htm",
}


def demo_data(name: str) -> Path:
    """A file shipped in ``newsmirror/demo``."""
    return Path(str(resources.files("newsmirror.demo").joinpath(name)))


@app.command()
@handles_errors
def demo(
    folder: Annotated[Path, typer.Argument(help="Where to make the demo mirror.",
                                           file_okay=False)] = Path("demo-mirror"),
) -> None:
    """Run the real pipeline offline on the bundled sample sources (a WARC file)."""
    paths = MirrorPaths(folder.resolve())
    if not paths.config.exists():
        paths.templates.mkdir(parents=True, exist_ok=True)
        write_atomic(paths.config, demo_data("newsmirror.toml").read_bytes())
    mirror = open_mirror(paths.root)
    # The sample is this mirror's capture, kept where run captures go (so that
    # `newsmirror reprocess` finds it).
    capture = mirror.paths.warc / "demo-sample.warc.gz"
    if not capture.exists():
        write_atomic(capture, demo_data("sample.warc.gz").read_bytes())
    report = execute_run(mirror, [capture], [], show_progress=True)
    print_run_report(report, mirror)
    out.print()
    out.print(f"The demo mirror is in {mirror.paths.root}")
    pages = _pages(mirror)
    for label, page in pages.items():
        out.print(f"  {label}: {page if page else 'missing!'}")
    out.print(f"Open {mirror.output / 'README.md'} in a markdown viewer, or push "
              f"{mirror.output} to a git host (GitHub renders it).")
    site = mirror.output / "site" / "index.html"
    out.print(f"The same as a website: open {site.as_uri()} in a browser (it works from "
              f"disk, or served from any address; its search needs it served: "
              f"python3 -m http.server -d {site.parent}).")
    out.print(f"Search it (simplified or traditional alike): newsmirror search 北約 --dir "
              f"{folder}")
    out.print(f"Health of the sources: newsmirror status --dir {folder}")
    if report.failures or not all(pages.values()) or not site.is_file():
        raise typer.Exit(int(ExitCode.PARTIAL))


def _pages(mirror: Mirror) -> dict[str, Path | None]:
    """Where each demo article's page is (None: not published), whether this run or an
    earlier one rendered it."""
    pages: dict[str, Path | None] = {}
    with mirror.open_store() as store:
        for label, url in DEMO_ARTICLES.items():
            article = store.article(article_id(url))
            page = mirror.output / article_path(article) if article is not None else None
            pages[label] = page if page is not None and page.is_file() else None
    return pages
