"""Packages export their names lazily; commands load only what they use."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

PACKAGES = ["newsmirror.clean", "newsmirror.extract", "newsmirror.ingest", "newsmirror.net",
            "newsmirror.publish", "newsmirror.store"]


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_is_the_object_not_a_module(name: str) -> None:
    package = importlib.import_module(name)
    for export in package.__all__:
        value = getattr(package, export)
        assert not isinstance(value, types.ModuleType), f"{name}.{export} is a module"


def test_an_unknown_name_is_an_attribute_error() -> None:
    package = importlib.import_module("newsmirror.net")
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = package.nothing


def test_the_command_line_starts_without_network_feed_or_publishing_code() -> None:
    # `newsmirror --help`, `status` and `extract` must not pay for httpx, feedparser,
    # Jinja2 or trafilatura at start-up.
    code = ("import sys, newsmirror.cli; print(' '.join(sorted(m for m in "
            "('httpx', 'feedparser', 'jinja2', 'trafilatura') if m in sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []
