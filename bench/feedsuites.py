"""feedparser's own test suites, read by every parser and checked against each file's
``Expect:`` (see :mod:`bench.feeds`, which reports them)."""

from __future__ import annotations

import ast
import builtins
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastfeedparser
import feedparser
from feedparser.util import FeedParserDict

from bench.corpora import corpus
from bench.feedcompare import differences, parse_feed_fast, parse_feed_with_feedparser
from newsmirror.errors import ParseError
from newsmirror.ingest.fastpath import parse_fast
from newsmirror.ingest.feeds import parse_feed
from newsmirror.ingest.model import Listing

SUITES = ("wellformed", "illformed", "encoding")
SERVER = "http://127.0.0.1:8097/"  # where feedparser's test harness serves the files
_HEADER = re.compile(r"^Header:\s*([^:]+):\s*(.*?)\s*$", re.MULTILINE)
_EXPECT = re.compile(r"^Expect:\s*(.*?)\s*$", re.MULTILINE)
_SKIP = re.compile(r"^SkipUnless:\s*(.*?)\s*$", re.MULTILINE)
# What a Listing keeps, as feedparser names it (description is feedparser's alias of summary).
_ENTRY_KEYS = frozenset({"title", "link", "author", "summary", "description", "content",
                         "published_parsed"})
_FEED_KEYS = frozenset({"title"})

Reader = Callable[[bytes, str, dict[str, str]], Any]


class Refused(Exception):  # noqa: N818 - a parser's clear "not a feed"
    """The parser declined the file on purpose."""


@dataclass(frozen=True)
class Case:
    """One file of feedparser's tests."""

    path: Path
    url: str
    headers: dict[str, str]
    expect: str
    runnable: bool


@dataclass
class Tally:
    """One parser on one suite."""

    read: int = 0
    refused: int = 0
    crashed: int = 0
    checked: int = 0
    agree: int = 0
    refusals: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)


def _feedparser(body: bytes, url: str, headers: dict[str, str]) -> Any:
    # The test server answers .xml files with application/xml unless a Header: line says.
    return feedparser.parse(io.BytesIO(body), response_headers={
        "content-location": url, "content-type": "application/xml", **headers})


def feedparser_as_newsmirror(body: bytes, url: str, headers: dict[str, str]) -> Any:
    content_type = headers.get("content-type") or "application/xml"
    return feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False,
                            response_headers={
        "content-location": headers.get("content-location", url), "content-type": content_type})


def _fastfeedparser(body: bytes, url: str, headers: dict[str, str]) -> Any:
    try:
        result = fastfeedparser.parse(body)
    except ValueError as exc:  # its way of saying "not a feed"
        raise Refused(str(exc)) from exc
    return _as_feedparser(dict(result), bozo=False)


def _fast_path(body: bytes, url: str, headers: dict[str, str]) -> Any:
    result = parse_fast(body, headers.get("content-location", url),
                        headers.get("content-type") or "application/xml", complete=True)
    if result is None:
        raise Refused("left to feedparser")
    return result


def _newsmirror(body: bytes, url: str, headers: dict[str, str]) -> Listing:
    try:
        return parse_feed(body, headers.get("content-location", url), headers)
    except ParseError as exc:
        raise Refused(str(exc)) from exc


PARSERS: dict[str, Reader] = {
    "feedparser": _feedparser,
    "feedparser, as newsmirror calls it (no sanitizing, HTML URLs left)": feedparser_as_newsmirror,
    "fastfeedparser": _fastfeedparser,
    "newsmirror fast path alone (feedparser's whole dictionary)": _fast_path,
    "newsmirror parse_feed (a Listing; Expect in scope only)": _newsmirror,
}
LISTING = "newsmirror parse_feed (a Listing; Expect in scope only)"


def _as_feedparser(value: Any, **extra: Any) -> Any:
    """A plain dict tree as FeedParserDicts (attribute access, feedparser's aliases)."""
    if isinstance(value, dict):
        converted = FeedParserDict({key: _as_feedparser(item) for key, item in value.items()})
        converted.update(extra)
        return converted
    if isinstance(value, list):
        return [_as_feedparser(item) for item in value]
    return value


def _listing_as_feedparser(listing: Listing) -> Any:
    entries = []
    for entry in listing.entries:
        mapped: dict[str, Any] = {"link": entry.link, "title": entry.title,
                                  "summary": entry.summary_html}
        if entry.author:
            mapped["author"] = entry.author
        if entry.published:
            mapped["published_parsed"] = entry.published.utctimetuple()
        if entry.content_html:
            mapped["content"] = [{"value": entry.content_html}]
        entries.append(mapped)
    return _as_feedparser({"feed": {"title": listing.title}, "entries": entries},
                          bozo=bool(listing.warning))


