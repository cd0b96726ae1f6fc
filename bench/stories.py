"""Stories: how well articles are grouped, on development data only, beside two
baselines — every article alone, and character-bigram TF-IDF cosine (folded text) with
single-link at the threshold that scores best on the same data.

**SemEval-2022 Task 8 pairs** (``stories/semeval8-tonyx``, 1,283 rows; every row scored,
the 40 rows that repeat a ``pair_id`` too): "same story" = ``Overall`` ≤ 1.5. A text's
first sentence is its title. newsmirror's score of a pair is what grouping compares:
the TF-IDF cosine of title and lead terms (document frequencies over the file's
distinct texts) or, when higher, the estimated Jaccard similarity of the texts'
shingles; it says "same" at cosine ≥ ``JOIN`` or a near-duplicate. Pearson r is against
−Overall (higher is better).

**MStream Google News clusters** (``stories/mstream-news``, 5,271 headlines, 76
clusters): each headline (``textCleaned``) grouped in order as an article with a title
and no text, all on one day, by the real grouping (``stories.grouping.Grouper`` over a
scratch archive), at several ``JOIN`` values: the table is how it was chosen.

**Chinese near-duplicates** made from the corpora's Chinese articles (Chinese web
content extraction set, newspaper4k's Chinese articles), each with three versions: the
same article in traditional characters (OpenCC s2t); a reprint with a new headline (its
second sentence) and its lead cut (the first quarter of the text); an edited revision
(a sentence out, another article's sentence in, three characters changed). Originals and
versions are grouped together, all on one day; gold: one cluster per original.
"""

from __future__ import annotations

import csv
import math
import random
import re
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.clusters import Bigrams, bcubed, decisions, pairwise, pearson, single_link
from bench.corpora import corpus
from bench.report import Section, versions

WHEN = datetime(2024, 1, 1, tzinfo=UTC)
JOINS = (0.1, 0.15, 0.2, 0.25, 0.3)
GRID = tuple(round(0.05 * step, 2) for step in range(1, 20))
_TITLE = re.compile(r"^(.{6,100}?(?:[。！？]|[.!?](?=\s)))")
_SENTENCES = re.compile(r"[^。！？]+[。！？]")


def _split(text: str) -> tuple[str, str]:
    text = " ".join(text.split())
    match = _TITLE.match(text)
    title = match.group(1) if match else text[:30]
    return title, text[len(title):].strip() or text


def _group(items: Sequence[Any], join: float) -> list[str]:
    from newsmirror.store import Store
    from newsmirror.stories.grouping import Grouper

    with tempfile.TemporaryDirectory() as scratch, Store(Path(scratch) / "a.db") as store:
        grouper = Grouper(store.stories, join)
        with store.stories.transaction():
            return [grouper.group(item) for item in items]


def _prf(values: Sequence[float]) -> str:
    return " / ".join(f"{value:.3f}" for value in values)


# --- SemEval pairs ---------------------------------------------------------------------

