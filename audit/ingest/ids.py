"""Which article ids repeat in a run, exactly, in about 20 bytes per distinct id.

``check`` warns when articles share an id (reports, baselines and fixed records are matched by id).
A feed of a million records has a million ids; a ``set`` of them (or of their hashes, as before) costs
some 64 bytes each in the parent process. Here each id is one 8-byte hash and one 8-byte offset in
two sorted arrays (merged with numpy, searched with bisect), and its text, without the ``FILE#`` part
that the records of one file share, in one ``bytearray``. A hash match is compared with the stored
text, so two ids whose hashes collide are never taken for one: the warning stays exact.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

#: distinct text before the last "#" of an id (a JSONL file's name) stored once and referred to by
#: number; past this many (every id a file path with a "#" in it) ids are stored whole
MAX_PREFIXES = 4096
#: new ids wait in a dict until there are this many (or 1/32 of those in the arrays) before they are
#: merged into the sorted arrays: each merge copies the arrays, so merging geometrically keeps the
#: copying linear in the number of ids
MIN_PENDING = 16_384
#: the first repeated ids that the warning names, with their counts
SHOWN = 3


def _varint(n: int) -> bytes:
    """``n`` in LEB128 (7 bits a byte, as protobuf writes lengths; the standard library has none)."""
    if n < 0x80:
        return _BYTES[n]
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


_BYTES = [bytes((n,)) for n in range(0x80)]


def _read_varint(data: bytearray, at: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[at]
        at += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, at
        shift += 7


class RepeatedIds:
    """Counts ids seen more than once (``add`` each article's label as it is reported)."""

    #: Python's own hash (cached on the string, salted per process): the table lives in this process
    #: only, and every match is checked against the text (tests put a colliding one here)
    hash = staticmethod(hash)

    def __init__(self) -> None:
        # every distinct id, at an offset of ``_store``: varint(length of what follows), a flag byte
        # (1 once the id has repeated), varint(prefix number + 1, or 0: none), the rest as UTF-8
        self._store = bytearray()
        self._prefixes: dict[str, int] = {}
        self._prefix_list: list[str] = []
        # hash -> offset, sorted by hash (equal hashes side by side), plus the newest in a dict; arrays
        # rather than numpy for the look-ups: bisect on an array costs a fraction of a numpy call
        self._hashes = array("q")
        self._offsets = array("q")
        self._pending: dict[int, int | list[int]] = {}
        self.distinct = 0  # distinct ids seen
        self.repeated_ids = 0  # distinct ids seen more than once
        self.repeats = 0  # articles whose id an earlier article had
        self.shown: dict[str, int] = {}  # the first SHOWN repeated ids: how often they repeated

    @property
    def repeated(self) -> bool:
        return self.repeats > 0

    def add(self, article_id: str) -> None:
        h = self.hash(article_id)
        for offset in self._candidates(h):
            if self._text(offset) == article_id:
                self._repeat(offset, article_id)
                return
        self._insert(h, article_id)

    def _candidates(self, h: int) -> list[int]:
        found = self._pending.get(h)
        out = [] if found is None else [found] if isinstance(found, int) else list(found)
        hashes = self._hashes
        lo = bisect_left(hashes, h)
        if lo < len(hashes) and hashes[lo] == h:
            out.extend(self._offsets[lo : bisect_right(hashes, h, lo)])
        return out

    def _text(self, offset: int) -> str:
        length, at = _read_varint(self._store, offset)
        end = at + 1 + length  # the flag byte, then what the length counts
        prefix, at = _read_varint(self._store, at + 1)  # past the flag byte
        rest = self._store[at:end].decode("utf-8", "surrogatepass")
        return self._prefix_list[prefix - 1] + rest if prefix else rest

    def _repeat(self, offset: int, article_id: str) -> None:
        _, flag = _read_varint(self._store, offset)
        if not self._store[flag]:
            self._store[flag] = 1
            self.repeated_ids += 1
            if len(self.shown) < SHOWN:
                self.shown[article_id] = 0
        self.repeats += 1
        if article_id in self.shown:
            self.shown[article_id] += 1

    def _insert(self, h: int, article_id: str) -> None:
        cut = article_id.rfind("#") + 1
        number = 0
        if cut:
            prefix = article_id[:cut]
            number = self._prefixes.get(prefix, 0)
            if not number and len(self._prefix_list) < MAX_PREFIXES:
                self._prefix_list.append(prefix)
                number = self._prefixes[prefix] = len(self._prefix_list)
        rest = (article_id[cut:] if number else article_id).encode("utf-8", "surrogatepass")
        body = b"\0" + _varint(number) + rest
        offset = len(self._store)
        self._store += _varint(len(body) - 1) + body  # the length counts from after the flag byte
        found = self._pending.get(h)
        if found is None:
            self._pending[h] = offset
        elif isinstance(found, int):
            self._pending[h] = [found, offset]
        else:
            found.append(offset)
        self.distinct += 1
        if len(self._pending) >= max(MIN_PENDING, len(self._hashes) // 32):
            self._merge()

    def _merge(self) -> None:
        # numpy on the first merge (16,384 distinct ids), not with the module: importing it costs about
        # 0.1 s, which a run that audits pays anyway (the tagger and the quality model use it), but a
        # command or a test that only counts ids need not
        import numpy as np

        pairs = [
            (h, o)
            for h, found in self._pending.items()
            for o in ([found] if isinstance(found, int) else found)
        ]
        new = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        new = new[np.argsort(new[:, 0], kind="stable")]
        hashes = np.frombuffer(self._hashes, dtype=np.int64)
        at = np.searchsorted(hashes, new[:, 0])
        merged_hashes = np.insert(hashes, at, new[:, 0])
        merged_offsets = np.insert(np.frombuffer(self._offsets, dtype=np.int64), at, new[:, 1])
        self._hashes, self._offsets = (
            array("q", merged_hashes.tobytes()),
            array("q", merged_offsets.tobytes()),
        )
        self._pending = {}

    def nbytes(self) -> int:
        """Roughly the memory held (the arrays and the store; not the pending dict's overhead)."""
        return (len(self._hashes) + len(self._offsets)) * 8 + len(self._store)

    def describe(self) -> str:
        counts = {i: n + 1 for i, n in self.shown.items()}  # + the first occurrence
        shown = ", ".join(f"{i!r} ({n}x)" for i, n in counts.items())
        more = f" and {self.repeated_ids - len(counts)} more" if self.repeated_ids > len(counts) else ""
        return (
            f"{self.repeats + self.repeated_ids} articles share {self.repeated_ids} id(s): {shown}{more};"
            " reports, baselines and fixed records are matched by id"
        )
