"""Sentence and article fluency, 0-100, from a language model's scores.

Three length-normalised features per sentence (natural logs):
- ``mean_lp``: mean log-probability per token, end of sentence included;
- ``slor``: mean of log P(w | history) - log P(w), which discounts rare but correct words (names);
- ``oov``: share of tokens the model has never seen.
A logistic model over the standardised features, fitted by ``scripts/calibrate_fluency.py`` (clean
held-out German and MQM-2020 segments without errors against MQM-2020 segments with a major fluency
error; ``models/fluency/<model>.json``), turns them into P(fluent); fluency is 100 x that probability.
Article fluency is the word-weighted mean of its sentences' fluency.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from audit.lm import FluencyModel, SentenceScore

FEATURES = ("mean_lp", "slor", "oov")


def features(model: FluencyModel, words: list[str], score: SentenceScore) -> dict[str, float]:
    n = len(score.token_logprobs)
    unigram = getattr(model, "unigram_logprobs", None)
    slor = 0.0
    if unigram is not None and n:
        slor = sum(lp - u for lp, u in zip(score.token_logprobs, unigram(words), strict=True)) / n
    oov = sum(score.oov) / n if score.oov and n else 0.0
    return {"mean_lp": score.mean_logprob, "slor": slor, "oov": oov}


@dataclass(frozen=True)
class Calibration:
    """A logistic model: P(fluent) = sigmoid(bias + sum(weight_f * (x_f - mean_f) / std_f))."""

    model_signature: str
    mean: dict[str, float]
    std: dict[str, float]
    weights: dict[str, float]
    bias: float
    fitted_on: str = ""

    def probability(self, x: dict[str, float]) -> float:
        z = self.bias + sum(self.weights[f] * (x[f] - self.mean[f]) / self.std[f] for f in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path) -> Calibration:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in ("model_signature", "mean", "std", "weights", "bias", "fitted_on")})

    def save(self, path: Path, extra: dict | None = None) -> None:
        data = dict(self.__dict__)
        data.update(extra or {})
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class LastBatchCache:
    """A :class:`FluencyModel` that remembers its last few batches: the ``disfluent`` rule and the
    fluency scorer send the same sentences of one article (with correction ranking in between), and
    the model scores them once. Every other attribute (``name``, ``signature``, ``unigram_logprobs``,
    ...) is the wrapped model's."""

    SIZE = 4

    def __init__(self, model: FluencyModel):
        self.wrapped = model
        self._batches: dict[tuple[tuple[str, ...], ...], list[SentenceScore]] = {}

    def score_batch(self, sentences: list[list[str]]) -> list[SentenceScore]:
        key = tuple(tuple(words) for words in sentences)
        scores = self._batches.pop(key, None)
        if scores is None:
            scores = self.wrapped.score_batch(sentences)
            while len(self._batches) >= self.SIZE:
                self._batches.pop(next(iter(self._batches)))
        self._batches[key] = scores  # most recent last
        return list(scores)

    def __getattr__(self, name: str):
        return getattr(self.wrapped, name)


class FluencyScorer:
    """Scores sentences with a language model and maps them to 0-100 with a calibration."""

    def __init__(self, model: FluencyModel, calibration: Calibration):
        self.model = model if isinstance(model, LastBatchCache) else LastBatchCache(model)
        self.calibration = calibration

    @property
    def signature(self) -> str:
        return self.model.signature

    def sentence_fluency(self, sentences: list[list[str]]) -> list[float | None]:
        """Fluency of each sentence (None for a sentence without tokens); one batch for the model."""
        batch = [words for words in sentences if words]
        scores = iter(self.model.score_batch(batch))
        out: list[float | None] = []
        for words in sentences:
            if not words:
                out.append(None)
                continue
            x = features(self.model, words, next(scores))
            out.append(round(100.0 * self.calibration.probability(x), 1))
        return out


def calibration_path(model: FluencyModel) -> Path:
    from audit.lexicon import models_dir

    stem = model.name.split(":", 1)[-1]
    return models_dir() / "fluency" / f"{stem}.json"


def load_scorer(spec: str | None) -> FluencyScorer | None:
    """The language model named by ``spec`` (see ``audit.lm.load_model``) with its calibration."""
    from audit.lm import LMUnavailable, load_model

    model = load_model(spec)
    if model is None:
        return None
    path = calibration_path(model)
    if not path.exists():
        raise LMUnavailable(
            f"no fluency calibration for {model.name} ({path}); run scripts/calibrate_fluency.py --lm {spec}"
        )
    return FluencyScorer(model, Calibration.load(path))
