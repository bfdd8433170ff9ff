"""A small regex checker for engine tests: the fix loop's behaviour without depending on how the real
rules mark their suggestions (the real auditor is used by the seed, CLI and safety tests)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from audit.document import Article, Finding, Report


class RegexChecker:
    """Finds what its patterns match and suggests their replacement: (rule, category, severity,
    pattern, replacement template, applicability)."""

    PATTERNS = (
        ("double-space", "typography", "minor", r"(?<=\S)  +(?=\S)", " ", "safe"),
        ("repeated-word", "duplicate", "minor", r"\b(\w+) \1\b", r"\1", "safe"),
        ("space-before-punctuation", "typography", "minor", r"(?<=\w) +([.,;:!?])", r"\1", "safe"),
        ("ui-phrase", "boilerplate", "minor", r"(?m)^Read more »$", "", "safe"),
        ("untranslated-word", "untranslated", "major", r"\bWednesdays\b", "Mittwochs", "unsafe"),
        ("mixed-script-word", "encoding", "major", r"С(?=osmodrom)", "C", "safe"),
    )

    def __init__(self):
        self.calls = 0

    def findings(self, text: str) -> Iterator[Finding]:
        for rule, category, severity, pattern, template, applicability in self.PATTERNS:
            for m in re.finditer(pattern, text):
                yield Finding(
                    rule=rule,
                    category=category,
                    severity=severity,
                    start=m.start(),
                    end=m.end(),
                    text=m.group(),
                    message=rule,
                    suggestions=(m.expand(template),),
                    applicability=applicability,
                )

    def check_article(self, article: Article) -> Report:
        self.calls += 1
        findings = tuple(sorted(self.findings(article.text), key=lambda f: (f.start, f.end, f.rule)))
        return Report(
            article=article, findings=findings, sentences=(), score=100.0, fluency=None, penalty=0.0
        )


@pytest.fixture
def regex_checker() -> RegexChecker:
    return RegexChecker()
