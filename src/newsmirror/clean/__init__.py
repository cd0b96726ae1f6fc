"""Clean: sanitize third-party HTML, resolve its URLs, drop trackers, lay the body out."""

from typing import TYPE_CHECKING

from newsmirror.clean.sanitize import sanitize  # eager: the name is also its module's
from newsmirror.lazy import exports

if TYPE_CHECKING:
    from newsmirror.clean.article import clean_article, clean_text, with_html
    from newsmirror.clean.model import ImagePolicy

__all__ = [
    "ImagePolicy",
    "clean_article",
    "clean_text",
    "sanitize",
    "with_html",
]
__getattr__ = exports(__name__, {
    "clean_article": "article", "clean_text": "article", "with_html": "article",
    "ImagePolicy": "model",
})
