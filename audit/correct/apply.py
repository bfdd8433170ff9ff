"""Applying edits, and the fix loop: check, apply, check the corrected text again, until nothing changes.

``fix_article`` is what ``mtaudit fix`` and ``audit.fix`` run. Each round audits the current text,
turns the findings into edits (``audit.correct.edits``), widens deletions that empty whole lines so
that the line break goes too, applies them, and records them in the coordinates of the original
text; it stops when a round finds nothing to apply (so fixing the result again changes nothing), when
it would come back to a text it has already produced, or after ``max_rounds``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Protocol

from audit.correct.edits import SAFE, UNSAFE, Edit, conflicts, edits_from_findings, resolve_overlaps
from audit.document import Article, Finding, Report, SentenceReport
from audit.segment import make_article
from audit.spans import SpanIndex

MAX_ROUNDS = 4
_LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")
_BARE_LF_RE = re.compile(r"(?<!\r)\n")


class Checker(Protocol):
    """What the fix loop needs of an auditor."""

    def check_article(self, article: Article) -> Report: ...


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; the edits must not conflict (see ``resolve_overlaps``)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces = []
    pos = 0
    for i, edit in enumerate(ordered):
        if edit.end > len(text):
            raise ValueError(f"edit [{edit.start}, {edit.end}) beyond the end of the text ({len(text)})")
        if i and conflicts(ordered[i - 1], edit):
            raise ValueError(f"overlapping edits at {edit.start}: resolve them first")
        pieces.append(text[pos : edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end of content, end including the line break) of every line."""
    lines = []
    pos = 0
    for m in _LINE_BREAK_RE.finditer(text):
        lines.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        lines.append((pos, len(text), len(text)))
    return lines


def expand_line_deletions(text: str, edits: Sequence[Edit]) -> list[Edit]:
    """Widen deletions that leave whole lines empty so that the lines go, with their line breaks.

    A line is emptied when deletions cover all its non-space characters and no other edit touches it.
    A run of emptied lines (blank lines between them included) is removed together with the line
    break and blank lines after it, so that the paragraph separator before it stays; at the end of the
    text the separator before it goes instead and the final line break stays. The widened span is
    shared out among the run's deletions, so that each keeps its rule. Input: non-conflicting edits.
    """
    if not any(e.is_deletion for e in edits):
        return list(edits)
    covered = bytearray(len(text))
    for e in edits:
        if e.is_deletion:
            covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    lines = _lines(text)
    blank = [not text[s:c].strip() for s, c, _ in lines]

    def emptied(i: int) -> bool:
        s, c, _ = lines[i]
        if blank[i]:
            return False
        if any(not e.is_deletion and e.start <= c and s <= e.end for e in edits):
            return False
        return all(covered[k] or text[k].isspace() for k in range(s, c))

    removed = [emptied(i) for i in range(len(lines))]
    result = list(edits)
    i = 0
    while i < len(lines):
        if not removed[i]:
            i += 1
            continue
        first = last = i
        j = i + 1
        while j < len(lines) and (removed[j] or blank[j]):
            if removed[j]:
                last = j
            j += 1
        i = last + 1
        result = _widen_block(text, lines, blank, first, last, result)
    return sorted(result, key=lambda e: (e.start, e.end))


def _widen_block(
    text: str, lines: list[tuple[int, int, int]], blank: list[bool], first: int, last: int, edits: list[Edit]
) -> list[Edit]:
    block_start, block_end = lines[first][0], lines[last][1]
    inside = [e for e in edits if block_start <= e.start and e.end <= lines[last][2] and e.is_deletion]
    following = next((k for k in range(last + 1, len(lines)) if not blank[k]), None)
    preceding = next((k for k in range(first - 1, -1, -1) if not blank[k]), None)
    if following is not None:
        span = (block_start, lines[following][0])
    elif preceding is not None:
        span = (lines[preceding][1], block_end)
    else:
        span = (0, len(text))
    outside = [e for e in edits if e not in inside]
    probe = Edit(span[0], span[1], "", "", "")
    if any(e.start < span[0] or e.end > span[1] for e in inside):
        return edits  # a deletion already takes a line break the widened span would keep: leave it be
    if not inside or any(conflicts(probe, e) for e in outside):
        return edits  # an edit reaches across the block's edge: leave the lines as the edits leave them
    inside.sort(key=lambda e: (e.start, e.end))
    starts = [span[0]] + [e.start for e in inside[1:]]
    ends = [e.start for e in inside[1:]] + [span[1]]
    widened = [replace(e, start=s, end=t) for e, s, t in zip(inside, starts, ends, strict=True)]
    return outside + widened


