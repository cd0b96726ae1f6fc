"""Package namespaces that import their modules on first use (PEP 562).

A package's ``__init__`` re-exports its public names so callers write
``from newsmirror.net import HttpFetcher``; importing every module up front, though, makes
``newsmirror --help`` or ``newsmirror extract`` load httpx, feedparser and Jinja2 that they
never use (0.3 s of start-up on every command). :func:`exports` gives a package a
module-level ``__getattr__`` that imports a name's module only when the name is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: ``names`` maps each public name to the
    submodule (relative to the package) that defines it."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook's own name
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
