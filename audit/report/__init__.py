"""One renderer per output format. A renderer turns Reports into text; it knows nothing of rules.

``RENDERERS`` is the registry the CLI builds its ``--format`` choices from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from audit.document import Report


@dataclass(frozen=True)
class RenderOptions:
    signature: str = ""
    version: str = ""
    color: bool = False
    explain_score: bool = False


def summary(reports: Sequence[Report]) -> dict:
    counts = {"minor": 0, "major": 0, "critical": 0}
    by_category: dict[str, int] = {}
    for r in reports:
        for f in r.findings:
            counts[f.severity] += 1
            by_category[f.category] = by_category.get(f.category, 0) + 1
    words = sum(r.article.word_count for r in reports)
    mean = round(sum(r.score for r in reports) / len(reports), 1) if reports else None
    return {
        "articles": len(reports),
        "words": words,
        "findings": sum(counts.values()),
        "by_severity": counts,
        "by_category": dict(sorted(by_category.items())),
        "mean_score": mean,
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


RENDERERS: dict[str, Callable[[Sequence[Report], RenderOptions], str]] = {
    "text": _render_text,
    "json": _render_json,
    "jsonl": _render_jsonl,
}
