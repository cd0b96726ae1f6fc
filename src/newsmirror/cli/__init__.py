"""The ``newsmirror`` command line (typer). Each module adds its commands to ``app``.

``main`` imports only the module of the command it runs: a command's start-up is part
of what every scheduled run and every script that calls ``newsmirror extract`` per page
pays, and the whole CLI loads the archive, the fetcher and the publisher. Everything
else (``--help``, a mistyped command, ``from newsmirror.cli import app``) loads all.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

# Each command and the module (in this package) that defines it.
COMMAND_MODULES = {
    "add": "setup_commands",
    "demo": "demo_command",
    "export": "export_command",
    "extract": "extract_command",
    "failures": "failures_command",
    "history": "history_command",
    "import": "setup_commands",
    "index": "search_commands",
    "init": "setup_commands",
    "publish": "run_commands",
    "remove": "setup_commands",
    "reprocess": "run_commands",
    "run": "run_commands",
    "search": "search_commands",
    "serve": "serve_command",
    "status": "status_command",
    "stories": "stories_command",
}

__all__ = ["COMMAND_MODULES", "ExitCode", "app", "load_commands", "main"]


def load_commands(*names: str) -> None:
    """Register the commands ``names`` (every command when none is given) with ``app``."""
    modules = {COMMAND_MODULES[name] for name in names} if names else set(COMMAND_MODULES.values())
    for module in sorted(modules):
        importlib.import_module(f"{__name__}.{module}")


def main() -> None:
    """Console-script entry point."""
    from newsmirror.cli.application import app

    command = next((argument for argument in sys.argv[1:2] if argument in COMMAND_MODULES), None)
    if command is None:
        load_commands()
    else:
        load_commands(command)
    app()


def __getattr__(name: str) -> Any:
    if name in ("app", "ExitCode"):
        load_commands()
        from newsmirror.cli import application

        globals().update(app=application.app, ExitCode=application.ExitCode)
        return getattr(application, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
