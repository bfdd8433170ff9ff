"""One renderer per output format. A renderer turns Reports into text; it knows nothing of rules.

``RENDERERS`` is the registry the CLI builds its ``--format`` choices from.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit.document import Report

if TYPE_CHECKING:
    from audit.report.common import RuleInfo


@dataclass(frozen=True)
class RenderOptions:
    signature: str = ""
    version: str = ""
    color: bool = False
    explain_score: bool = False
    #: metadata of the rules that ran (``RuleInfo.of(rule)`` for each); None: every registered rule
    rules: tuple[RuleInfo, ...] | None = None
    #: findings the policy dropped (``audit.policy``), by reason: inline, accepted, baselined, unchanged
    dropped: Mapping[str, int] | None = None
    #: ``--min-score``: articles below it fail the run, and the reports say which (None: not set)
    min_score: float | None = None
    #: text format: counts per rule instead of the findings (``--statistics``)
    statistics: bool = False
    #: text format: the findings alone, no table, summary or signature (``--quiet``)
    quiet: bool = False
    #: when the run was made (ISO 8601, UTC), for the HTML report's header; None leaves it out
    generated: str | None = None


class Totals:
    """What the summary needs of every report, added one report at a time: the streaming formats
    keep this instead of the reports, so memory does not grow with the input."""

    def __init__(self) -> None:
        self.counts = {"minor": 0, "major": 0, "critical": 0}
        self.by_category: dict[str, int] = {}
        self.articles = 0
        self.words = 0
        self.score_sum = 0.0
        #: (id, score) of the articles below ``min_score``, when one is set
        self.min_score: float | None = None
        self.below: list[tuple[str, float]] = []
        #: corpus-level chrF/BLEU/TER over the articles with a reference (created on the first one)
        self.reference = None

    @classmethod
    def of(cls, reports: Iterable[Report], min_score: float | None = None) -> Totals:
        totals = cls()
        totals.min_score = min_score
        for r in reports:
            totals.add(r)
        return totals

    def add(self, report: Report) -> None:
        for f in report.findings:
            self.counts[f.severity] += 1
            self.by_category[f.category] = self.by_category.get(f.category, 0) + 1
        self.articles += 1
        self.words += report.article.word_count
        self.score_sum += report.score
        if self.min_score is not None and report.score < self.min_score:
            self.below.append((report.article.id, report.score))
        if report.reference is not None:
            if self.reference is None:
                from audit.bitext.reference import ReferenceTotals

                self.reference = ReferenceTotals()
            self.reference.add(report.reference)

    def summary(self, options: RenderOptions | None = None) -> dict:
        dropped = (options.dropped if options else None) or {}
        mean = round(self.score_sum / self.articles, 1) if self.articles else None
        return {
            "articles": self.articles,
            "words": self.words,
            "findings": sum(self.counts.values()),
            "by_severity": dict(self.counts),
            "by_category": dict(sorted(self.by_category.items())),
            "mean_score": mean,
            "baselined": dropped.get("baselined", 0),
            "suppressed": {reason: dropped.get(reason, 0) for reason in ("inline", "accepted", "unchanged")},
            **(
                {
                    "min_score": {
                        "threshold": self.min_score,
                        "below": [{"id": i, "score": s} for i, s in self.below],
                    }
                }
                if self.min_score is not None
                else {}
            ),
            **({"reference_scores": self.reference.to_dict()} if self.reference is not None else {}),
        }


def summary(reports: Sequence[Report] | Totals, options: RenderOptions | None = None) -> dict:
    min_score = options.min_score if options is not None else None
    totals = reports if isinstance(reports, Totals) else Totals.of(reports, min_score)
    return totals.summary(options)


def below_min_score(report: Report, options: RenderOptions) -> str | None:
    """Why ``report`` fails ``--min-score``, or None when it does not."""
    if options.min_score is None or report.score >= options.min_score:
        return None
    return f"score {report.score:.1f} is below --min-score {options.min_score:g}"


class Stream(ABC):
    """A format written while the articles are audited: ``add`` returns the text for one report
    (written at once), ``finish`` what comes after the last. Memory stays bounded by one report."""

    def __init__(self, options: RenderOptions):
        self.options = options

    @abstractmethod
    def add(self, report: Report) -> str: ...

    def pieces(self, report: Report) -> Iterator[str]:
        """The text of ``add`` in pieces to write one after another (a format whose text for one
        very long article would be large writes it so)."""
        yield self.add(report)

    def finish(self) -> str:
        return ""


def _jsonl_stream(options: RenderOptions) -> Stream:
    from audit.report.json import LineStream

    return LineStream(options)


def _github_stream(options: RenderOptions) -> Stream:
    from audit.report.github import AnnotationStream

    return AnnotationStream(options)


def _text_stream(options: RenderOptions) -> Stream:
    from audit.report.text import TextStream

    return TextStream(options)


#: the formats that stream (``json``, ``sarif``, ``junit`` and ``html`` hold every report until the
#: end; ``text`` holds the first 50, for its score table)
STREAMS: dict[str, Callable[[RenderOptions], Stream]] = {
    "jsonl": _jsonl_stream,
    "github": _github_stream,
    "text": _text_stream,
}


def _render_json(reports: Sequence[Report], options: RenderOptions) -> str:
    from audit.report.json import render

    return render(reports, options)


def _render_jsonl(reports: Sequence[Report], options: RenderOptions) -> str:
    from audit.report.json import render_lines

    return render_lines(reports, options)


def _render_text(reports: Sequence[Report], options: RenderOptions) -> str:
    from audit.report.text import render

    return render(reports, options)


def _lazy(module: str) -> Callable[[Sequence[Report], RenderOptions], str]:
    """A renderer that imports ``audit.report.<module>`` only when used."""

    def render(reports: Sequence[Report], options: RenderOptions) -> str:
        from importlib import import_module

        return import_module(f"audit.report.{module}").render(reports, options)

    render.__name__ = f"_render_{module}"
    return render


RENDERERS: dict[str, Callable[[Sequence[Report], RenderOptions], str]] = {
    "text": _render_text,
    "json": _render_json,
    "jsonl": _render_jsonl,
    "sarif": _lazy("sarif"),
    "github": _lazy("github"),
    "junit": _lazy("junit"),
    "html": _lazy("html"),
}
