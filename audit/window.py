"""Very long articles, audited a window at a time and reported as one.

An article is the unit of analysis: its tokens, tags, names, findings and a feature row per token are
held until it is scored, about 80 MB per MB of text, and it runs on one core. An article longer than
``WINDOW_ABOVE`` characters (a book, a dump of a whole site in one file) is therefore cut into windows
of about ``WINDOW_CHARS`` characters at line breaks, each window is audited as an article of its own (on
several cores with ``--jobs``: ``audit.parallel`` sends the windows to the workers) and the windows'
reports are merged into the article's one report (``Merger``). Paragraphs are lines, so cutting at a
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
Its findings and sentences are kept on disk (``audit.spill``) and read back as they are written, so
the report of a long article takes little memory however long it is.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from audit.document import Article, Report
from audit.errors import InputError
from audit.spill import Spilled, SpilledRows, TupleLike

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


class _SentenceQualities(TupleLike):
    """The estimator's ``SentenceQuality`` of each sentence of a merged report, made as it is reached
    from the sentence's score and points (kept here, 16 bytes a sentence) and its token probabilities
    (kept once, in the report's spilled sentences)."""

    def __init__(self, sentences: Sequence, scores: array, points: array):
        self._sentences, self._scores, self._points = sentences, scores, points

    def __len__(self) -> int:
        return len(self._points)

    def _make(self, sentence, k: int):
        from audit.quality import SentenceQuality

        return SentenceQuality(self._scores[k], self._points[k], sentence.quality)

    def __iter__(self):
        for k, sentence in enumerate(self._sentences):
            yield self._make(sentence, k)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        index = self._position(index)
        return self._make(self._sentences[index], index)


class Merger:
    """The report of a windowed article, built a window at a time (``add``, in order) and finished
    once the last is in (``finish``). Each window's findings and sentences move, offsets shifted, into
    ``audit.spill`` sequences on disk as the window comes, and its report is let go: a long article's
    report does not grow in memory with the article (about 65 bytes a word, held whole until its end
    before), and the streaming formats read it back an item at a time."""

    def __init__(self, where: str):
        self.where = where  # the article's id, for the error when the temporary folder fails us
        try:
            self.findings, self.sentences = Spilled(), Spilled()
        except OSError as exc:
            raise _spill_error(where, exc) from exc
        self.words = 0
        self.fluency_sum = self.fluency_words = 0.0
        self.penalty = 0.0
        self.thresholds = None  # the estimator's (span, rule, min_words), from the first window
        self.scores, self.points, self.weights = array("d"), array("d"), array("d")
        self.rows = self.linear = None

    def add(self, offset: int, report: Report) -> None:
        try:
            self._add(offset, report)
        except OSError as exc:  # the temporary folder is full or gone: this article fails, not the run
            raise _spill_error(self.where, exc) from exc

    def _add(self, offset: int, report: Report) -> None:
        self.findings.extend(replace(f, start=f.start + offset, end=f.end + offset) for f in report.findings)
        self.sentences.extend(
            replace(
                s,
                start=s.start + offset,
                end=s.end + offset,
                quality=None if s.quality is None else s.quality.shifted(offset),
            )
            for s in report.sentences
        )
        q = report.quality
        if q is not None:  # its sentences are the report's, one each, in order
            if self.thresholds is None:
                self.thresholds = (q.span_threshold, q.rule_threshold, q.min_words)
                self.rows, self.linear = SpilledRows(q.rows.shape[1]), SpilledRows(q.linear.shape[1])
            for sq in q.sentences:
                self.scores.append(sq.score)
                self.points.append(sq.points)
            self.weights.extend(q.weights)
            self.rows.append(q.rows)
            self.linear.append(q.linear)
        n = report.article.word_count
        self.words += n
        if report.fluency is not None and n:
            self.fluency_sum += report.fluency * n
            self.fluency_words += n
        self.penalty += report.penalty

    def finish(self, article: Article) -> Report:
        try:
            return self._finish(article)
        except OSError as exc:
            raise _spill_error(self.where, exc) from exc

    def _finish(self, article: Article) -> Report:
        from audit import score
        from audit.quality import Quality, span_score

        object.__setattr__(article, "_word_count", self.words)  # a cache: the article is never segmented
        quality = None
        if self.thresholds is not None:
            quality = Quality(
                _SentenceQualities(self.sentences, self.scores, self.points),
                self.rows.array(),
                self.linear.array(),
                np.frombuffer(self.weights, dtype=np.float64),
                *self.thresholds,
            )
            # quality.score, from the points kept here rather than read back from disk
            article_score = span_score(sum(self.points), float(quality.weights.sum()), quality.min_words)
        else:
            article_score = score.combined_score(self.penalty, self.words)
        return Report(
            article=article,
            findings=self.findings,
            sentences=self.sentences,
            score=article_score,
            fluency=round(self.fluency_sum / self.fluency_words, 1) if self.fluency_words else None,
            penalty=round(self.penalty, 3),
            quality=quality,
        )


def _spill_error(where: str, exc: OSError) -> InputError:
    import tempfile

    reason = exc.strerror or str(exc)
    return InputError(
        where, f"its report could not be kept in {tempfile.gettempdir()} ({reason}): set TMPDIR"
    )


__all__ = ["WINDOW_ABOVE", "WINDOW_CHARS", "Merger", "cuts", "needs_whole", "part", "plan"]
