"""The configuration of one mirror, as the rest of newsmirror sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsmirror.clean.model import ImagePolicy
from newsmirror.extract.model import ExtractionRule
from newsmirror.net.model import FetchSettings
from newsmirror.publish.model import NavLink, SiteSettings, SourcePage

CONFIG_NAME = "newsmirror.toml"


@dataclass(frozen=True)
class Source:
    """One source of articles, as configured in a ``[[sources]]`` table."""

    name: str
    url: str
    kind: Literal["feed", "page"] = "feed"
    title: str = ""
    language: str = "zh-Hans"
    timezone: str = "UTC"
    style: str = "archive"
    byline: bool = True
    images: ImagePolicy = "keep"
    body: Literal["auto", "feed", "page"] = "auto"
    links: str = ""
    tag_links: str = r"/tags?/"
    max_items: int = 200
    enabled: bool = True
    proxy: str = field(default="", repr=False)  # may hold credentials
    robots: bool = False
    nav: tuple[NavLink, ...] = ()
    rule: ExtractionRule | None = None

    def page(self, feed_title: str = "") -> SourcePage:
        return SourcePage(
            name=self.name, title=self.title or feed_title or self.name,
            language=self.language, style=self.style, byline=self.byline, nav=self.nav,
            images=self.images, tag_links=self.tag_links if self.style == "mirror" else "",
        )


@dataclass(frozen=True)
class MirrorSettings:
    """``[mirror]``: the published mirror as a whole."""

    title: str = "newsmirror"
    language: str = "zh-Hans"
    output: str = "output"
    home_limit: int = 100
    index_limit: int = 30
    image_proxy: str = "https://images.weserv.nl/?url={url_noscheme}"
    max_image_bytes: int = 10_000_000  # images = "local": a larger image is not copied
    recheck: str = "1h for 1d, 1d for 30d"  # see newsmirror.recheck

    def site(self) -> SiteSettings:
        return SiteSettings(title=self.title, language=self.language,
                            home_limit=self.home_limit, index_limit=self.index_limit,
                            image_proxy=self.image_proxy)


@dataclass(frozen=True)
class PublishSettings:
    """``[publish]``: where the mirror is read, what its outgoing feeds hold, and the git
    remotes it is pushed to."""

    base_url: str = ""
    feed_limit: int = 50
    remotes: tuple[str, ...] = ()  # see newsmirror.push
    commit: str = "output"
    push_timeout: float = 600.0
    search: bool = True  # the static site's search page and index


@dataclass(frozen=True)
class ArchiveSettings:
    """``[archive]``: what the archive keeps (see newsmirror.steps.retention)."""

    keep_captures: str = "90d"


@dataclass(frozen=True)
class Config:
    """A whole newsmirror.toml."""

    mirror: MirrorSettings = field(default_factory=MirrorSettings)
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)
    network: FetchSettings = field(default_factory=FetchSettings)
    sources: tuple[Source, ...] = ()

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)


@dataclass(frozen=True)
class MirrorPaths:
    """Where a mirror folder keeps each kind of data."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def database(self) -> Path:
        return self.data / "newsmirror.db"

    @property
    def lock(self) -> Path:
        return self.data / "run.lock"

    @property
    def warc(self) -> Path:
        return self.data / "warc"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def output(self, settings: MirrorSettings) -> Path:
        return (self.root / settings.output).resolve()