def semeval() -> dict[str, Any]:
    from newsmirror.stories.features import features
    from newsmirror.stories.grouping import DUPLICATE, JOIN, term_weights
    from newsmirror.stories.minhash import similarity

    csv.field_size_limit(1 << 30)
    path = corpus("stories") / "semeval8-tonyx" / "training_set.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = sorted({" ".join(row[f"text{side}"].split()) for row in rows for side in "12"})
    index = {text: number for number, text in enumerate(texts)}
    found = [features(*_split(text), WHEN) for text in texts]
    weights = [term_weights(f) for f in found]
    df = Counter(term for w in weights for term in w)
    vectors = []
    for w in weights:
        vector = {t: x * (math.log((len(texts) + 1) / (df[t] + 1)) + 1) for t, x in w.items()}
        length = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        vectors.append({t: x / length for t, x in vector.items()})
    bigrams = Bigrams(texts)
    pairs = [(index[" ".join(row["text1"].split())], index[" ".join(row["text2"].split())],
              float(row["Overall"]), f"{row['lang1']}-{row['lang2']}") for row in rows]
    ours, same, baseline = [], [], []
    for a, b, _, _ in pairs:
        cosine = sum(x * vectors[b].get(t, 0.0) for t, x in vectors[a].items())
        duplicate = similarity(found[a].signature, found[b].signature)
        ours.append(max(cosine, duplicate))
        same.append(cosine >= JOIN or duplicate >= DUPLICATE)
        baseline.append(bigrams.cosine(a, b))
    gold = [overall <= 1.5 for _, _, overall, _ in pairs]
    tuned = max(GRID, key=lambda t: decisions(baseline, gold, t)[2])
    distinct = len({row["pair_id"] for row in rows})
    result: dict[str, Any] = {"rows": len(rows), "distinct_pairs": distinct,
                              "bigram_threshold": tuned, "subsets": {}}
    for subset in ("all", "zh-zh", "zh-en"):
        picked = [i for i, p in enumerate(pairs) if subset in ("all", p[3])]
        g = [gold[i] for i in picked]
        minus = [-pairs[i][2] for i in picked]
        result["subsets"][subset] = {
            "rows": len(picked), "same": sum(g),
            "newsmirror": {"pearson": pearson([ours[i] for i in picked], minus),
                           "prf": decisions([float(same[i]) for i in picked], g, 0.5)},
            "bigram single-link": {"pearson": pearson([baseline[i] for i in picked], minus),
                                   "prf": decisions([baseline[i] for i in picked], g, tuned)},
            "every article alone": {"pearson": None, "prf": decisions([0.0] * len(g), g, 0.5)},
        }
    return result


# --- MStream clusters ----------------------------------------------------------------

def mstream() -> dict[str, Any]:
    import json

    from newsmirror.stories.grouping import JOIN, Item

    path = corpus("stories") / "mstream-news" / "News-even.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    gold = [row["clusterNo"] for row in rows]
    items = [Item(row["Id"], 1, WHEN, row["textCleaned"], "") for row in rows]
    runs: dict[str, Any] = {}
    for join in JOINS:
        started = time.perf_counter()
        predicted = _group(items, join)
        runs[str(join)] = {"pairwise": pairwise(predicted, gold),
                           "bcubed": bcubed(predicted, gold), "stories": len(set(predicted)),
                           "seconds": time.perf_counter() - started}
    return {"headlines": len(rows), "clusters": len(set(gold)), "join": JOIN, "runs": runs,
            **_baselines([row["textCleaned"] for row in rows], gold)}


def _baselines(texts: list[str], gold: Sequence[Any]) -> dict[str, Any]:
    bigrams = Bigrams(texts)
    scored = bigrams.scored_pairs(min(GRID))
    best = max(GRID, key=lambda t: pairwise(single_link(len(texts), scored, t), gold)[2])
    linked = single_link(len(texts), scored, best)
    alone = list(range(len(texts)))
    return {"bigram_threshold": best,
            "bigram single-link": {"pairwise": pairwise(linked, gold),
                                   "bcubed": bcubed(linked, gold), "stories": len(set(linked))},
            "every article alone": {"pairwise": pairwise(alone, gold),
                                    "bcubed": bcubed(alone, gold), "stories": len(texts)},
            "all in one": {"pairwise": pairwise([0] * len(texts), gold),
                           "bcubed": bcubed([0] * len(texts), gold), "stories": 1}}


# --- Chinese near-duplicates -----------------------------------------------------------

