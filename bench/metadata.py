"""Title, byline and publish date: newsmirror against the peers, on two labelled sets.

- ``readability-test-pages``: ``expected-metadata.json`` (what readability.js finds) gives
  title, byline and ``publishedTime``.
- ``chinese-web-content-extraction``: ``author/*.txt`` and ``date/*.txt``, hand-labelled;
  ``UNKNOWN`` means the page has none. Its dates are local (China) times without a zone.
- ``htmldate-mediacloud``: 200 news pages in many languages with the publish date
  (``gold.json``; 5 pages have none). Dates only; the tools get the page's bytes and no
  URL, as the set's published figures were measured.

newsmirror runs as users run it, ``newsmirror extract --jsonl`` (through
``bench.extraction.run_extractor``), with ``--timezone`` set to the zone a source of that
set would be configured with. The peers run through ``bench.peers``.
How each field is scored is in :mod:`bench.metadata_score`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.corpora import Missing, corpus
from bench.extraction import NEWSMIRROR, run_extractor
from bench.metadata_score import (
    AuthorCounts,
    DateCounts,
    TitleCounts,
    author_counts,
    date_counts,
    read_expected_date,
    title_counts,
)
from bench.report import Section, versions

# readability-lxml finds titles only, htmldate dates only; trafilatura finds all three.
HTMLDATE = "htmldate (extensive)"
TOOLS = (NEWSMIRROR, "trafilatura", "readability-lxml", HTMLDATE, "htmldate (fast)")
FIELDS = {NEWSMIRROR: ("title", "author", "published"),
          "trafilatura": ("title", "author", "date"), "readability-lxml": ("title", "", ""),
          HTMLDATE: ("", "", "date"), "htmldate (fast)": ("", "", "date")}
NO_AUTHOR = frozenset({"UNKNOWN", "UNKNWON", ""})  # one file of the set misspells it


@dataclass(frozen=True)
class Labels:
    """What one page should give; ``None`` where the set does not say."""

    title: str | None = None
    author: str = ""  # "" = the page has no author
    date: str = ""  # "" = the page has no date
    date_unreadable: bool = False  # the label is not a date: left out of the date figures


@dataclass(frozen=True)
class MetaSet:
    """Pages (id → path), their labels, and the zone naive dates are read in."""

    name: str
    pages: dict[str, Path]
    labels: dict[str, Labels]
    zone: tzinfo | None  # None: a label is the date where the article was published
    zone_name: str = ""
    tools: tuple[str, ...] = (NEWSMIRROR, "trafilatura", "readability-lxml", HTMLDATE)
    undated_are_labels: bool = False  # a page without a date label has none
    reviewed: dict[str, Review] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """A date label that is not the page's publish date: what the page prints as that
    date, and the page's own words that show it (checked to stand in the page)."""

    date: str
    evidence: str
    why: str


# Reviewed by hand, page by page, because every tool's misses there were checked: each
# label below is another date of the page (the day it was crawled, the report's own
# date, a maintenance note's), or misreads the page's US-style date. The figures are
# given with the labels as they are first, then with these read as reviewed.
CHINESE_DATE_REVIEW = {
    "05e98007-d810-4036-b154-2ef2fe68c2af": Review(
        "2005-07-05", "7/5/2005 9:23:57 PM",
        "发布日期 in US order (month/day, with PM), after a report dated 2005年07月03日; "
        "the label reads it day first"),
    "35687fb1-3d1f-46ac-a1c1-30ae027b2ae4": Review(
        "2005-09-10", "Saturday, September 10th, 2005",
        "the label is the page header's clock, 2006年12月27日（京港台时间）: the day it "
        "was saved"),
    "c3f7d079-7730-4a9c-b041-73fcc4b5b3e4": Review(
        "2005-03-06", "2005-03-06 16:17:00",
        "the label, 2003年5月, is the date of the report the page republishes"),
    "d5bced5e-4ff7-49a8-8808-4344f0823c51": Review(
        "2011-06-17", '"datePublished":"2011-06-17T11:26:10Z"',
        "a Wikipedia article: the label is the date of a maintenance note (2020年4月17日)"),
    "e8847578-12f0-44cb-bdb7-4eec53c18ed1": Review(
        "2022-01-28", "发布日期：</span>2022年01月28日",
        "the label is 成文日期 (the day it was written), not 发布日期 (published)"),
}


def readability_pages() -> MetaSet:
    folder = corpus("readability-test-pages") / "test" / "test-pages"
    pages, labels = {}, {}
    for case in sorted(p for p in folder.iterdir() if (p / "expected-metadata.json").is_file()):
        expected = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        pages[case.name] = case / "source.html"
        labels[case.name] = Labels(title=expected.get("title") or "",
                                   author=expected.get("byline") or "",
                                   date=expected.get("publishedTime") or "")
    return MetaSet("readability-test-pages", pages, labels, UTC)


