"""What the publish stage takes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

LocalImages = Mapping[str, PurePosixPath]
"""An image's original URL → its local copy, relative to the output folder (the copies
made for sources whose images = "local")."""



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
    byline: bool = True  # the publish time, author and story link under the headline
    nav: tuple[NavLink, ...] = ()
    images: Literal["keep", "proxy", "local"] = "keep"  # the image policy (publish.display)
    tag_links: str = ""  # regex: links that the style shows inert ("": none)


@dataclass(frozen=True)
class SiteSettings:
    """The mirror as a whole."""

    title: str = "newsmirror"
    language: str = "zh-Hans"
    home_limit: int = 100
    index_limit: int = 30
    image_proxy: str = "https://images.weserv.nl/?url={url_noscheme}"
    base_url: str = ""  # where the output folder is served ("": not known)
    feed_limit: int = 50
    search: bool = False  # the static site has a search page (linked from every page)
