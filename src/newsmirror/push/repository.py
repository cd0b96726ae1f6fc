"""The publishing repository: the git work tree the published mirror is committed in.

It is the repository the folder to commit lies in — the output folder's (``[publish]
commit = "output"``), or the mirror folder's (``"mirror"``, as a CI job wants) — or,
where there is none, a new one made in that folder on a branch ``main``. A commit holds
only the publishing paths (``git commit -- paths``): whatever else the operator keeps or
has staged in the same repository is never swept in.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsmirror.net.git import GitError, checked_git, git_environment, run_git

IDENTITY = {"GIT_AUTHOR_NAME": "newsmirror", "GIT_AUTHOR_EMAIL": "newsmirror@localhost",
            "GIT_COMMITTER_NAME": "newsmirror", "GIT_COMMITTER_EMAIL": "newsmirror@localhost"}


def open_repository(folder: Path) -> Path:
    """The top of the work tree ``folder`` lies in, made in ``folder`` if there is none."""
    folder.mkdir(parents=True, exist_ok=True)
    found = run_git(folder, "rev-parse", "--show-toplevel")
    if found.code == 0 and found.stdout.strip():
        return Path(found.stdout.strip())
    checked_git(folder, "init", "--quiet")
    checked_git(folder, "symbolic-ref", "HEAD", "refs/heads/main")
    return folder


def current_branch(repository: Path) -> str:
    result = run_git(repository, "symbolic-ref", "--quiet", "--short", "HEAD")
    if result.code != 0:
        raise GitError(f"{repository} is not on a branch (a detached HEAD): check out the "
                       "branch the mirror is published on")
    return result.stdout.strip()


def commit_paths(repository: Path, paths: list[Path], at: datetime) -> bool:
    """Commit every change under ``paths`` (new, changed, deleted files); False if there
    was none. Without a git identity of the operator's, the commit is newsmirror's."""
    relative = [str(path.resolve().relative_to(repository.resolve())) or "."
                for path in paths]
    checked_git(repository, "add", "--all", "--", *relative)
    staged = run_git(repository, "diff", "--cached", "--quiet", "--", *relative)
    if staged.code == 0:
        return False
    environment = git_environment()
    if run_git(repository, "config", "user.email").code != 0:
        environment.update(IDENTITY)
    message = f"newsmirror publish {at.strftime('%Y-%m-%dT%H:%MZ')}"
    checked_git(repository, "commit", "--quiet", "-m", message, "--", *relative,
                env=environment)
    return True


def head_commit(repository: Path) -> str:
    """The commit HEAD names ('' in a repository without any)."""
    result = run_git(repository, "rev-parse", "--verify", "--quiet", "HEAD")
    return result.stdout.strip() if result.code == 0 else ""
