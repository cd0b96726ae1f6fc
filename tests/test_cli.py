"""The command line: --help everywhere, --json, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import demo_toml, make_mirror
from newsmirror import __version__
from newsmirror.cli import ExitCode, app
from newsmirror.cli.demo_command import demo_data

# Every command the app has, so that a new one cannot go undocumented.
COMMANDS = sorted(command.name or command.callback.__name__  # type: ignore[union-attr]
                  for command in app.registered_commands)
README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command not in ("init", "demo"):
        assert "--dir" in result.output
    assert f"newsmirror {command}" in README.read_text(encoding="utf-8")


def test_version_and_bare_invocation() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).output.strip() == f"newsmirror {__version__}"
    assert runner.invoke(app, []).exit_code in (0, ExitCode.USAGE)


def test_run_json_and_unknown_source(tmp_path: Path) -> None:
    make_mirror(tmp_path, demo_toml())
    runner = CliRunner()
    warc = str(demo_data("sample.warc.gz"))
    result = runner.invoke(app, ["run", "--replay", warc, "--json", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [s["new_articles"] for s in report["sources"]] == [1, 1]
    # 2 articles, 2 indexes and their page 1, 2 days' index and page 1, the list of days,
    # the home page; 3 feeds of each source and of the mirror; the page of their story
    assert len(report["written"]) == 12 + 9 + 1 and report["capture"] is None
    only = runner.invoke(app, ["run", "--replay", warc, "-s", "dw", "--json",
                               "--dir", str(tmp_path)])
    assert [s["name"] for s in json.loads(only.stdout)["sources"]] == ["dw"]
    unknown = runner.invoke(app, ["run", "--source", "nope", "--dir", str(tmp_path)])
    assert unknown.exit_code == ExitCode.USAGE and "no source named nope" in unknown.output


def test_errors_are_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "newsmirror.toml").write_text("[mirror]\ntitel = 1\n")
    result = subprocess.run([sys.executable, "-m", "newsmirror", "status", "--dir",
                             str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == ExitCode.CONFIG
    assert "Traceback" not in result.stderr
    assert "unknown key 'titel'; did you mean 'title'?" in result.stderr


def test_publish_rerenders_after_a_template_change(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path, demo_toml())
    runner = CliRunner()
    runner.invoke(app, ["run", "--replay", str(demo_data("sample.warc.gz")), "--dir",
                        str(tmp_path)])
    (mirror.paths.templates).mkdir(exist_ok=True)
    (mirror.paths.templates / "archive.md.j2").write_text("# {{ article.title | md }}\n")
    result = runner.invoke(app, ["publish", "--dir", str(tmp_path)])
    assert result.exit_code == 0 and "1 files written" in result.output
    page = next((mirror.output / "dw").rglob("0*.md")).read_text(encoding="utf-8")
    assert page.startswith("# 美俄就乌克兰召开安全对话")
