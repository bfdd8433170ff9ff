"""The disfluent rule: unseen pairs of common words, with the shipped KenLM model and its tuned parameters."""

from __future__ import annotations

import pytest

from audit.document import Token
from audit.lm import DEFAULT_NGRAM_MODEL
from audit.rules.disfluent import DisfluencyModel, DisfluentRule, unseen_pair_evidence

pytestmark = pytest.mark.skipif(not DEFAULT_NGRAM_MODEL.exists(), reason="the shipped n-gram model is absent")


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("kenlm")
    from audit.lm.fluency import load_scorer

    return load_scorer("ngram").model


def found(model, text: str) -> list[str]:
    from audit.rules import make_context
    from audit.segment import make_article

    ctx = make_context(make_article(text), lm=model)
    out = list(DisfluentRule().check(ctx))
    for f in out:
        assert text[f.start : f.end] == f.text and f.category == "disfluent"
        assert 0 < f.confidence < 1 and f.severity in ("minor", "major")
    return [f.text for f in out]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two common words German never puts side by side
        ("Sie erhielt den Preis, obwohl ihre die teuerste war.", ["ihre die"]),
        ("Die Antikörper sind im sowohl im Blut als auch im Speichel nachweisbar.", ["im sowohl"]),
        # correct German with names, numbers, rare words and rare-but-valid pairs
        ("Bundeskanzler Olaf Scholz traf am 12. März 2023 in Berlin den Präsidenten Emmanuel Macron.", []),
        ("Nordkorea hat am Donnerstag zwei ballistische Raketen abgefeuert, meldete Yonhap.", []),
        ("Der Raketenstartplatz Wostotschny liegt in der Amur-Region im Fernen Osten Russlands.", []),
        ("Die Inflationsrate lag im Oktober bei 3,8 Prozent, teilte das Statistische Bundesamt mit.", []),
        ("Wir wissen, dass das Zeit kostet, aber wir werden es schaffen.", []),
        ("Er zeigte, was Pjöngjang Moskau im Gegenzug noch zu geben hat.", []),
        (
            "Es ist ein Geigerzähler, der verwendet wird, um radioaktive Minerale zu finden.",
            [],
        ),  # relative clause
        ("Kim Jong-un reiste mit dem Zug nach Wladiwostok, wo er Wladimir Putin traf.", []),
    ],
)
def test_disfluent_spans(model, text, expected):
    assert found(model, text) == expected


def test_no_model_no_findings():
    from audit.rules import make_context
    from audit.segment import make_article

    ctx = make_context(make_article("Sie erhielt den Preis, obwohl ihre die teuerste war."), lm=None)
    assert list(DisfluentRule().check(ctx)) == []


def _tokens(words: list[str]) -> list[Token]:
    out, pos = [], 0
    for w in words:
        out.append(Token(pos, pos + len(w), w, "word" if w[0].isalpha() else "number"))
        pos += len(w) + 1
    return out


@pytest.mark.parametrize(
    ("orders", "oov", "protected", "words", "expect_evidence"),
    [
        ([1, 1], [False, False], [False, False], ["ihre", "die"], True),
        ([1, 2], [False, False], [False, False], ["ihre", "die"], False),  # the pair was seen
        ([1, 1], [False, True], [False, False], ["ihre", "Xqz"], False),  # out of vocabulary
        ([1, 1], [False, False], [False, True], ["ihre", "Scholz"], False),  # a name
        ([1, 1], [False, False], [False, False], ["ihre", "12"], False),  # a number
        ([1, 1], [False, False], [False, False], ["geben", "hat"], False),  # verb-final clause
        ([1, 1], [False, False], [False, False], ["gemacht", "werden"], False),  # verb-final clause
        ([1, 1], [False, False], [False, False], ["Geben", "hat"], True),  # a noun, not a verb cluster
    ],
)
def test_evidence_only_for_unseen_pairs_of_known_unprotected_words(
    orders, oov, protected, words, expect_evidence
):
    evidence = unseen_pair_evidence(_tokens(words), [-5.0, -5.0], orders, oov, protected)
    assert evidence[0] is None and (evidence[1] is not None) == expect_evidence


def test_confidence_grows_with_the_expected_count_of_the_unseen_pair():
    from audit.rules.disfluent import load_parameters

    pytest.importorskip("kenlm")
    from audit.lm import load_model

    params = load_parameters(load_model("ngram"))
    assert isinstance(params, DisfluencyModel)
    values = [params.confidence(params.threshold + step / 2) for step in range(6)]
    assert values == sorted(values) and 0 < values[0] < 1
