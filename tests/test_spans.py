"""The span lookups that keep large articles linear (issue 15) give the same answers as the plain
scans they replaced: property tests against the brute-force definitions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.correct.edits import Edit, conflicts, priority, resolve_overlaps
from audit.document import Finding
from audit.score import _cost, counted
from audit.spans import SpanIndex

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 25)).map(lambda t: (t[0], t[0] + t[1])), max_size=30
)
query = st.tuples(st.integers(0, 90), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1]))


@given(spans, query)
@settings(max_examples=400, deadline=None)
def test_span_index_agrees_with_a_scan(items, q):
    index = SpanIndex(items)
    start, end = q
    assert index.contains(start, end) == any(s <= start and end <= e for s, e in items)
    assert index.overlaps(start, end) == any(s < end and start < e for s, e in items)
    assert sorted(index.containing(start, end)) == sorted((s, e) for s, e in items if s <= start and end <= e)
    assert sorted(index.overlapping(start, end)) == sorted((s, e) for s, e in items if s < end and start < e)
    assert sorted(index.touching(start, end)) == sorted((s, e) for s, e in items if s <= end and start <= e)


edits = st.lists(
    st.builds(
        lambda span, text, rule, safe, severity, confidence: Edit(
            span[0], span[1], text, rule, "grammar", "safe" if safe else "unsafe", severity, confidence
        ),
        query,
        st.sampled_from(["", "x", "yz"]),
        st.sampled_from(["a", "b"]),
        st.booleans(),
        st.sampled_from(["minor", "major", "critical"]),
        st.sampled_from([0.5, 1.0]),
    ),
    max_size=30,
)


@given(edits)
@settings(max_examples=400, deadline=None)
def test_resolve_overlaps_agrees_with_greedy_pairwise_checks(items):
    kept = []
    for edit in sorted(set(items), key=priority):
        if not any(conflicts(edit, other) for other in kept):
            kept.append(edit)
    assert resolve_overlaps(items) == sorted(kept, key=lambda e: (e.start, e.end))


findings = st.lists(
    st.builds(
        lambda span, severity, confidence, rule: Finding(
            rule, "grammar", severity, span[0], span[1], "t", "m", confidence=confidence
        ),
        query,
        st.sampled_from(["minor", "major", "critical"]),
        st.sampled_from([0.3, 0.7, 1.0]),
        st.sampled_from(["a", "b", "c"]),
    ),
    max_size=30,
)


@given(findings)
@settings(max_examples=400, deadline=None)
def test_counted_agrees_with_pairwise_containment(items):
    kept = []
    for f in sorted(items, key=lambda f: (-_cost(f), f.start, f.end, f.rule)):
        if not any(
            (k.start <= f.start and f.end <= k.end) or (f.start <= k.start and k.end <= f.end) for k in kept
        ):
            kept.append(f)
    assert counted(items) == kept
