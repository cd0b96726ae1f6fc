"""Store: the archive database. All SQL of newsmirror lives in this package; the rest of
newsmirror sees the :class:`Archive` Protocol."""

from newsmirror.store.archive import Archive
from newsmirror.store.captures import CaptureLedger
from newsmirror.store.changes import Change, ChangeFeed, ChangeKind
from newsmirror.store.checks import PageChecks
from newsmirror.store.failures import ItemFailures
from newsmirror.store.history import ArchiveReader, ArticleEvent, ArticleHistory, Revision
from newsmirror.store.images import ImageArchive
from newsmirror.store.model import (
    ArchivedPage,
    CachedResponse,
    ImageCopy,
    ImageSummary,
    ItemFailure,
    PushRecord,
    RevisionImages,
    SaveOutcome,
    SourceHealth,
    StoredArticle,
)
from newsmirror.store.store import Store, content_hash

__all__ = ["Archive", "ArchiveReader", "ArchivedPage", "ArticleEvent", "ArticleHistory",
           "CachedResponse", "CaptureLedger", "Change", "ChangeFeed", "ChangeKind",
           "ImageArchive", "ImageCopy", "ImageSummary", "ItemFailure", "ItemFailures",
           "PageChecks", "PushRecord", "Revision", "RevisionImages", "SaveOutcome",
           "SourceHealth", "Store", "StoredArticle", "content_hash"]
