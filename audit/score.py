"""From findings and fluency to sentence and article scores: a learned MQM-style combination.

Each finding costs ``SEVERITY_WEIGHTS[severity] * confidence * weight[category:severity]`` penalty
points (MQM's severity weights minor 1, major 5, critical 10, times a learned per category-severity
weight, 1 where the data said nothing); where one finding's span contains another's, only the costlier
counts. With a language model each sentence adds ``fluency_weight * words * max(0, fluency_threshold -
fluency) / 100`` points: only sentences the model finds less fluent than the threshold cost anything.
A span's score is

    score = 100 * max(0, 1 - points / max(words, MIN_WORDS))

so 100 means no problems, and more or severer findings or lower fluency never raise a score (all
weights are non-negative). A finding counts towards every sentence it overlaps; the article score uses
all findings and all sentences' fluency points against all words of the article.

The weights are fitted by ``scripts/fit_score.py`` (non-negative least squares of the MQM points per
word of MQM newstest2020 and 2021 segments, pulled towards the MQM prior of 1) and shipped in
``models/score/combination.json``, one set with fluency and one rules-only set for ``--lm none``.
Without the file the prior is used: every weight 1, no fluency term.
"""

from __future__ import annotations

import json
import sys
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from audit.document import Article, Finding, SentenceReport
from audit.lexicon import models_dir
from audit.spans import SpanIndex

SEVERITY_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 10.0}
MIN_WORDS = 10
SCORE_VERSION = "mqm-learned.v3"
COMBINATION_FILE = models_dir() / "score" / "combination.json"


@dataclass(frozen=True)
class Combination:
    """Weights of one score combination (see the module docstring)."""

    name: str = "prior"
    weights: dict[str, float] = field(default_factory=dict)  # "category:severity" -> weight, default 1
    fluency_weight: float = 0.0
    fluency_threshold: float = 0.0

    def weight(self, f: Finding) -> float:
        return self.weights.get(f"{f.category}:{f.severity}", 1.0)

    def cost(self, f: Finding) -> float:
        return SEVERITY_WEIGHTS[f.severity] * f.confidence * self.weight(f)

    def fluency_points(self, words: int, fluency: float | None) -> float:
        if fluency is None or not self.fluency_weight:
            return 0.0
        return self.fluency_weight * words * max(0.0, self.fluency_threshold - fluency) / 100.0


PRIOR = Combination()


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Combination]:
    if path == COMBINATION_FILE:  # the shipped weights: missing is an error, not the prior in silence
        from audit.models import verified

        verified(path)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for name in ("with_fluency", "rules_only"):
        part = data[name]
        out[name] = Combination(
            name=f"{data['version']}:{name}",
            weights={k: float(v) for k, v in part["weights"].items()},
            fluency_weight=float(part.get("fluency_weight", 0.0)),
            fluency_threshold=float(part.get("fluency_threshold", 0.0)),
        )
    return out


def combination(with_fluency: bool, path: Path = COMBINATION_FILE) -> Combination:
    """The shipped combination for runs with a language model, or the rules-only one (else the prior)."""
    return _load(path).get("with_fluency" if with_fluency else "rules_only", PRIOR)


def _cost(f: Finding) -> float:
    return SEVERITY_WEIGHTS[f.severity] * f.confidence


