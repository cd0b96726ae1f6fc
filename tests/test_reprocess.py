"""`reprocess` extracts the archive again from its captures, offline."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mirrors import snapshot
from newsmirror.cli import ExitCode, app


def test_reprocessing_the_demo_changes_no_published_file(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    runner = CliRunner()
    assert runner.invoke(app, ["demo", str(folder)]).exit_code == ExitCode.OK
    before = snapshot(folder / "output")
    result = runner.invoke(app, ["reprocess", "--json", "--dir", str(folder)])
    assert result.exit_code == ExitCode.OK, result.output
    report = json.loads(result.output)
    assert report["written"] == [] and report["rechecks"]["edited"] == 0
    assert report["rechecks"]["checked"] >= 2
    assert snapshot(folder / "output") == before


def test_reprocess_without_captures_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "newsmirror.toml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["reprocess", "--dir", str(folder)])
    assert result.exit_code != ExitCode.OK and "no captures" in result.output
