"""Hand-made Reports for the renderers' tests and snapshots, independent of what the rules find today.

The articles hold what renderers get wrong: nested and partly overlapping findings, a finding across a
line break, HTML and XML specials (``<script>``, ``&``, quotes), ``%``, ``:`` and ``,`` in paths and
text, a control character, an empty suggestion (delete), a record without a file, an article without
findings, and proposed corrections.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.document import Finding, Report, SentenceReport
from audit.report import RenderOptions
from audit.report.common import RuleInfo
from audit.segment import make_article

GOLDEN = Path(__file__).parent / "golden"

#: the rule metadata the snapshots see (pinned here, so that edits to the real rules do not touch them)
RULES = (
    RuleInfo(
        "untranslated-word", "untranslated", "major", "Word left untranslated", "A single English word."
    ),
    RuleInfo("foreign-span", "mixed-language", "major", "Words left in another language"),
    RuleInfo("glued-function-word", "glued", "minor", "Missing space before a function word", "", 2),
    RuleInfo("repeated-word", "duplicate", "major", "Word repeated"),
    RuleInfo("ui-phrase", "boilerplate", "minor", "Web-page navigation or prompt left in the article"),
    RuleInfo("page-artifact", "boilerplate", "minor", "Page artefact left in the article"),
    RuleInfo("unbalanced-quotes", "typography", "minor", "Quotation marks do not pair up"),
    RuleInfo("space-before-punctuation", "typography", "minor", "Space before punctuation"),
    RuleInfo("control-character", "encoding", "minor", "Invisible control or formatting character"),
    RuleInfo("time-phrase-case", "grammar", "minor", "Time expression in the nominative"),
    RuleInfo("article-noun-agreement", "grammar", "major", "Article and noun do not agree"),
)
OPTIONS = RenderOptions(signature="rules:test+00000000|n:11|score:test|lm:none", version="9.9.9", rules=RULES)

NEWS = (
    "Putin trifft Kim Jong-unals Partner\n"
    'Der Präsident besuchte einen lokalen Wednesdays Markt, sagte <script>alert("x")</script> & "Freunde" '
    "– zu 100 % sicher .\n"
    "Leave a Reply Leave a Reply\n"
    "Lesen Sie auch:\n"
    "Weiterlesen\n"
)
RECORD = "Die Abzug der Truppen begann am\x0bMontag."
CLEAN = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.\n"


def finding(text: str, needle: str, rule: str, severity: str, occurrence: int = 0, **kwargs) -> Finding:
    """A Finding of ``rule`` over the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    category = next(r.category for r in RULES if r.id == rule)
    message = next(r.message for r in RULES if r.id == rule)
    return Finding(rule, category, severity, start, start + len(needle), needle, message, **kwargs)


def report(text: str, findings: list[Finding], score: float, corrections: dict[str, str] | None = None, **kw):
    """A Report with the findings sorted by position and a sentence report per sentence."""
    article = make_article(text, **kw)
    findings = sorted(findings, key=lambda f: (f.start, f.end, f.rule))
    corrections = corrections or {}
    sentences = tuple(
        SentenceReport(
            start=s.start,
            end=s.end,
            score=100.0,
            fluency=None,
            findings=sum(1 for f in findings if f.start < s.end and s.start < f.end),
            correction=corrections.get(s.text),
        )
        for s in article.sentences
    )
    return Report(article, tuple(findings), sentences, score, None, round(100 - score, 3))


def sample_reports() -> list[Report]:
    news = "news/artikel, 1: neu.txt"
    t = NEWS
    news_findings = [
        finding(
            t,
            "Jong-unals",
            "glued-function-word",
            "minor",
            suggestions=("Jong-un als",),
            applicability="safe",
        ),
        finding(t, "lokalen Wednesdays", "time-phrase-case", "minor"),
        finding(t, "Wednesdays", "untranslated-word", "major", suggestions=("Mittwochs",), confidence=0.93),
        finding(t, "Wednesdays Markt", "foreign-span", "major", confidence=0.6),
        finding(t, '<script>alert("x")</script>', "page-artifact", "major", suggestions=("",)),
        finding(
            t, '"Freunde"', "unbalanced-quotes", "minor", suggestions=("„Freunde“",), applicability="safe"
        ),
        finding(t, "100 % sicher .", "space-before-punctuation", "minor", suggestions=("100 % sicher.",)),
        finding(t, "Leave a Reply Leave a Reply", "ui-phrase", "minor", suggestions=("",)),
        finding(t, "Leave a Reply", "foreign-span", "major", 0),
        finding(t, "Leave a Reply", "foreign-span", "major", 1),
        finding(t, "Lesen Sie auch:\nWeiterlesen", "ui-phrase", "minor"),
    ]
    record_findings = [
        finding(RECORD, "Die Abzug", "article-noun-agreement", "major", suggestions=("Der Abzug",)),
        finding(RECORD, "\x0b", "control-character", "critical", suggestions=(" ",), applicability="safe"),
    ]
    return [
        report(
            NEWS,
            news_findings,
            41.3,
            {"Putin trifft Kim Jong-unals Partner": "Putin trifft Kim Jong-un als Partner"},
            id=news,
            path=news,
        ),
        report(
            RECORD,
            record_findings,
            28.0,
            {RECORD: "Der Abzug der Truppen begann am Montag."},
            id="feed.jsonl:2",
            extra={"lang": "de"},
        ),
        report(CLEAN, [], 100.0, id="clean.txt", path="clean.txt"),
    ]


@pytest.fixture
def reports() -> list[Report]:
    return sample_reports()


@pytest.fixture
def options() -> RenderOptions:
    return OPTIONS


def assert_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/NAME``; ``UPDATE_GOLDEN=1`` writes it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"{path} missing: run the tests with UPDATE_GOLDEN=1 to write it"
    with path.open(encoding="utf-8", newline="") as handle:
        expected = handle.read()
    assert text == expected, f"{name} differs from its snapshot (UPDATE_GOLDEN=1 rewrites it after review)"
