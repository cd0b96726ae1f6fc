"""Clean: sanitize third-party HTML, apply the image policy, lay the body out."""

from typing import TYPE_CHECKING

from newsmirror.clean.sanitize import sanitize  # eager: the name is also its module's
from newsmirror.lazy import exports

if TYPE_CHECKING:
    from newsmirror.clean.article import clean_article, clean_text
    from newsmirror.clean.model import CleanArticle, CleanOptions, ImagePolicy

__all__ = ["CleanArticle", "CleanOptions", "ImagePolicy", "clean_article", "clean_text",
           "sanitize"]
__getattr__ = exports(__name__, {
    "clean_article": "article", "clean_text": "article", "CleanArticle": "model",
    "CleanOptions": "model", "ImagePolicy": "model",
})
