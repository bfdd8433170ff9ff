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