def chinese_pages() -> MetaSet:
    folder = corpus("chinese-web-content-extraction")
    pages, labels = {}, {}
    for page in sorted((folder / "original").glob("*.html")):
        author = _label(folder / "author" / f"{page.stem}.txt")
        date = _label(folder / "date" / f"{page.stem}.txt")
        unreadable = date not in NO_AUTHOR and read_expected_date(date) is None
        pages[page.stem] = page
        labels[page.stem] = Labels(
            author="" if author in NO_AUTHOR else author,
            date="" if date in NO_AUTHOR or unreadable else date,
            # an empty date file is a missed label, not "no date" (the page shows one)
            date_unreadable=unreadable or date == "")
    reviewed = {key: review for key, review in CHINESE_DATE_REVIEW.items() if key in pages}
    for key, review in reviewed.items():
        if review.evidence not in _page_text(pages[key]):
            raise ValueError(f"{key}: the reviewed evidence is not on the page")
    return MetaSet("chinese-web-content-extraction", pages, labels,
                   ZoneInfo("Asia/Shanghai"), "Asia/Shanghai", reviewed=reviewed)


def _page_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def mediacloud_pages() -> MetaSet:
    folder = corpus("htmldate-mediacloud")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    pages, labels = {}, {}
    for item in gold.values():
        key = item["file"]
        pages[key] = folder / "html" / f"{key}.gz"
        labels[key] = Labels(date=item["date"] if isinstance(item["date"], str) else "")
    return MetaSet("htmldate-mediacloud", pages, labels, None,
                   tools=(NEWSMIRROR, HTMLDATE, "htmldate (fast)", "trafilatura"),
                   undated_are_labels=True)


