"""The ``newsmirror`` command line (typer). Each module adds its commands to ``app``."""

from newsmirror.cli import (  # noqa: F401 - imported for their commands
    demo_command,
    export_command,
    extract_command,
    failures_command,
    history_command,
    run_commands,
    setup_commands,
    status_command,
)
from newsmirror.cli.app import ExitCode, app

__all__ = ["ExitCode", "app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
