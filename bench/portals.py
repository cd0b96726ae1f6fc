"""Chinese news portals: each page graded by a rule fixed before the extraction changes.

The set is assembled from the shared corpora: every news article of a news site or portal
in chinese-web-content-extraction (sina, sohu, NetEase, Yahoo 中国, qianlong, xinhuanet,
people, cnr, RFI, city papers and government news pages; its blogs, forums, wikis,
papers and scriptures are left out), the three Chinese pages of newspaper4k-tests (BBC
中文, China Daily, Xinhua) and the two of readability-test-pages (Tencent, 光明网). Each
page has a reference body text from its corpus.

The grade (written down before the change it measures, and not changed since):

- **good**: body shingle F1 ≥ 0.90 against the reference (the article's text, little
  else); the title is the headline, without the portal's name or channel (none of the
  other segments of the page's ``<title>`` is in it); the author, when one is given, is no
  editor (责任编辑, 责编, 编辑) and no photo credit (…摄).
- **fair**: body F1 ≥ 0.70: the article is there, with some chrome or a part missing, or
  its title or author is wrong.
- **bad**: otherwise: navigation, comments or a fragment instead of the article.

"before" is newsmirror at ``BASELINE``, the commit before issue 15's extraction work,
run from a git worktree in the same run; "after" is the checkout. trafilatura is graded on
body and title (it gives no usable byline for these pages: an empty one passes).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html

from bench.corpora import ROOT, Missing, corpus
from bench.extraction import NEWSMIRROR, run_extractor
from bench.metric import per_document_f1
from bench.report import Section, versions
from newsmirror.fragments import parse_page
from newsmirror.text.encoding import decode

BASELINE = "0b10000"
GOOD_F1 = 0.90
FAIR_F1 = 0.70
# chinese-web-content-extraction pages that are news articles of news sites and portals.
CWCE = {
    "05e98007": "cdp1998.org", "0d931936": "sina", "0ef8393b": "RFI", "274a65d9": "dahe.cn",
    "2bac7fb2": "yahoo.cn", "33a95b71": "sohu", "36efbc69": "yangtse.com",
    "3832838a": "yahoo.cn", "3e1af229": "shjnet.cn", "47f387e6": "cbzw.com.cn",
    "4fa9dfe4": "bjmu.edu.cn", "500b350d": "bynr.gov.cn", "5acac71b": "163.com",
    "6820ebe7": "qianlong", "7c6d2080": "sohu", "8baa71e3": "sohu", "8cb7b39d": "sina",
    "91bdf33e": "henandaily", "93498c29": "sohu", "9890f458": "yndaily",
    "a0cb0242": "xinhuanet", "aefcf136": "chinatibetnews", "b26fbb82": "people",
    "b4c2eccd": "163.com", "bbdf5079": "yahoo.cn", "c25d25c2": "yahoo.cn",
    "c268c1b4": "yahoo.cn", "c3f7d079": "qianlong", "c4d032a1": "tywbw",
    "d232c5df": "nmg.gov.cn", "d8d4c4ec": "sohu", "e3f3b532": "sina",
    "e8847578": "jl.gov.cn", "ebe9df29": "sohu", "ecbe8d49": "163.com",
    "f51248cc": "yangtse.com", "f70d9c97": "cnr.cn",
}
NEWSPAPER4K = {"chinese_article": "BBC 中文", "chinese_article_001": "chinadaily",
               "chinese_article_002": "xinhuanet"}
READABILITY = {"qq": "qq.com", "gmw": "gmw.cn"}
_SEPARATORS = re.compile(r"\s*(?:_|\||｜|\s[-–—]\s|--|-(?=\S*(?:网|报|频道|新闻)\s*$))\s*")
_EDITOR = re.compile(r"责任编辑|责编|编辑|摄\s*$|摄影")
_HEADLINE_SIMILAR = 0.8


class Page:
    """One page of the set: where it is, its site, its reference text and titles."""

    def __init__(self, key: str, site: str, path: Path, reference: str) -> None:
        self.key, self.site, self.path, self.reference = key, site, path, reference
        self.page_title, self.h1 = _titles(path)


def pages() -> list[Page]:
    found: list[Page] = []
    cwce = corpus("chinese-web-content-extraction")
    for prefix, site in CWCE.items():
        path = next((cwce / "original").glob(f"{prefix}*.html"))
        reference = (cwce / "cleaned" / f"{path.stem}.txt").read_text(encoding="utf-8",
                                                                      errors="replace")
        found.append(Page(prefix, site, path, reference))
    data = corpus("newspaper4k-tests") / "tests" / "data"
    for name, site in NEWSPAPER4K.items():
        found.append(Page(name, site, data / "html" / f"{name}.html",
                          (data / "txt" / f"{name}.txt").read_text(encoding="utf-8")))
    tests = corpus("readability-test-pages") / "test" / "test-pages"
    for name, site in READABILITY.items():
        expected = lxml.html.fromstring((tests / name / "expected.html").read_text(
            encoding="utf-8"))
        text = "\n".join(str(t).strip() for t in expected.itertext() if str(t).strip())
        found.append(Page(name, site, tests / name / "source.html", text))
    return found


def grade(page: Page, record: dict[str, Any], *, byline: bool = True) -> tuple[str, float]:
    """The page's grade for one tool's ``record`` (``text``, ``title``, ``author``)."""
    f1 = per_document_f1(page.reference, str(record.get("text") or ""))
    author = str(record.get("author") or "") if byline else ""
    if f1 >= GOOD_F1 and title_ok(page, str(record.get("title") or "")) \
            and not _EDITOR.search(author):
        return "good", f1
    return ("fair" if f1 >= FAIR_F1 else "bad"), f1


def title_ok(page: Page, title: str) -> bool:
    """The headline, without the portal's name or channel."""
    title = " ".join(title.split())
    if not title:
        return False
    segments = [s for s in _SEPARATORS.split(page.page_title) if s.strip()]
    if len(segments) <= 1:
        return True
    headline = max(segments, key=len)
    if any(other in title for other in segments if other != headline and len(other) >= 2):
        return False
    return any(_similar(title, candidate) for candidate in (headline, page.h1) if candidate)


