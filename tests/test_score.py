from __future__ import annotations

import pytest

from audit.document import Finding
from audit.score import counted, penalty, span_score


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
