"""Change newsmirror.toml in place, keeping the operator's comments and layout (tomlkit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT

from newsmirror.config.load import parse_config
from newsmirror.errors import ConfigError
from newsmirror.files import write_atomic


def add_source(path: Path, values: dict[str, Any]) -> None:
    """Append a ``[[sources]]`` table; refuses what the loader would refuse."""
    add_sources(path, [values])


def add_sources(path: Path, tables: list[dict[str, Any]]) -> None:
    """Append ``[[sources]]`` tables in one write; all of them, or none if the loader
    would refuse the result."""
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    sources = document.get("sources")
    if sources is None:
        sources = tomlkit.aot()
        document.append("sources", sources)
    elif not isinstance(sources, AoT):
        raise ConfigError(f"{path}: 'sources' must be written as [[sources]] tables")
    for values in tables:
        table = tomlkit.table()
        for key, value in values.items():
            table.add(key, value)
        sources.append(table)
    parse_config(document.unwrap(), str(path))  # validate before writing anything
    write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
