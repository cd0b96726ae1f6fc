"""Packages export their names lazily; commands load only what they use."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

PACKAGES = ["newsmirror.clean", "newsmirror.extract", "newsmirror.ingest", "newsmirror.net",
            "newsmirror.publish", "newsmirror.recheck", "newsmirror.store"]


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_is_the_object_not_a_module(name: str) -> None:
    package = importlib.import_module(name)
    for export in package.__all__:
        value = getattr(package, export)
        assert not isinstance(value, types.ModuleType), f"{name}.{export} is a module"


def test_an_unknown_name_is_an_attribute_error() -> None:
    package = importlib.import_module("newsmirror.net")
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = package.nothing


def test_the_command_line_starts_without_network_feed_or_publishing_code() -> None:
    # `newsmirror --help`, `status` and `extract` must not pay for httpx, feedparser,
    # Jinja2 or trafilatura at start-up.
    code = ("import sys, newsmirror.cli; print(' '.join(sorted(m for m in "
            "('httpx', 'feedparser', 'jinja2', 'trafilatura') if m in sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []


def test_every_command_is_named_with_its_module() -> None:
    # `main` loads only the module of the command it runs: a command missing from
    # COMMAND_MODULES would be "No such command" whenever it is run on its own.
    from newsmirror.cli import COMMAND_MODULES, app

    registered = {info.name or info.callback.__name__ for info in app.registered_commands
                  if info.callback is not None}
    assert registered == set(COMMAND_MODULES)
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__
        assert info.callback.__module__ == f"newsmirror.cli.{COMMAND_MODULES[name]}"


def test_extract_starts_without_the_archive_or_the_run_machinery() -> None:
    code = ("import sys; sys.argv = ['newsmirror', 'extract', '--help']\n"
            "from newsmirror.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m for m in ('newsmirror.store', 'newsmirror.cli.run_commands',"
            " 'newsmirror.cli.demo_command') if m in sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "Extract the article" in result.stdout
    assert result.stderr.split() == []


@pytest.mark.parametrize("arguments", [["--help"], ["stauts"], ["--version"]])
def test_help_a_typo_and_options_still_see_every_command(arguments: list[str]) -> None:
    code = (f"import sys; sys.argv = ['newsmirror', *{arguments!r}]\n"
            "from newsmirror.cli import main\nmain()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if arguments == ["--help"]:
        assert all(name in result.stdout for name in ("extract", "status", "import", "demo"))
    elif arguments == ["stauts"]:
        assert result.returncode == 2 and "status" in result.stderr
    else:
        assert result.returncode == 0 and "newsmirror" in result.stdout
