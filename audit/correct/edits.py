"""Edits: what a finding's first suggestion does to the text, and which edits can be applied together.

An ``Edit`` replaces ``text[start:end]`` with ``replacement`` ("" deletes). ``edits_from_findings``
turns findings into edits (one per finding with a suggestion; only ``safe`` ones unless asked for
``unsafe``), and ``resolve_overlaps`` keeps a set that does not overlap, chosen the same way whatever
order the findings come in (ruff's fix engine: sort, prefer the surer fix, skip what overlaps).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit.document import SEVERITIES, Finding

SAFE = "safe"
UNSAFE = "unsafe"
APPLICABILITIES = (SAFE, UNSAFE)
_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES, start=1)}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of a text with ``replacement``, on behalf of ``rule``."""

    start: int
    end: int
    replacement: str
    rule: str
    category: str
    applicability: str = UNSAFE
    severity: str = "minor"
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"edit span [{self.start}, {self.end}) is not a span")

    @property
    def is_deletion(self) -> bool:
        return self.replacement == "" and self.end > self.start

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "replacement": self.replacement,
            "rule": self.rule,
            "category": self.category,
            "applicability": self.applicability,
        }

    @classmethod
    def from_finding(cls, finding: Finding) -> Edit:
        return cls(
            start=finding.start,
            end=finding.end,
            replacement=finding.suggestions[0],
            rule=finding.rule,
            category=finding.category,
            applicability=finding.applicability if finding.applicability in APPLICABILITIES else UNSAFE,
            severity=finding.severity,
            confidence=finding.confidence,
        )


def edits_from_findings(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Edit]:
    """One edit per finding that has a suggestion (its first), safe ones only unless ``unsafe``.

    A finding without suggestions proposes nothing; a suggestion equal to the flagged text changes
    nothing and is dropped.
    """
    edits = []
    for finding in findings:
        if not finding.suggestions or finding.suggestions[0] == finding.text:
            continue
        edit = Edit.from_finding(finding)
        if edit.applicability == SAFE or unsafe:
            edits.append(edit)
    return edits


def conflicts(a: Edit, b: Edit) -> bool:
    """Whether two edits cannot both be applied: their spans overlap, or they start at the same place
    (two insertions there, or an insertion before a replacement, would have no defined order)."""
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def priority(edit: Edit) -> tuple:
    """Sort key, most wanted first: safe before unsafe, then severity, confidence, the larger span
    (deleting a duplicated line beats recasing it), then position and content, so that the order is
    total and the choice never depends on the order the edits came in."""
    return (
        edit.applicability != SAFE,
        -_SEVERITY_RANK.get(edit.severity, 0),
        -edit.confidence,
        -(edit.end - edit.start),
        edit.start,
        edit.end,
        edit.rule,
        edit.replacement,
        edit.category,
    )


def resolve_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    """The edits that can be applied together: greedily in ``priority`` order, each kept unless it
    conflicts with one already kept. Returned sorted by position."""
    # Kept edits never overlap and never share a start, so sorted by start their ends rise too: an edit
    # can only conflict with the last kept one starting at or before it and those starting inside it.
    # Found by bisection, which keeps this O(n log n) (comparing with every kept edit was quadratic).
    kept: list[Edit] = []
    starts: list[int] = []
    for edit in sorted(set(edits), key=priority):
        i = bisect_right(starts, edit.start)
        j = bisect_left(starts, edit.end, lo=i)
        if not any(conflicts(edit, other) for other in kept[max(0, i - 1) : j]):
            kept.insert(i, edit)
            starts.insert(i, edit.start)
    return kept
