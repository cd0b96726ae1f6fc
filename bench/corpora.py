"""Where the public test corpora are, and a clean skip when they are not."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Missing(Exception):  # noqa: N818 - reads as "raise Missing(...)"
    """A benchmark's data is absent: the benchmark is skipped, with this message."""


def corpora_folder() -> Path | None:
    """``$NEWSMIRROR_CORPORA``, else ``../shared/corpora`` beside the checkout."""
    configured = os.environ.get("NEWSMIRROR_CORPORA")
    candidates = [Path(configured)] if configured else [ROOT.parent / "shared" / "corpora"]
    return next((path for path in candidates if path.is_dir()), None)


def corpus(name: str) -> Path:
    """The folder of one corpus, or :class:`Missing`."""
    folder = corpora_folder()
    if folder is None:
        raise Missing("no corpora folder (set NEWSMIRROR_CORPORA)")
    path = folder / name
    if not path.is_dir():
        raise Missing(f"corpus {name} not found in {folder}")
    return path