def compose(original: str, done: Sequence[Edit], new: Sequence[Edit]) -> list[Edit]:
    """Edits on ``original`` that do what ``done`` (edits on ``original``) and then ``new`` (edits on
    the text ``done`` produced) do together. A new edit that overlaps an earlier one merges with it
    and keeps the earlier edit's rule."""
    combined = sorted(done, key=lambda e: (e.start, e.end))
    if not combined:
        return sorted(new, key=lambda e: (e.start, e.end))
    for n in sorted(new, key=lambda e: (e.start, e.end), reverse=True):
        current = apply_edits(original, combined)
        spans, shifts, shift = [], [], 0
        for e in combined:
            shifts.append(shift)
            start = e.start + shift
            spans.append((start, start + len(e.replacement)))
            shift += len(e.replacement) - (e.end - e.start)
        shifts.append(shift)
        # Merge with the earlier edits this one overlaps, or touches where one of the two is empty
        # (an insertion, or what is left of a deletion); merely adjacent edits stay apart.
        group = [
            k
            for k, (s, t) in enumerate(spans)
            if (s < n.end and n.start < t) or ((s == t or n.start == n.end) and s <= n.end and n.start <= t)
        ]
        if group:
            k0, k1 = group[0], group[-1]
        else:
            k0 = sum(1 for _, t in spans if t <= n.start)
            k1 = k0 - 1  # an empty group, between k0 - 1 and k0
        while True:
            edit = _merge(original, current, combined, spans, shifts, k0, k1, n)
            clash = [k for k, e in enumerate(combined) if not k0 <= k <= k1 and conflicts(edit, e)]
            if not clash:
                break
            k0, k1 = min([k0, *clash]), max([k1, *clash])
        combined[k0 : k1 + 1] = [] if edit.replacement == original[edit.start : edit.end] else [edit]
    return combined


def _merge(original, current, combined, spans, shifts, k0: int, k1: int, n: Edit) -> Edit:
    """The edit on ``original`` that does what the earlier edits ``combined[k0:k1+1]`` and the new edit
    ``n`` (on ``current``) do together; with no earlier edits (k1 < k0), ``n`` moved to ``original``."""
    if k1 < k0:
        return replace(n, start=n.start - shifts[k0], end=n.end - shifts[k0])
    (s0, _), (_, t1) = spans[k0], spans[k1]
    start = combined[k0].start if s0 <= n.start else n.start - shifts[k0]
    end = combined[k1].end if t1 >= n.end else n.end - shifts[k1 + 1]
    text = current[min(s0, n.start) : n.start] + n.replacement + current[n.end : max(t1, n.end)]
    return replace(combined[k0], start=start, end=end, replacement=text)


