"""The typer application, the options every command shares, and exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from enum import IntEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from newsmirror import __version__
from newsmirror.errors import ConfigError, LockedError, NewsmirrorError, StoreError


class ExitCode(IntEnum):
    """What ``newsmirror`` exits with."""

    OK = 0
    # The command finished, but something failed for the first time in it: a source that
    # could not be read, a new item whose page could not be had, an input. Items tried
    # again on their own schedule and failing again do not count (``failures`` lists them).
    PARTIAL = 1
    USAGE = 2  # wrong command line (click's own code)
    CONFIG = 3  # the mirror folder or newsmirror.toml is invalid
    STORE = 4  # the archive could not be opened or written
    FAILED = 5  # nothing could be done (every source checked, or every input, failed)
    BUSY = 6  # another run holds the mirror (a slow run still going): nothing was done
    INTERRUPTED = 130  # Ctrl-C or SIGTERM: what was archived until then is published


app = typer.Typer(
    name="newsmirror",
    help="Collect news from feeds and sites, archive every version, publish a mirror.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

DirOption = Annotated[
    Path,
    typer.Option("--dir", "-d", help="The mirror folder.", envvar="NEWSMIRROR_DIR",
                 file_okay=False, show_default=True),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Turn newsmirror's errors into a one-line message and a meaningful exit code."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except ConfigError as exc:
            fail(str(exc), ExitCode.CONFIG)
        except LockedError as exc:
            fail(str(exc), ExitCode.BUSY)
        except StoreError as exc:
            fail(str(exc), ExitCode.STORE)
        except NewsmirrorError as exc:
            fail(str(exc), ExitCode.FAILED)

    return wrapper


def fail(message: str, code: ExitCode) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", markup=True, highlight=False)
    raise typer.Exit(int(code))


def day_option(text: str | None, option: str) -> date | None:
    """A day given to ``option`` as YYYY-MM-DD (a usage error otherwise)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text}: a day as YYYY-MM-DD", ExitCode.USAGE)


def warn(label: str, message: str) -> None:
    """A problem that does not stop the command, on stderr."""
    err.print(f"[yellow]{escape(label)}:[/yellow] {escape(message)}", markup=True,
              highlight=False)


def print_json(value: Any) -> None:
    """One JSON document on stdout, UTF-8, not escaped to ASCII."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def version_callback(value: bool) -> None:
    if value:
        out.print(f"newsmirror {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=version_callback,
                                          is_eager=True, help="Print the version.")] = False,
) -> None:
    """newsmirror keeps the news readable where it is blocked, and after it is deleted."""
