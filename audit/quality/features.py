"""Features of the learned quality estimator: one row per token, one row per sentence.

The same functions build the training data (scripts/train_quality.py) and the features at run time,
so that the model sees at run time exactly what it was fitted on. Every value comes from what the
auditor computes anyway: the language model's scores of each sentence (batched, cached per batch), the
lexicon's per-type look-ups (cached), the part-of-speech tags of the syntax layer and the findings.

Finding features are non-negative and only ever grow when a finding is added (the maximum or the sum of
``severity weight x confidence`` over the findings that overlap the token or sentence); the models are
fitted with a monotone constraint on each, so a finding added never lowers a token's error probability
or raises a sentence's quality (tests/test_quality.py checks it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from audit.document import CATEGORIES, Finding, Sentence
from audit.lexicon import Lexicon
from audit.lm import SentenceScore
from audit.spans import SpanIndex

SEVERITY_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 10.0}
KINDS = {"word": 0, "number": 1, "punct": 2, "symbol": 3}
FINDING_FEATURES = tuple(f"finding_{c}" for c in CATEGORIES)

#: No Hunspell among them: a ``german`` column (corpus count >= 3, else Hunspell de_DE) had under 0.3%
#: of the word model's gain, and leaving it out moved the out-of-fold and MQM 2021 figures by 0.003 at
#: most (its Hunspell calls were few: the names rule asks about the same words, and the answers are cached).
WORD_FEATURES = (
    "lp",
    "lp_prev",
    "lp_next",
    "lp_next2",
    "order",
    "order_next",
    "unigram",
    "slor",
    "oov",
    "kind",
    "length",
    "capitalised",
    "upper",
    "first",
    "position",
    "sentence_tokens",
    "in_name",
    "corpus_log_count",
    "zipf_de",
    "zipf_en",
    "tag",
    "tag_prev",
    "tag_next",
    "pos_lp",
    "pos_lp_next",
    "sentence_mean_lp",
    *FINDING_FEATURES,
    "findings_in_sentence",
)
#: categorical columns (LightGBM reads them as categories, not magnitudes)
WORD_CATEGORICAL = ("kind", "tag", "tag_prev", "tag_next")
#: columns a finding can only raise: the models are constrained to be monotone (non-decreasing) in them
WORD_MONOTONE = (*FINDING_FEATURES, "findings_in_sentence")

SENTENCE_FEATURES = (
    "words",
    "tokens",
    "p_mean",
    "p_max",
    "p_sum",
    "p_over_half",
    "mean_lp",
    "min_lp",
    "slor",
    "oov",
    "backoff_share",
    "pos_mean_lp",
    "pos_min_lp",
    "final_punctuation",
    *FINDING_FEATURES,
    "findings_points",
)
SENTENCE_MONOTONE = ("p_mean", "p_max", "p_sum", "p_over_half", *FINDING_FEATURES, "findings_points")


@dataclass(frozen=True)
class TokenRows:
    """The word-level rows of one article: the features, and each row's token and sentence."""

    features: np.ndarray  # (n_tokens, len(WORD_FEATURES)) float32
    spans: list[tuple[int, int]]  # token offsets in the article
    sentence_of: np.ndarray  # (n_tokens,) index of each token's sentence


def _by_span(findings: Sequence[Finding]) -> tuple[dict[tuple[int, int], list[Finding]], SpanIndex]:
    """The findings grouped by span, and the spans indexed for overlap look-ups."""
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        by_span.setdefault((f.start, f.end), []).append(f)
    return by_span, SpanIndex(by_span)


def _cost(f: Finding) -> float:
    return SEVERITY_WEIGHTS.get(f.severity, 1.0) * f.confidence


class PosTrigrams:
    """log P(tag | two previous tags), add-k smoothed counts over the tagged corpus (models/quality)."""

    def __init__(self, tags: Sequence[str], logprob: np.ndarray):
        self.index = {t: i for i, t in enumerate(tags)}
        self.start = len(tags)  # the boundary symbol's index (rows and columns have K + 1 entries)
        self.logprob = logprob  # (K + 1, K + 1, K + 1): [t-2, t-1, t]

    def sentence(self, tags: Sequence[str]) -> list[float]:
        ids = [self.index.get(t, self.start) for t in tags]
        padded = [self.start, self.start, *ids]
        return [float(self.logprob[padded[i], padded[i + 1], padded[i + 2]]) for i in range(len(ids))]


