"""One feed and its entries, as every format writes them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# What XML 1.0 cannot hold at all, escaped or not: C0 controls but tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    """One article: ``id`` stays the same across its revisions (the original URL), ``link``
    is where to read it (the mirror's page when the mirror's address is known, else the
    original), ``updated`` the time of its latest revision."""

    id: str
    link: str
    original: str
    title: str
    content_html: str
    summary: str
    published: datetime
    updated: datetime
    author: str = ""
    image: str = ""


@dataclass(frozen=True)
class FeedInfo:
    """The feed itself; the URLs are empty when the mirror's address is not configured."""

    id: str
    title: str
    language: str
    home_url: str = ""
    atom_url: str = ""
    rss_url: str = ""
    json_url: str = ""
    generator: str = "newsmirror"
    version: str = ""


def last_update(entries: Sequence[FeedEntry]) -> datetime:
    """When the feed last changed: its newest revision (not the time it was written, so
    that writing an unchanged feed again gives the same bytes)."""
    return max((entry.updated for entry in entries), default=EPOCH)


def rfc3339(moment: datetime) -> str:
    """``2025-02-18T09:30:00+08:00``: in the offset it was given in, to the second."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (a feed with one is no feed)."""
    return _NOT_XML.sub("", text)
