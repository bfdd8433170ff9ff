"""Sequences kept on disk: the items and feature rows of a very long article's report.

A report holds about 65 bytes per word of its article (the sentences, with a probability per token, and
the findings), so one article of 50 MB held some 450 MB in the process that writes the report, growing
with the article while the formats that stream (``jsonl``, ``text``, ``github``) need one item at a
time. ``audit.window`` therefore moves each window's items into a ``Spilled`` sequence as the window
is audited: an unnamed temporary file (``tempfile.TemporaryFile``, in ``$TMPDIR``; gone when the
sequence is, or when the process ends however it ends) that holds the items a chunk at a time,
pickled, and reads a chunk back as it is reached. ``SpilledRows`` does the same for a numpy matrix that
grows by rows, read back through a memory map.

pickle rather than a database or an on-disk format of our own: the items are the report's own frozen
dataclasses, which pickle compactly (a token's probability is 24 bytes of a ``TokenQualities``), and
a chunk is read back whole, in order, by every consumer.
"""

from __future__ import annotations

import bisect
import pickle
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence

import numpy as np


def _temporary():
    return tempfile.TemporaryFile(prefix="mtaudit-spill-")


class TupleLike(Sequence):
    """A read-only sequence that stands in for a tuple of a report: equal to any sequence of the same
    items (and hashed as their tuple), pickled as that tuple, sliced into a tuple."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __reduce__(self):
        return tuple, (tuple(self),)

    def _position(self, index: int) -> int:
        """``index`` as a non-negative position; IndexError as a tuple's."""
        return range(len(self))[index]


class Spilled(TupleLike):
    """A sequence written a chunk at a time (``extend``) to a temporary file and read back as it is
    iterated or indexed. It compares equal to any sequence of the same items and pickles as a tuple."""

    def __init__(self, items: Iterable = ()):
        self._file = _temporary()
        self._lock = threading.Lock()  # reads seek the one file (os.pread is not on every platform)
        self._chunks: list[tuple[int, int]] = []  # (position, length) of each pickled chunk
        self._ends: list[int] = []  # items up to the end of each chunk
        self._end = 0  # the file's length
        self._cache: tuple[int, list] = (-1, [])  # the chunk last read by index
        self.extend(items)

    def extend(self, items: Iterable) -> None:
        """Append ``items`` as one chunk."""
        items = list(items)
        if not items:
            return
        data = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._file.seek(self._end)
            self._file.write(data)
            self._file.flush()
        self._chunks.append((self._end, len(data)))
        self._ends.append(len(self) + len(items))
        self._end += len(data)

    def _load(self, k: int) -> list:
        position, length = self._chunks[k]
        with self._lock:
            self._file.seek(position)
            data = self._file.read(length)
        return pickle.loads(data)

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __iter__(self) -> Iterator:
        for k in range(len(self._chunks)):
            yield from self._load(k)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        index = self._position(index)
        k = bisect.bisect_right(self._ends, index)
        cached, chunk = self._cache
        if cached != k:
            chunk = self._load(k)
            self._cache = (k, chunk)
        return chunk[index - (self._ends[k - 1] if k else 0)]

    def __repr__(self) -> str:
        return f"Spilled({len(self)} items in {self._end} bytes)"


class SpilledRows:
    """A float64 matrix of ``columns`` columns, written by blocks of rows (``append``) to a temporary
    file; ``array`` maps it back read-only (an ``np.memmap``, paged in as it is used)."""

    def __init__(self, columns: int):
        self.columns = columns
        self.rows = 0
        self._file = _temporary()

    def append(self, block: np.ndarray) -> None:
        block = np.ascontiguousarray(block, dtype=np.float64).reshape(-1, self.columns)
        self._file.write(block.tobytes())
        self.rows += len(block)

    def array(self) -> np.ndarray:
        self._file.flush()
        if not self.rows:  # mmap cannot map an empty file
            return np.zeros((0, self.columns))
        return np.memmap(self._file, dtype=np.float64, mode="r", shape=(self.rows, self.columns))


__all__ = ["Spilled", "SpilledRows", "TupleLike"]