def _newline_of(text: str) -> str:
    """The text's line break: "\\r\\n" when most of its breaks are, else "\\n"."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


@dataclass(frozen=True)
class FixResult:
    """The outcome of fixing one article."""

    article: Article
    text: str
    #: the applied edits, in the coordinates of the original text, sorted
    edits: tuple[Edit, ...]
    #: the audit of the corrected text (its last check)
    report: Report
    #: rounds that changed the text
    rounds: int
    #: whether the last check found nothing more to apply (fixing ``text`` again changes nothing)
    stable: bool

    @property
    def original(self) -> str:
        return self.article.text

    @property
    def changed(self) -> bool:
        return self.text != self.article.text

    @property
    def unsafe_available(self) -> int:
        """Fixes left in the corrected text that need ``unsafe`` (what ``--unsafe`` would add)."""
        return sum(
            1 for e in edits_from_findings(self.report.findings, unsafe=True) if e.applicability == UNSAFE
        )


@dataclass
class FixStats:
    """Counts over a batch of fixed articles, for the summary line of ``mtaudit fix``."""

    files: int = 0
    files_changed: int = 0
    records: int = 0
    records_changed: int = 0
    edits: int = 0
    unsafe_left: int = 0
    by_category: Counter[str] = field(default_factory=Counter)

    def add(self, result: FixResult, *, record: bool, unsafe: bool) -> None:
        """Count one article (a JSONL record or a text file) as fixed (or, in a dry run, as seen)."""
        if record:
            self.records += 1
            self.records_changed += result.changed
        else:
            self.files += 1
            self.files_changed += result.changed
        self.edits += len(result.edits)
        self.unsafe_left += 0 if unsafe else result.unsafe_available
        self.by_category.update(edit.category for edit in result.edits)

    def update(self, other: FixStats) -> None:
        """Add the counts of ``other`` (an input's, once it is written): every field, summed."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))  # Counter: by key

    @property
    def changed(self) -> int:
        return self.files_changed + self.records_changed

    def summary(self, *, dry_run: bool, unsafe: bool) -> str:
        """ "would change 2 of 5 files, 17 edits (boilerplate 9, glued 4, ...); 12 more with --unsafe"."""
        verb = "would change" if dry_run else "changed"
        parts = [
            f"{verb} {changed} of {total} {noun if total == 1 else noun + 's'}"
            for changed, total, noun in (
                (self.files_changed, self.files, "file"),
                (self.records_changed, self.records, "record"),
            )
            if total
        ]
        line = f"{'; '.join(parts) or 'nothing to fix'}, {self.edits} edit{'' if self.edits == 1 else 's'}"
        if self.by_category:
            ranked = sorted(self.by_category.items(), key=lambda kv: (-kv[1], kv[0]))
            line += " (" + ", ".join(f"{name} {n}" for name, n in ranked) + ")"
        if self.unsafe_left and not unsafe:
            line += f"; {self.unsafe_left} more with --unsafe"
        return line


def fix_article(
    checker: Checker, article: Article, *, unsafe: bool = False, max_rounds: int = MAX_ROUNDS
) -> FixResult:
    """Fix ``article`` with the edits ``checker``'s findings propose (safe ones unless ``unsafe``)."""
    original = article.text
    newline = _newline_of(original)
    text, current, done = original, article, []
    seen = {original}
    rounds = 0
    while True:
        report = checker.check_article(current)
        edits = resolve_overlaps(edits_from_findings(report.findings, unsafe=unsafe))
        if newline != "\n":
            edits = [replace(e, replacement=_BARE_LF_RE.sub(newline, e.replacement)) for e in edits]
        edits = expand_line_deletions(text, edits)
        new_text = apply_edits(text, edits)
        if new_text == text:
            return FixResult(article, text, tuple(done), report, rounds, stable=True)
        if rounds == max_rounds or new_text in seen:
            return FixResult(article, text, tuple(done), report, rounds, stable=False)
        seen.add(new_text)
        done = compose(original, done, edits)
        text = new_text
        rounds += 1
        current = make_article(
            text,
            id=article.id,
            path=article.path,
            encoding=article.encoding,
            source=article.source,
            reference=article.reference,
            extra=article.extra,
            record=article.record,
        )


def sentence_corrections(article: Article, findings: Sequence[Finding]) -> list[str | None]:
    """The proposed correction of every sentence of ``article`` (None where no finding inside it has a
    suggestion): its findings' first suggestions, safe and unsafe, applied to the sentence; "" when the
    sentence is to be deleted as a whole. Deletions reaching beyond the sentence count for the part
    inside it."""
    edits = resolve_overlaps(edits_from_findings(findings, unsafe=True))  # sorted by position
    index = SpanIndex((e.start, e.end) for e in edits)
    by_span: dict[tuple[int, int], list[Edit]] = {}
    for e in edits:
        by_span.setdefault((e.start, e.end), []).append(e)
    out: list[str | None] = []
    for sentence in article.sentences:
        local = []
        # the edits that touch the sentence, in their order (an index: a scan of all edits per
        # sentence made long articles quadratic)
        near = sorted(set(index.touching(sentence.start, sentence.end)))
        for e in (e for span in near for e in by_span[span]):
            if sentence.start <= e.start and e.end <= sentence.end:
                local.append(replace(e, start=e.start - sentence.start, end=e.end - sentence.start))
            elif e.is_deletion and e.start < sentence.end and sentence.start < e.end:
                start, end = max(e.start, sentence.start), min(e.end, sentence.end)
                local.append(replace(e, start=start - sentence.start, end=end - sentence.start))
        if not local:
            out.append(None)
            continue
        corrected = apply_edits(sentence.text, local)
        if corrected == sentence.text:
            out.append(None)
        else:
            out.append(corrected if corrected.strip() else "")
    return out


def attach_corrections(
    article: Article, findings: Sequence[Finding], sentences: Sequence[SentenceReport]
) -> tuple[SentenceReport, ...]:
    """``sentences`` (one report per sentence of ``article``) with their ``correction`` filled."""
    corrections = sentence_corrections(article, findings)
    return tuple(
        r if c is None else replace(r, correction=c) for r, c in zip(sentences, corrections, strict=True)
    )


__all__ = [
    "MAX_ROUNDS",
    "SAFE",
    "Checker",
    "FixResult",
    "FixStats",
    "apply_edits",
    "attach_corrections",
    "compose",
    "expand_line_deletions",
    "fix_article",
    "sentence_corrections",
]
