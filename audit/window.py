"""Very long articles, audited a window at a time and reported as one.

An article is the unit of analysis: its tokens, tags, names, findings and a feature row per token are
held until it is scored, about 80 MB per MB of text, and it runs on one core. An article longer than
``WINDOW_ABOVE`` characters (a book, a dump of a whole site in one file) is therefore cut into windows
of about ``WINDOW_CHARS`` characters at line breaks, each window is audited as an article of its own (on
several cores with ``--jobs``: ``audit.parallel`` sends the windows to the workers) and the windows'
reports are merged into the article's one report (``merge``). Paragraphs are lines, so cutting at a
line break leaves every paragraph, sentence and token as it was; a line longer than a window is cut at
a sentence boundary (or, for a single endless sentence, at white space).

What a window does not see: the rules that compare parts of an article (repeated sentences, a name
spelt two ways, forms the article itself uses) compare within a window, about 35,000 words, and each
window's first line is read as an article's first line. An article is not windowed when anything
needs it whole: a source or a reference (aligned sentence by sentence over the whole text), a
baseline (its counts are per article) or changed lines (line numbers), or ``mtaudit:`` directives
in the text (``ignore-file`` applies to the whole article).

The merged report is what the windows add up to: findings and sentences in order with article
offsets; with the quality estimator, one ``Quality`` of all sentences, so the score is the article's
predicted points over its words exactly as for an article audited whole; with the
findings-and-fluency combination, the windows' points over the article's words; fluency word-weighted.
"""

from __future__ import annotations

from dataclasses import replace

from audit.document import Article, Report

#: articles longer than this (characters) are audited in windows: the largest size audited whole is
#: about 1 MB, which peaks under 1 GB of memory (README, *Scaling with the input*)
WINDOW_ABOVE = 1_000_000
#: about how long a window is (characters): some 35,000 words, large enough that the comparisons
#: within an article see a long article whole, small enough that two workers share out a long one
WINDOW_CHARS = 250_000


def needs_whole(article: Article, policy) -> bool:
    """Whether ``article`` must be audited in one piece whatever its length (module docstring)."""
    if article.source is not None or article.reference is not None:
        return True
    if policy is not None and (policy.baseline is not None or policy.changed_lines is not None):
        return True
    from audit.suppress import DIRECTIVE

    return "<!--" in article.text and DIRECTIVE.search(article.text) is not None


def cuts(text: str, size: int = WINDOW_CHARS) -> list[int]:
    """Where windows of about ``size`` characters start and end: ``[0, ..., len(text)]``, each cut
    after a line break, or, inside a line longer than ``size``, at a sentence start or after white
    space (``size`` itself only where a window holds none of them)."""
    from audit.segment import split_sentences

    out = [0]
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = text.rfind("\n", start, limit) + 1
        if cut <= start:  # a line longer than a window: the last sentence start in it
            chunk = text[start:limit]
            sentences = split_sentences(chunk)
            cut = start + sentences[-1][0] if len(sentences) > 1 else start
            if cut <= start:
                space = max(chunk.rfind(" "), chunk.rfind("\t"))
                cut = start + space + 1 if space > 0 else limit
        out.append(cut)
        start = cut
    out.append(len(text))
    return out


def plan(article: Article, policy=None, above: int | None = None, size: int | None = None):
    """``[(start, end, first line)]`` of the windows of a long article, or None when it is audited whole
    (``above`` and ``size`` default to ``WINDOW_ABOVE`` and ``WINDOW_CHARS``)."""
    above = WINDOW_ABOVE if above is None else above
    if len(article.text) <= above or needs_whole(article, policy):
        return None
    bounds = cuts(article.text, WINDOW_CHARS if size is None else size)
    out, line = [], article.first_line
    for start, end in zip(bounds, bounds[1:], strict=False):
        out.append((start, end, line))
        line += article.text.count("\n", start, end)
    return out


def part(article: Article, start: int, end: int, first_line: int) -> Article:
    """The window ``start:end`` of ``article``, whose first line is line ``first_line``, as an
    article of its own: the same id, path, record and carried keys, its markup clipped to the window.
    Built one at a time, so that only the window being audited holds a copy of its text."""
    markup = tuple(
        (max(s, start) - start, min(e, end) - start) for s, e in article.markup if s < end and e > start
    )
    return Article(
        id=article.id,
        text=article.text[start:end],
        path=article.path,
        encoding=article.encoding,
        extra=article.extra,
        markup=markup,
        record=article.record,
        first_line=first_line,
    )


def slim(report: Report) -> Report:
    """A window's report as ``merge`` needs it, without the window's text (a second copy of the
    article's while the windows are collected): its article is an empty one of the same word count."""
    shell = Article(id=report.article.id, text="")
    object.__setattr__(shell, "_word_count", report.article.word_count)
    return replace(report, article=shell)


def merge(article: Article, parts: list[tuple[int, Report]]) -> Report:
    """One report for ``article`` from the reports of its windows (``(offset, report)``, in order).
    ``parts`` is consumed: each window's report is let go once its items are moved, so that a long
    article's reports are not held twice at the end (the last quarter's peak of a 50 MB article)."""
    from audit import score
    from audit.quality import Quality

    findings, sentences, qualities = [], [], []
    words = 0
    fluency_sum = fluency_words = 0.0
    penalty = 0.0
    parts.reverse()
    while parts:
        offset, report = parts.pop()
        findings.extend(replace(f, start=f.start + offset, end=f.end + offset) for f in report.findings)
        moved = [
            replace(
                s,
                start=s.start + offset,
                end=s.end + offset,
                quality=None if s.quality is None else s.quality.shifted(offset),
            )
            for s in report.sentences
        ]
        sentences.extend(moved)
        if report.quality is not None:  # its sentences are the reports' (one each, in order): the
            # shifted token tuples are shared, as in a report of an article audited whole
            q = report.quality
            qualities.append(
                replace(
                    q,
                    sentences=tuple(
                        replace(sq, tokens=r.quality) for sq, r in zip(q.sentences, moved, strict=True)
                    ),
                )
            )
        n = report.article.word_count
        words += n
        if report.fluency is not None and n:
            fluency_sum += report.fluency * n
            fluency_words += n
        penalty += report.penalty
    object.__setattr__(article, "_word_count", words)  # a cache: the whole article is never segmented
    quality = None
    if qualities:
        import numpy as np

        first = qualities[0]
        quality = Quality(
            tuple(s for q in qualities for s in q.sentences),
            np.concatenate([q.rows for q in qualities]),
            np.concatenate([q.linear for q in qualities]),
            np.concatenate([q.weights for q in qualities]),
            first.span_threshold,
            first.rule_threshold,
            first.min_words,
        )
    article_score = quality.score if quality is not None else score.combined_score(penalty, words)
    return Report(
        article=article,
        findings=tuple(findings),
        sentences=tuple(sentences),
        score=article_score,
        fluency=round(fluency_sum / fluency_words, 1) if fluency_words else None,
        penalty=round(penalty, 3),
        quality=quality,
    )


__all__ = ["WINDOW_ABOVE", "WINDOW_CHARS", "cuts", "merge", "needs_whole", "part", "plan", "slim"]
