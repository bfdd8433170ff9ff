"""From findings (and, later, fluency) to sentence and article scores, MQM-style.

Each finding costs ``SEVERITY_WEIGHTS[severity] * confidence`` penalty points (minor 1, major 5,
critical 10, as in MQM). A span's score is

    score = 100 * max(0, 1 - penalty / max(words, MIN_WORDS))

so one major error in a 20-word sentence gives 75, one minor error 95, and an article of 700 words with
ten major errors gives 92.9. ``MIN_WORDS`` keeps very short headlines from dropping to 0 for one
minor problem. A finding counts towards every sentence it overlaps; the article score uses all findings
against all words of the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from audit.document import Article, Finding, SentenceReport

SEVERITY_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 10.0}
MIN_WORDS = 10
SCORE_VERSION = "mqm-linear.v1"


def penalty(findings: Sequence[Finding]) -> float:
    return sum(SEVERITY_WEIGHTS[f.severity] * f.confidence for f in findings)


def span_score(findings: Sequence[Finding], words: int) -> float:
    return round(100.0 * max(0.0, 1.0 - penalty(findings) / max(words, MIN_WORDS)), 1)


def score_sentences(article: Article, findings: Sequence[Finding]) -> tuple[SentenceReport, ...]:
    reports = []
    for sentence in article.sentences:
        hits = [f for f in findings if f.start < sentence.end and sentence.start < f.end]
        reports.append(
            SentenceReport(
                start=sentence.start,
                end=sentence.end,
                score=span_score(hits, len(sentence.words)),
                fluency=None,
                findings=len(hits),
            )
        )
    return tuple(reports)


def score_article(article: Article, findings: Sequence[Finding]) -> float:
    return span_score(findings, article.word_count)


def explain(article: Article, findings: Sequence[Finding]) -> str:
    """A few lines that show how the article score was computed."""
    words = article.word_count
    lines = [f"score formula ({SCORE_VERSION}): 100 * max(0, 1 - penalty / max(words, {MIN_WORDS}))"]
    by_severity: dict[str, list[Finding]] = {}
    for f in findings:
        by_severity.setdefault(f.severity, []).append(f)
    for severity, weight in SEVERITY_WEIGHTS.items():
        group = by_severity.get(severity, [])
        if group:
            lines.append(
                f"  {len(group)} {severity} x weight {weight:g} x confidence = {penalty(group):.2f} points"
            )
    total = penalty(findings)
    lines.append(f"  penalty {total:.2f} over {words} words -> score {span_score(findings, words)}")
    return "\n".join(lines)
