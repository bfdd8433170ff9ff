"""The human quality annotation the quality estimator is fitted and measured on, as plain segments.

- ``mqm(year)``: MQM newstest2020 / 2021 en-de (../shared/data/qe): one segment per (system, segment)
  with its raw target text, source, document, and per rater the error spans (character offsets in the
  raw text, from the ``<v>...</v>`` marks) with their MQM points (Major 5, Minor 1, minor punctuation
  0.1, non-translation 25: scripts/fit_score.py's ``row_points``).
- ``wmt22_dev()``: the WMT22 QE development set (1,005 segments, one rater): text, MQM z-score, and
  the tokenised MT with its OK/BAD word tags (measured as scripts/eval_qe.py does).
- ``clean(words, skip_words)``: pseudo-articles of held-out human German (scripts/eval_clean.py),
  every token OK and every sentence 0 points: what error-free German looks like.
- ``mqm_ted()``: MQM TED talks 2021 en-de (../shared/data/qe/mqm-ted-ende), read as ``mqm``.
"""

from __future__ import annotations

import collections
import csv
import lzma
import re
from dataclasses import dataclass, field

from corpus import MQM_FILES, QE_DIR
from fit_score import row_points

MARK = re.compile(r"</?v>")


@dataclass
class Segment:
    dataset: str
    text: str
    system: str = ""
    seg_id: str = ""
    doc: str = ""
    source: str = ""
    #: per rater, the (start, end, points) of each error
    raters: dict[str, list[tuple[int, int, float]]] = field(default_factory=dict)
    z: float | None = None  # WMT22: the MQM z-score
    tokens: list[str] = field(default_factory=list)  # WMT22: the tokenised MT
    tags: list[str] = field(default_factory=list)  # WMT22: one OK/BAD per token

    @property
    def points(self) -> float:
        """MQM points, averaged over raters (0 without raters)."""
        if not self.raters:
            return 0.0
        return sum(sum(p for _, _, p in errors) for errors in self.raters.values()) / len(self.raters)


def _spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The raw text and the spans of ``<v>...</v>`` in it."""
    raw: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    length = 0
    start = None
    for m in MARK.finditer(marked):
        chunk = marked[position : m.start()]
        raw.append(chunk)
        length += len(chunk)
        if m.group() == "<v>":
            start = length
        elif start is not None:
            spans.append((start, length))
            start = None
        position = m.end()
    raw.append(marked[position:])
    return "".join(raw), spans


def mqm(year: str) -> list[Segment]:
    return _mqm(MQM_FILES[year], f"mqm{year}")


def mqm_ted() -> list[Segment]:
    return _mqm(QE_DIR / "mqm-ted-ende" / "mqm_ted_ende.tsv", "mqmted")


def _mqm(path, dataset: str) -> list[Segment]:
    opener = lzma.open if path.suffix == ".xz" else open
    segments: dict[tuple[str, str], Segment] = {}
    csv.field_size_limit(1 << 24)
    with opener(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["seg_id"])
            text, spans = _spans(row["target"])
            seg = segments.get(key)
            if seg is None:
                seg = segments[key] = Segment(
                    dataset, text, row["system"], row["seg_id"], row["doc"], row["source"]
                )
            errors = seg.raters.setdefault(row["rater"], [])
            points = row_points(row["category"], row["severity"])
            if points <= 0 or text != seg.text:
                continue
            if row["category"].startswith("Non-translation") or not spans:
                errors.append((0, len(text), points))  # the whole segment
            else:
                errors.extend((s, e, points / len(spans)) for s, e in spans)
    return [s for s in segments.values() if s.text.strip()]


def wmt22_dev() -> list[Segment]:
    """The WMT22 QE dev segments as scripts/eval_qe.py reads them."""
    from eval_qe import load

    return [
        Segment("wmt22dev", s["text"], source=s["src"], z=s["z"], tokens=s["tokens"], tags=s["tags"])
        for s in load()
    ]


def clean(words: int, skip_words: int = 0, paragraphs: int = 12) -> list[Segment]:
    from eval_clean import pseudo_articles

    return [
        Segment("clean", text, doc=f"{name}:{i}", raters={"corpus": []})
        for i, (name, text) in enumerate(pseudo_articles(words, paragraphs, skip_words))
    ]


def systems_by_segment(segments: list[Segment]) -> dict[str, list[int]]:
    """Indices of the segments that translate the same source segment (for pairwise accuracy)."""
    groups: dict[str, list[int]] = collections.defaultdict(list)
    for i, s in enumerate(segments):
        groups[s.seg_id].append(i)
    return groups
