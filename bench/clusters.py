"""Scores of a grouping (pairwise and BCubed precision, recall, F1; Pearson r), and the
baselines the stories benchmark runs beside newsmirror: every article alone, and
character-bigram TF-IDF cosine with single-link at a tuned threshold."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

from newsmirror.text.fold import fold

_MARKS = re.compile(r"[\W_]+")


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, ...]:
    """Pairwise P, R, F1 from the contingency table (no pair listed)."""
    cells = Counter(zip(predicted, gold, strict=True))
    together = sum(math.comb(n, 2) for n in cells.values())
    predicted_pairs = sum(math.comb(n, 2) for n in Counter(predicted).values())
    gold_pairs = sum(math.comb(n, 2) for n in Counter(gold).values())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    return precision, recall, f1(precision, recall)


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, ...]:
    cells = Counter(zip(predicted, gold, strict=True))
    sizes_p, sizes_g = Counter(predicted), Counter(gold)
    pairs = list(zip(predicted, gold, strict=True))
    precision = sum(cells[(p, g)] / sizes_p[p] for p, g in pairs) / len(pairs)
    recall = sum(cells[(p, g)] / sizes_g[g] for p, g in pairs) / len(pairs)
    return precision, recall, f1(precision, recall)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    if not sx or not sy:
        return None  # a constant score correlates with nothing
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (sx * sy)


def decisions(scores: Sequence[float], gold: Sequence[bool], threshold: float
              ) -> tuple[float, ...]:
    """P, R, F1 of "same story" = score ≥ threshold."""
    said = [score >= threshold for score in scores]
    tp = sum(s and g for s, g in zip(said, gold, strict=True))
    precision = tp / sum(said) if any(said) else 1.0
    recall = tp / sum(gold) if any(gold) else 1.0
    return precision, recall, f1(precision, recall)


class Bigrams:
    """Character-bigram TF-IDF vectors (folded text, spaces and marks out), unit length."""

    def __init__(self, texts: Sequence[str]) -> None:
        grams = [self._grams(text) for text in texts]
        df = Counter(g for counts in grams for g in counts)
        total = len(texts)
        self.vectors = []
        for counts in grams:
            vector = {g: (1 + math.log(n)) * math.log((total + 1) / (df[g] + 1))
                      for g, n in counts.items()}
            length = math.sqrt(sum(x * x for x in vector.values())) or 1.0
            self.vectors.append({g: x / length for g, x in vector.items()})

    @staticmethod
    def _grams(text: str) -> Counter[str]:
        plain = _MARKS.sub(" ", fold(text)).strip()
        return Counter(plain[i:i + 2] for i in range(len(plain) - 1))

    def cosine(self, a: int, b: int) -> float:
        va, vb = self.vectors[a], self.vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(x * vb.get(g, 0.0) for g, x in va.items())

    def scored_pairs(self, minimum: float) -> list[tuple[int, int, float]]:
        """Every pair with cosine ≥ ``minimum`` (candidates from an inverted index)."""
        postings: dict[str, list[int]] = defaultdict(list)
        found: list[tuple[int, int, float]] = []
        for a, vector in enumerate(self.vectors):
            dots: dict[int, float] = defaultdict(float)
            for gram, x in vector.items():
                for b in postings[gram]:
                    dots[b] += x * self.vectors[b][gram]
                postings[gram].append(a)
            found.extend((a, b, dot) for b, dot in dots.items() if dot >= minimum)
        return found


def single_link(size: int, pairs: Sequence[tuple[int, int, float]], threshold: float
                ) -> list[int]:
    """Clusters: the connected components of the pairs at ``threshold`` or above."""
    parent = list(range(size))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, score in pairs:
        if score >= threshold:
            parent[find(a)] = find(b)
    return [find(x) for x in range(size)]
