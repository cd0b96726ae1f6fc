"""How two readings of one feed differ: the check that holds the fast path to feedparser.

Titles, links, authors, dates and images must be equal as strings. HTML must give the same
tree: feedparser writes every fragment out again (attributes sorted, ``<br />``), the fast
path leaves the publisher's bytes alone, and the clean stage parses and rewrites both
anyway, so attribute order and quoting are not differences. Used by the tests and by
``bench.feeds``.
"""

from __future__ import annotations

from typing import Any

import lxml.html
from lxml import etree

from newsmirror.ingest.model import Entry, Listing

_EXACT = ("link", "title", "author", "published", "image")
_HTML = ("summary_html", "content_html")


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
    names = [name for name in _EXACT if getattr(got, name) != getattr(expected, name)]
    names.extend(name for name in _HTML
                 if not same_html(getattr(got, name), getattr(expected, name)))
    return names


def same_html(first: str, second: str) -> bool:
    """Whether two HTML fragments parse to the same tree (attribute order aside)."""
    return first == second or _tree(first) == _tree(second)


def _tree(html: str) -> Any:
    if not html.strip():
        return ()
    try:
        parts = lxml.html.fragments_fromstring(html)
    except (etree.ParserError, ValueError):
        return ("unparsable", html)
    return tuple(_node(part) for part in parts)


def _node(node: Any) -> Any:
    if isinstance(node, str):
        return node
    if not isinstance(node.tag, str):
        return ("#", node.text or "", node.tail or "")
    return (node.tag, tuple(sorted(node.attrib.items())), node.text or "",
            tuple(_node(child) for child in node), node.tail or "")


def read_fields(entry: Any) -> dict[str, Any]:
    """The parts of a feedparser entry that ``parse_feed`` reads (HTML as trees)."""
    get = entry.get
    return {
        "title": get("title"), "title type": (get("title_detail") or {}).get("type"),
        "link": get("link"), "id": get("id"), "guidislink": get("guidislink"),
        "author": get("author"),
        "date": get("published_parsed") or get("updated_parsed"),
        "summary": _tree(get("summary") or ""),
        "content": [_tree(part.get("value", "")) for part in get("content") or []],
        "media_content": [_keys(media, "url", "medium", "type")
                          for media in get("media_content") or []],
        "enclosures": [_keys(enclosure, "href", "type") for enclosure in get("enclosures") or []],
        "media_thumbnail": [_keys(thumb, "url") for thumb in get("media_thumbnail") or []],
    }


def _keys(item: Any, *keys: str) -> tuple[Any, ...]:
    return tuple(item.get(key) for key in keys)