def chinese_versions() -> dict[str, Any]:
    import opencc

    from bench.search_collection import collection
    from newsmirror.stories.grouping import JOIN, Item

    rng = random.Random(18)
    to_traditional = opencc.OpenCC("s2t")
    docs = [doc for doc in collection() if doc.key.startswith(("cwce:", "newspaper4k:"))
            and len(_SENTENCES.findall(doc.text)) >= 6]
    spare = [s for doc in docs for s in _SENTENCES.findall(doc.text)]
    items, gold, kinds = [], [], []
    for number, doc in enumerate(docs):
        sentences = _SENTENCES.findall(doc.text)
        cut = len(doc.text) // 4
        edited = list(sentences)
        edited.pop(len(edited) // 2)
        edited.insert(len(edited) // 3, rng.choice(spare))
        changed = list("".join(edited))
        for _ in range(3):
            changed[rng.randrange(len(changed))] = rng.choice("的是在和")
        for kind, title, text in (
                ("original", doc.title, doc.text),
                ("traditional", to_traditional.convert(doc.title),
                 to_traditional.convert(doc.text)),
                ("reprint", sentences[1][:40], doc.text[cut:]),
                ("edited", doc.title, "".join(changed))):
            items.append(Item(f"{number}-{kind}", 1, WHEN, title, text))
            gold.append(number)
            kinds.append(kind)
    predicted = _group(items, JOIN)
    joined = {kind: sum(predicted[i] == predicted[i - offset]
                        for i, k in enumerate(kinds) if k == kind) / len(docs)
              for offset, kind in enumerate(("traditional", "reprint", "edited"), 1)}
    return {"originals": len(docs), "articles": len(items),
            "newsmirror": {"pairwise": pairwise(predicted, gold),
                           "bcubed": bcubed(predicted, gold),
                           "stories": len(set(predicted))},
            "with_original": joined, **_baselines([f"{i.title} {i.text}" for i in items], gold)}


def run() -> Section:
    from newsmirror.stories.grouping import DUPLICATE, JOIN

    section = Section("stories", "Stories: grouping quality", "python -m bench stories")
    section.add(f"Versions: {versions('newsmirror', 'opencc', 'rjieba')}; thresholds: "
                f"JOIN {JOIN}, DUPLICATE {DUPLICATE}.", "",
                __doc__.split("\n\n", 1)[1].strip(), "")
    pairs = semeval()
    section.figures["semeval"] = pairs
    section.add(f"SemEval pairs ({pairs['rows']} rows, {pairs['distinct_pairs']} distinct "
                f"pair_ids); the bigram baseline's threshold {pairs['bigram_threshold']} "
                "(best F1 on all rows). Pearson r vs −Overall; P / R / F1 of same story.", "")
    rows = []
    for subset, scores in pairs["subsets"].items():
        for system in ("newsmirror", "bigram single-link", "every article alone"):
            r = scores[system]["pearson"]
            rows.append([f"{subset} ({scores['rows']}, {scores['same']} same)", system,
                         "—" if r is None else f"{r:.3f}", _prf(scores[system]["prf"])])
    section.table(["pairs", "system", "Pearson r", "P / R / F1"], rows)
    for name, found in (("MStream headlines", mstream()),
                        ("Chinese near-duplicates", chinese_versions())):
        section.figures[name] = found
        size = (f"{found['headlines']} headlines, {found['clusters']} clusters"
                if "headlines" in found else
                f"{found['originals']} originals, {found['articles']} articles")
        section.add(f"{name} ({size}); pairwise and BCubed P / R / F1.", "")
        systems = ([(f"newsmirror JOIN {join}" + (" (chosen)" if float(join) == JOIN else ""),
                     run) for join, run in found["runs"].items()]
                   if "runs" in found else [("newsmirror", found["newsmirror"])])
        systems += [(f"bigram single-link ≥ {found['bigram_threshold']}",
                     found["bigram single-link"]),
                    ("every article alone", found["every article alone"]),
                    ("all in one", found["all in one"])]
        section.table(["system", "pairwise", "BCubed", "stories"],
                      [[system, _prf(s["pairwise"]), _prf(s["bcubed"]), s["stories"]]
                       for system, s in systems])
        if "with_original" in found:
            section.add("Versions put in their original's story: " + ", ".join(
                f"{kind} {share:.3f}" for kind, share in found["with_original"].items()), "")
    return section
