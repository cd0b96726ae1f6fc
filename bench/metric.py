"""The article-extraction-benchmark metric, reimplemented.

A body is scored by 4-shingles of ``\\w+`` tokens (a run of Han characters between
punctuation is one token). Per document, true/false positives and negatives are counted
over the multiset of shingles and normalised to sum to 1; precision and recall are the
means over documents (skipping documents where they are undefined) and F1 is the harmonic
mean of those two means. Accuracy is the share of documents whose shingles match
exactly. ``prove_metric`` in
``bench.extraction`` checks this against the benchmark's published figures.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


@dataclass(frozen=True)
class Scores:
    """Averages over a corpus."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    documents: int


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def matching(true: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one document."""
    expected, got = shingles(true), shingles(predicted)
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score(truths: Mapping[str, str], predictions: Mapping[str, str]) -> Scores:
    """Score ``predictions`` (id → text; a missing id is an empty prediction)."""
    return scores_of([matching(truths[key], predictions.get(key, "")) for key in truths])


def scores_of(counts: Sequence[tuple[float, float, float]]) -> Scores:
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(1 for _, fp, fn in counts if fp == fn == 0)
    return Scores(f1, precision, recall, exact / len(counts), len(counts))


def per_document_f1(true: str, predicted: str) -> float:
    tp, fp, fn = matching(true, predicted)
    p, r = _precision(tp, fp, fn), _recall(tp, fp, fn)
    return 2 * p * r / (p + r) if p + r else 0.0