def _similar(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= _HEADLINE_SIMILAR


def _titles(path: Path) -> tuple[str, str]:
    root = parse_page(decode(path.read_bytes())[0])
    title = " ".join((root.findtext(".//title") or "").split())
    h1 = next((" ".join(h.text_content().split()) for h in root.iter("h1")
               if h.text_content().strip()), "")
    return title, h1


def _baseline_records(found: list[Page]) -> dict[str, dict[str, Any]] | None:
    """newsmirror at ``BASELINE``, run from a worktree of it; ``None`` without git."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "baseline"
        made = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach",
                               str(tree), BASELINE], capture_output=True, check=False)
        if made.returncode != 0:
            return None
        try:
            listing = {page.key: page.path for page in found}
            env = {**os.environ, "PYTHONPATH": str(tree / "src")}
            command = [sys.executable, "-m", "newsmirror", "extract", "--jsonl",
                       *(str(path) for path in listing.values())]
            done = subprocess.run(command, capture_output=True, env=env, check=False,
                                  cwd=scratch)
            by_path = {str(path): key for key, path in listing.items()}
            records = {}
            for line in done.stdout.decode("utf-8").splitlines():
                record = json.loads(line)
                records[by_path[record["path"]]] = record
            return records
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], capture_output=True, check=False)


def run() -> Section:
    section = Section("portals", "Chinese news portals: pages graded before and after",
                      "python -m bench portals")
    try:
        found = pages()
    except (Missing, StopIteration) as exc:
        raise Missing(f"portal pages: {exc}") from exc
    section.add(f"Versions: {versions('newsmirror', 'trafilatura')}.", "",
                *(line for line in (__doc__ or "").split("\n\n")[1:4]), "")
    listing = {page.key: page.path for page in found}
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    before = _baseline_records(found)
    if before is not None:
        runs[f"newsmirror before ({BASELINE})"] = before
    runs["newsmirror after"] = run_extractor(NEWSMIRROR, listing).records
    runs["trafilatura"] = run_extractor("trafilatura", listing).records
    grades = {tool: {page.key: grade(page, records.get(page.key, {}),
                                     byline=not tool.startswith("trafilatura"))
                     for page in found}
              for tool, records in runs.items()}
    sites = len({page.site for page in found})
    section.add(f"{len(found)} pages of {sites} sites.", "")
    section.table(["tool", "good", "fair", "bad"],
                  [[tool, *(Counter(g for g, _ in by_page.values())[name]
                            for name in ("good", "fair", "bad"))]
                   for tool, by_page in grades.items()])
    section.add("Each page (grade, body F1):", "")
    section.table(["page", "site", *grades],
                  [[page.key, page.site, *(f"{by_page[page.key][0]} {by_page[page.key][1]:.2f}"
                                           for by_page in grades.values())]
                   for page in found])
    section.figures = {tool: {key: {"grade": g, "f1": round(f1, 4)}
                              for key, (g, f1) in by_page.items()}
                       for tool, by_page in grades.items()}
    return section
