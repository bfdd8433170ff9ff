"""The learned quality estimator: a probability of error for every token, a quality for every sentence.

Two gradient-boosted models (LightGBM), fitted by ``scripts/train_quality.py`` on the human MQM
annotation of ``../shared/data/qe`` (and held-out clean German from the corpus) and shipped in
``models/quality/`` with their metadata and checksums:

- the **word model** gives each token P(part of an error span) from the language model's scores of the
  token and its neighbours, its frequency, lexicon status, casing, position, part-of-speech context
  (tags and a tag trigram model) and the findings that overlap it (``audit/quality/features.py``);
- the **sentence model** predicts the sentence's MQM points (what an MQM rater would deduct: major 5,
  minor 1): the findings in it by category times learned non-negative weights (linear, so that many
  findings cost more than a few: a tree alone saturates where the data has few findings), plus a tree
  model, fitted on the residual, of its tokens' error probabilities, findings, fluency features and length.

A span of sentences (one sentence, or the article) scores ``100 * (1 - min(1, points / max(words,
min_words)))`` with the sentences' predicted points summed and ``min_words`` 20 (from the metadata): per
word, so that long and short articles compare, with a floor so that one minor error does not ruin a
headline. Both models are monotone in every finding feature (LightGBM's monotone
constraints), so a finding added never raises a score. The estimator needs the language model it was
fitted with (the shipped KenLM model); with another model or none the auditor falls back to the
findings-and-fluency combination of ``audit/score.py``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from audit.document import Article, Finding, TokenQualities
from audit.errors import ModelError
from audit.lexicon import Lexicon, models_dir
from audit.quality.features import (
    FINDING_FEATURES,
    SENTENCE_FEATURES,
    WORD_FEATURES,
    PosTrigrams,
    _by_span,
    sentence_rows,
    token_rows,
)
from audit.segment import runs

QUALITY_DIR = "quality"
#: ``QualityModel.estimate`` computes the feature rows of this many tokens' sentences at once: a row is
#: a list of some 40 floats until the run is done (about 1 KB a token), so a 16 MB article at once held
#: gigabytes; the numpy and LightGBM calls cost little per run.
BATCH_TOKENS = 5_000


@dataclass(frozen=True)
class SentenceQuality:
    """What the estimator says about one sentence: its score, predicted MQM points, and the error
    probability of each of its tokens as ``(start, end, probability)``."""

    score: float
    points: float
    tokens: TokenQualities


@dataclass(frozen=True)
class Quality:
    """The estimator's output for an article (one entry per sentence, in order) and the parts of each
    sentence's prediction (LightGBM's SHAP contributions, in MQM points) for ``--explain-score``."""

    sentences: tuple[SentenceQuality, ...]
    #: the sentence model's input rows and the linear findings' points by category (for ``contributions``)
    rows: np.ndarray
    linear: np.ndarray
    weights: np.ndarray  # (n_sentences,) each sentence's words (at least 1)
    span_threshold: float
    rule_threshold: float = 1.0  # the likely-error rule's threshold (audit/rules/quality.py)
    min_words: float = 20.0

    @cached_property
    def contributions(self) -> np.ndarray:
        """(n_sentences, len(FINDING_FEATURES) + len(SENTENCE_FEATURES) + 1): the linear findings' points
        by category, then the tree model's SHAP contributions (LightGBM ``pred_contrib``), the last column
        its base value; computed on demand (``--explain-score``): it costs as much as the scoring."""
        tree = get_quality_model().contributions(self.rows)
        return np.concatenate([self.linear, tree], axis=1)

    @property
    def points(self) -> float:
        return sum(s.points for s in self.sentences)

    @property
    def score(self) -> float:
        """The article's score from its sentences' predicted points and words."""
        return span_score(self.points, float(self.weights.sum()), self.min_words)

    def spans(self, threshold: float | None = None) -> list[tuple[int, int, float]]:
        """Runs of adjacent tokens whose error probability reaches ``threshold`` (the span threshold
        by default), with the highest probability in each run: the likely error spans."""
        threshold = self.span_threshold if threshold is None else threshold
        out: list[tuple[int, int, float]] = []
        for sentence in self.sentences:
            run: list[tuple[int, int, float]] = []
            for token in (*sentence.tokens, None):
                if token is not None and token[2] >= threshold:
                    run.append(token)
                    continue
                if run:
                    out.append((run[0][0], run[-1][1], max(p for _, _, p in run)))
                    run = []
        return out


class QualityModel:
    """The shipped word and sentence models (loaded once; thread-safe)."""

    def __init__(self, folder: Path | None = None):
        from audit.models import verified

        folder = folder or models_dir() / QUALITY_DIR
        meta_path = folder / "metadata.json"
        try:
            self.metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"quality model metadata not found: {meta_path}") from None
        except (OSError, ValueError) as exc:
            raise ModelError(f"quality model metadata unreadable: {meta_path} ({exc})") from None
        files = self.metadata["files"]
        for name in files:
            verified(folder / name)
        # LightGBM's C library without its Python package, which imports pandas and scipy (booster.py)
        from audit.quality.booster import Booster, LightGBMError

        try:
            self.word = Booster(model_file=str(folder / "word.lgb.txt"))
            self.sentence = Booster(model_file=str(folder / "sentence.lgb.txt"))
            with np.load(folder / "pos-trigram.npz", allow_pickle=False) as data:
                self.pos = PosTrigrams(json.loads(str(data["tags"])), data["logprob"])
        except (OSError, ValueError, KeyError, LightGBMError) as exc:
            raise ModelError(f"quality model unreadable: {folder} ({exc})") from None
        if tuple(self.word.feature_name()) != WORD_FEATURES or tuple(self.sentence.feature_name()) != (
            SENTENCE_FEATURES
        ):
            raise ModelError(f"quality model in {folder} was built for other features: rebuild it")
        self.language_model = self.metadata["language_model"]
        self.span_threshold = float(self.metadata["span_threshold"])
        self.rule_threshold = float(self.metadata["rule_threshold"])
        self.min_words = float(self.metadata["min_words"])
        self.finding_columns = [SENTENCE_FEATURES.index(f) for f in FINDING_FEATURES]
        self.finding_weights = np.array([self.metadata["finding_weights"][f] for f in FINDING_FEATURES])
        if (self.finding_weights < 0).any():
            raise ModelError(f"quality model in {folder}: a negative finding weight")
        self.signature = f"qe:{files['sentence.lgb.txt']['sha256'][:8]}+{files['word.lgb.txt']['sha256'][:8]}"
        self._lock = threading.Lock()  # LightGBM's predict is not documented as thread-safe
        # Every predict runs on one thread (num_threads=1): an article's few hundred rows gain nothing
        # from OpenMP, and a process forked after an OpenMP parallel region hangs in the next one
        # (libgomp's thread pool does not survive fork), which ``--jobs`` does (audit/parallel.py).

    def contributions(self, rows: np.ndarray) -> np.ndarray:
        """The sentence tree model's SHAP contributions for its input ``rows``."""
        with self._lock:
            return np.asarray(self.sentence.predict(rows, pred_contrib=True, num_threads=1), dtype=np.float64)

    def finding_weight(self, category: str) -> float:
        """The MQM points one unit of finding cost (severity weight x confidence) of ``category`` adds."""
        return float(self.finding_weights[FINDING_FEATURES.index(f"finding_{category}")])

    def estimate(
        self,
        article: Article,
        lexicon: Lexicon,
        lm,
        tags: Sequence[Sequence[str]],
        findings: Sequence[Finding],
        names,
    ) -> Quality:
        """The quality of every sentence of ``article`` (``lm``: the fluency model the auditor uses;
        ``tags``: one tag per token for each sentence; ``names``: the article's proper-name spans).
        Sentences are estimated in runs of about ``BATCH_TOKENS`` tokens, so that a long article never
        holds every token's feature row at once (each row and prediction is the same either way)."""
        sentences = article.sentences
        weights = np.array([max(len(s.words), 1) for s in sentences], dtype=np.float64)
        by_span, index = _by_span(findings)
        out: list[SentenceQuality] = []
        rows_parts, linear_parts = [], []
        for lo, hi in runs([len(s.tokens) for s in sentences], BATCH_TOKENS):
            run = sentences[lo:hi]
            if lo or hi < len(sentences):  # the findings this run's tokens can overlap, in span order
                near = [f for span in index.overlapping(run[0].start, run[-1].end) for f in by_span[span]]
            else:
                near = findings
            rows, linear, quality = self._estimate_run(
                run, weights[lo:hi], lexicon, lm, tags[lo:hi], near, names
            )
            out.extend(quality)
            rows_parts.append(rows)
            linear_parts.append(linear)
        if not out:  # no sentence
            rows_parts.append(np.zeros((0, len(SENTENCE_FEATURES)), dtype=np.float32))
            linear_parts.append(np.zeros((0, len(FINDING_FEATURES)), dtype=np.float64))
        return Quality(
            tuple(out),
            np.concatenate(rows_parts),
            np.concatenate(linear_parts),
            weights,
            self.span_threshold,
            self.rule_threshold,
            self.min_words,
        )

    def _estimate_run(self, sentences, weights, lexicon, lm, tags, findings, names):
        """The sentence rows, linear finding points and ``SentenceQuality`` of a run of sentences
        (``weights``: their words, at least 1 each)."""
        words = [[t.text for t in s.tokens] for s in sentences]
        scores = lm.score_batch(words)
        unigrams = [lm.unigram_logprobs(w) for w in words]
        rows = token_rows(sentences, lexicon, scores, unigrams, tags, self.pos, findings, names)
        with self._lock:
            p = self.word.predict(rows.features, num_threads=1) if len(rows.spans) else np.zeros(0)
        p = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
        table = sentence_rows(sentences, scores, unigrams, tags, self.pos, findings, rows, p)
        with self._lock:
            tree = np.asarray(self.sentence.predict(table, num_threads=1), dtype=np.float64)
        linear = table[:, self.finding_columns].astype(np.float64) * self.finding_weights
        points = np.maximum(tree + linear.sum(axis=1), 0.0)
        bounds = np.searchsorted(rows.sentence_of, np.arange(len(sentences) + 1))
        out = []
        for k in range(len(sentences)):
            tokens = TokenQualities(
                (rows.spans[i][0], rows.spans[i][1], round(float(p[i]), 3))
                for i in range(bounds[k], bounds[k + 1])
            )
            score = span_score(float(points[k]), float(weights[k]), self.min_words)
            out.append(SentenceQuality(score, float(points[k]), tokens))
        return table, linear, out


