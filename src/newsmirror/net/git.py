"""Running git, and pushing (the push stage's one network call): always without a
terminal to prompt on, with a time limit, and with git's messages scrubbed of
credentials before anyone sees them.

Git is run as a program, not through a library: what operators configure for their
pushes — credential helpers, SSH keys and agents, ``insteadOf`` rewrites, proxies — is
git's own configuration, and only git itself honours all of it.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsmirror.errors import NewsmirrorError

LOCAL_TIMEOUT = 600.0  # a commit of a first publish of 100,000 articles takes a while


# user:password@ or token@ after a scheme, up to the last @ before the path
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/\s@]*(?:@[^/\s@]*)*@")
# what git and hosts print about tokens: "Authorization: Bearer …", "access_token=…"
_TOKENS = re.compile(r"(?i)(authorization:\s*\w+\s+|(?:access_)?token=)[^\s&'\"]+")


def scrub(text: str) -> str:
    """``text`` (a message of git's, an address) without any user:password@ or token."""
    return _TOKENS.sub(r"\1***", _URL_CREDENTIALS.sub("***@", text))


class GitError(NewsmirrorError):
    """A git command failed; the message is git's, without credentials."""


@dataclass(frozen=True)
class GitResult:
    code: int
    stdout: str
    stderr: str


def git_environment() -> dict[str, str]:
    """The environment git runs in: the operator's, but never asking anyone anything
    (an unattended run must fail, not wait for a password)."""
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never",
                "GIT_ASKPASS": env.get("GIT_ASKPASS", ""), "LC_ALL": "C"})
    if not env["GIT_ASKPASS"]:
        del env["GIT_ASKPASS"]
    return env


def run_git(repository: Path, *args: str, timeout: float = LOCAL_TIMEOUT,
            env: dict[str, str] | None = None) -> GitResult:
    """``git -C repository args``, waited for."""
    process = _start(repository, args, env)
    try:
        return _finish(process, timeout, args[0])
    except BaseException:  # Ctrl-C, SIGTERM: git and its helpers stop with us
        _stop(process)
        raise


def checked_git(repository: Path, *args: str, timeout: float = LOCAL_TIMEOUT,
                env: dict[str, str] | None = None) -> str:
    """``run_git``'s output, or :class:`GitError` with git's message."""
    result = run_git(repository, *args, timeout=timeout, env=env)
    if result.code != 0:
        raise GitError(f"git {args[0]}: {failure_message(result)}")
    return result.stdout


def failure_message(result: GitResult) -> str:
    """What git said went wrong, in a line or two, without credentials."""
    lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines()]
    telling = [line for line in lines if line.startswith(("fatal:", "error:", "!", "remote:"))
               and "hint:" not in line]
    text = " ".join((telling or [line for line in lines if line])[-4:])
    text = scrub(text.replace("\t", " "))
    return (text[:497] + "…") if len(text) > 500 else text or f"exit code {result.code}"


@dataclass(frozen=True)
class PushOutcome:
    ok: bool
    message: str = ""  # why not, without credentials


def push_commit(repository: Path, remotes: Sequence[str], commit: str, branch: str,
                timeout: float) -> list[PushOutcome]:
    """Push ``commit`` to ``branch`` of every remote (a name or an address) at once, so
    that a remote that hangs (a blocked host) delays no other; never forced: a remote
    that has moved on (someone else pushed) refuses, and says so."""
    processes = [_start(repository, ("push", "--porcelain", "--no-progress", remote,
                                     f"{commit}:refs/heads/{branch}"))
                 for remote in remotes]
    pool = ThreadPoolExecutor(max_workers=max(1, len(processes)))
    try:
        futures = [pool.submit(_finish, process, timeout, "push") for process in processes]
        outcomes: list[PushOutcome] = []
        for future in futures:
            try:
                result = future.result()
            except GitError as exc:
                outcomes.append(PushOutcome(False, str(exc)))
                continue
            outcomes.append(PushOutcome(True) if result.code == 0
                            else PushOutcome(False, failure_message(result)))
        return outcomes
    except BaseException:  # Ctrl-C, SIGTERM: every push stops with us (each one's thread
        for process in processes:  # reads what is left of its output, and ends)
            _kill(process)
        raise
    finally:
        pool.shutdown(wait=True)


def _start(repository: Path, args: Sequence[str], env: dict[str, str] | None = None
           ) -> subprocess.Popen[bytes]:
    """git in a session of its own, so that stopping it stops whatever it started (ssh,
    a credential helper), and nothing it runs can prompt on our terminal."""
    try:
        return subprocess.Popen(
            ["git", "-C", str(repository), *args], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or git_environment(),
            start_new_session=True)
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed to push the mirror)") from None


def _finish(process: subprocess.Popen[bytes], timeout: float, command: str) -> GitResult:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise GitError(f"git {command} took longer than {timeout:g} s and was "
                       "stopped") from None
    return GitResult(process.returncode, stdout.decode("utf-8", "replace"),
                     stderr.decode("utf-8", "replace"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill, and wait: for the thread that started the process."""
    _kill(process)
    process.communicate()


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # its group may have ended already
        os.killpg(process.pid, signal.SIGKILL)
