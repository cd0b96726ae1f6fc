"""Feed parsing: robustness and agreement on feedparser's own test suites, speed on real feeds.

1. ``feedparser-tests`` (wellformed, illformed, encoding): every parser reads every file;
   a file is *read* when the parser returns, *refused* when it says clearly that it is not
   a feed (newsmirror's ``ParseError``, fastfeedparser's ``ValueError``, or the fast path
   handing the file to feedparser), and a *crash* otherwise. Each file's ``Expect:``
   expression is then evaluated on the result, as feedparser's own tests do (the file is
   given the URL feedparser's test server gave it, its ``Header:`` lines as response
   headers). fastfeedparser's result is wrapped in feedparser's dictionary class; an
   expression that reaches for anything a result does not have counts as not agreeing.
2. ``parse_feed`` returns a ``Listing`` of ``Entry``, not feedparser's dictionary: only the
   entries with an http(s) link (newsmirror fetches articles by it), and of them the
   title, link, author, date, summary and content; of the feed, its title. So its
   ``Expect:`` column counts only the files whose expression asks for nothing else and
   whose entries it all kept (*in scope*), and a second table holds it to what it
   promises: the same ``Listing`` as its own feedparser path, file by file.
3. ``greatfire-feeds`` (6 real feeds, two captures each): entries per second of each
   parser (best of several repetitions in one process; newsmirror's URL caches emptied
   before every document, so that no document profits from having been read before) and
   whether newsmirror's entries are identical to those of its feedparser path.
"""

from __future__ import annotations

import calendar
import gc
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import fastfeedparser
import feedparser

from bench.corpora import corpus
from bench.feedcompare import entry_differences, parse_feed_fast, parse_feed_with_feedparser
from bench.feedsuites import LISTING, SUITES, feedparser_as_newsmirror, run_suite
from bench.report import Section, versions
from newsmirror.ingest.fastpath import clear_caches
from newsmirror.ingest.feeds import parse_feed
from newsmirror.ingest.model import Listing

REPETITIONS = 10


@dataclass(frozen=True)
class Speed:
    entries: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.entries / self.seconds


def _greatfire() -> list[bytes]:
    folder = corpus("greatfire-feeds")
    return [path.read_bytes() for path in sorted(folder.iterdir())
            if path.suffix in (".xml", ".rss")]


def _timed(counters: dict[str, Callable[[bytes], int]], feeds: list[bytes],
           repetitions: int) -> dict[str, Speed]:
    """Each counter's best pass over ``feeds``; the passes take turns, so that a busy
    moment of the machine falls on all of them alike."""
    best = dict.fromkeys(counters, float("inf"))
    entries = dict.fromkeys(counters, 0)
    for _ in range(repetitions):
        for name, count in counters.items():
            gc.collect()  # the garbage of one parser is not the next one's to collect
            started = time.perf_counter()
            entries[name] = sum(count(body) for body in feeds)
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: Speed(entries[name], best[name]) for name in counters}


def _cold(parse: Callable[[bytes], Listing | None]) -> Callable[[bytes], int]:
    def count(body: bytes) -> int:
        clear_caches()
        return len((parse(body) or Listing("", ())).entries)
    return count


URL = "https://greatfire.example/feed"
AS_CALLED = "feedparser, as newsmirror calls it (no sanitizing, HTML URLs left)"
COUNTERS: dict[str, Callable[[bytes], int]] = {
    "feedparser": lambda body: len(feedparser.parse(io.BytesIO(body)).entries),
    AS_CALLED: lambda body: len(
        feedparser_as_newsmirror(body, URL, {}).entries),
    "fastfeedparser": lambda body: len(fastfeedparser.parse(body).entries),
    "newsmirror parse_feed": _cold(lambda body: parse_feed(body, URL)),
    "newsmirror fast path alone": _cold(lambda body: parse_feed_fast(body, URL)),
}


def identical_to_feedparser(feeds: list[bytes]) -> dict[str, int]:
    """parse_feed against its feedparser path, field by field, over every entry."""
    counts = dict.fromkeys(("entries", "fast path", "title", "link", "published", "author",
                            "image", "html", "html base"), 0)
    for body in feeds:
        mine, theirs = parse_feed(body, URL), parse_feed_with_feedparser(body, URL)
        counts["fast path"] += parse_feed_fast(body, URL) is not None
        if len(mine.entries) != len(theirs.entries):
            continue
        for got, expected in zip(mine.entries, theirs.entries, strict=True):
            differing = entry_differences(got, expected)
            counts["entries"] += 1
            for name in ("title", "link", "published", "author", "image"):
                counts[name] += name not in differing
            counts["html"] += not {"summary_html", "content_html"} & set(differing)
            counts["html base"] += "html_base" not in differing
    return counts


def fastfeedparser_against_feedparser(feeds: list[bytes]) -> dict[str, int]:
    """fastfeedparser's own titles, links and dates against feedparser's."""
    counts = dict.fromkeys(("entries", "title", "link", "date"), 0)
    for body in feeds:
        theirs = feedparser.parse(io.BytesIO(body)).entries
        mine = fastfeedparser.parse(body).entries
        if len(mine) != len(theirs):
            continue
        for got, expected in zip(mine, theirs, strict=True):
            counts["entries"] += 1
            counts["title"] += got.get("title") == expected.get("title")
            counts["link"] += got.get("link") == expected.get("link")
            counts["date"] += _ffp_date(got) == _fp_date(expected)
    return counts


