"""Extract: find the article — body, title, author, time, lead image — in a page or item."""

from typing import TYPE_CHECKING

from newsmirror.lazy import exports

if TYPE_CHECKING:
    from newsmirror.extract.article import extract_feed_item, extract_page
    from newsmirror.extract.fulltext import is_full_text
    from newsmirror.extract.model import ExtractionRule, Hints
    from newsmirror.extract.rules import BUILTIN_RULES, rule_for

__all__ = [
    "BUILTIN_RULES",
    "ExtractionRule",
    "Hints",
    "extract_feed_item",
    "extract_page",
    "is_full_text",
    "rule_for",
]
__getattr__ = exports(__name__, {
    "extract_feed_item": "article", "extract_page": "article", "is_full_text": "fulltext",
    "ExtractionRule": "model", "Hints": "model",
    "BUILTIN_RULES": "rules", "rule_for": "rules",
})
