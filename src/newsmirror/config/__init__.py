"""Mirror folders and their configuration (newsmirror.toml).

A mirror is a folder: ``newsmirror.toml``, ``data/`` (database and WARC captures),
``templates/`` (optional style overrides) and the published ``output/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsmirror.config.load import load_config, parse_config
from newsmirror.config.model import CONFIG_NAME, Config, MirrorPaths, MirrorSettings, Source
from newsmirror.errors import ConfigError

if TYPE_CHECKING:  # the store is opened by the commands that need it, not loaded with this
    from newsmirror.store import Archive

BUILTIN_STYLES = ("archive", "mirror")
_STYLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

__all__ = [
    "BUILTIN_STYLES",
    "CONFIG_NAME",
    "Config",
    "Mirror",
    "MirrorPaths",
    "MirrorSettings",
    "Source",
    "load_config",
    "open_mirror",
    "parse_config",
]


@dataclass(frozen=True)
class Mirror:
    """A mirror folder with its validated configuration."""

    paths: MirrorPaths
    config: Config

    @property
    def output(self) -> Path:
        return self.paths.output(self.config.mirror)

    def open_store(self, *, readonly: bool = False) -> Archive:
        """The mirror's archive, opened (created, upgraded) as every command opens it;
        ``readonly``: one that exists, to read only (``run --dry-run``)."""
        from newsmirror.config.schema import DEFAULT_IMAGE_PROXY
        from newsmirror.store.upgrade import open_archive

        return open_archive(self.paths.database,
                            (self.config.mirror.image_proxy, DEFAULT_IMAGE_PROXY),
                            readonly=readonly)


def open_mirror(folder: Path) -> Mirror:
    """Load the mirror in ``folder``; raises :class:`ConfigError` when it is not one."""
    paths = MirrorPaths(folder.resolve())
    config = load_config(paths.config)
    for source in config.sources:
        check_style(source.style, paths, f"source {source.name!r}")
    output = paths.output(config.mirror)
    if output == paths.root or paths.root.is_relative_to(output):
        raise ConfigError(f"{paths.config}: [mirror] output must be a folder inside or "
                          "beside the mirror, not the mirror folder itself")
    return Mirror(paths=paths, config=config)


def check_style(style: str, paths: MirrorPaths, where: str) -> None:
    """A style is built in or a template ``templates/STYLE.md.j2`` of the mirror."""
    if style in BUILTIN_STYLES:
        return
    if not _STYLE_NAME.match(style):
        raise ConfigError(f"{where}: style {style!r} must be a plain name")
    if not (paths.templates / f"{style}.md.j2").is_file():
        raise ConfigError(f"{where}: style {style!r} is neither built in "
                          f"({', '.join(BUILTIN_STYLES)}) nor a template "
                          f"{paths.templates / (style + '.md.j2')}")
