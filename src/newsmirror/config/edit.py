"""Change newsmirror.toml in place, keeping the operator's comments and layout (tomlkit).

Every change is validated on the text that would be written — parsed again as the next
command will parse it — and written atomically, or not at all.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT
from tomlkit.toml_document import TOMLDocument

from newsmirror.config.load import parse_config
from newsmirror.errors import ConfigError
from newsmirror.files import write_atomic
from newsmirror.urls import canonical_url


def add_source(path: Path, values: dict[str, Any]) -> None:
    """Append a ``[[sources]]`` table; refuses what the loader would refuse."""
    add_sources(path, [values])


def add_sources(path: Path, tables: list[dict[str, Any]]) -> None:
    """Append ``[[sources]]`` tables in one write; all of them, or none if the loader
    would refuse the result."""
    document = _read(path)
    sources = document.get("sources")
    if sources is None:
        sources = tomlkit.aot()
        document.append("sources", sources)
    elif not isinstance(sources, AoT):
        raise ConfigError(f"{path}: 'sources' must be written as [[sources]] tables")
    configured = {canonical_url(str(table.get("url", ""))): table.get("name")
                  for table in sources}
    for values in tables:
        other = configured.setdefault(canonical_url(str(values.get("url", ""))),
                                      values.get("name"))
        if other != values.get("name"):
            raise ConfigError(f"{path}: {values.get('url')} is configured already, as the "
                              f"source {other!r}; nothing was written")
        table = tomlkit.table()
        for key, value in values.items():
            table.add(key, value)
        sources.append(table)
    _write(path, document)


def remove_source(path: Path, name: str) -> None:
    """Remove the ``[[sources]]`` table named ``name``."""
    document = _read(path)
    sources = document.get("sources")
    if not isinstance(sources, AoT):
        raise ConfigError(f"{path}: no [[sources]] tables")
    found = [index for index, table in enumerate(sources) if table.get("name") == name]
    if not found:
        raise ConfigError(f"{path}: no source named {name!r}")
    for index in reversed(found):
        del sources[index]
    if not len(sources):
        del document["sources"]
    _write(path, document)


def _read(path: Path) -> TOMLDocument:
    text = path.read_text(encoding="utf-8")
    # A file whose last line has no newline (or ends in a comment) would run the next
    # table onto that line.
    return tomlkit.parse(text if text.endswith("\n") or not text else text + "\n")


def _write(path: Path, document: TOMLDocument) -> None:
    text = tomlkit.dumps(document)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # tomlkit wrote what TOML does not read
        raise ConfigError(f"{path}: the change would not be valid TOML ({exc}); "
                          "nothing was written") from exc
    parse_config(raw, str(path))  # what the next command would refuse, refused now
    write_atomic(path, text.encode("utf-8"))


def set_settings(path: Path, table: str, values: dict[str, Any]) -> None:
    """Set keys of a top-level table (``[publish]``, say), made if missing; refused, and
    nothing written, if the loader would refuse the result."""
    document = _read(path)
    target = document.get(table)
    if target is None:
        target = tomlkit.table()
        document.append(table, target)
    for key, value in values.items():
        target[key] = value
    _write(path, document)
