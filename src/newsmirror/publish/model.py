"""What the publish stage takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavLink:
    """A navigation link of the mirror style; ``href`` may hold {root} {slug} {id} {url}."""

    text: str
    href: str


@dataclass(frozen=True)
class SourcePage:
    """How one source is published."""

    name: str
    title: str
    language: str = "zh-Hans"
    style: str = "archive"
    nav: tuple[NavLink, ...] = ()


@dataclass(frozen=True)
class SiteSettings:
    """The mirror as a whole."""

    title: str = "newsmirror"
    language: str = "zh-Hans"
    home_limit: int = 100
    index_limit: int = 500
