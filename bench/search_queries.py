"""The labelled query set of the search benchmark, made from the collection
(``bench.search_collection``) with a fixed seed: ``python -m bench.search_queries``
writes ``bench/search_queries.json``, which the benchmark reads.

Each query is a word, name or phrase of one article, and its relevant articles are every
article that holds it, by a judge that is not the index: jieba's search-mode words of the
article's text, folded to simplified (so a word is relevant where a reader sees that word,
not where its characters merely stand side by side — 国会 is not in 美国会议); a phrase is
relevant where its words stand in that order; a Latin word where it stands whole, in any
case. Kinds: one-character words, two-character words, longer words, names of people,
places and organisations (jieba's nr/ns/nt), words typed in traditional characters (the
article has them in simplified, or the other way round), quoted two-word phrases, and
Latin words.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import Counter
from pathlib import Path

from bench.search_collection import Doc, collection

QUERIES = Path(__file__).with_name("search_queries.json")
SEED = 20261204
KINDS = {"one_char": 25, "two_char": 25, "longer": 15, "name": 10, "traditional": 15,
         "phrase": 10, "latin": 10}
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_LATIN_STOP = frozenset(re.findall(r"\w+", """that this with from have were which their
said will been about after when they there would what more also into than them some other
only over such could most many these year years people like just while where those being
before then news here first last even much made make does very says told time"""))
_MAX_DF = 40


def words_of(doc: Doc) -> set[str]:
    import rjieba

    from newsmirror.text.fold import fold

    return set(rjieba.cut_for_search(fold(doc.title + "。" + doc.text)))


def latin_of(doc: Doc) -> set[str]:
    return {word.lower() for word in _LATIN.findall(doc.title + " " + doc.text)}


def make_queries(docs: list[Doc]) -> list[dict[str, object]]:
    import opencc
    import rjieba

    from newsmirror.text.fold import fold

    to_traditional = opencc.OpenCC("s2t")
    words = {doc.key: words_of(doc) for doc in docs}
    latin = {doc.key: latin_of(doc) for doc in docs}
    flat = {doc.key: "".join(fold(doc.title + doc.text).split()) for doc in docs}
    df = Counter(word for found in words.values() for word in found)
    latin_df = Counter(word for found in latin.values() for word in found)
    rng = random.Random(SEED)
    order = docs[:]
    rng.shuffle(order)
    queries: list[dict[str, object]] = []
    seen: set[str] = set()

    def add(kind: str, query: str, relevant: list[str]) -> None:
        seen.add(query)
        queries.append({"id": len(queries) + 1, "kind": kind, "query": query,
                        "relevant": sorted(relevant)})

    for kind, wanted in KINDS.items():
        count = 0
        for doc in order * 3:
            if count == wanted:
                break
            tagged = rjieba.tag(fold(doc.title + "。" + doc.text))
            rng.shuffle(tagged)
            pick = _pick(kind, tagged, df, latin_df, latin[doc.key], seen, doc, flat)
            if pick is None:
                continue
            query, judge = pick
            if kind == "latin":
                relevant = [k for k, found in latin.items() if judge in found]
            elif kind == "phrase":
                relevant = [k for k, text in flat.items() if judge in text]
            else:
                relevant = [k for k, found in words.items() if judge in found]
            if kind == "traditional":
                query = to_traditional.convert(query)
                if query == judge:
                    continue
            add(kind, query, relevant)
            count += 1
    return queries


def _pick(kind: str, tagged: list[tuple[str, str]], df: Counter[str],
          latin_df: Counter[str], latin: set[str], seen: set[str], doc: Doc,
          flat: dict[str, str]) -> tuple[str, str] | None:
    """A query of ``kind`` from one article, and what judges its relevant articles."""
    if kind == "latin":
        for word in sorted(latin):
            if word not in _LATIN_STOP and 2 <= latin_df[word] <= _MAX_DF and word not in seen:
                return word, word
        return None
    if kind == "phrase":
        import rjieba

        from newsmirror.text.fold import fold

        pieces = [w for w in rjieba.cut(fold(doc.text)) if w.strip()]
        for first, second in itertools.pairwise(pieces):
            query = f'"{first} {second}"'
            if all(_HAN.match(w) and len(w) >= 2 for w in (first, second)) \
                    and query not in seen and sum(first + second in t
                                                  for t in flat.values()) <= _MAX_DF:
                return query, first + second
        return None
    for word, tag in tagged:
        if not _HAN.match(word) or word in seen or not 1 <= df[word] <= _MAX_DF:
            continue
        noun = tag.startswith("n") or tag == "j"
        if kind == "one_char" and len(word) == 1 and noun and df[word] >= 2:
            return word, word
        if kind == "two_char" and len(word) == 2 and (noun or tag == "v") and df[word] >= 2:
            return word, word
        if kind == "longer" and len(word) >= 3 and noun and tag not in ("nr", "ns", "nt"):
            return word, word
        if kind == "name" and len(word) >= 2 and tag in ("nr", "ns", "nt"):
            return word, word
        if kind == "traditional" and 2 <= len(word) <= 4 and noun and df[word] >= 2:
            return word, word
    return None


def main() -> None:
    queries = make_queries(collection())
    QUERIES.write_text(json.dumps(queries, ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    kinds = Counter(str(q["kind"]) for q in queries)
    print(f"wrote {len(queries)} queries to {QUERIES}: {dict(kinds)}")


if __name__ == "__main__":
    main()
