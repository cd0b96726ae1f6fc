"""Publishing to git (issue 16.6): every run commits what it published and pushes it to
each remote of ``[publish] remotes``; a remote that refuses costs only itself and gets
the commit on the next run; a push killed half-way loses nothing; credentials are never
in the configuration, the records or the messages. Against local bare repositories."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import demo_toml, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.cli.demo_command import demo_data
from newsmirror.net.git import scrub
from newsmirror.push.remotes import credentials_problem, is_remote_name

WARC = str(demo_data("sample.warc.gz"))
REFUSE_HOOK = """#!/bin/sh
if [ -e refuse ]; then echo "refused: this host is blocked today" >&2; exit 1; fi
"""
# Waits, as a slow or stalled host would, until the test has done its part; tells the test
# it is waiting, and the process group of the push (to kill it as a power cut would).
BLOCK_HOOK = """#!/bin/sh
ps -o pgid= $$ | tr -d ' ' > pgid.tmp && mv pgid.tmp pgid
while [ ! -e release ]; do sleep 0.05; done
"""


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def bare(folder: Path, hook: str = "") -> Path:
    subprocess.run(["git", "init", "--bare", "-q", str(folder)], check=True)
    if hook:
        path = folder / "hooks" / "pre-receive"
        path.write_text(hook)
        path.chmod(0o755)
    return folder


def branch_of(remote: Path) -> str:
    """The commit ``main`` of a bare repository points at ('' if none)."""
    result = subprocess.run(["git", "-C", str(remote), "rev-parse", "--verify", "--quiet",
                             "refs/heads/main"], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def mirror_with(folder: Path, remotes: list[str], extra: str = "") -> Path:
    publish = "[publish]\nremotes = " + json.dumps(remotes) + "\n" + extra
    make_mirror(folder, publish + demo_toml())
    return folder


def run(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["run", "--replay", WARC, *args, "--dir", str(folder)])
    return result.exit_code, result.output


def test_three_remotes_one_refusing_gets_the_commits_it_missed_on_the_next_run(
        tmp_path: Path) -> None:
    first, second = bare(tmp_path / "a.git"), bare(tmp_path / "b.git")
    blocked = bare(tmp_path / "c.git", REFUSE_HOOK)
    (blocked / "refuse").touch()
    folder = mirror_with(tmp_path / "m", [str(first), str(second), f"file://{blocked}"])
    code, output = run(folder)
    assert code == ExitCode.PARTIAL, output  # a remote failed for the first time
    output_repo = folder / "output"
    head = git(output_repo, "rev-parse", "HEAD")
    assert branch_of(first) == branch_of(second) == head and branch_of(blocked) == ""
    assert "refused: this host is blocked today" in output
    # everything published is in the commit: the markdown, the feeds, the site
    tracked = git(output_repo, "ls-files").splitlines()
    assert "README.md" in tracked and "atom.xml" in tracked and "site/index.html" in tracked
    assert not git(output_repo, "status", "--porcelain")

    status = json.loads(CliRunner().invoke(app, ["status", "--json", "--dir",
                                                 str(folder)]).stdout)
    rows = {row["remote"]: row for row in status["remotes"]}
    assert rows[str(first)]["last_commit"] == head and rows[str(first)]["last_success_at"]
    assert rows[f"file://{blocked}"]["consecutive_failures"] == 1
    assert "blocked today" in rows[f"file://{blocked}"]["last_error"]

    # still refusing, and the mirror changed meanwhile: a second commit, the third fails
    # again (not news: exit 0), the two others take the new commit
    config = folder / "newsmirror.toml"
    config.write_text(config.read_text().replace('title = "newsmirror 演示 / demo"',
                                                 'title = "镜像"'))
    code, output = run(folder)
    assert code == ExitCode.OK, output
    newer = git(output_repo, "rev-parse", "HEAD")
    assert newer != head and branch_of(first) == branch_of(second) == newer
    assert branch_of(blocked) == ""

    # it recovers: the next run, with nothing new to commit, brings it both commits
    (blocked / "refuse").unlink()
    code, output = run(folder)
    assert code == ExitCode.OK, output
    assert git(output_repo, "rev-parse", "HEAD") == newer == branch_of(blocked)
    assert git(blocked, "rev-list", "--count", "main") == "2"
    assert "had it already" in output  # the two others were not asked again
    human = CliRunner().invoke(app, ["status", "--dir", str(folder)]).output
    assert f"file://{blocked}: last push" in human and "failing" not in human


def test_publish_push_and_its_usage_errors(tmp_path: Path) -> None:
    remote = bare(tmp_path / "r.git")
    folder = mirror_with(tmp_path / "m", [str(remote)])
    runner = CliRunner()
    assert runner.invoke(app, ["publish", "--dir", str(folder)]).exit_code == 0
    assert branch_of(remote) == ""  # publish alone does not push
    result = runner.invoke(app, ["publish", "--push", "--json", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["pushed"]
    assert report["committed"] and report["remotes"][0]["ok"]
    assert branch_of(remote) == report["commit"]
    again = json.loads(runner.invoke(app, ["publish", "--push", "--json", "--dir",
                                           str(folder)]).stdout)["pushed"]
    assert not again["committed"] and again["remotes"][0]["up_to_date"]

    lonely = make_mirror(tmp_path / "n", demo_toml())
    result = runner.invoke(app, ["publish", "--push", "--dir", str(lonely.paths.root)])
    assert result.exit_code == ExitCode.USAGE and "no remotes" in result.output


def test_the_mirror_commit_holds_the_database_and_nothing_else_of_the_operators(
        tmp_path: Path) -> None:
    """``commit = "mirror"`` (what ``init --ci github`` sets): the mirror folder's own
    repository; the commit holds the output and the database — checkpointed, so that a
    fresh clone has the whole archive — and not the captures, nor what else is staged."""
    remote = bare(tmp_path / "r.git")
    folder = tmp_path / "m"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.email", "operator@example.org")
    git(folder, "config", "user.name", "Operator")
    (folder / "notes.txt").write_text("mine\n")
    git(folder, "add", "notes.txt")
    mirror_with(folder, [str(remote)], 'commit = "mirror"\n')
    code, output = run(folder)
    assert code == ExitCode.OK, output
    tracked = git(folder, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
    assert "data/newsmirror.db" in tracked and "output/README.md" in tracked
    assert "notes.txt" not in tracked and "newsmirror.toml" not in tracked
    assert git(folder, "diff", "--cached", "--name-only") == "notes.txt"  # still staged
    assert git(folder, "log", "-1", "--format=%ae") == "operator@example.org"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(clone)], check=True)
    (clone / "newsmirror.toml").write_text((folder / "newsmirror.toml").read_text())
    status = json.loads(CliRunner().invoke(app, ["status", "--json", "--dir",
                                                 str(clone)]).stdout)
    assert sum(source["articles"] for source in status["sources"]) == 2


def test_a_remote_name_of_the_repository_and_no_credentials_anywhere(
        tmp_path: Path) -> None:
    folder = mirror_with(tmp_path / "m", ["origin"])
    git_dir = folder / "output"
    git_dir.mkdir()
    git(git_dir, "init", "-q", "-b", "main")
    # credentials the operator put in the repository's own config (not ours): a host
    # that does not answer, so that git has to talk about it
    git(git_dir, "remote", "add", "origin", "http://mirror-bot:s3cret-token@127.0.0.1:9/x.git")
    code, output = run(folder)
    assert code == ExitCode.PARTIAL
    status = CliRunner().invoke(app, ["status", "--json", "--dir", str(folder)]).stdout
    row = json.loads(status)["remotes"][0]
    assert row["remote"] == "origin" and row["consecutive_failures"] == 1
    assert row["last_error"]
    assert "s3cret" not in output + status


@pytest.mark.parametrize("remote", ["https://bot:ghp_abc123@github.com/me/mirror.git",
                                    "https://ghp_abc123@github.com/me/mirror.git",
                                    "ssh://git:ghp_abc123@host/me/mirror.git"])
def test_a_remote_with_credentials_in_the_config_is_refused_unshown(
        tmp_path: Path, remote: str) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "newsmirror.toml").write_text(f"[publish]\nremotes = [{json.dumps(remote)}]\n")
    result = CliRunner().invoke(app, ["status", "--dir", str(folder)])
    assert result.exit_code == ExitCode.CONFIG
    assert "credential" in result.output or "password" in result.output
    assert "ghp_abc123" not in result.output


def test_remote_specs_and_scrubbing() -> None:
    assert is_remote_name("origin") and is_remote_name("codeberg")
    assert not is_remote_name("git@github.com:me/m.git") and not is_remote_name("/srv/m.git")
    assert credentials_problem("git@github.com:me/m.git") == ""
    assert credentials_problem("ssh://git@host/m.git") == ""
    assert credentials_problem("https://github.com/me/m.git") == ""
    assert credentials_problem("--upload-pack=evil")
    assert scrub("fatal: unable to access 'https://u:p@w@h/x/': 403") == \
        "fatal: unable to access 'https://***@h/x/': 403"
    assert "s3cr" not in scrub("Authorization: Bearer s3cr access_token=s3cr")


def test_a_push_killed_half_way_loses_nothing(tmp_path: Path) -> None:
    """SIGTERM (a cron timeout, systemd's stop) while a host takes the push: the run stops
    the push, says it was interrupted, the commit stays; and a power cut — the run and the
    push SIGKILLed together — leaves the remote as it was. The next run pushes."""
    remote = bare(tmp_path / "r.git", BLOCK_HOOK)
    folder = mirror_with(tmp_path / "m", [str(remote)])
    for how in (signal.SIGTERM, signal.SIGKILL):
        process = subprocess.Popen(
            [sys.executable, "-m", "newsmirror", "run", "--replay", WARC, "--dir",
             str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, env={**os.environ, "COLUMNS": "200"})
        pgid = _wait_for(remote / "pgid", process)
        if how == signal.SIGTERM:
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=60)
            assert process.returncode == ExitCode.INTERRUPTED, stderr
        else:
            process.kill()
            os.killpg(int(pgid), signal.SIGKILL)
            process.communicate(timeout=60)
        (remote / "pgid").unlink()
        head = git(folder / "output", "rev-parse", "HEAD")  # the commit was made, and stays
        assert head and not git(folder / "output", "status", "--porcelain")
        assert branch_of(remote) == ""  # the remote is as it was
        subprocess.run(["git", "-C", str(remote), "fsck", "--no-progress"], check=True,
                       capture_output=True)
    (remote / "release").touch()
    code, output = run(folder)
    assert code == ExitCode.OK, output
    assert branch_of(remote) == git(folder / "output", "rev-parse", "HEAD")
    # the commit made before the kill is on the remote (the run may have added its own)
    subprocess.run(["git", "-C", str(remote), "merge-base", "--is-ancestor", head, "main"],
                   check=True)


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> str:
    """The content of ``path`` once the hook has written it (the push is under way)."""
    deadline = time.monotonic() + 120
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the push never reached the remote: "
                                 f"{process.communicate()}")
        time.sleep(0.05)
    return path.read_text().strip()
