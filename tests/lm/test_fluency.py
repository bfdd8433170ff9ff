"""Fluency 0-100 from the shipped n-gram model and its calibration (models/fluency/)."""

from __future__ import annotations

import pytest

from audit.lm import DEFAULT_NGRAM_MODEL

pytestmark = pytest.mark.skipif(not DEFAULT_NGRAM_MODEL.exists(), reason="the shipped n-gram model is absent")


@pytest.fixture(scope="module")
def scorer():
    pytest.importorskip("kenlm")
    from audit.lm.fluency import load_scorer

    return load_scorer("ngram")


def test_calibration_is_monotonic_in_the_frequency_normalised_score(scorer):
    calibration = scorer.calibration
    base = dict(calibration.mean)
    probabilities = []
    for step in range(-3, 4):
        x = dict(base, slor=base["slor"] + step * calibration.std["slor"])
        probabilities.append(calibration.probability(x))
    assert probabilities == sorted(probabilities)
    assert 0 < probabilities[0] < probabilities[-1] < 1


@pytest.mark.parametrize(
    "fluent, broken",
    [
        (
            "Der Bundestag hat am Donnerstag das Gesetz mit großer Mehrheit beschlossen .",
            "Bundestag Gesetz hat der mit am beschlossen Donnerstag großer das Mehrheit .",
        ),
        (
            "Die Regierung will die Steuern im nächsten Jahr senken .",
            "Die Regierung es ist Ich suche die Steuern senken nächsten im .",
        ),
    ],
)
def test_fluent_german_scores_higher_than_word_salad(scorer, fluent, broken):
    good, bad = scorer.sentence_fluency([fluent.split(), broken.split()])
    assert good > bad


def test_empty_sentences_get_no_fluency(scorer):
    assert scorer.sentence_fluency([[], ["Ein", "Satz", "."]])[0] is None


def test_auditor_fills_sentence_and_article_fluency():
    from audit import Auditor

    report = Auditor(lm="ngram").check("Das ist ein guter Satz. Und hier kommt noch einer.")
    values = [s.fluency for s in report.sentences]
    assert all(0 <= v <= 100 for v in values)
    assert min(values) <= report.fluency <= max(values)
    assert Auditor(lm="none").check("Das ist ein Satz.").fluency is None


def test_unknown_model_is_a_usage_error():
    from audit import Auditor
    from audit.errors import UsageError

    with pytest.raises(UsageError, match="not found"):
        Auditor(lm="no/such/model.binary")


def test_the_article_is_scored_once_for_fluency_and_the_disfluent_rule():
    from audit import Auditor

    auditor = Auditor(lm="ngram")
    wrapped = auditor.fluency.model.wrapped
    text = "Sie erhielt den Preis, obwohl ihre die teuerste war. Das ist ein Satz."
    article_batch = [
        ["Sie", "erhielt", "den", "Preis", ",", "obwohl", "ihre", "die", "teuerste", "war", "."],
        ["Das", "ist", "ein", "Satz", "."],
    ]
    calls = []
    original = wrapped.score_batch

    def counting(sentences):
        calls.append([list(s) for s in sentences])
        return original(sentences)

    wrapped.score_batch = counting
    try:
        report = auditor.check(text)
    finally:
        del wrapped.score_batch
    assert [f.rule for f in report.findings if f.category == "disfluent"] == ["disfluent-span"]
    assert all(s.fluency is not None for s in report.sentences)
    assert calls.count(article_batch) == 1  # other batches: candidate corrections being ranked


def test_transformer_calibration_rewards_higher_log_probability():
    from audit.lexicon import models_dir
    from audit.lm.fluency import Calibration

    path = models_dir() / "fluency" / "transformer-tiny.json"
    if not path.exists():
        pytest.skip("no calibration for the transformer model")
    calibration = Calibration.load(path)
    assert calibration.model_signature.startswith("hf:transformer-tiny:")
    base = dict(calibration.mean)
    probabilities = [
        calibration.probability(dict(base, mean_lp=base["mean_lp"] + step * calibration.std["mean_lp"]))
        for step in range(-3, 4)
    ]
    assert probabilities == sorted(probabilities) and probabilities[0] < probabilities[-1]
