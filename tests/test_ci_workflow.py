"""`newsmirror init --ci github`: a scheduled workflow that runs the mirror and pushes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml
from typer.testing import CliRunner

from newsmirror.cli import ExitCode, app
from newsmirror.cli.demo_command import demo_data
from newsmirror.config import open_mirror


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def test_init_writes_a_scheduled_workflow_that_runs_and_pushes(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / ".gitignore").write_text("notes/\n")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "m"), "--ci", "github"])
    assert result.exit_code == 0, result.output
    workflow = yaml.safe_load((tmp_path / "m" / ".github/workflows/newsmirror.yml")
                              .read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"] == "*/30 * * * *"
    assert "workflow_dispatch" in triggers
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["permissions"] == {"contents": "write"}
    steps = workflow["jobs"]["mirror"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert "newsmirror run --dir ." in script and 'test "$code" -le 1' in script
    assert "vars.NEWSMIRROR_PACKAGE" in script
    # the run itself commits the mirror (output and database) and pushes it to origin
    config = open_mirror(tmp_path / "m").config.publish
    assert config.remotes == ("origin",) and config.commit == "mirror"
    # the run captures stay out of git; what was ignored before stays ignored
    ignored = (tmp_path / "m" / ".gitignore").read_text().splitlines()
    assert ignored[0] == "notes/" and "data/warc/" in ignored


def test_an_unknown_ci_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "m"), "--ci", "gitlab"])
    assert result.exit_code == ExitCode.USAGE and "only 'github'" in result.output
    assert not (tmp_path / "m").exists()


def test_each_scheduled_run_starts_from_a_fresh_clone_and_knows_what_it_has_seen(
        tmp_path: Path) -> None:
    """What the workflow does, twice, each time in a fresh checkout: the first run
    archives, commits output and database, and pushes to origin; the second, from a new
    clone, finds everything archived and commits nothing."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--bare", "-q", "-b", "main", str(origin)], check=True)
    setup = tmp_path / "setup"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(setup), "--ci", "github"]).exit_code == 0
    demo = (Path(__file__).parent.parent / "src/newsmirror/demo/newsmirror.toml").read_text()
    config = setup / "newsmirror.toml"
    config.write_text(config.read_text() + demo[demo.index("[[sources]]"):])
    git(setup, "init", "-q", "-b", "main")
    git(setup, "add", "-A")
    git(setup, "-c", "user.email=o@example.org", "-c", "user.name=o", "commit", "-qm", "mirror")
    git(setup, "push", "-q", str(origin), "main")
    warc = str(demo_data("sample.warc.gz"))
    heads = []
    for number in (1, 2):
        checkout = tmp_path / f"checkout{number}"
        subprocess.run(["git", "clone", "-q", str(origin), str(checkout)], check=True)
        result = runner.invoke(app, ["run", "--replay", warc, "--json", "--dir",
                                     str(checkout)])
        assert result.exit_code == 0, result.output
        heads.append(git(origin, "rev-parse", "main"))
        report = json.loads(result.stdout)
        assert report["pushed"]["remotes"][0]["ok"]
        if number == 2:
            assert report["sources"][0]["new_articles"] == 0 and not report["written"]
    tracked = git(origin, "ls-tree", "-r", "--name-only", "main").splitlines()
    assert ".github/workflows/newsmirror.yml" in tracked and "data/newsmirror.db" in tracked
    assert not any(name.startswith("data/warc") for name in tracked)
    # set-up, each run: the second commit holds the database's new records (when each
    # source was last read), and no page
    assert git(origin, "rev-list", "--count", "main") == "3"
    assert git(origin, "diff", "--name-only", heads[0], heads[1]) == "data/newsmirror.db"