def _ffp_date(entry: Any) -> datetime | None:
    value = entry.get("published") or entry.get("updated")
    try:
        return datetime.fromisoformat(value).astimezone(UTC) if value else None
    except ValueError:
        return None


def _fp_date(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def run() -> Section:
    section = Section("feeds", "Feed parsing: feedparser's test suites and real feeds",
                      "python -m bench feeds")
    section.add(f"Versions: {versions('feedparser', 'fastfeedparser', 'lxml', 'newsmirror')}.",
                "", (__doc__ or "").split("\n\n", 1)[1].strip(), "")
    _suites(section)
    _speed(section)
    return section


def _suites(section: Section) -> None:
    section.add("### feedparser's test suites", "",
                "*read*: returned a result; *refused*: declared the file not a feed (for the "
                "fast path alone: left it to feedparser, which then reads it); *checked*: "
                "files whose `Expect:` was evaluated; *agree*: of those, the ones where it "
                "holds. Many `wellformed` expectations are about feedparser's HTML "
                "sanitizer and its resolution of the URLs inside HTML, which newsmirror "
                "turns off (its clean stage sanitizes with nh3 and resolves those URLs "
                "against the base the entry records: compare the first two rows), and "
                "about what newsmirror does not keep. The fast path alone is asked for "
                "feedparser's whole dictionary, so it sanitizes nothing but resolves "
                "those URLs as feedparser does.", "")
    figures: dict[str, Any] = {}
    sameness = []
    for suite in SUITES:
        tallies, same = run_suite(suite)
        total = next(iter(tallies.values()))
        files = total.read + total.refused + total.crashed
        section.add(f"**{suite}** ({files} files)", "")
        section.table(["parser", "read", "refused", "crashed", "checked", "agree"],
                      [[name, t.read, t.refused, t.crashed, t.checked, t.agree]
                       for name, t in tallies.items()])
        for name, tally in tallies.items():
            for crash in tally.crashes[:5]:
                section.add(f"- {name} crashed on {crash}")
        for refusal in tallies[LISTING].refusals:
            section.add(f"- parse_feed refused {refusal}")
        section.add("")
        sameness.append([suite, same["files"], same["fast path"], same["same"],
                         same["in scope"], tallies[LISTING].agree, same["feedparser agrees"]])
        figures[suite] = {"parsers": {name: {"read": t.read, "refused": t.refused,
                                             "crashed": t.crashed, "checked": t.checked,
                                             "agree": t.agree}
                                      for name, t in tallies.items()},
                          "listing": same}
    section.add("The files parse_feed refuses hold no entry and no title for feedparser either "
                "(CDF channels: a description, a link or a date, no items); newsmirror has "
                "nothing to mirror there.", "",
                "**parse_feed against its feedparser path** (`parse_feed_with_feedparser`): "
                "files read by the fast path (the rest went to feedparser), and files where "
                "the two give the same Listing (every field equal as a string, HTML "
                "included) or both refuse the file; then, of the files whose `Expect:` is "
                "in scope, those where it holds on parse_feed and those where it holds on "
                "feedparser as newsmirror calls it; the files neither holds on are "
                "expectations of feedparser's sanitizer or of its URL resolution in HTML.",
                "")
    section.table(["suite", "files", "fast path", "same Listing", "Expect in scope",
                   "holds on parse_feed", "holds on feedparser, unsanitized"], sameness)
    section.figures["suites"] = figures


def _speed(section: Section) -> None:
    feeds = _greatfire()
    speeds = _timed(COUNTERS, feeds, REPETITIONS)
    baseline = speeds["feedparser"].rate
    as_called = speeds[AS_CALLED].rate
    section.add(f"### Speed on greatfire-feeds ({len(feeds)} files: 6 feeds, two captures "
                f"each; best of {REPETITIONS} runs, taking turns, in one process)", "")
    section.table(["parser", "entries", "seconds", "entries/s", "× feedparser",
                   "× feedparser as newsmirror calls it"],
                  [[name, s.entries, s.seconds, s.rate, s.rate / baseline, s.rate / as_called]
                   for name, s in speeds.items()])
    same = identical_to_feedparser(feeds)
    theirs = fastfeedparser_against_feedparser(feeds)
    section.add("### Same answers as feedparser on greatfire-feeds", "",
                f"newsmirror's `parse_feed` took the fast path for {same['fast path']} of "
                f"{len(feeds)} files. Its entries against those of its feedparser path, "
                "every field equal as a string (HTML: the same bytes, and the same base for "
                "its relative URLs); fastfeedparser's titles, links and dates against "
                "feedparser's own.", "")
    section.table(["parser", "entries", "titles", "links", "dates", "authors", "images",
                   "HTML", "HTML base"],
                  [["newsmirror parse_feed", same["entries"], same["title"], same["link"],
                    same["published"], same["author"], same["image"], same["html"],
                    same["html base"]],
                   ["fastfeedparser", theirs["entries"], theirs["title"], theirs["link"],
                    theirs["date"], "", "", "", ""]])
    section.figures["speed"] = {name: {"entries": s.entries, "seconds": round(s.seconds, 4),
                                       "entries_per_second": round(s.rate, 1),
                                       "ratio": round(s.rate / baseline, 2),
                                       "ratio_as_called": round(s.rate / as_called, 2)}
                                for name, s in speeds.items()}
    section.figures["identical"] = {"newsmirror": same, "fastfeedparser": theirs}
