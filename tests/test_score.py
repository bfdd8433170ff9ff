from __future__ import annotations

import pytest

from audit import score
from audit.document import Finding
from audit.score import Combination, counted, penalty, span_score


def f(severity: str, start: int, end: int, confidence: float = 1.0, rule: str = "r") -> Finding:
    return Finding(rule, "garbled", severity, start, end, "x" * (end - start), "m", (), confidence)


@pytest.mark.parametrize(
    "findings, words, expected",
    [
        ([], 20, 100.0),
        ([f("major", 0, 3)], 20, 75.0),
        ([f("minor", 0, 3)], 20, 95.0),
        ([f("minor", 0, 3)], 3, 90.0),  # short headline: at least 10 words in the denominator
        ([f("critical", 0, 3), f("critical", 5, 9)], 10, 0.0),  # floored at 0
        ([f("major", i * 10, i * 10 + 3) for i in range(10)], 700, 92.9),
        ([f("major", 0, 3, confidence=0.5)], 20, 87.5),
    ],
)
def test_formula(findings, words, expected):
    assert span_score(findings, words) == expected


def test_nested_findings_count_once_at_the_higher_cost():
    outer = f("major", 0, 20, rule="foreign-span")
    inner = f("minor", 5, 10, rule="ui-phrase")
    elsewhere = f("minor", 30, 35)
    assert counted([inner, outer, elsewhere]) == [outer, elsewhere]
    assert penalty([inner, outer, elsewhere]) == 6.0


def test_score_falls_as_findings_are_added():
    findings = []
    scores = [span_score(findings, 50)]
    for i, severity in enumerate(["minor", "major", "minor", "critical"]):
        findings.append(f(severity, i * 10, i * 10 + 4))
        scores.append(span_score(findings, 50))
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


# ------------------------------------------------------------------ the learned combination
LEARNED = Combination(
    name="test",
    weights={"garbled:major": 1.5, "typography:minor": 0.2},
    fluency_weight=0.3,
    fluency_threshold=80.0,
)


@pytest.mark.parametrize("combo", [score.PRIOR, LEARNED, score.combination(True), score.combination(False)])
def test_more_or_severer_findings_never_raise_the_score(combo):
    base = [f("minor", 0, 3)]
    for extra in ([f("minor", 10, 13)], [f("major", 10, 13)], [f("critical", 10, 13)]):
        assert span_score(base + extra, 30, combo) <= span_score(base, 30, combo)
    for weaker, stronger in (("minor", "major"), ("major", "critical")):
        assert span_score([f(stronger, 0, 3)], 30, combo) <= span_score([f(weaker, 0, 3)], 30, combo)
    assert span_score([f("major", 0, 3, 0.9)], 30, combo) <= span_score([f("major", 0, 3, 0.4)], 30, combo)


@pytest.mark.parametrize("combo", [LEARNED, score.combination(True)])
def test_lower_fluency_never_raises_the_score(combo):
    scores = [span_score([], 20, combo, combo.fluency_points(20, fluency)) for fluency in range(100, -1, -5)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 100.0  # a perfectly fluent sentence without findings loses nothing


def test_fluency_costs_nothing_without_a_language_model():
    assert LEARNED.fluency_points(20, None) == 0.0


def test_shipped_combination_loads_and_its_metadata_matches():
    import json

    path = score.COMBINATION_FILE
    if not path.exists():
        pytest.skip("models/score/combination.json not fitted")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == score.SCORE_VERSION
    assert "WMT22" in data["fitted_on"] and "newstest2020" in data["fitted_on"]
    for name, with_fluency in (("with_fluency", True), ("rules_only", False)):
        combo = score.combination(with_fluency)
        assert combo.weights == {k: float(v) for k, v in data[name]["weights"].items()}
        assert all(v >= 0 for v in combo.weights.values()) and combo.fluency_weight >= 0
        assert data[name]["metrics_fit"]["spearman_mqm2021"] > 0
    assert score.combination(False).fluency_weight == 0.0
    assert score.combination(True).fluency_weight > 0.0
    from audit.lm import DEFAULT_NGRAM_MODEL

    if DEFAULT_NGRAM_MODEL.exists():
        pytest.importorskip("kenlm")
        from audit.lm import load_model

        assert data["language_model"] == load_model("ngram").signature


@pytest.mark.parametrize("lm", ["ngram", "none"])
def test_clean_sentence_scores_100_with_and_without_a_language_model(lm):
    from audit import Auditor

    if lm == "ngram":
        pytest.importorskip("kenlm")
    report = Auditor(lm=lm).check("Das ist ein Test.")
    assert report.score >= 99.0
    assert "score formula" in score.explain(
        report.article, report.findings, [s.fluency for s in report.sentences]
    )
