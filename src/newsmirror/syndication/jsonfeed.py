"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from newsmirror.syndication.model import FeedEntry, FeedInfo, rfc3339

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    document: dict[str, Any] = {"version": VERSION, "title": info.title}
    if info.home_url:
        document["home_page_url"] = info.home_url
    if info.json_url:
        document["feed_url"] = info.json_url
    document["language"] = info.language
    document["authors"] = [{"name": info.title}]
    document["items"] = [_item(entry) for entry in entries]
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _item(entry: FeedEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "url": entry.link}
    if entry.original != entry.link:
        item["external_url"] = entry.original
    item["title"] = entry.title
    item["content_html"] = entry.content_html
    if entry.summary:
        item["summary"] = entry.summary
    if entry.image:
        item["image"] = entry.image
    item["date_published"] = rfc3339(entry.published)
    item["date_modified"] = rfc3339(entry.updated)
    if entry.author:
        item["authors"] = [{"name": entry.author}]
    return item
