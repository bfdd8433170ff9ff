"""Property-based tests (hypothesis): edits never touch text outside their spans, the choice among
overlapping edits does not depend on their order, and composing rounds of edits is exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.correct.apply import apply_edits, compose, expand_line_deletions
from audit.correct.edits import Edit, conflicts, priority, resolve_overlaps

ALPHABET = st.sampled_from(list("ab äß\n\r.С"))
TEXT = st.text(ALPHABET, max_size=40)
REPLACEMENT = st.text(st.sampled_from(list("xyü \n")), max_size=4)


@st.composite
def edit_sets(draw, text: str | None = None, disjoint: bool = True):
    """A text and edits on it: non-overlapping ones (``disjoint``) or any."""
    text = draw(TEXT) if text is None else text
    n = len(text)
    if disjoint:
        cuts = sorted(draw(st.lists(st.integers(0, n), max_size=10)))
        spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        spans = [(s, e) for k, (s, e) in enumerate(spans) if k == 0 or s > spans[k - 1][1] or s < e]
    else:
        pairs = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=8))
        spans = [tuple(sorted(p)) for p in pairs]
    edits = [
        Edit(
            s,
            e,
            draw(REPLACEMENT),
            draw(st.sampled_from(["r1", "r2", "r3"])),
            "typography",
            draw(st.sampled_from(["safe", "unsafe"])),
            draw(st.sampled_from(["minor", "major", "critical"])),
            draw(st.sampled_from([0.5, 0.9, 1.0])),
        )
        for s, e in spans
    ]
    if disjoint:
        edits = resolve_overlaps(edits)  # drop insertions that share a start
    return text, edits


@given(edit_sets())
@settings(max_examples=300, deadline=None)
def test_applying_edits_keeps_everything_outside_their_spans(case):
    text, edits = case
    result = apply_edits(text, edits)
    # walk the result: between the edits it holds exactly the original text, in the edits their replacement
    pos_text = pos_result = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        gap = e.start - pos_text
        assert result[pos_result : pos_result + gap] == text[pos_text : e.start]
        pos_result += gap
        assert result[pos_result : pos_result + len(e.replacement)] == e.replacement
        pos_result += len(e.replacement)
        pos_text = e.end
    assert result[pos_result:] == text[pos_text:]


@given(edit_sets(disjoint=False), st.randoms(use_true_random=False))
@settings(max_examples=300, deadline=None)
def test_overlap_resolution_is_deterministic_and_order_independent(case, rnd):
    text, edits = case
    kept = resolve_overlaps(edits)
    shuffled = list(edits)
    rnd.shuffle(shuffled)
    assert resolve_overlaps(shuffled) == kept
    assert resolve_overlaps(list(reversed(edits))) == kept
    # what is kept can be applied together; what is dropped lost to a kept edit at least as wanted
    assert all(not conflicts(a, b) for i, a in enumerate(kept) for b in kept[i + 1 :])
    for e in set(edits) - set(kept):
        assert any(conflicts(e, k) and priority(k) <= priority(e) for k in kept)
    apply_edits(text, kept)


@given(edit_sets(), st.data())
@settings(max_examples=300, deadline=None)
def test_compose_equals_applying_the_rounds_one_after_the_other(case, data):
    original, first = case
    middle = apply_edits(original, first)
    _, second = data.draw(edit_sets(text=middle))
    combined = compose(original, first, second)
    assert apply_edits(original, combined) == apply_edits(middle, second)


@given(edit_sets())
@settings(max_examples=300, deadline=None)
def test_widened_line_deletions_only_remove_lines_and_line_breaks(case):
    text, edits = case
    widened = expand_line_deletions(text, edits)
    assert all(not conflicts(a, b) for i, a in enumerate(widened) for b in widened[i + 1 :])
    narrow = apply_edits(text, edits)
    wide = apply_edits(text, widened)
    # widening takes away only whitespace and line breaks the narrow edits left behind
    assert [c for c in wide if not c.isspace()] == [c for c in narrow if not c.isspace()]
    for w in widened:
        assert any(e.start >= w.start and e.end <= w.end and e.replacement == w.replacement for e in edits)
