"""How two readings of one feed differ: the check that holds the fast path to feedparser,
and the two readings (feedparser's alone, the fast path's alone).

Every field must be equal as a string, the HTML too: neither path rewrites an item's
HTML (its URLs are resolved later, by the clean stage), so the fast path must give the
publisher's bytes exactly as feedparser gives them. Used by the tests and by
``bench.feeds``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from newsmirror.ingest.fastpath import parse_fast
from newsmirror.ingest.feeds import feed_content_type, read_with_feedparser, to_listing
from newsmirror.ingest.model import Entry, Listing

_FIELDS = tuple(field.name for field in fields(Entry))


def parse_feed_with_feedparser(body: bytes, url: str,
                               headers: Mapping[str, str] | None = None) -> Listing:
    """``parse_feed`` without the fast path: the reference the fast path must match."""
    return to_listing(read_with_feedparser(body, url, feed_content_type(headers)), body, url)


def parse_feed_fast(body: bytes, url: str,
                    headers: Mapping[str, str] | None = None) -> Listing | None:
    """``parse_feed`` by the fast path only; ``None`` where it defers to feedparser."""
    parsed = parse_fast(body, url, feed_content_type(headers))
    return None if parsed is None else to_listing(parsed, body, url)


def differences(got: Listing, expected: Listing) -> list[str]:
    """Every field where ``got`` differs from ``expected``, described for a person."""
    found = []
    if got.title != expected.title:
        found.append(f"feed title {got.title!r} != {expected.title!r}")
    if got.warning != expected.warning:
        found.append(f"warning {got.warning!r} != {expected.warning!r}")
    if len(got.entries) != len(expected.entries):
        return [*found, f"{len(got.entries)} entries != {len(expected.entries)}"]
    for index, (mine, theirs) in enumerate(zip(got.entries, expected.entries, strict=True)):
        found.extend(f"entry {index}: {name}" for name in entry_differences(mine, theirs))
    return found


def entry_differences(got: Entry, expected: Entry) -> list[str]:
    """The names of the fields in which two entries differ."""
    return [name for name in _FIELDS if getattr(got, name) != getattr(expected, name)]


def read_fields(entry: Any) -> dict[str, Any]:
    """The parts of a feedparser entry that ``parse_feed`` reads."""
    get = entry.get
    return {
        "title": get("title"), "title type": (get("title_detail") or {}).get("type"),
        "link": get("link"), "original link": _text(get("feedburner_origlink")),
        "id": get("id"), "guidislink": get("guidislink"),
        "author": get("author"),
        "date": get("published_parsed") or get("updated_parsed"),
        "summary": get("summary"), "summary base": (get("summary_detail") or {}).get("base"),
        "content": [_keys(part, "value", "base") for part in get("content") or []],
        "media_content": [_keys(media, "url", "medium", "type")
                          for media in get("media_content") or []],
        "enclosures": [_keys(enclosure, "href", "type") for enclosure in get("enclosures") or []],
        "media_thumbnail": [_keys(thumb, "url") for thumb in get("media_thumbnail") or []],
    }


def _keys(item: Any, *keys: str) -> tuple[Any, ...]:
    return tuple(item.get(key) for key in keys)


def _text(value: Any) -> str | None:
    """A text value; an element with attributes leaves a dictionary, which nobody reads."""
    return value if isinstance(value, str) else None