def _label(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").strip() if path.exists() else ""


def run_tool(tool: str, dataset: MetaSet) -> dict[str, dict[str, Any]]:
    """id → the tool's record for each page of ``dataset``."""
    return run_extractor(tool, dataset.pages, timezone=dataset.zone_name).records


def run() -> Section:
    section = Section("metadata", "Article metadata: title, byline, publish date",
                      "python -m bench metadata")
    tools = versions("newsmirror", "trafilatura", "readability-lxml", "htmldate")
    section.add(f"Versions: {tools}.", "", *_method_lines())
    datasets = []
    for build in (readability_pages, chinese_pages, mediacloud_pages):
        try:
            datasets.append(build())
        except Missing as exc:
            section.add(f"Skipped: {exc}.", "")
    if not datasets:
        raise Missing("neither metadata corpus is present")
    for dataset in datasets:
        records = {}
        for tool in dataset.tools:
            if tool == "readability-lxml" and not _has_titles(dataset):
                continue
            print(f"  {dataset.name}: {tool}", flush=True)
            records[tool] = run_tool(tool, dataset)
        _report(section, dataset, records)
    return section


def _has_titles(dataset: MetaSet) -> bool:
    return any(label.title is not None for label in dataset.labels.values())


def _method_lines() -> list[str]:
    return [
        "How each field is scored:",
        "",
        "- **title**: *exact* = equal after collapsing white space; *similar* = "
        "`difflib.SequenceMatcher` ratio ≥ 0.9 between the two titles case-folded, with "
        "quotes and dashes unified and white space collapsed; *same headline* = similar, "
        "or the label starts with the title and the rest is a suffix no longer than it "
        "(`Title | Site` → `Title`: readability.js keeps site names, newsmirror drops them).",
        "- **byline**: equal after case-folding, dropping a leading `By`/`Par`/`作者：`/"
        "`记者`/`文/`-style marker and every character that is not a letter or digit "
        "(so `王建宏 张文攀` = `王建宏、张文攀`). *correct* is over pages that have one; "
        "*contained*: one of the two holds the other (readability.js's bylines often carry "
        "the date: `By X March 25, 2015`); "
        "*wrong* gave another name, *missed* gave none; *false +* gave one on a page "
        "that has none; *precision*: of the bylines a tool gave, the share that are right "
        "(correct / (correct + wrong + false +)): an editor or a photo credit given as the "
        "author is wrong.",
        "- **date**: the same calendar day as the label, on the pages that have one (a "
        "label of only a year or a month, e.g. `2018` or `2003-5`, is compared at that "
        "precision). A timestamp is compared in the label's own offset, else in the set's "
        "zone (UTC; Asia/Shanghai for the Chinese set; on htmldate-mediacloud, whose labels "
        "are the date where the article was published, in the offset the tool gives with "
        "it); a bare date (trafilatura's, htmldate's) as it is. *of all pages* counts the "
        "pages without a date as misses (how the htmldate-mediacloud figures of its "
        "MANIFEST were counted). *invented* counts pages without a date that got one "
        "anyway; it means "
        "something on the hand-labelled Chinese set only: readability-test-pages' "
        "`publishedTime` is what readability.js found, and many pages it leaves empty "
        "do print a date.",
        "",
    ]


def _report(section: Section, dataset: MetaSet, records: dict[str, dict[str, Any]]) -> None:
    labels = dataset.labels
    dated = sum(1 for label in labels.values() if label.date)
    authored = sum(1 for label in labels.values() if label.author)
    skipped = sum(1 for label in labels.values() if label.date_unreadable)
    section.add(f"### {dataset.name}", "",
                f"{len(labels)} pages: {dated} with a publish date, {authored} with an author"
                + (f"; {skipped} whose date label is not a date (left out of the date "
                   "figures)" if skipped else "") + ".", "")
    titles: dict[str, TitleCounts] = {}
    authors: dict[str, AuthorCounts] = {}
    dates: dict[str, DateCounts] = {}
    for tool, by_id in records.items():
        title_key, author_key, date_key = FIELDS[tool]
        got = {key: by_id.get(key, {}) for key in labels}
        if _has_titles(dataset) and title_key:
            titles[tool] = title_counts(
                {k: (label.title or "", str(got[k].get(title_key) or ""))
                 for k, label in labels.items() if label.title is not None})
        if author_key and any(label.author for label in labels.values()):
            authors[tool] = author_counts(
                {k: (label.author, str(got[k].get(author_key) or ""))
                 for k, label in labels.items()})
        if date_key:
            dates[tool] = date_counts(
                {k: (label.date, str(got[k].get(date_key) or ""))
                 for k, label in labels.items() if not label.date_unreadable}, dataset.zone)
    figures: dict[str, Any] = {}
    if titles:
        section.add("**Title**", "")
        section.table(["tool", "exact", "similar ≥ 0.9", "same headline", "none"],
                      [[tool, _share(c.exact, c.pages), _share(c.similar, c.pages),
                        _share(c.headline, c.pages), c.empty] for tool, c in titles.items()])
        figures["title"] = {tool: c.figures() for tool, c in titles.items()}
    if authors:
        section.add("**Byline / author**", "")
        section.table(["tool", "correct", "precision", "correct or contained", "wrong",
                       "missed", "false +"],
                      [[tool, _share(c.correct, c.with_author),
                        _share(c.correct, c.correct + c.wrong + c.false_positives),
                        _share(c.contained, c.with_author), c.wrong, c.missed,
                        f"{c.false_positives} of {c.without_author}"]
                       for tool, c in authors.items()])
        figures["author"] = {tool: c.figures() for tool, c in authors.items()}
    section.add("**Publish date**", "")
    every = dataset.undated_are_labels
    section.table(["tool", "same day", *(["of all pages"] if every else []), "wrong day",
                   "missed", "invented"],
                  [[tool, _share(c.same_day, c.with_date),
                    *([_share(c.same_day, c.with_date + c.without_date)] if every else []),
                    c.wrong, c.missed, f"{c.invented} of {c.without_date}"]
                   for tool, c in dates.items()])
    figures["date"] = {tool: c.figures() for tool, c in dates.items()}
    if dataset.reviewed:
        figures["date_reviewed"] = _reviewed_dates(section, dataset, records)
    section.figures[dataset.name] = figures


def _reviewed_dates(section: Section, dataset: MetaSet, records: dict[str, dict[str, Any]]
                    ) -> dict[str, Any]:
    """The date figures again with the reviewed labels, and the reviews themselves."""
    section.add(f"{len(dataset.reviewed)} date labels are not the page's publish date "
                "(reviewed by hand; the quote is the page's own, and the benchmark checks "
                "it stands in the page):", "")
    section.table(["page", "label", "the page's publish date", "on the page", "why"],
                  [[key[:8], dataset.labels[key].date, review.date, f"`{review.evidence}`",
                    review.why] for key, review in dataset.reviewed.items()])
    labels = {key: replace(label, date=dataset.reviewed[key].date)
              if key in dataset.reviewed else label for key, label in dataset.labels.items()}
    counts = {}
    for tool, by_id in records.items():
        date_key = FIELDS[tool][2]
        if date_key:
            counts[tool] = date_counts(
                {k: (label.date, str(by_id.get(k, {}).get(date_key) or ""))
                 for k, label in labels.items() if not label.date_unreadable}, dataset.zone)
    section.add("**Publish date, with the reviewed labels**", "")
    section.table(["tool", "same day", "wrong day", "missed"],
                  [[tool, _share(c.same_day, c.with_date), c.wrong, c.missed]
                   for tool, c in counts.items()])
    return {tool: c.figures() for tool, c in counts.items()}


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / total:.1%}" if total else "–"
