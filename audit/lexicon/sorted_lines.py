"""A table of text lines sorted by key, looked up by bisection in the text itself.

A shipped table of a few hundred thousand lines loads as one bytes object and two arrays of line
offsets (a read and a few NumPy scans: milliseconds), where a dict of its lines took a fifth of a
second or more at every start and five to ten times the memory. Worker processes forked after
``audit.auditor.preload`` share the bytes object without copying it (a dict's reference counts are
written to on every look-up, which copies its pages into every worker). A look-up costs a bisection
over the lines (a few microseconds); the callers cache their per-word answers.
"""

from __future__ import annotations

from array import array

from audit.errors import ModelError


class SortedLines:
    """Lines ``KEY`` or ``KEY<TAB>REST``, sorted by the UTF-8 bytes of KEY (which is also the code
    point order of the keys as Python strings compares them), each ending in a line break.

    As a sequence it is the sorted keys (``table[i]``, ``len(table)``), so ``bisect`` works on it as on
    a sorted list of strings; ``find`` and ``rest`` look a key up and read the rest of its line."""

    def __init__(self, data: bytes):
        import numpy as np  # finding 100,000s of line breaks and tabs in C, not in a Python loop

        self._data = data
        text = np.frombuffer(data, dtype=np.uint8)
        ends = np.flatnonzero(text == 0x0A)
        starts = np.concatenate(([0], ends + 1))  # line i is starts[i]:starts[i+1]-1
        tabs = np.flatnonzero(text == 0x09)
        self._check(data, starts, ends, tabs)
        if data and not data.endswith(b"\n"):
            raise ModelError("sorted table malformed: its last line has no line break")
        # each line's key ends at its first tab, or at its end when it has none
        first = np.searchsorted(tabs, starts[:-1])
        tab_or_end = np.append(tabs, len(data))[first]
        key_ends = np.minimum(tab_or_end, ends)
        self._starts = array("q", starts.astype(np.int64).tobytes())
        self._key_ends = array("q", key_ends.astype(np.int64).tobytes())

    def _check(self, data: bytes, starts, ends, tabs) -> None:
        """A subclass's check of the table's shape: line starts (and the end of the text), line breaks
        and tabs, as NumPy arrays of offsets."""

    def __len__(self) -> int:
        return len(self._key_ends)

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self._key_ends):
            raise IndexError(i)
        return self._data[self._starts[i] : self._key_ends[i]].decode("utf-8")

    def find(self, key: str) -> int:
        """The index of the first line whose key is ``key`` (exactly as written), -1 when none is."""
        encoded = key.encode("utf-8", "surrogatepass")
        data, starts, key_ends = self._data, self._starts, self._key_ends
        lo, hi = 0, len(key_ends)
        while lo < hi:  # bytes compare as their UTF-8 code points, the order the builder sorted in
            mid = (lo + hi) >> 1
            if data[starts[mid] : key_ends[mid]] < encoded:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(key_ends) or data[starts[lo] : key_ends[lo]] != encoded:
            return -1
        return lo

    def rest(self, i: int) -> str:
        """The text of line ``i`` after its first tab ("" when it has none)."""
        start, end = self._key_ends[i] + 1, self._starts[i + 1] - 1
        return self._data[start:end].decode("utf-8") if start <= end else ""

    def lines(self):
        """Every line (without its line break), in the table's order."""
        return self._data.decode("utf-8").split("\n")[:-1]