def span_score(points: float, words: float, min_words: float) -> float:
    """``100 * (1 - min(1, points / max(words, min_words)))``, rounded to one decimal."""
    return round(100.0 * (1.0 - min(1.0, max(0.0, points) / max(words, min_words))), 1)


@lru_cache(maxsize=1)
def get_quality_model() -> QualityModel:
    """The process-wide quality model (a ``ModelError`` when its files are missing or damaged)."""
    return QualityModel()


#: how ``--explain-score`` groups the sentence model's features
def feature_group(name: str) -> str:
    if name in FINDING_FEATURES:
        return f"findings: {name.removeprefix('finding_')}"
    if name == "findings_points":
        return "findings: all categories"
    if name.startswith("p_"):
        return "word-level error probabilities"
    if name.startswith("pos_"):
        return "part-of-speech sequence"
    if name in ("mean_lp", "min_lp", "slor", "oov", "backoff_share"):
        return "language model"
    return "length and punctuation"


__all__ = [
    "Quality",
    "QualityModel",
    "SentenceQuality",
    "WORD_FEATURES",
    "feature_group",
    "get_quality_model",
]


def explain(report) -> str:
    """How the quality estimator arrived at the article score: the sentence model's SHAP contributions
    (LightGBM ``pred_contrib``), word-weighted over the sentences like the score itself, by feature group,
    in score points (negative: lowers the score). They add up to the score, up to the clipping of each
    sentence's prediction to 0-100 and rounding."""
    quality: Quality = report.quality
    model = get_quality_model()
    denominator = max(float(quality.weights.sum()), quality.min_words)
    mean = quality.contributions.sum(axis=0) * -100.0 / denominator  # MQM points -> score points
    groups: dict[str, float] = {}
    n = len(FINDING_FEATURES)
    names = [*FINDING_FEATURES, *SENTENCE_FEATURES]
    for k, (name, value) in enumerate(zip(names, mean[:-1], strict=True)):
        group = feature_group(name)
        if k >= n and name in FINDING_FEATURES:
            group += " (interactions)"
        groups[group] = groups.get(group, 0.0) + float(value)
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.category] = counts.get(f.category, 0) + 1
    lines = [
        f"score formula ({model.signature}, learned quality estimator): 100 * (1 - min(1, points /"
        f" max(words, {quality.min_words:g}))), points: the MQM points the sentence model predicts, summed"
        " over the sentences; by feature group:",
        f"  100 + base {float(mean[-1]):+.2f} (the model's prediction before looking at the text)",
    ]
    for group, value in sorted(groups.items(), key=lambda kv: kv[1]):
        if abs(value) < 0.005:
            continue
        note = ""
        if group.startswith("findings: ") and "all categories" not in group and "(" not in group:
            n = counts.get(group.removeprefix("findings: "), 0)
            note = f" ({n} finding{'s' if n != 1 else ''}, x {model.finding_weight(group.removeprefix('findings: ')):.2f} points per unit)"
        lines.append(f"  {group}{note}: {value:+.2f}")
    total = 100.0 + float(mean.sum())
    lines.append(
        f"  sum {total:.2f} -> score {report.score} (a sentence's points are at least 0, the score at least 0);"
        f" {len(quality.spans())} likely error spans (token probability >= {quality.span_threshold:g})"
    )
    return "\n".join(lines)
