"""Parse and discover: turn a fetched feed or listing page into :class:`Entry` items."""

from typing import TYPE_CHECKING

from newsmirror.lazy import exports

if TYPE_CHECKING:
    from newsmirror.ingest.feeds import parse_feed
    from newsmirror.ingest.listing import discover_links
    from newsmirror.ingest.model import Entry, Listing
    from newsmirror.ingest.selection import merge_duplicates, newest

__all__ = ["Entry", "Listing", "discover_links", "merge_duplicates", "newest", "parse_feed"]
__getattr__ = exports(__name__, {
    "merge_duplicates": "selection", "newest": "selection", "parse_feed": "feeds",
    "discover_links": "listing", "Entry": "model", "Listing": "model",
})
