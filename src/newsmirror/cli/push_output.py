"""How ``run`` and ``publish --push`` tell what the push step did, and ``status`` how
each remote stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsmirror.cli.application import out, warn
from newsmirror.dates import iso

if TYPE_CHECKING:
    from newsmirror.push.step import PushReport
    from newsmirror.store import PushRecord


def push_json(report: PushReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {"repository": str(report.repository) if report.repository else None,
            "commit": report.commit, "committed": report.committed, "error": report.error,
            "remotes": [{"remote": r.remote, "ok": r.ok, "up_to_date": r.up_to_date,
                         "error": r.message, "failures_in_a_row": r.failures_in_a_row}
                        for r in report.remotes]}


def print_push_report(report: PushReport) -> None:
    if report.error:
        warn("push", f"nothing pushed: {report.error}")
        return
    if not report.commit:
        out.print("Push: nothing published yet, nothing to push.")
        return
    made = "committed" if report.committed else "nothing new to commit; HEAD is"
    out.print(f"Push: {made} {report.commit[:12]} in {report.repository}", highlight=False)
    for remote in report.remotes:
        if remote.ok:
            out.print(f"  {remote.remote}: " + ("had it already" if remote.up_to_date
                                                else "pushed"), highlight=False, markup=False)
        else:
            warn(f"push to {remote.remote}",
                 f"{remote.message} (failed {remote.failures_in_a_row} times in a row; "
                 "the next run tries again)")


def remote_rows(records: list[PushRecord]) -> list[dict[str, Any]]:
    return [{"remote": r.remote, "last_attempt_at": iso(r.last_attempt_at),
             "last_success_at": iso(r.last_success_at), "last_commit": r.last_commit,
             "last_error_at": iso(r.last_error_at), "last_error": r.last_error,
             "consecutive_failures": r.consecutive_failures} for r in records]


def print_remotes(rows: list[dict[str, Any]], configured: tuple[str, ...]) -> None:
    """A line per remote: its last push, and its last error while it fails."""
    if not rows and not configured:
        return
    known = {row["remote"] for row in rows}
    out.print("Remotes (times UTC):", highlight=False)
    for row in rows:
        success = (f"last push {row['last_success_at'][:16].replace('T', ' ')} "
                   f"({row['last_commit'][:12]})" if row["last_success_at"] else "never pushed")
        line = f"  {row['remote']}: {success}"
        if row["consecutive_failures"]:
            line += (f"; failing {row['consecutive_failures']} times in a row, last "
                     f"{row['last_error_at'][:16].replace('T', ' ')}: {row['last_error']}")
        out.print(line, highlight=False, markup=False)
    from newsmirror.push.remotes import shown
    for remote in configured:
        if shown(remote) not in known:
            out.print(f"  {shown(remote)}: not pushed yet", highlight=False, markup=False)
