"""From findings (and, later, fluency) to sentence and article scores, MQM-style.

Each finding costs ``SEVERITY_WEIGHTS[severity] * confidence`` penalty points (minor 1, major 5,
critical 10, as in MQM); where one finding's span contains another's, only the costlier counts. A
span's score is

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
SCORE_VERSION = "mqm-linear.v2"


def _cost(f: Finding) -> float:
    return SEVERITY_WEIGHTS[f.severity] * f.confidence


def counted(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that cost points: where one finding's span contains another's (two rules on one
    error, "Leave a Reply" as foreign words and as page residue, or a repeated line and an error
    inside it), only the costlier one counts, as an MQM annotator marks one error per span."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-_cost(f), f.start, f.end, f.rule)):
        if not any(
            (k.start <= f.start and f.end <= k.end) or (f.start <= k.start and k.end <= f.end) for k in kept
        ):
            kept.append(f)
    return kept


def penalty(findings: Sequence[Finding]) -> float:
    return sum(_cost(f) for f in counted(findings))


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
    kept = counted(findings)
    if len(kept) < len(findings):
        lines.append(
            f"  {len(findings) - len(kept)} findings inside or around a costlier one are not counted"
        )
    for f in kept:
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


def article_fluency(article: Article, sentence_fluency: Sequence[float | None]) -> float | None:
    """The word-weighted mean of the sentences' fluency (None when no sentence has one)."""
    pairs = [
        (len(s.words), v) for s, v in zip(article.sentences, sentence_fluency, strict=True) if v is not None
    ]
    weight = sum(w for w, _ in pairs)
    return round(sum(w * v for w, v in pairs) / weight, 1) if weight else None
