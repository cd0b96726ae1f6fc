"""The remotes of ``[publish] remotes``: a remote's name or an address, never credentials.

A name (``origin``) is looked up in the publishing repository; anything with ``/`` or
``:`` is an address git understands (https://, ssh://, ``git@host:path``, a local path).
Credentials belong to git's credential helper, SSH keys or the environment, so that no
config file, log line or ``status`` shows them: an http(s) address carrying a user or a
token is refused, and every message git prints is scrubbed before it is kept.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsmirror.net.git import scrub

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")



def is_remote_name(spec: str) -> bool:
    """Whether ``spec`` names a remote of the repository rather than giving an address."""
    return bool(_NAME.match(spec)) and not spec.endswith(".git")


def credentials_problem(spec: str) -> str:
    """Why ``spec`` may not be in the configuration ('' if it may)."""
    if not spec.strip():
        return "an empty remote"
    if spec.startswith("-"):
        return "a remote may not start with '-'"
    if "://" in spec:
        parts = urlsplit(spec)
        if parts.scheme in ("http", "https") and (parts.username or parts.password):
            return ("an http(s) remote with credentials in it; give them to git instead: "
                    "its credential helper, or the environment (see the README)")
        if parts.password:
            return "a remote with a password in it; give it to git instead"
    return ""


def shown(spec: str) -> str:
    """``spec`` as it may be shown and stored: without any credentials in it."""
    return scrub(spec)

