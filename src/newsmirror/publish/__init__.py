"""Publish: render the archive as a mirror — markdown pages a git host renders."""

from typing import TYPE_CHECKING

from newsmirror.lazy import exports

if TYPE_CHECKING:
    from newsmirror.publish.model import LocalImages, NavLink, SiteSettings, SourcePage
    from newsmirror.publish.paths import UnsafePathError, article_path, media_path
    from newsmirror.publish.site import PublishReport, SitePublisher, article_context

__all__ = [
    "LocalImages",
    "NavLink",
    "PublishReport",
    "SitePublisher",
    "SiteSettings",
    "SourcePage",
    "UnsafePathError",
    "article_context",
    "article_path",
    "media_path",
]
__getattr__ = exports(__name__, {
    "LocalImages": "model", "NavLink": "model", "SiteSettings": "model", "SourcePage": "model",
    "UnsafePathError": "paths", "article_path": "paths", "media_path": "paths",
    "PublishReport": "site",
    "SitePublisher": "site", "article_context": "site",
})