def token_rows(
    sentences: Sequence[Sentence],
    lexicon: Lexicon,
    scores: Sequence[SentenceScore],
    unigrams: Sequence[Sequence[float]],
    tags: Sequence[Sequence[str]],
    pos: PosTrigrams,
    findings: Sequence[Finding],
    names: SpanIndex,
) -> TokenRows:
    """One row of ``WORD_FEATURES`` per token of every sentence of ``sentences`` (an article's, or a
    run of them: ``findings`` and ``names`` may cover more)."""
    by_span, finding_index = _by_span(findings)
    column = {c: i for i, c in enumerate(FINDING_FEATURES)}
    first_finding = WORD_FEATURES.index(FINDING_FEATURES[0])
    tag_ids = pos.index
    rows: list[list[float]] = []
    spans: list[tuple[int, int]] = []
    sentence_of: list[int] = []
    for k, (sentence, score, unigram, sentence_tags) in enumerate(
        zip(sentences, scores, unigrams, tags, strict=True)
    ):
        tokens = sentence.tokens
        n = len(tokens)
        lps = score.token_logprobs
        orders = score.ngram_orders or (0,) * n
        oov = score.oov or (False,) * n
        pos_lp = pos.sentence(sentence_tags)
        ids = [tag_ids.get(t, pos.start) for t in sentence_tags]
        mean_lp = score.mean_logprob
        in_sentence = [f for s in finding_index.overlapping(sentence.start, sentence.end) for f in by_span[s]]
        sentence_points = sum(_cost(f) for f in in_sentence)
        local = SpanIndex((f.start, f.end) for f in in_sentence)
        for i, token in enumerate(tokens):
            text = token.text
            word = token.kind == "word"
            count = lexicon.corpus_count(text) if word else 0
            row = [
                lps[i],
                lps[i - 1] if i else 0.0,
                lps[i + 1] if i + 1 < n else score.eos_logprob,
                lps[i + 2] if i + 2 < n else 0.0,
                orders[i],
                orders[i + 1] if i + 1 < n else 0,
                unigram[i],
                lps[i] - unigram[i],
                float(oov[i]),
                KINDS.get(token.kind, 3),
                min(len(text), 40),
                float(text[:1].isupper()),
                float(len(text) > 1 and text.isupper()),
                float(i == 0),
                i / max(n - 1, 1),
                n,
                float(names.overlaps(token.start, token.end)),
                math.log1p(count),
                lexicon.zipf(text.lower(), "de") if word else 0.0,
                lexicon.zipf(text.lower(), "en") if word else 0.0,
                ids[i],
                ids[i - 1] if i else pos.start,
                ids[i + 1] if i + 1 < n else pos.start,
                pos_lp[i],
                pos_lp[i + 1] if i + 1 < n else 0.0,
                mean_lp,
            ]
            row.extend([0.0] * len(FINDING_FEATURES))
            if local:  # most sentences have no finding: no search for each of their tokens
                for span in local.overlapping(token.start, token.end):
                    for f in by_span[span]:
                        j = first_finding + column[f"finding_{f.category}"]
                        row[j] = max(row[j], _cost(f))
            row.append(sentence_points)
            rows.append(row)
            spans.append((token.start, token.end))
            sentence_of.append(k)
    features = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(WORD_FEATURES))
    return TokenRows(features, spans, np.asarray(sentence_of, dtype=np.int64))


def sentence_rows(
    sentences: Sequence[Sentence],
    scores: Sequence[SentenceScore],
    unigrams: Sequence[Sequence[float]],
    tags: Sequence[Sequence[str]],
    pos: PosTrigrams,
    findings: Sequence[Finding],
    tokens: TokenRows,
    probabilities: np.ndarray,
) -> np.ndarray:
    """One row of ``SENTENCE_FEATURES`` per sentence, from its tokens' error probabilities and the rest."""
    by_span, finding_index = _by_span(findings)
    first_finding = SENTENCE_FEATURES.index(FINDING_FEATURES[0])
    column = {c: first_finding + i for i, c in enumerate(FINDING_FEATURES)}
    out = np.zeros((len(sentences), len(SENTENCE_FEATURES)), dtype=np.float32)
    for k, (sentence, score, unigram, sentence_tags) in enumerate(
        zip(sentences, scores, unigrams, tags, strict=True)
    ):
        lps = score.token_logprobs
        n = len(lps)
        pos_lp = pos.sentence(sentence_tags)
        row = out[k]
        row[0] = len(sentence.words)
        row[1] = n
        row[6] = score.mean_logprob
        row[7] = min(lps) if n else 0.0
        row[8] = sum(lp - u for lp, u in zip(lps, unigram, strict=True)) / n if n else 0.0
        row[9] = sum(score.oov) / n if score.oov and n else 0.0
        row[10] = sum(1 for o in score.ngram_orders if o <= 1) / n if score.ngram_orders and n else 0.0
        row[11] = sum(pos_lp) / n if n else 0.0
        row[12] = min(pos_lp) if n else 0.0
        row[13] = float(sentence.has_final_punctuation)
        total = 0.0
        for span in finding_index.overlapping(sentence.start, sentence.end):
            for f in by_span[span]:
                row[column[f"finding_{f.category}"]] += _cost(f)
                total += _cost(f)
        row[-1] = total
    fill_probabilities(out, tokens.sentence_of, probabilities)
    return out


PROBABILITY_COLUMNS = slice(2, 6)


def fill_probabilities(rows: np.ndarray, sentence_of: np.ndarray, probabilities: np.ndarray) -> None:
    """Write the sentence rows' ``p_mean, p_max, p_sum, p_over_half`` from the tokens' error
    probabilities (``sentence_of``: each token's row; sorted). Training fills them from out-of-fold
    predictions, run time from the shipped word model."""
    assert SENTENCE_FEATURES[PROBABILITY_COLUMNS] == ("p_mean", "p_max", "p_sum", "p_over_half")
    bounds = np.searchsorted(sentence_of, np.arange(len(rows) + 1))
    for k in range(len(rows)):
        p = probabilities[bounds[k] : bounds[k + 1]]
        if len(p):
            rows[k, PROBABILITY_COLUMNS] = (p.mean(), p.max(), p.sum(), (p > 0.5).sum())
        else:
            rows[k, PROBABILITY_COLUMNS] = 0.0
