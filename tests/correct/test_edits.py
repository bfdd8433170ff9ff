"""Edits from findings, conflicts, and the deterministic choice among overlapping edits."""

from __future__ import annotations

import itertools

import pytest

from audit.correct.edits import Edit, conflicts, edits_from_findings, resolve_overlaps
from audit.document import Finding


def finding(start, end, text, suggestions, applicability="safe", rule="r", severity="minor", confidence=1.0):
    return Finding(
        rule=rule,
        category="typography",
        severity=severity,
        start=start,
        end=end,
        text=text,
        message="m",
        suggestions=tuple(suggestions),
        confidence=confidence,
        applicability=applicability,
    )


def edit(start, end, replacement="x", applicability="safe", severity="minor", confidence=1.0, rule="r"):
    return Edit(start, end, replacement, rule, "typography", applicability, severity, confidence)


@pytest.mark.parametrize(
    "findings, unsafe, expected",
    [
        ([finding(3, 5, "  ", [" "])], False, [(3, 5, " ")]),
        ([finding(3, 5, "  ", [])], False, []),  # no suggestion, no edit
        ([finding(3, 5, "  ", [])], True, []),
        ([finding(0, 10, "Wednesdays", ["Mittwochs"], "unsafe")], False, []),  # unsafe needs --unsafe
        ([finding(0, 10, "Wednesdays", ["Mittwochs", "mittwochs"], "unsafe")], True, [(0, 10, "Mittwochs")]),
        ([finding(0, 5, "Hören", [""])], False, [(0, 5, "")]),  # "" deletes
        ([finding(0, 5, "Hören", ["Hören"])], True, []),  # a suggestion equal to the text changes nothing
        ([finding(0, 5, "Hören", ["x"], applicability="maybe")], False, []),  # unknown counts as unsafe
    ],
)
def test_edits_from_findings(findings, unsafe, expected):
    edits = edits_from_findings(findings, unsafe=unsafe)
    assert [(e.start, e.end, e.replacement) for e in edits] == expected


def test_edit_keeps_rule_category_and_applicability():
    (e,) = edits_from_findings([finding(0, 5, "Hören", [""], rule="ui-phrase")])
    assert e.to_dict() == {
        "start": 0,
        "end": 5,
        "replacement": "",
        "rule": "ui-phrase",
        "category": "typography",
        "applicability": "safe",
    }


def test_edit_rejects_a_reversed_span():
    with pytest.raises(ValueError):
        Edit(5, 3, "", "r", "typography")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ((0, 5), (5, 8), False),  # adjacent
        ((0, 5), (4, 8), True),  # overlapping
        ((0, 8), (2, 3), True),  # nested
        ((3, 3), (3, 3), True),  # two insertions at one place: no defined order
        ((3, 3), (3, 6), True),  # an insertion where a replacement starts
        ((4, 4), (3, 6), True),  # an insertion inside a replacement
        ((6, 6), (3, 6), False),  # an insertion right after a replacement
        ((0, 2), (7, 9), False),
    ],
)
def test_conflicts(a, b, expected):
    assert conflicts(edit(*a), edit(*b)) is expected
    assert conflicts(edit(*b), edit(*a)) is expected


@pytest.mark.parametrize(
    "edits, kept",
    [
        # safe before unsafe, whatever the severity
        ([edit(0, 5, "a", "unsafe", "critical"), edit(3, 8, "b", "safe")], ["b"]),
        # then the more severe
        ([edit(0, 5, "a", severity="minor"), edit(3, 8, "b", severity="major")], ["b"]),
        # then the surer
        ([edit(0, 5, "a", confidence=0.7), edit(3, 8, "b", confidence=0.9)], ["b"]),
        # then the larger span: deleting a repeated line beats recasing it
        ([edit(0, 20, "", rule="repeated-line"), edit(0, 20 - 1, "X", rule="lowercase-line")], [""]),
        # what does not overlap is all kept, in position order
        ([edit(6, 8, "b"), edit(0, 2, "a"), edit(3, 5, "c")], ["a", "c", "b"]),
        # a chain: the middle one loses to the first, so the last one stays
        ([edit(0, 4, "a", severity="major"), edit(3, 7, "b"), edit(6, 9, "c")], ["a", "c"]),
        # the same edit twice (two rules agreeing) is applied once
        ([edit(0, 4, "a"), edit(0, 4, "a")], ["a"]),
    ],
)
def test_resolve_overlaps(edits, kept):
    assert [e.replacement for e in resolve_overlaps(edits)] == kept


def test_resolve_overlaps_does_not_depend_on_order():
    edits = [
        edit(0, 5, "a"),
        edit(2, 7, "b"),
        edit(2, 7, "c"),
        edit(5, 5, "d"),
        edit(5, 9, "e", "unsafe"),
        edit(8, 12, "f", confidence=0.5),
    ]
    results = {tuple(resolve_overlaps(list(p))) for p in itertools.permutations(edits)}
    assert len(results) == 1
