"""Disfluent spans: word pairs a German language model never saw although both words are common.

Word salad, broken word order and wrong function words ("Kim es ist Ich suche", "zu sein war",
"obwohl ihre die teuerste", "im sowohl im Blut") show up in an n-gram model as *transitions* it has
never seen between words it knows well. Raw surprisal would flag every rare word, name and number
instead (measured: no better than chance against MQM error spans), so the evidence is the one the
n-gram backoff pattern gives directly:

- the model backed off to the unigram for word *b* after word *a* (the bigram "a b" occurs at most once
  in the ~60 million training tokens: the shipped model prunes singletons);
- how often "a b" *would* occur if the two words were independent: ln N + log P(a) + log P(b)
  (``expected``). An unseen pair of rare words (names, technical terms, numbers) is expected to be
  unseen; an unseen pair of two common words that should meet dozens of times is not.
- only pairs of two in-vocabulary words count: out-of-vocabulary tokens, numbers, punctuation,
  proper names and quoted foreign titles (``ArticleContext.overlaps_protected``) never do, nor does a
  relative pronoun after a comma with the word after it (a verb-final clause: "…, der verwendet wird").

The threshold on ``expected`` and the confidence (a logistic curve over ``expected``, i.e. the share of
such pairs that MQM raters marked as errors) are fitted by ``scripts/tune_disfluent.py`` on MQM
newstest2020, the threshold chosen for a low rate on clean held-out German; MQM 2021 is held out.
They belong to one language model (``models/fluency/<model>.disfluent.json``, checked against the
model's signature); without them, without n-gram orders (the transformer backend) or without a model
(``--lm none``) the rule yields nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from audit.document import Finding, Sentence, Token
from audit.rules import ArticleContext, Rule, register

#: ln of the number of training tokens of the shipped n-gram model (~60 million): with it, ln N + log P(a)
#: + log P(b) is the log of how often the pair "a b" would occur if the two words were independent
LN_TRAINING_TOKENS = 17.9


@dataclass(frozen=True)
class DisfluencyModel:
    """Flag an unseen pair when ``expected >= threshold``; confidence = sigmoid(bias + slope * expected)."""

    model_signature: str
    threshold: float
    bias: float
    slope: float
    major_confidence: float = 2.0  # above 1: never major unless the fit found pairs that sure

    def confidence(self, expected: float) -> float:
        z = self.bias + self.slope * expected
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path) -> DisfluencyModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            **{k: data[k] for k in ("model_signature", "threshold", "bias", "slope", "major_confidence")}
        )


def parameters_path(model: object) -> Path:
    from audit.lexicon import models_dir

    stem = str(getattr(model, "name", "")).split(":", 1)[-1]
    return models_dir() / "fluency" / f"{stem}.disfluent.json"


@lru_cache(maxsize=4)
def _parameters(path: Path, signature: str) -> DisfluencyModel | None:
    if not path.is_file():
        if path.name == "de-4gram.disfluent.json":  # the shipped LM's parameters must be there
            from audit.models import verified

            verified(path)
        return None
    params = DisfluencyModel.load(path)
    return params if params.model_signature == signature else None


def load_parameters(model: object) -> DisfluencyModel | None:
    """The tuned parameters for ``model``, or None when it has none (or they belong to another model)."""
    return _parameters(parameters_path(model), str(getattr(model, "signature", "")))


#: after a comma these open a relative clause, whose verb-final order pairs them with words they rarely
#: meet elsewhere ("ein Zähler, der verwendet wird"): no evidence there
RELATIVE_PRONOUNS = frozenset(
    [
        "der",
        "die",
        "das",
        "dem",
        "den",
        "denen",
        "dessen",
        "deren",
        "welcher",
        "welche",
        "welches",
        "welchem",
        "welchen",
    ]
)


#: finite auxiliaries and modals that close a verb-final clause after an infinitive or participle
#: ("was er zu geben hat", "gemacht werden muss"): German puts them there, however rarely a 4-gram saw
#: the particular pair
FINITE_AUXILIARIES = frozenset(
    [
        "hat",
        "haben",
        "hatte",
        "hatten",
        "habe",
        "hätte",
        "hätten",
        "ist",
        "sind",
        "war",
        "waren",
        "sei",
        "wäre",
        "wären",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "würde",
        "würden",
        "kann",
        "können",
        "konnte",
        "konnten",
        "könnte",
        "könnten",
        "muss",
        "müssen",
        "musste",
        "mussten",
        "müsste",
        "müssten",
        "soll",
        "sollen",
        "sollte",
        "sollten",
        "will",
        "wollen",
        "wollte",
        "wollten",
        "darf",
        "dürfen",
        "durfte",
        "durften",
        "dürfte",
        "möchte",
        "möchten",
        "mag",
    ]
)


def _verb_cluster(a: Token, b: Token) -> bool:
    """An infinitive or participle followed by a finite auxiliary: the end of a verb-final clause."""
    return (
        b.text in FINITE_AUXILIARIES
        and a.text[:1].islower()
        and a.text.endswith(("en", "ern", "eln", "t"))
        and len(a.text) >= 4
    )


def _is_word(token: Token) -> bool:
    return token.kind == "word" and any(c.isalpha() for c in token.text)


def unseen_pair_evidence(
    tokens: Sequence[Token],
    unigram: Sequence[float],
    orders: Sequence[int],
    oov: Sequence[bool],
    protected: Sequence[bool],
) -> list[float | None]:
    """Per token *b*: ``expected`` (log of the independent count) of the pair (previous token, b) when the
    model never saw that pair and both are in-vocabulary, unprotected words; None otherwise."""
    out: list[float | None] = [None] * len(tokens)
    for i in range(1, len(tokens)):
        a, b = i - 1, i
        if orders[b] != 1 or not (_is_word(tokens[a]) and _is_word(tokens[b])):
            continue
        if oov[a] or oov[b] or protected[a] or protected[b]:
            continue
        if a > 0 and tokens[a - 1].text == "," and tokens[a].text.lower() in RELATIVE_PRONOUNS:
            continue
        if _verb_cluster(tokens[a], tokens[b]):
            continue
        out[b] = LN_TRAINING_TOKENS + unigram[a] + unigram[b]
    return out


def sentence_evidence(ctx: ArticleContext, sentence: Sentence, score, unigram: Sequence[float]):
    """:func:`unseen_pair_evidence` of one scored sentence (``score``: a ``SentenceScore`` with n-gram orders)."""
    tokens = sentence.tokens
    protected = [ctx.overlaps_protected(t.start, t.end) for t in tokens]
    return unseen_pair_evidence(
        tokens, unigram, score.ngram_orders, score.oov or (False,) * len(tokens), protected
    )


@register
class DisfluentRule(Rule):
    id = "disfluent-span"
    category = "disfluent"
    severity = "minor"
    message = (
        "disfluent: German does not put these common words together like this (word order or a wrong word?)"
    )
    description = (
        "word salad, broken word order or a wrong word: a pair of common words a German LM never saw together"
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        model = ctx.lm
        if model is None:
            return
        params = load_parameters(model)
        unigram_of = getattr(model, "unigram_logprobs", None)
        if params is None or unigram_of is None:
            return
        sentences = [s for s in ctx.sentences if s.tokens]
        # the same batch the fluency scorer sends, so a caching model scores the article once
        scores = model.score_batch([[t.text for t in s.tokens] for s in sentences])
        for sentence, score in zip(sentences, scores, strict=True):
            if not score.ngram_orders:
                return  # a backend without n-gram orders: the parameters do not apply
            words = [t.text for t in sentence.tokens]
            evidence = sentence_evidence(ctx, sentence, score, unigram_of(words))
            yield from self._spans(ctx, sentence, evidence, params)

    def _spans(self, ctx: ArticleContext, sentence: Sentence, evidence, params: DisfluencyModel):
        tokens = sentence.tokens
        flagged = [(i, e) for i, e in enumerate(evidence) if e is not None and e >= params.threshold]
        runs: list[list[tuple[int, float]]] = []
        for i, e in flagged:  # overlapping or adjacent pairs make one span ("es ist Ich suche")
            if runs and i - runs[-1][-1][0] <= 2:
                runs[-1].append((i, e))
            else:
                runs.append([(i, e)])
        for run in runs:
            start, end = tokens[run[0][0] - 1].start, tokens[run[-1][0]].end
            confidence = params.confidence(max(e for _, e in run))
            yield self.finding(
                ctx,
                start,
                end,
                confidence=round(confidence, 3),
                severity="major" if confidence >= params.major_confidence else "minor",
            )