def counted(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that cost points: where one finding's span contains another's (two rules on one
    error, "Leave a Reply" as foreign words and as page residue, or a repeated line and an error
    inside it), only the costlier one counts, as an MQM annotator marks one error per span."""
    kept: list[Finding] = []
    # the kept spans sorted by start, and the longest of them: a span that contains f starts between
    # f.end - longest and f.start, one inside f between f.start and f.end; found by bisection (comparing f with every kept
    # finding made a large article quadratic)
    spans: list[tuple[int, int]] = []
    longest = 0
    for f in sorted(findings, key=lambda f: (-_cost(f), f.start, f.end, f.rule)):
        lo = bisect_left(spans, (min(f.start, f.end - longest), -1))
        hi = bisect_right(spans, (f.end, sys.maxsize))
        if not any((s <= f.start and f.end <= e) or (f.start <= s and e <= f.end) for s, e in spans[lo:hi]):
            kept.append(f)
            insort(spans, (f.start, f.end))
            longest = max(longest, f.end - f.start)
    return kept


def penalty(findings: Sequence[Finding], combo: Combination = PRIOR) -> float:
    """Penalty points of the findings (the MQM prior unless a combination is given)."""
    return sum(combo.cost(f) for f in counted(findings))


def combined_score(points: float, words: int) -> float:
    return round(100.0 * max(0.0, 1.0 - points / max(words, MIN_WORDS)), 1)


def span_score(
    findings: Sequence[Finding], words: int, combo: Combination = PRIOR, fluency_points: float = 0.0
) -> float:
    return combined_score(penalty(findings, combo) + fluency_points, words)


def _fluency_points(
    article: Article, sentence_fluency: Sequence[float | None] | None, combo: Combination
) -> list[float]:
    if sentence_fluency is None:
        return [0.0] * len(article.sentences)
    return [
        combo.fluency_points(len(s.words), v)
        for s, v in zip(article.sentences, sentence_fluency, strict=True)
    ]


def score_sentences(
    article: Article,
    findings: Sequence[Finding],
    sentence_fluency: Sequence[float | None] | None = None,
    combo: Combination | None = None,
) -> tuple[SentenceReport, ...]:
    """Per sentence: score and fluency (None without a language model)."""
    combo = combo or combination(sentence_fluency is not None)
    points = _fluency_points(article, sentence_fluency, combo)
    fluency = list(sentence_fluency) if sentence_fluency is not None else [None] * len(article.sentences)
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        by_span.setdefault((f.start, f.end), []).append(f)
    index = SpanIndex(by_span)
    reports = []
    for sentence, extra, value in zip(article.sentences, points, fluency, strict=True):
        hits = [f for span in index.overlapping(sentence.start, sentence.end) for f in by_span[span]]
        reports.append(
            SentenceReport(
                start=sentence.start,
                end=sentence.end,
                score=span_score(hits, len(sentence.words), combo, extra),
                fluency=value,
                findings=len(hits),
            )
        )
    return tuple(reports)


def article_points(
    article: Article,
    findings: Sequence[Finding],
    sentence_fluency: Sequence[float | None] | None = None,
    combo: Combination | None = None,
) -> float:
    combo = combo or combination(sentence_fluency is not None)
    return penalty(findings, combo) + sum(_fluency_points(article, sentence_fluency, combo))


def score_article(
    article: Article,
    findings: Sequence[Finding],
    sentence_fluency: Sequence[float | None] | None = None,
    combo: Combination | None = None,
) -> float:
    return combined_score(article_points(article, findings, sentence_fluency, combo), article.word_count)


def explain(
    article: Article, findings: Sequence[Finding], sentence_fluency: Sequence[float | None] | None = None
) -> str:
    """A few lines that show how the article score was computed (the same combination the auditor used:
    the one with fluency when the sentences have fluency values, else the rules-only one)."""
    if sentence_fluency is not None and all(v is None for v in sentence_fluency):
        sentence_fluency = None
    combo = combination(sentence_fluency is not None)
    words = article.word_count
    lines = [
        f"score formula ({SCORE_VERSION}, weights {combo.name}): 100 * max(0, 1 - points / max(words, {MIN_WORDS}))"
    ]
    kept = counted(findings)
    if len(kept) < len(findings):
        lines.append(
            f"  {len(findings) - len(kept)} findings inside or around a costlier one are not counted"
        )
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in kept:
        groups.setdefault((f.category, f.severity), []).append(f)
    for (category, severity), group in sorted(groups.items()):
        lines.append(
            f"  {len(group)} {category} {severity} x weight {SEVERITY_WEIGHTS[severity]:g}"
            f" x {_weight_label(combo, category, severity)} x confidence = {penalty(group, combo):.2f} points"
        )
    fluency_points = _fluency_points(article, sentence_fluency, combo)
    if sentence_fluency is not None and combo.fluency_weight:
        below = sum(1 for p in fluency_points if p > 0)
        lines.append(
            f"  fluency: {below} of {len(fluency_points)} sentences below {combo.fluency_threshold:g}:"
            f" {combo.fluency_weight:.3f} x words x (threshold - fluency) / 100 = {sum(fluency_points):.2f} points"
        )
    total = penalty(findings, combo) + sum(fluency_points)
    lines.append(f"  penalty {total:.2f} points over {words} words -> score {combined_score(total, words)}")
    return "\n".join(lines)


def _weight_label(combo: Combination, category: str, severity: str) -> str:
    key = f"{category}:{severity}"
    return f"learned {combo.weights[key]:.2f}" if key in combo.weights else "prior 1"


def article_fluency(article: Article, sentence_fluency: Sequence[float | None]) -> float | None:
    """The word-weighted mean of the sentences' fluency (None when no sentence has one)."""
    pairs = [
        (len(s.words), v) for s, v in zip(article.sentences, sentence_fluency, strict=True) if v is not None
    ]
    weight = sum(w for w, _ in pairs)
    return round(sum(w * v for w, v in pairs) / weight, 1) if weight else None
