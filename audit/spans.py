"""Lookups in a fixed set of character spans in O(log n), so that per-token questions ("is this word
inside a name?") stay linear in the article instead of quadratic.

Spans are sorted by start with a running maximum of their ends: the spans that start before a point
are a prefix of the list, and the running maximum says at once whether any of them reaches past it.
Written here rather than taken from ``intervaltree``: the spans never change after an article is read,
so two sorted arrays and ``bisect`` answer every query we need without a dependency or a tree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate


class SpanIndex:
    """A fixed set of half-open spans ``(start, end)``."""

    __slots__ = ("_ends", "_reach", "_starts", "spans")

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans: list[tuple[int, int]] = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        self._ends = [e for _, e in self.spans]
        #: _reach[i]: the largest end among spans[0..i]
        self._reach = list(accumulate(self._ends, max))

    def __len__(self) -> int:
        return len(self.spans)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.spans)

    def _back(self, last: int, past: int) -> Iterator[int]:
        """Indices i <= last, from last down, while some span at or before i ends after ``past``."""
        reach = self._reach
        i = last
        while i >= 0 and reach[i] > past:
            yield i
            i -= 1

    def contains(self, start: int, end: int) -> bool:
        """Whether one span holds all of [start, end)."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span shares a character with [start, end) (s < end and start < e)."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._reach[i] > start

    def containing(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The spans that hold all of [start, end), latest start first."""
        ends = self._ends
        for i in self._back(bisect_right(self._starts, start) - 1, end - 1):
            if ends[i] >= end:
                yield self.spans[i]

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The spans that share a character with [start, end), latest start first."""
        ends = self._ends
        for i in self._back(bisect_left(self._starts, end) - 1, start):
            if ends[i] > start:
                yield self.spans[i]

    def touching(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The spans with s <= end and start <= e (closed intervals: empty spans at either edge
        count), latest start first."""
        ends = self._ends
        for i in self._back(bisect_right(self._starts, end) - 1, start - 1):
            if ends[i] >= start:
                yield self.spans[i]
