"""Sentence alignment of an article with its source or its reference.

Line structure first: when the two texts have as many paragraphs (non-empty lines) and their lengths
agree, paragraph i of one is paired with paragraph i of the other, and only the sentences inside each
pair are aligned.
Otherwise the sentences of the whole texts are aligned at once. Sentences are paired one to one when
the counts agree; else by length with Gale & Church's method (1993): dynamic programming over 1-1,
1-0, 0-1, 2-1, 1-2 and 2-2 beads, each bead's cost the log-probability of its length difference
under a normal model plus the log-prior of its kind (a 1-0 or 0-1 bead, the prior alone).

Written here rather than taken from a library: the aligners on PyPI that do better (vecalign,
bertalign) need sentence embeddings we cannot ship, and the plain Gale-Church packages hold no more
than these sixty lines and no banding (the band keeps a 100,000-sentence feed linear).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from audit.segment import segment_like

#: prior probabilities of the bead kinds (Gale & Church 1993, table 5)
_PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
_COST = {kind: -math.log(p) for kind, p in _PRIORS.items()}
#: variance of the length difference per character (Gale & Church's s^2)
_VARIANCE = 6.8
#: how far from the diagonal the search goes, in sentences: beads far off it are never the best
_BAND = 40


@dataclass(frozen=True, slots=True)
class Pair:
    """One bead: a span of the article and the span of the other text it translates or matches.
    Either is None for a sentence with no counterpart (an omission, or an addition)."""

    target: tuple[int, int] | None
    other: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Alignment:
    #: "lines" (paragraph i with paragraph i) or "sentences" (the whole texts at once)
    method: str
    pairs: tuple[Pair, ...]

    def pair_of(self, sentences) -> list[int | None]:
        """For each of ``sentences`` (in article order), the index of the pair whose article span holds
        it, or None; one walk over both lists."""
        placed = [(k, p.target) for k, p in enumerate(self.pairs) if p.target is not None]
        out: list[int | None] = []
        i = 0
        for s in sentences:
            while i < len(placed) and placed[i][1][1] < s.end:
                i += 1
            inside = i < len(placed) and placed[i][1][0] <= s.start
            out.append(placed[i][0] if inside else None)
        return out

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "pairs": len(self.pairs),
            "unmatched_target": sum(1 for p in self.pairs if p.other is None),
            "unmatched_other": sum(1 for p in self.pairs if p.target is None),
        }


def _bead_cost(length_a: int, length_b: int, ratio: float) -> float:
    """-log P(lengths | a bead): a two-sided tail of the normal model of Gale & Church."""
    if length_a == 0 or length_b == 0:
        # a sentence with no counterpart costs its prior alone: with the length term as well, a long
        # omitted sentence would cost more than pairing every later sentence with the wrong one
        return 0.0
    mean = (length_a + length_b / ratio) / 2
    delta = (length_b - length_a * ratio) / math.sqrt(max(mean, 1.0) * _VARIANCE)
    tail = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(tail, 1e-300))


def align_lengths(a: list[int], b: list[int]) -> list[tuple[list[int], list[int]]]:
    """Gale-Church beads over two lists of sentence lengths: each bead as (indices in a, indices in b)."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    # Gale & Church's c = 1 (one character of one language for one of the other): estimating it from
    # the texts' totals lets a long omission or addition skew every bead's cost
    ratio = 1.0
    inf = float("inf")
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        centre = round(i * m / n)
        for j in range(max(0, centre - _BAND), min(m, centre + _BAND) + 1):
            if i == 0 and j == 0:
                continue
            best, move = inf, None
            for (di, dj), prior in _COST.items():
                if di > i or dj > j:
                    continue
                previous = cost.get((i - di, j - dj))
                if previous is None:
                    continue
                c = previous + prior + _bead_cost(sum(a[i - di : i]), sum(b[j - dj : j]), ratio)
                if c < best:
                    best, move = c, (di, dj)
            if move is not None:
                cost[i, j] = best
                back[i, j] = move
    if (n, m) not in back:  # the texts differ so much that the band missed the corner: pair nothing
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i, j]
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


#: abbreviations of the source languages (mostly English) after which the German segmenter ends a
#: sentence that goes on ("the U.S. Supreme Court", "on Oct. 1"): such a split would leave a source
#: "sentence" with no counterpart and pull the alignment out of place
_FOREIGN_ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|Jr|Sr|St|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Capt|Prof|No|vs|Inc|Corp|Co|Ltd"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|a\.m|p\.m|e\.g|i\.e|etc|approx|Sra?|Srta|Mme|Mlle|Sig)\.)$"
)


def _sentence_spans(paragraph, text: str | None = None) -> list[tuple[int, int]]:
    """The paragraph's sentence spans; with ``text`` (the whole text), sentences that end in one of
    ``_FOREIGN_ABBREVIATIONS`` joined to the next."""
    spans = [(s.start, s.end) for s in paragraph.sentences]
    if text is None:
        return spans
    out: list[tuple[int, int]] = []
    for span in spans:
        if out and _FOREIGN_ABBREVIATIONS.search(text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _pairs(target: list[tuple[int, int]], other: list[tuple[int, int]]) -> list[Pair]:
    if len(target) == len(other):
        return [Pair(t, o) for t, o in zip(target, other, strict=True)]
    beads = align_lengths([e - s for s, e in other], [e - s for s, e in target])
    out = []
    for other_ids, target_ids in beads:
        t = (target[target_ids[0]][0], target[target_ids[-1]][1]) if target_ids else None
        o = (other[other_ids[0]][0], other[other_ids[-1]][1]) if other_ids else None
        out.append(Pair(t, o))
    return out


def _lines_match(mine, theirs) -> bool:
    """Whether paragraph i of one text plausibly translates paragraph i of the other: each pair's
    length ratio within a factor of two of the texts' overall ratio (a line split differently in
    the other text fails this, and the sentences are then aligned without the lines)."""
    ratio = (sum(len(p.text) for p in mine) or 1) / (sum(len(p.text) for p in theirs) or 1)
    return all(0.5 <= len(a.text) / (len(b.text) * ratio) <= 2.0 for a, b in zip(mine, theirs, strict=True))


def align(article, other: str) -> Alignment:
    """Align the sentences of ``article`` (an Article) with those of the text ``other``."""
    theirs = segment_like(article, other)
    if len(theirs) == len(article.paragraphs) and _lines_match(article.paragraphs, theirs):
        pairs = []
        for mine, their in zip(article.paragraphs, theirs, strict=True):
            pairs.extend(_pairs(_sentence_spans(mine), _sentence_spans(their, other)))
        return Alignment("lines", tuple(pairs))
    target = [(s.start, s.end) for s in article.sentences]
    other_spans = [span for p in theirs for span in _sentence_spans(p, other)]
    return Alignment("sentences", tuple(_pairs(target, other_spans)))
