"""``serve``: the archive as a local web UI and a JSON API, read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsmirror.cli.application import DirOption, ExitCode, app, fail, handles_errors, out
from newsmirror.config import open_mirror

DEFAULT_PORT = 8686


@app.command()
@handles_errors
def serve(
    host: Annotated[str, typer.Option(
        "--host", help="The address to listen on. Any but a loopback address (127.0.0.1, "
        "::1, localhost) needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535,
                                      help="The port (0: any free one).")] = DEFAULT_PORT,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="NEWSMIRROR_TOKEN", show_envvar=True,
        help="A secret every request must carry (Authorization: Bearer TOKEN, or "
        "?token=TOKEN once in a browser); at least 16 characters.")] = None,
    directory: DirOption = Path(),
) -> None:
    """Serve the archive read-only in a web browser: search with filters, sources and
    days, articles with their revisions and word diffs, the sources' health; and a
    JSON API (/api/search, /api/articles/ID) for scripts."""
    from newsmirror.serve import BindError, check_bind, create_app
    from newsmirror.serve.server import address, bind
    from newsmirror.serve.server import serve as run_server

    token = token or None
    try:
        check_bind(host, token)
    except BindError as exc:
        fail(str(exc), ExitCode.USAGE)
    mirror = open_mirror(directory)
    if not mirror.paths.database.is_file():
        fail(f"no archive yet in {mirror.paths.data}: 'newsmirror run' makes it",
             ExitCode.STORE)
    with mirror.open_store(readonly=True):
        pass  # an archive this newsmirror reads, or the error says why (exit 4)
    application = create_app(mirror, token=token, host=host)
    try:
        listener = bind(host, port)
    except OSError as exc:
        fail(f"cannot listen on {host} port {port}: {exc.strerror or exc}", ExitCode.FAILED)
    out.print(f"newsmirror serve: {address(listener)} — {mirror.paths.root}, read-only",
              markup=False)
    out.print("a token is required: Authorization: Bearer TOKEN, or open a page once "
              "with ?token=TOKEN" if token else
              "no token: only this machine can connect", markup=False)
    run_server(application, listener)
