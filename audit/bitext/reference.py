"""Reference-based scores with sacrebleu: chrF, BLEU and TER of an article against a human translation.

The article and its reference are aligned sentence by sentence (``audit.bitext.align``); each bead is
one segment. An article's scores are sacrebleu's corpus scores over its segments (a sentence with no
counterpart is a segment against the empty string, so omissions and additions cost what they
should); the summary's are the corpus scores over every segment of the run, computed from summed
sufficient statistics, so they need no more memory than three short vectors. Each aligned sentence
also gets its sentence scores: sentence chrF, sentence BLEU with effective n-gram order and sacrebleu's
default exponential smoothing (``smooth:exp`` in its signature), and sentence TER.

The figures equal sacrebleu's own for the same strings (tests/test_bitext.py computes both).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from audit.bitext.align import Alignment, align

METRICS = ("chrf", "bleu", "ter")


@lru_cache(maxsize=1)
def _metrics() -> dict:
    """The three corpus metrics and the sentence-level BLEU (effective order), made once per process."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"chrf": CHRF(), "bleu": BLEU(), "ter": TER(), "bleu_sentence": BLEU(effective_order=True)}


@lru_cache(maxsize=1)
def signatures() -> dict[str, str]:
    """sacrebleu's signature of each metric as used here (one reference)."""
    metrics = _metrics()
    for name in ("chrf", "bleu", "ter"):
        metrics[name].corpus_score(["a"], [["a"]])  # a signature needs the number of references
    metrics["bleu_sentence"].sentence_score("a", ["a"])
    return {
        "chrf": metrics["chrf"].get_signature().format(),
        "bleu": metrics["bleu"].get_signature().format(),
        "ter": metrics["ter"].get_signature().format(),
        "sentence_bleu": metrics["bleu_sentence"].get_signature().format(),
    }


def _round(value: float) -> float:
    return round(float(value), 2)


@dataclass(frozen=True, slots=True)
class SegmentScores:
    """The scores of one bead of the alignment."""

    target: tuple[int, int] | None
    reference: tuple[int, int] | None
    chrf: float
    bleu: float
    ter: float

    def to_dict(self) -> dict:
        return {
            "target": list(self.target) if self.target else None,
            "reference": list(self.reference) if self.reference else None,
            "chrf": self.chrf,
            "bleu": self.bleu,
            "ter": self.ter,
        }


@dataclass(frozen=True, slots=True)
class ReferenceScores:
    """An article's scores against its reference, its segments' scores and their statistics."""

    chrf: float
    bleu: float
    ter: float
    alignment: Alignment
    segments: tuple[SegmentScores, ...]
    #: sacrebleu's sufficient statistics of each metric, summed over the article's segments
    stats: dict

    def to_dict(self) -> dict:
        return {
            "chrf": self.chrf,
            "bleu": self.bleu,
            "ter": self.ter,
            "signature": signatures(),
            "alignment": self.alignment.to_dict(),
        }

    def by_sentence(self, sentences) -> list[SegmentScores | None]:
        """The segment holding each of ``sentences`` (in article order; None where none does)."""
        return [None if k is None else self.segments[k] for k in self.alignment.pair_of(sentences)]


def _segments(text: str, reference: str, alignment: Alignment) -> tuple[list[str], list[str]]:
    hyps, refs = [], []
    for pair in alignment.pairs:
        hyps.append(text[pair.target[0] : pair.target[1]] if pair.target else "")
        refs.append(reference[pair.other[0] : pair.other[1]] if pair.other else "")
    return hyps, refs


def _sum(rows: list) -> list:
    return [sum(column) for column in zip(*rows, strict=True)] if rows else []


def score_reference(article, reference: str) -> ReferenceScores:
    """chrF, BLEU and TER of ``article`` (an Article) against ``reference``."""
    metrics = _metrics()
    alignment = align(article, reference)
    hyps, refs = _segments(article.text, reference, alignment)
    if not hyps:  # an empty article and an empty reference: one empty segment, as sacrebleu scores it
        hyps, refs = [""], [""]
    stats, per_segment = {}, {}
    for name in METRICS:
        rows = metrics[name]._extract_corpus_statistics(hyps, [refs])
        per_segment[name] = rows
        stats[name] = _sum(rows)
    segments = []
    for k, pair in enumerate(alignment.pairs):
        segments.append(
            SegmentScores(
                target=pair.target,
                reference=pair.other,
                chrf=_round(metrics["chrf"]._compute_score_from_stats(per_segment["chrf"][k]).score),
                bleu=_round(metrics["bleu_sentence"]._compute_score_from_stats(per_segment["bleu"][k]).score),
                ter=_round(metrics["ter"]._compute_score_from_stats(per_segment["ter"][k]).score),
            )
        )
    return ReferenceScores(
        chrf=_round(metrics["chrf"]._compute_score_from_stats(stats["chrf"]).score),
        bleu=_round(metrics["bleu"]._compute_score_from_stats(stats["bleu"]).score),
        ter=_round(metrics["ter"]._compute_score_from_stats(stats["ter"]).score),
        alignment=alignment,
        segments=tuple(segments),
        stats=stats,
    )


class ReferenceTotals:
    """Corpus-level scores over every article with a reference, from summed statistics."""

    def __init__(self) -> None:
        self.stats: dict[str, list] = {}
        self.articles = 0

    def add(self, scores: ReferenceScores) -> None:
        self.articles += 1
        for name, row in scores.stats.items():
            mine = self.stats.get(name)
            self.stats[name] = row if mine is None else [a + b for a, b in zip(mine, row, strict=True)]

    def to_dict(self) -> dict | None:
        if not self.articles:
            return None
        metrics = _metrics()
        out: dict = {"articles": self.articles}
        for name in METRICS:
            out[name] = _round(metrics[name]._compute_score_from_stats(self.stats[name]).score)
        out["signature"] = signatures()
        return out
