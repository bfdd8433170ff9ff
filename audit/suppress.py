"""Suppressions written in the input itself: Markdown/HTML comments and a JSONL record key.

- ``<!-- mtaudit: ignore untranslated-word, casing -->`` on a line of its own: the next non-empty line
  (a paragraph, for the segmenter) is not reported for those rules or categories; on a line with text,
  that line. With no names, every rule. In a Markdown or HTML file, whose paragraphs run over line
  breaks, the whole paragraph that line is in.
- ``<!-- mtaudit: ignore-file untranslated-word -->`` anywhere: the whole article.
- JSONL: ``"mtaudit_ignore": ["untranslated-word", "casing"]`` or ``true`` (every rule) in a record.

Findings inside the directive comments themselves are never reported (they are not article text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from audit.document import Article, Finding
from audit.markup import structure_of

DIRECTIVE = re.compile(r"<!--\s*mtaudit\s*:\s*(?P<kind>ignore-file|ignore)\b(?P<names>.*?)-->", re.DOTALL)
RECORD_KEY = "mtaudit_ignore"
ALL = "*"


@dataclass
class Suppressions:
    """What one article's directives suppress. Spans are ``[start, end)`` offsets into its text."""

    #: (start, end, names): findings overlapping the span whose rule or category is in names (ALL: any)
    spans: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)
    #: spans of the directive comments themselves
    comments: list[tuple[int, int]] = field(default_factory=list)
    #: (where, name) of names that are no rule or category, for a warning
    unknown: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.spans or self.comments)

    def suppresses(self, finding: Finding) -> bool:
        if any(s <= finding.start and finding.end <= e for s, e in self.comments):
            return True
        for start, end, names in self.spans:
            overlaps = finding.start < end and start < finding.end
            if overlaps and (ALL in names or finding.rule in names or finding.category in names):
                return True
        return False


def _names(raw: str) -> frozenset[str]:
    names = frozenset(n for n in re.split(r"[\s,]+", raw.strip()) if n)
    return names or frozenset({ALL})


def _lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line, line break excluded."""
    spans, start = [], 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def parse(article: Article, known: Iterable[str] = ()) -> Suppressions:
    """The suppressions of ``article``; ``known`` (rule ids and categories) lets unknown names be warned of."""
    known = set(known)
    out = Suppressions()
    text = article.text
    where = article.path or article.id

    ignore = article.extra.get(RECORD_KEY)
    if ignore is True:
        out.spans.append((0, len(text), frozenset({ALL})))
    elif isinstance(ignore, list) and all(isinstance(n, str) for n in ignore):
        if ignore:
            out.spans.append((0, len(text), frozenset(ignore)))
            out.unknown.extend((where, n) for n in ignore if known and n not in known)
    elif ignore not in (None, False):
        out.problems.append(f'{where}: "{RECORD_KEY}" must be true or a list of rule ids or categories')

    if "mtaudit" not in text:
        return out
    lines = _lines(text)
    for m in DIRECTIVE.finditer(text):
        out.comments.append((m.start(), m.end()))
        names = _names(m.group("names"))
        line_no = text.count("\n", 0, m.start()) + 1
        if known:
            out.unknown.extend(
                (f"{where}:{line_no}", n) for n in sorted(names) if n != ALL and n not in known
            )
        if m.group("kind") == "ignore-file":
            out.spans.append((0, len(text), names))
            continue
        start, end = _target(text, lines, m.start(), m.end())
        if structure_of(article.path) != "lines":
            start, end = _paragraph_of(article, start, end)
        out.spans.append((start, end, names))
    return out


def _paragraph_of(article: Article, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the Markdown or HTML paragraphs it overlaps (a line of a wrapped
    paragraph stands for the paragraph)."""
    for p in article.paragraphs:
        if p.start < end and start < p.end:
            start, end = min(start, p.start), max(end, p.end)
    return start, end


def _target(text: str, lines: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The line a directive at ``[start, end)`` applies to: its own when it holds other text, else the next
    line with text other than directives."""
    first = next(i for i, (s, e) in enumerate(lines) if s <= start <= e)
    last = next(i for i, (s, e) in enumerate(lines) if s <= end <= e)
    own = text[lines[first][0] : start] + text[end : lines[last][1]]
    if DIRECTIVE.sub("", own).strip():
        return lines[first][0], lines[last][1]
    for s, e in lines[last + 1 :]:
        if DIRECTIVE.sub("", text[s:e]).strip():
            return s, e
    return len(text), len(text)
