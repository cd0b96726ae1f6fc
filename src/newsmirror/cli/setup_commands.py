"""``init``, ``add`` and ``import``: create a mirror folder, add sources without editing TOML."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

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
from newsmirror.config import CONFIG_NAME, MirrorPaths, check_style, open_mirror
from newsmirror.config.edit import add_source, add_sources, remove_source
from newsmirror.config.opml import new_sources, read_opml
from newsmirror.config.template import config_template
from newsmirror.files import write_atomic


@app.command()
@handles_errors
def init(
    folder: Annotated[Path | None, typer.Argument(help="Folder to create the mirror in "
                                                  "(default: --dir).", file_okay=False)] = None,
    ci: Annotated[str | None, typer.Option(
        "--ci", help="Also write a scheduled CI workflow that runs the mirror and pushes "
        "what it published: github (.github/workflows/newsmirror.yml).")] = None,
    directory: DirOption = Path(),
) -> None:
    """Create a mirror: DIR/newsmirror.toml (with commented example sources) and data folders."""
    if ci not in (None, "github"):
        fail(f"--ci {ci}: only 'github' is known", ExitCode.USAGE)
    paths = MirrorPaths((folder or directory).resolve())
    if paths.config.exists():
        fail(f"{paths.config} exists already; edit it, or use 'newsmirror add'",
             ExitCode.CONFIG)
    for needed in (paths.data, paths.warc, paths.templates):
        needed.mkdir(parents=True, exist_ok=True)
    write_atomic(paths.config, config_template().encode("utf-8"))
    mirror = open_mirror(paths.root)
    mirror.output.mkdir(parents=True, exist_ok=True)
    out.print(f"Created the mirror {paths.root}")
    out.print(f"  configuration: {paths.config}")
    out.print(f"  published mirror: {mirror.output}")
    if ci == "github":
        _write_github_workflow(paths.root)
    out.print(f"Next: uncomment sources in {CONFIG_NAME} or 'newsmirror add NAME URL', "
              "then 'newsmirror run'.")


def _write_github_workflow(root: Path) -> None:
    from newsmirror.config.ci import (
        GITHUB_WORKFLOW,
        GITIGNORE_LINES,
        PUBLISH_SETTINGS,
        github_workflow,
    )
    from newsmirror.config.edit import set_settings

    set_settings(root / CONFIG_NAME, "publish", PUBLISH_SETTINGS)
    write_atomic(root / GITHUB_WORKFLOW, github_workflow().encode("utf-8"))
    ignore = root / ".gitignore"
    present = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    lines = present + [line for line in GITIGNORE_LINES if line not in present]
    write_atomic(ignore, ("\n".join(lines) + "\n").encode("utf-8"))
    out.print(f"  scheduled workflow: {root / GITHUB_WORKFLOW} (every 30 minutes: runs "
              "the mirror, commits output/ and data/newsmirror.db, pushes to origin; make "
              "the mirror folder a GitHub repository and push it)")


@app.command()
@handles_errors
def add(
    name: Annotated[str, typer.Argument(help="Short id: lower-case letters, digits, - and _.")],
    url: Annotated[str, typer.Argument(help="The feed URL, or the listing page's URL.")],
    kind: Annotated[str, typer.Option(help="feed or page.")] = "feed",
    style: Annotated[str, typer.Option(help="archive, mirror, or a template name.")] = "archive",
    title: Annotated[str, typer.Option(help="Display name.")] = "",
    links: Annotated[str, typer.Option(help="For --kind page: regex of article URLs.")] = "",
    images: Annotated[str, typer.Option(help="keep, proxy or local.")] = "keep",
    directory: DirOption = Path(),
) -> None:
    """Add a source to newsmirror.toml (comments and layout are kept)."""
    mirror = open_mirror(directory)
    if mirror.config.source(name) is not None:
        fail(f"a source named {name!r} exists already", ExitCode.CONFIG)
    check_style(style, mirror.paths, f"--style {style}")
    values: dict[str, object] = {"name": name, "url": url, "kind": kind}
    if title:
        values["title"] = title
    if style != "archive":
        values["style"] = style
    if images != "keep":
        values["images"] = images
    if links:
        values["links"] = links
    add_source(mirror.paths.config, values)
    out.print(f"Added {name} ({kind}) {url}")


@app.command()
@handles_errors
def remove(
    name: Annotated[str, typer.Argument(help="The source's name.")],
    directory: DirOption = Path(),
) -> None:
    """Remove a source from newsmirror.toml (comments and layout are kept). Its archived
    articles stay in the archive and in the published mirror."""
    mirror = open_mirror(directory)
    if mirror.config.source(name) is None:
        fail(f"no source named {name!r} in {mirror.paths.config}", ExitCode.USAGE)
    remove_source(mirror.paths.config, name)
    out.print(f"Removed {name} from {mirror.paths.config}; its archived articles stay "
              "archived and published.")


@app.command("import")
@handles_errors
def import_opml(
    file: Annotated[Path, typer.Argument(help="An OPML subscription list, as feed readers "
                                         "export it.", exists=True, dir_okay=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Say what would be added; change nothing.")] = False,
    as_json: JsonOption = False,
    directory: DirOption = Path(),
) -> None:
    """Add the feeds of an OPML file as sources: each feed not configured yet, named after
    its title or host (comments and layout of newsmirror.toml are kept)."""
    mirror = open_mirror(directory)
    subscriptions, skipped = read_opml(file.read_bytes())
    tables, present = new_sources(subscriptions, mirror.config.sources)
    skipped += present
    if tables and not dry_run:
        add_sources(mirror.paths.config, tables)
    if as_json:
        print_json({"added": tables, "skipped": [asdict(s) for s in skipped],
                    "dry_run": dry_run})
        return
    verb = "Would add" if dry_run else "Added"
    out.print(f"{verb} {len(tables)} source(s) to {mirror.paths.config}")
    for table in tables:
        out.print(f"  {table['name']}: {table['url']}")
    if skipped:
        out.print(f"Skipped {len(skipped)}:")
        for item in skipped:
            out.print(f"  {item.url or '(no URL)'}: {item.reason}")
    if tables and not dry_run:
        out.print("Next: 'newsmirror run'.")