def in_scope(expect: str) -> bool:
    """Whether ``expect`` asks only for what a Listing keeps: ``bozo``, the feed's title,
    entries' title, link, author, date, summary, content."""
    try:
        tree = ast.parse(expect, mode="eval")
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in ("bozo", "feed", "entries", "len"):
            return False
        if isinstance(node, ast.Attribute):
            return False
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
                and node.value.id == "feed" and _key(node) not in _FEED_KEYS):
            return False
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Subscript)
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "entries"
                and _key(node) not in _ENTRY_KEYS):
            return False
    return True


def _key(node: ast.Subscript) -> object:
    return node.slice.value if isinstance(node.slice, ast.Constant) else None


def cases(suite: str) -> list[Case]:
    """The files of one suite with what their header comment says."""
    root = corpus("feedparser-tests")
    found = []
    for path in sorted((root / "tests" / suite).rglob("*.xml")):
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
        headers = {name.strip().lower(): value for name, value in _HEADER.findall(head)}
        expect = _EXPECT.search(head)
        skip = _SKIP.search(head)
        found.append(Case(path, SERVER + path.relative_to(root).as_posix(), headers,
                          expect.group(1) if expect else "", _runnable(skip)))
    return found


def _runnable(skip: re.Match[str] | None) -> bool:
    if skip is None:
        return True
    try:
        return bool(eval(skip.group(1), {"__builtins__": builtins, "feedparser": feedparser}))
    except Exception:  # a missing codec or module: the case is skipped
        return False


def agrees(expect: str, result: Any) -> bool:
    """Whether ``Expect:`` holds; anything the result lacks makes it false."""
    try:
        return bool(eval(expect, {"__builtins__": builtins}, result))
    except Exception:  # a missing field, a wrong type: not agreeing
        return False


def run_suite(suite: str) -> tuple[dict[str, Tally], dict[str, int]]:
    """Every parser on every file of ``suite``; and parse_feed against its feedparser path."""
    tallies = {name: Tally() for name in PARSERS}
    same = dict.fromkeys(("files", "same", "fast path", "in scope", "feedparser agrees"), 0)
    for case in cases(suite):
        if not case.runnable:
            continue
        body = case.path.read_bytes()
        as_called = feedparser_as_newsmirror(body, case.url, case.headers)
        kept_all = _count_check(case, body, same, len(as_called.entries))
        for name, reader in PARSERS.items():
            tally = tallies[name]
            try:
                result = reader(body, case.url, case.headers)
            except Refused as exc:
                tally.refused += 1
                tally.refusals.append(f"{case.path.name} ({exc})")
                continue
            except Exception as exc:  # counting crashes is the point
                tally.crashed += 1
                tally.crashes.append(f"{case.path.name}: {type(exc).__name__}: {exc}"[:160])
                continue
            tally.read += 1
            if isinstance(result, Listing):
                if not (kept_all(result) and in_scope(case.expect)):
                    continue
                same["in scope"] += 1
                same["feedparser agrees"] += agrees(case.expect, as_called)
                result = _listing_as_feedparser(result)
            tally.checked += 1
            tally.agree += agrees(case.expect, result)
    return tallies, same


def _count_check(case: Case, body: bytes, same: dict[str, int],
                 entries: int) -> Callable[[Listing], bool]:
    """Count whether parse_feed gives its feedparser path's Listing; return a test of
    whether a Listing kept every one of the ``entries`` feedparser read."""
    url = case.headers.get("content-location", case.url)
    same["files"] += 1
    same["fast path"] += _fast_or_none(body, url, case.headers)
    try:
        reference: Listing | None = parse_feed_with_feedparser(body, url, case.headers)
    except ParseError:
        reference = None
    try:
        mine: Listing | None = parse_feed(body, url, case.headers)
    except ParseError:
        mine = None
    same["same"] += (mine is None and reference is None) or (
        mine is not None and reference is not None and not differences(mine, reference))
    return lambda listing: len(listing.entries) == entries


def _fast_or_none(body: bytes, url: str, headers: dict[str, str]) -> bool:
    try:
        return parse_feed_fast(body, url, headers) is not None
    except ParseError:
        return True  # read by the fast path, and found to be no feed
