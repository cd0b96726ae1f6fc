"""A scheduled CI workflow that runs the mirror and pushes what it published.

The mirror folder is the repository: the workflow checks it out, installs newsmirror and
runs it; the run commits the published output and the archive's database (``[publish]
commit = "mirror"``, so that the next run knows what it has seen) and pushes to
``[publish] remotes`` (``origin``, the repository itself, whose token the checkout
leaves to git; more hosts can be added). The run captures (``data/warc``) stay out of
git: they are big. Exit codes 0 (done) and 1 (something failed for the first time: shown
by ``status``) are a published run; any other fails the job.
"""

from __future__ import annotations

import json
from importlib import metadata

GITHUB_WORKFLOW = ".github/workflows/newsmirror.yml"
GITIGNORE_LINES = ("data/warc/", "data/run.lock", "data/search.db*", "data/*.db-wal",
                   "data/*.db-shm", ".venv/")
# what init sets in [publish]: the run commits the mirror and pushes it to its repository
PUBLISH_SETTINGS = {"remotes": ["origin"], "commit": "mirror"}

_GITHUB = """\
# Runs the mirror on a schedule and pushes what it published (written by `newsmirror init
# --ci github`). The repository is the mirror folder: newsmirror.toml at its top.
name: newsmirror

on:
  schedule:
    - cron: "{cron}"
  workflow_dispatch:

# one run at a time: a slow run is never overtaken by the next
concurrency:
  group: newsmirror
  cancel-in-progress: false

permissions:
  contents: write

jobs:
  mirror:
    runs-on: ubuntu-latest
    timeout-minutes: 50
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # the newsmirror that wrote this file; a repository variable NEWSMIRROR_PACKAGE
      # (Settings → Variables) installs another: "newsmirror==0.2.0", "git+https://…@v0.2"
      - name: Install newsmirror
        run: python -m pip install "${{{{ vars.NEWSMIRROR_PACKAGE || '{package}' }}}}"
      - name: Run the mirror, commit and push what it published
        run: |
          code=0
          newsmirror run --dir . || code=$?
          newsmirror status --dir .
          # 0: done; 1: published, something failed for the first time (see status)
          test "$code" -le 1
"""


def github_workflow(cron: str = "*/30 * * * *", package: str | None = None) -> str:
    """The workflow file's text: every ``cron``, installing ``package`` (by default the
    newsmirror that runs this)."""
    return _GITHUB.format(cron=cron, package=package or installed_package())


def installed_package() -> str:
    """A pip requirement for the newsmirror installed here: its git address and commit
    when it was installed from git (PEP 610), else its version."""
    distribution = metadata.distribution("newsmirror")
    try:
        origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    except ValueError:
        origin = {}
    vcs = origin.get("vcs_info", {})
    url = str(origin.get("url", ""))
    if vcs.get("vcs") == "git" and url.startswith(("https://", "ssh://")):
        return f"newsmirror @ git+{url}@{vcs.get('commit_id', '')}".rstrip("@")
    return f"newsmirror=={distribution.version}"
