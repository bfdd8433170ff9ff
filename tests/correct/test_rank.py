"""LM ranking of candidate corrections: one batch per article, the prior for list order, context fit
(SLOR) for word choices, and the fallback without a model."""

from __future__ import annotations

import pytest

from audit.correct.rank import PRIOR_PER_RANK, RankRequest, rank, score_variants, variant_tokens
from audit.lm import SentenceScore


class TableLM:
    """A fake model: each sentence's total is looked up by one of its words; counts its calls."""

    def __init__(self, totals: dict[str, float], unigrams: dict[str, float] | None = None, oov=()):
        self.totals = totals
        self.unigrams = unigrams or {}
        self.oov_words = set(oov)
        self.calls = 0

    def score_batch(self, sentences):
        self.calls += 1
        out = []
        for words in sentences:
            total = next((v for k, v in self.totals.items() if k in words), -50.0)
            lps = [total / len(words)] * len(words)
            out.append(
                SentenceScore.from_logprobs(
                    lps[:-1] + [0.0], lps[-1], tuple(w in self.oov_words for w in words)
                )
            )
        return out

    def unigram_logprobs(self, words):
        return [self.unigrams.get(w, -10.0) for w in words]


TEXT = "Kim bleibt defiant. Die Parade war am Wednesdays."


def request(word: str, candidates, normalize=False) -> RankRequest:
    start = TEXT.index(word)
    sentence_end = TEXT.index(".", start) + 1
    sentence_start = TEXT.rfind(". ", 0, start) + 2 if ". " in TEXT[:start] else 0
    return RankRequest(start, start + len(word), sentence_start, sentence_end, tuple(candidates), normalize)


def test_variant_tokens_replace_the_span():
    assert variant_tokens(TEXT, request("defiant", ["trotzig"]), "trotzig") == [
        "Kim",
        "bleibt",
        "trotzig",
        ".",
    ]
    assert variant_tokens(TEXT, request("Wednesdays", ["x"]), "") == ["Die", "Parade", "war", "am", "."]


@pytest.mark.parametrize(
    "totals, candidates, first",
    [
        ({"trotzig": -20.0, "schwierig": -30.0}, ["schwierig", "trotzig"], "trotzig"),  # the model decides
        ({"trotzig": -20.0, "schwierig": -20.0}, ["schwierig", "trotzig"], "schwierig"),  # a tie: list order
        # within the prior's reach the list order wins
        ({"trotzig": -20.0, "schwierig": -20.0 - PRIOR_PER_RANK / 2}, ["schwierig", "trotzig"], "schwierig"),
    ],
)
def test_rank_orders_by_score_and_prior(totals, candidates, first):
    lm = TableLM(totals)
    ranked = rank(lm, TEXT, [request("defiant", candidates)])
    assert ranked[0][0][0] == first


def test_one_batch_for_all_requests():
    lm = TableLM({"Mittwochs": -10.0})
    ranked = rank(
        lm, TEXT, [request("defiant", ["trotzig", "stur"]), request("Wednesdays", ["Mittwoch", "Mittwochs"])]
    )
    assert lm.calls == 1
    assert [c for c, _ in ranked[1]] == ["Mittwochs", "Mittwoch"]


def test_without_a_model_the_order_is_kept():
    ranked = rank(None, TEXT, [request("defiant", ["stur", "trotzig", "aufsässig"])])
    assert [c for c, _ in ranked[0]] == ["stur", "trotzig", "aufsässig"]


def test_normalised_scores_discount_frequency_but_not_unknown_words():
    # "schwierig" is likelier only because it is frequent; "xqz" is unknown to the model
    lm = TableLM(
        {"trotzig": -24.0, "schwierig": -22.0, "xqz": -30.0},
        unigrams={"trotzig": -14.0, "schwierig": -10.0, "xqz": -25.0},
        oov=["xqz"],
    )
    raw = score_variants(lm, [["Kim", "schwierig"], ["Kim", "trotzig"], ["Kim", "xqz"]])
    normalised = score_variants(lm, [["Kim", "schwierig"], ["Kim", "trotzig"], ["Kim", "xqz"]], [True] * 3)
    assert raw[0] > raw[1]
    assert normalised[1] > normalised[0]  # trotzig fits the context better than its frequency says
    assert normalised[2] < normalised[1]  # the unknown word is not rescued by its unknown-word unigram


def test_real_model_prefers_the_agreeing_article(auditor):
    text = "Die Soldaten forderten die Abzug der Truppen aus dem Land."
    start = text.index("die Abzug")
    req = RankRequest(start, start + 9, 0, len(text), ("der Abzug", "den Abzug"))
    ranked = rank(auditor.fluency.model, text, [req])
    assert ranked[0][0][0] == "den Abzug"
