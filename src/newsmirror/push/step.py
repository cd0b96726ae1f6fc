"""The push step: commit what the outputs wrote, and push it to every remote.

Each remote succeeds or fails on its own and is recorded (``status`` shows its last
push). A remote that has the commit already is not asked again; one that failed is asked
again by the next run, which pushes the commit it missed with whatever came since (a
commit is never lost: it is made before any push, and git updates a remote's branch
whole or not at all, so a push killed half-way leaves the remote as it was).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsmirror.config import Mirror
from newsmirror.dates import now
from newsmirror.net.git import GitError, push_commit
from newsmirror.push.remotes import shown
from newsmirror.push.repository import (
    commit_paths,
    current_branch,
    head_commit,
    open_repository,
)
from newsmirror.store import Archive


@dataclass(frozen=True)
class RemotePush:
    """One remote's part of a push step."""

    remote: str  # as shown: without credentials
    ok: bool
    up_to_date: bool = False  # it had the commit already: not asked
    message: str = ""
    failures_in_a_row: int = 0


@dataclass
class PushReport:
    """What the push step did: the commit it made (or found), and each remote."""

    repository: Path | None = None
    commit: str = ""
    committed: bool = False  # a new commit was made
    remotes: list[RemotePush] = field(default_factory=list)
    error: str = ""  # the commit itself failed: nothing was pushed

    @property
    def new_failures(self) -> int:
        """Remotes that failed for the first time in a row (an exit code 1's news)."""
        return sum(1 for r in self.remotes if not r.ok and r.failures_in_a_row == 1)


def push_mirror(mirror: Mirror, store: Archive, at: datetime | None = None) -> PushReport:
    """Commit the published mirror and push it to ``[publish] remotes``."""
    settings = mirror.config.publish
    at = at or now()
    report = PushReport()
    remotes = list(settings.remotes)
    try:
        report.repository = open_repository(
            mirror.paths.root if settings.commit == "mirror" else mirror.output)
        paths = [mirror.output]
        if settings.commit == "mirror":
            store.checkpoint()  # the database file alone holds the whole archive
            paths.append(mirror.paths.database)
        report.committed = commit_paths(report.repository, paths, at)
        report.commit = head_commit(report.repository)
        branch = current_branch(report.repository)
    except GitError as exc:
        report.error = str(exc)
        for remote in remotes:
            _record(store, report, RemotePush(shown(remote), False, message=report.error), at)
        return report
    if not report.commit:
        return report
    due = [r for r in remotes if store.pushes.last_commit(shown(r)) != report.commit]
    outcomes = dict(zip(due, push_commit(report.repository, due, report.commit, branch,
                                         settings.push_timeout), strict=True))
    for remote in remotes:
        outcome = outcomes.get(remote)
        if outcome is None:
            report.remotes.append(RemotePush(shown(remote), True, up_to_date=True))
        else:
            _record(store, report, RemotePush(shown(remote), outcome.ok,
                                              message=outcome.message), at)
    return report


def _record(store: Archive, report: PushReport, push: RemotePush, at: datetime) -> None:
    if push.ok:
        store.pushes.succeeded(push.remote, report.commit, at)
        report.remotes.append(push)
        return
    count = store.pushes.failed(push.remote, push.message, at)
    report.remotes.append(RemotePush(push.remote, False, message=push.message,
                                     failures_in_a_row=count))
