"""Store: the archive database. All SQL of newsmirror lives in this package."""

from newsmirror.store.model import SaveOutcome, SourceHealth, StoredArticle
from newsmirror.store.store import Store, content_hash

__all__ = ["SaveOutcome", "SourceHealth", "Store", "StoredArticle", "content_hash"]
