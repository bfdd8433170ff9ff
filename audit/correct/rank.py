"""Rank candidate corrections by the language model, all findings of an article in one batch.

Each candidate replaces the finding's span inside its sentence; the sentence is tokenized as the
auditor tokenizes (``audit.segment.tokenize``) and scored by the fluency model (``ctx.lm``:
``score_batch(list of token lists)``). A candidate's score is the sentence's total log-probability
(natural log) plus a small prior for its place in the candidate list (dictionary order, the rule's own
suggestion first), so that the model decides between forms and words and the prior breaks near ties.

For a choice between *words* (a translation, a spelling) a raw n-gram probability mostly rewards the
more frequent word ("bleibt Kim schwierig" over "bleibt Kim trotzig"). Such requests are scored
SLOR-style instead: the sentence's log-probability minus the unigram log-probabilities of its tokens,
i.e. how much better the context predicts each word than its frequency alone does. A choice between
*forms* of one word (den/der, -e/-en) keeps the raw probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audit.segment import tokenize

#: log-probability (nats) a candidate loses for each place further down its list
PRIOR_PER_RANK = 0.5


@dataclass(frozen=True, slots=True)
class RankRequest:
    """Candidates for ``text[start:end]`` inside the sentence ``text[sent_start:sent_end]``."""

    start: int
    end: int
    sent_start: int
    sent_end: int
    candidates: tuple[str, ...]
    #: score by context fit (SLOR) rather than raw probability: for choices between different words
    normalize: bool = False


def variant_tokens(text: str, request: RankRequest, replacement: str) -> list[str]:
    """The tokens of the sentence with the span replaced."""
    sentence = text[request.sent_start : request.start] + replacement + text[request.end : request.sent_end]
    return [t.text for t in tokenize(sentence)] or ["<unk>"]


def score_variants(
    lm, sentences: Sequence[list[str]], normalize: Sequence[bool] | None = None
) -> list[float]:
    """Total log-probability of each token list (one ``score_batch`` call); minus the tokens' unigram
    log-probabilities where ``normalize`` says so and the model has them. Words the model has never
    seen keep their raw score: the unknown-word probability would otherwise cancel out and favour them."""
    if not sentences:
        return []
    scores = lm.score_batch([list(s) for s in sentences])
    unigram = getattr(lm, "unigram_logprobs", None)
    out = []
    for k, (score, tokens) in enumerate(zip(scores, sentences, strict=True)):
        value = score.total
        if unigram is not None and normalize is not None and normalize[k]:
            oov = score.oov or (False,) * len(tokens)
            value -= sum(u for u, unseen in zip(unigram(list(tokens)), oov, strict=True) if not unseen)
        out.append(value)
    return out


def rank(lm, text: str, requests: Sequence[RankRequest]) -> list[list[tuple[str, float]]]:
    """For each request, its candidates with their scores, best first: ``[(candidate, score), ...]``.
    One LM batch for all requests. Without a model the candidates keep their order (prior alone)."""
    batch: list[list[str]] = []
    index: list[tuple[int, int]] = []  # (request, candidate position) of each batch entry
    for r, request in enumerate(requests):
        for k, candidate in enumerate(request.candidates):
            batch.append(variant_tokens(text, request, candidate))
            index.append((r, k))
    normalize = [requests[r].normalize for r, _ in index]
    scores = score_variants(lm, batch, normalize) if lm is not None else [0.0] * len(batch)
    out: list[list[tuple[str, float]]] = [[] for _ in requests]
    for (r, k), score in zip(index, scores, strict=True):
        out[r].append((requests[r].candidates[k], score - PRIOR_PER_RANK * k))
    for ranked in out:
        ranked.sort(key=lambda cs: -cs[1])  # stable: equal scores keep the list order
    return out
