"""The collection the search benchmark searches: the Chinese (and some English) articles
with text of the public corpora, each with a key that names where it came from.

- SemEval-2022 Task 8 pairs (``stories/``): the Chinese texts of the zh–zh and zh–en
  pairs and the English texts of the zh–en pairs (machine-translated Chinese, real
  news), title = the first sentence;
- the Chinese web content extraction set's cleaned bodies (RFI, portals, government
  sites), hard-wrapped lines joined;
- newspaper4k's Chinese articles' expected text, readability's Chinese pages.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from bench.corpora import corpus

_SENTENCE = re.compile(r"^(.{6,60}?[。！？!?])")


@dataclass(frozen=True)
class Doc:
    key: str
    title: str
    text: str


def collection() -> list[Doc]:
    docs: dict[str, Doc] = {}
    csv.field_size_limit(1 << 30)
    stories = corpus("stories") / "semeval8-tonyx" / "training_set.csv"
    with stories.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                language = row[f"lang{side}"]
                if "zh" not in (row["lang1"], row["lang2"]) or language not in ("zh", "en"):
                    continue
                text = " ".join(row[f"text{side}"].split())
                if len(text) >= 80:
                    docs.setdefault(text[:200], _doc(f"semeval:{row['pair_id']}:{side}", text))
    cleaned = corpus("chinese-web-content-extraction") / "cleaned"
    for path in sorted(cleaned.glob("*.txt")):
        text = _unwrap(path.read_text(encoding="utf-8", errors="replace"))
        if len(text) >= 80:
            docs.setdefault(text[:200], _doc(f"cwce:{path.stem}", text))
    newspaper = corpus("newspaper4k-tests") / "tests" / "data" / "txt"
    for path in sorted(newspaper.glob("chinese_article*.txt")):
        text = _unwrap(path.read_text(encoding="utf-8"))
        docs.setdefault(text[:200], _doc(f"newspaper4k:{path.stem}", text))
    return sorted(docs.values(), key=lambda doc: doc.key)


def _doc(key: str, text: str) -> Doc:
    match = _SENTENCE.match(text)
    title = match.group(1) if match else text[:30]
    return Doc(key, title, text[len(title):].strip() or text)


def _unwrap(text: str) -> str:
    """Hard-wrapped lines joined: no space where a line ends or starts with a Han
    character or a full-width mark, one space between Latin words."""
    joined = ""
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if joined and re.search(r"[A-Za-z0-9,.;:!?]$", joined) and re.match(r"[A-Za-z0-9]",
                                                                            line):
            joined += " "
        joined += line
    return " ".join(joined.split())
