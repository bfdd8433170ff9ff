"""The project's policy, applied to an article's findings after the rules and before scoring.

In this order: suppressions written in the input (``audit.suppress``), the accept list
(``audit.terms``), per-rule and per-category severities, the baseline (``audit.baseline``), and the
changed lines of ``--changed-lines``. A dropped finding does not count towards scores or exit codes;
``Policy.dropped`` counts them by reason (``inline``, ``accepted``, ``baselined``, ``unchanged``),
the way a datatrove filter's reasons become statistics. The reject list is a rule (``rejected-term``)
that ``configure`` hands its terms to.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from audit import suppress
from audit.baseline import Baseline
from audit.document import Article, Finding
from audit.terms import Term, covered_by


class Policy:
    def __init__(
        self,
        *,
        accept: Sequence[Term] = (),
        reject: Mapping[Term, str | None] | None = None,
        severity: Mapping[str, str] | None = None,
        baseline: Baseline | None = None,
        record: Baseline | None = None,
        changed_lines: Mapping[Path, frozenset[int] | None] | None = None,
    ):
        """``baseline``: findings in it are dropped; ``record``: every finding is added to it and dropped
        (``--write-baseline``). ``changed_lines``: resolved file path -> changed 1-based line numbers (None:
        the whole file); findings of files elsewhere on no changed line are dropped."""
        self.accept = tuple(accept)
        self.reject = dict(reject or {})
        self.severity = dict(severity or {})
        self.baseline = baseline
        self.record = record
        self.changed_lines = changed_lines
        self.dropped: Counter[str] = Counter()
        self.warnings: list[str] = []
        self._known: set[str] = set()

    @property
    def digest(self) -> str:
        """A short hash of what changes scores (for the signature); "" for the default policy."""
        parts = {
            "accept": sorted(t.entry for t in self.accept),
            "reject": sorted((t.entry, r) for t, r in self.reject.items()),
            "severity": sorted(self.severity.items()),
        }
        if not any(parts.values()):
            return ""
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:8]

    def configure(self, rules: Sequence[object]) -> None:
        """Hand the rules what they take from the configuration (the reject list)."""
        from audit.rules import load_rules

        registry = load_rules()
        self._known = set(registry) | {cls.category for cls in registry.values()}
        for rule in rules:
            if getattr(rule, "id", None) == "rejected-term":
                rule.configure(self.reject)

    def apply(self, article: Article, findings: list[Finding]) -> list[Finding]:
        """The findings this policy lets through, in the same order."""
        marks = suppress.parse(article, self._known)
        self.warnings.extend(marks.problems)
        self.warnings.extend(
            f"{where}: unknown rule or category {name!r} in mtaudit ignore" for where, name in marks.unknown
        )
        kept = []
        for f in findings:
            if marks and marks.suppresses(f):
                self.dropped["inline"] += 1
            elif self.accept and covered_by(self.accept, article.prose, f.start, f.end):
                self.dropped["accepted"] += 1
            else:
                kept.append(self._severity(f))
        if self.record is not None:
            self.record.add(article, kept)
            self.dropped["baselined"] += len(kept)
            return []
        if self.baseline is not None:
            kept, old = self.baseline.split(article, kept)
            self.dropped["baselined"] += len(old)
        if self.changed_lines is not None and article.path is not None:
            lines = self.changed_lines.get(Path(article.path).resolve(), frozenset())
            if lines is not None:
                on = [f for f in kept if _on_lines(article, f, lines)]
                self.dropped["unchanged"] += len(kept) - len(on)
                kept = on
        return kept

    def _severity(self, f: Finding) -> Finding:
        level = self.severity.get(f.rule) or self.severity.get(f.category)
        return f if level is None or level == f.severity else replace(f, severity=level)


def _on_lines(article: Article, f: Finding, lines: frozenset[int]) -> bool:
    first = article.text.count("\n", 0, f.start) + 1
    last = first + article.text.count("\n", f.start, max(f.start, f.end - 1))
    return any(n in lines for n in range(first, last + 1))
