"""audit.ingest.ids.RepeatedIds: the duplicate-id warning of ``check``, exact in compact memory."""

from __future__ import annotations

import random
from collections import Counter

from audit.ingest.ids import RepeatedIds


def _expected(labels: list[str]) -> tuple[int, int, dict[str, int]]:
    """(articles sharing an id, ids shared, the first three repeated ids with their counts), the plain way."""
    seen: set[str] = set()
    order: list[str] = []
    for label in labels:
        if label in seen and label not in order:
            order.append(label)
        seen.add(label)
    counts = Counter(labels)
    repeated = {i: counts[i] for i in order}
    return sum(repeated.values()), len(repeated), {i: repeated[i] for i in order[:3]}


def _check(ids: RepeatedIds, labels: list[str]) -> None:
    for label in labels:
        ids.add(label)
    total, shared, shown = _expected(labels)
    assert ids.repeated == bool(shared)
    assert (ids.repeats + ids.repeated_ids, ids.repeated_ids) == (total, shared)
    assert {i: n + 1 for i, n in ids.shown.items()} == shown
    assert ids.distinct == len(set(labels))


class _Colliding(RepeatedIds):
    """Every id hashes to one of four values: every look-up meets ids it must tell apart by text."""

    hash = staticmethod(lambda text: len(text) % 4)


def test_ids_with_colliding_hashes_are_never_taken_for_one():
    labels = [f"feed.jsonl#{i}" for i in range(600)] + ["feed.jsonl#7", "other.jsonl#7", "feed.jsonl#7"]
    ids = _Colliding()
    _check(ids, labels)
    assert ids.describe().startswith("3 articles share 1 id(s): 'feed.jsonl#7' (3x);")


def test_ids_merged_into_the_sorted_arrays_stay_exact(monkeypatch):
    monkeypatch.setattr("audit.ingest.ids.MIN_PENDING", 500)  # many merges on a small input
    rng = random.Random(15)
    # records of two files, ids that repeat now and then, plain ids, ids with "#" and non-ASCII
    labels = [f"/feeds/a.jsonl#{i}" for i in range(20_000)]
    labels += [f"b#c.jsonl#{rng.randrange(30_000)}" for _ in range(10_000)]
    labels += [f"Straße-{i}" for i in range(2000)] + ["Straße-17", "x#", "x#", "#", "\ud800#\ud800"] * 2
    rng.shuffle(labels)
    ids = RepeatedIds()
    _check(ids, labels)
    assert len(ids._hashes) > 20_000  # the sorted arrays were used, not only the pending dict
    # 8-byte hash, 8-byte offset and the id without its file name: ~20 bytes per id, a set took ~64
    assert ids.nbytes() < 30 * ids.distinct


def test_prefixes_past_the_limit_are_stored_whole(monkeypatch):
    monkeypatch.setattr("audit.ingest.ids.MAX_PREFIXES", 2)
    labels = [f"f{i % 5}.jsonl#{i % 7}" for i in range(100)]
    ids = RepeatedIds()
    _check(ids, labels)
    assert len(ids._prefix_list) == 2


def test_describe_names_three_and_counts_the_rest():
    ids = RepeatedIds()
    for label in ["a", "b", "a", "c", "b", "d", "c", "e", "e", "e", "a"]:
        ids.add(label)
    assert ids.describe() == (
        "10 articles share 4 id(s): 'a' (3x), 'b' (2x), 'c' (2x) and 1 more;"
        " reports, baselines and fixed records are matched by id"
    )
