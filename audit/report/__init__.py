"""One renderer per output format. A renderer turns Reports into text; it knows nothing of rules.

``RENDERERS`` is the registry the CLI builds its ``--format`` choices from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


def summary(reports: Sequence[Report], options: RenderOptions | None = None) -> dict:
    counts = {"minor": 0, "major": 0, "critical": 0}
    by_category: dict[str, int] = {}
    for r in reports:
        for f in r.findings:
            counts[f.severity] += 1
            by_category[f.category] = by_category.get(f.category, 0) + 1
    words = sum(r.article.word_count for r in reports)
    dropped = (options.dropped if options else None) or {}
    mean = round(sum(r.score for r in reports) / len(reports), 1) if reports else None
    return {
        "articles": len(reports),
        "words": words,
        "findings": sum(counts.values()),
        "by_severity": counts,
        "by_category": dict(sorted(by_category.items())),
        "mean_score": mean,
        "baselined": dropped.get("baselined", 0),
        "suppressed": {reason: dropped.get(reason, 0) for reason in ("inline", "accepted", "unchanged")},
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
