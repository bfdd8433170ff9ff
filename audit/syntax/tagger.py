"""Part-of-speech tags (STTS, as HanTa writes them: ``NN``, ``VV(FIN)``, ``APPR`` ...) for tokens.

The tagger is our own: an averaged structured perceptron (first-order, Viterbi) distilled from HanTa
(the Hanover Tagger) by ``scripts/build_tagger.py``, which tags corpus text with HanTa and trains on
it. Why not HanTa itself at run time: it tags about 8,000 tokens/s on one core, slower than the rest
of the auditor; this model agrees with it on about 97% of held-out tokens (models/syntax/metadata.json)
and tags an order of magnitude faster, because every feature is a function of one word and its offset
from the tagged token, so a word type's contribution to each offset is summed once and cached
(Zipf: most tokens repeat), and a sentence costs a few array additions and a Viterbi pass.

The model file holds the 64-bit hashes of its feature strings (sorted) and their weights as a sparse
matrix; nothing is built at load time but the lookup of features for words not seen yet.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from audit.segment import runs

#: Relative offsets of the words whose features score a token.
OFFSETS = (-2, -1, 0, 1, 2)
START, END = "<s>", "</s>"
#: The (offset, first-token) cases a word's features are computed for, in the rows of its matrix.
_GROUPS = ((-2, False), (-1, False), (0, False), (0, True), (1, False), (2, False))
#: Word types whose matrices a tagger keeps (see ``Tagger._compute``): a matrix and its key take about
#: 1.5 KB. On 20,000 one-sentence records (920,000 look-ups, 57,600 types; Zipf) the cache answers 90.9%
#: of the look-ups at 20,000 types, 92.9% at 50,000 (the bound before, 77 MB a worker), 88.9% at 10,000.
CACHE_SIZE = 20_000
#: ``tag_many`` computes the new word types of this many tokens at once: enough to spread numpy's fixed
#: cost per call, few enough that the lists ``_compute`` builds (an entry per feature of each new type,
#: some 30 KB a type) stay small. All of a long article's at once took 350 MB for 0.3 MB of text.
BATCH_TOKENS = 2_000


def shape(word: str) -> str:
    """Capitalisation and character classes, repeats collapsed: ``Jong-un`` -> ``Xx-x``."""
    out = []
    for ch in word[:12]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:5])


def word_features(word: str, offset: int, first: bool = False, sh: str | None = None) -> list[str]:
    """Feature strings contributed by ``word`` standing at ``offset`` from the tagged token;
    ``first``: the token is the first of its sentence (offset 0 only); ``sh``: ``shape(word)`` when
    the caller has it already."""
    if word in (START, END):
        return [f"{offset}w:{word}"]
    lower = word.lower()
    if offset == 0:
        sh = sh or shape(word)
        feats = ["b", f"0w:{lower}", f"0sh:{sh}", f"0f:{int(first)}{sh[:1]}"]
        if not first:
            feats.append(f"0W:{word}")
        feats.extend(f"0s{n}:{lower[-n:]}" for n in (1, 2, 3, 4, 5) if len(lower) > n)
        feats.append(f"0p3:{lower[:3]}")
        if "-" in word[1:]:
            feats.append(f"0h:{lower.rsplit('-', 1)[-1][-4:]}")
        return feats
    feats = [f"{offset}w:{lower}", f"{offset}s3:{lower[-3:]}"]
    if abs(offset) == 1:
        feats.extend((f"{offset}W:{word}", f"{offset}s2:{lower[-2:]}", f"{offset}sh:{sh or shape(word)}"))
    return feats


def feature_hash(feature: str) -> int:
    """A stable 64-bit hash (Python's own ``hash`` is salted per process)."""
    return int.from_bytes(_digest(feature), "little")


def _digest(feature: str) -> bytes:
    """The 8 bytes of ``feature_hash`` (little-endian)."""
    return hashlib.blake2b(feature.encode("utf-8", "surrogatepass"), digest_size=8).digest()


class Tagger:
    """Tags tokenised sentences. Thread-safe; keeps the matrices of up to ``CACHE_SIZE`` word types."""

    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as data:
            self.hashes = data["hashes"]  # sorted uint64, one per feature
            self.indptr = data["indptr"]  # CSR rows over (tags, weights)
            self.columns = data["columns"].astype(np.intp)
            self.values = data["values"].astype(np.float32)
            self.transitions = data["transitions"].astype(np.float32)  # (K + 1, K): row K is the start
            self.tags = [str(t) for t in json.loads(str(data["tags"]))]
        self.n_tags = len(self.tags)
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _matrices(self, words: Sequence[str]) -> list[np.ndarray]:
        """Each word's (6, K) matrix: its contribution at each offset (rows: -2, -1, 0, 0 as first
        token, +1, +2), from the cache or computed for all new word types at once."""
        cache = self._cache
        found = [cache.get(w) for w in words]
        missing = [w for w, mat in zip(words, found, strict=True) if mat is None]
        if not missing:
            return found
        new = self._compute(list(dict.fromkeys(missing)))
        return [new[w] if mat is None else mat for w, mat in zip(words, found, strict=True)]

    def _compute(self, words: list[str]) -> dict[str, np.ndarray]:
        """The matrices of ``words`` (distinct), cached: one sorted lookup and one ``bincount`` for all
        of them (a sentence's new word types), where numpy's fixed cost per call would dominate one
        word's few dozen features. Each cell sums its weights in the order of one word alone."""
        slots: list[int] = []
        features: list[str] = []
        for k, word in enumerate(words):
            sh = shape(word)  # four of the six groups use it
            for g, (offset, first) in enumerate(_GROUPS):
                if offset == 0 and word in (START, END):
                    continue
                group = word_features(word, offset, first, sh)
                features += group
                slots += [k * len(_GROUPS) + g] * len(group)
        # each distinct feature hashed once: suffixes, shapes and prefixes repeat across the words
        digests = {feature: _digest(feature) for feature in dict.fromkeys(features)}
        keys = np.frombuffer(
            b"".join(map(digests.__getitem__, features)), dtype="<u8"
        )  # feature_hash of each
        pos = np.minimum(np.searchsorted(self.hashes, keys), len(self.hashes) - 1)
        hit = self.hashes[pos] == keys
        rows, slot = pos[hit], np.array(slots, dtype=np.intp)[hit]
        starts, lens = self.indptr[rows], self.indptr[rows + 1] - self.indptr[rows]
        total = int(lens.sum())
        # the CSR ranges of all matched features, concatenated
        idx = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(starts, lens)
        flat = np.repeat(slot, lens) * self.n_tags + self.columns[idx]
        size = len(words) * len(_GROUPS) * self.n_tags
        mats = np.bincount(flat, weights=self.values[idx], minlength=size).astype(np.float32)
        new = dict(zip(words, mats.reshape(len(words), len(_GROUPS), self.n_tags), strict=True))
        with self._lock:
            # Bounded (issue 15: memory must not grow with a feed's vocabulary): a matrix takes about
            # 1.5 KB, so at most some 30 MB; the frequent words are back after a few sentences.
            if len(self._cache) + len(new) > CACHE_SIZE:
                self._cache.clear()
            self._cache.update(new)
        return new

    def emissions(self, tokens: Sequence[str]) -> np.ndarray:
        """(len(tokens), K) scores of each tag for each token, before transitions."""
        n = len(tokens)
        padded = np.stack(self._matrices((START, START, *tokens, END, END)))
        out = padded[2 : n + 2, 2].copy()
        out[0] = padded[2, 3]  # the first token's own features
        out += padded[0:n, 0] + padded[1 : n + 1, 1] + padded[3 : n + 3, 4] + padded[4 : n + 4, 5]
        return out

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """The best tag sequence for one sentence's tokens."""
        if not tokens:
            return []
        return [self.tags[k] for k in viterbi(self.emissions(tokens), self.transitions)]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """``tag`` for each sentence; the new word types of about ``BATCH_TOKENS`` tokens' sentences
        computed at once (each word's matrix is the same whichever batch computes it)."""
        out: list[list[str]] = []
        for lo, hi in runs([len(s) for s in sentences], BATCH_TOKENS):
            self._matrices([w for s in sentences[lo:hi] for w in s])
            out.extend(self.tag(s) for s in sentences[lo:hi])
        return out


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Best path through ``emissions`` (n, K) with ``transitions`` (K + 1, K), row K the start."""
    n, k = emissions.shape
    score = transitions[k] + emissions[0]
    back = np.empty((n, k), dtype=np.intp)
    # (cur, prev): each tag's best predecessor is a reduction over a contiguous row, and the flat
    # index picks its score (the same sums and the same first maximum as over (prev, cur) columns)
    trans = np.ascontiguousarray(transitions[:k].T)
    rows = np.arange(k) * k
    for i in range(1, n):
        total = trans + score
        back[i] = total.argmax(axis=1)
        score = total.ravel()[rows + back[i]] + emissions[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]
