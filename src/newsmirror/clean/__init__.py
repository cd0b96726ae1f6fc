"""Clean: sanitize third-party HTML, apply the image policy, lay the body out."""

from newsmirror.clean.article import clean_article, clean_text
from newsmirror.clean.model import CleanArticle, CleanOptions, ImagePolicy
from newsmirror.clean.sanitize import sanitize

__all__ = ["CleanArticle", "CleanOptions", "ImagePolicy", "clean_article", "clean_text",
           "sanitize"]
