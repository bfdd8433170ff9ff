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
    run of them: ``findings`` and ``names`` may cover more).

    Each sentence's rows are filled a column at a time (a list per feature, converted once) rather than
    as a list per token converted at the end: the same float32 values (each cast from the same Python
    number; tests/test_quality.py compares them bit for bit), 20% less time (0.28 -> 0.23 s on 60,000
    tokens, word look-ups cached)."""
    by_span, finding_index = _by_span(findings)
    first_finding = WORD_FEATURES.index(FINDING_FEATURES[0])
    column = {f"finding_{c}": first_finding + i for i, c in enumerate(CATEGORIES)}
    tag_ids = pos.index
    blocks: list[np.ndarray] = []
    spans: list[tuple[int, int]] = []
    sentence_of: list[int] = []
    for k, (sentence, score, unigram, sentence_tags) in enumerate(
        zip(sentences, scores, unigrams, tags, strict=True)
    ):
        tokens = sentence.tokens
        n = len(tokens)
        if not n:
            continue
        lps = list(score.token_logprobs)
        orders = list(score.ngram_orders or (0,) * n)
        texts = [t.text for t in tokens]
        words = [t.kind == "word" for t in tokens]
        lowers = [x.lower() if w else "" for x, w in zip(texts, words, strict=True)]
        pos_lp = pos.sentence(sentence_tags)
        ids = [tag_ids.get(t, pos.start) for t in sentence_tags]
        block = np.zeros((n, len(WORD_FEATURES)), dtype=np.float32)
        block[:, _COLUMN["lp"]] = lps
        block[1:, _COLUMN["lp_prev"]] = lps[:-1]
        block[:, _COLUMN["lp_next"]] = [*lps[1:], score.eos_logprob]
        block[: n - 2, _COLUMN["lp_next2"]] = lps[2:]
        block[:, _COLUMN["order"]] = orders
        block[: n - 1, _COLUMN["order_next"]] = orders[1:]
        block[:, _COLUMN["unigram"]] = unigram
        block[:, _COLUMN["slor"]] = [lp - u for lp, u in zip(lps, unigram, strict=True)]
        block[:, _COLUMN["oov"]] = [float(o) for o in (score.oov or (False,) * n)]
        block[:, _COLUMN["kind"]] = [KINDS.get(t.kind, 3) for t in tokens]
        block[:, _COLUMN["length"]] = [min(len(x), 40) for x in texts]
        block[:, _COLUMN["capitalised"]] = [float(x[:1].isupper()) for x in texts]
        block[:, _COLUMN["upper"]] = [float(len(x) > 1 and x.isupper()) for x in texts]
        block[0, _COLUMN["first"]] = 1.0
        block[:, _COLUMN["position"]] = [i / max(n - 1, 1) for i in range(n)]
        block[:, _COLUMN["sentence_tokens"]] = n
        block[:, _COLUMN["in_name"]] = [float(names.overlaps(t.start, t.end)) for t in tokens]
        block[:, _COLUMN["corpus_log_count"]] = [
            math.log1p(lexicon.corpus_count(x) if w else 0) for x, w in zip(texts, words, strict=True)
        ]
        block[:, _COLUMN["zipf_de"]] = [lexicon.zipf(x, "de") if x else 0.0 for x in lowers]
        block[:, _COLUMN["zipf_en"]] = [lexicon.zipf(x, "en") if x else 0.0 for x in lowers]
        block[:, _COLUMN["tag"]] = ids
        block[:, _COLUMN["tag_prev"]] = [pos.start, *ids[:-1]]
        block[:, _COLUMN["tag_next"]] = [*ids[1:], pos.start]
        block[:, _COLUMN["pos_lp"]] = pos_lp
        block[: n - 1, _COLUMN["pos_lp_next"]] = pos_lp[1:]
        block[:, _COLUMN["sentence_mean_lp"]] = score.mean_logprob
        in_sentence = [f for s in finding_index.overlapping(sentence.start, sentence.end) for f in by_span[s]]
        block[:, _COLUMN["findings_in_sentence"]] = sum(_cost(f) for f in in_sentence)
        if in_sentence:  # most sentences have no finding: no search for each of their tokens
            local = SpanIndex((f.start, f.end) for f in in_sentence)
            for i, token in enumerate(tokens):
                costs: dict[int, float] = {}
                for span in local.overlapping(token.start, token.end):
                    for f in by_span[span]:
                        j = column[f"finding_{f.category}"]
                        costs[j] = max(costs.get(j, 0.0), _cost(f))
                for j, cost in costs.items():
                    block[i, j] = cost
        blocks.append(block)
        spans.extend((t.start, t.end) for t in tokens)
        sentence_of.extend([k] * n)
    features = np.concatenate(blocks) if blocks else np.zeros((0, len(WORD_FEATURES)), dtype=np.float32)
    return TokenRows(features, spans, np.asarray(sentence_of, dtype=np.int64))


#: each word feature's column
_COLUMN = {name: i for i, name in enumerate(WORD_FEATURES)}


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
