"""The text format, for people: a score table, then findings per article with line:column, the
offending text in its context and suggestions; coloured when writing to a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from audit import score
from audit.document import Report
from audit.report import RenderOptions, summary

COLORS = {
    "critical": "\x1b[1;31m",
    "major": "\x1b[31m",
    "minor": "\x1b[33m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
}
RESET = "\x1b[0m"
CONTEXT = 30


def _paint(text: str, style: str, options: RenderOptions) -> str:
    return f"{COLORS[style]}{text}{RESET}" if options.color else text


def _context(report: Report, start: int, end: int, options: RenderOptions) -> str:
    text = report.article.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    left = text[max(line_start, start - CONTEXT) : start]
    right = text[end : min(line_end, end + CONTEXT)]
    hit = text[start:end].replace("\n", "⏎").replace("\r", "")
    lead = "…" if start - CONTEXT > line_start else ""
    tail = "…" if end + CONTEXT < line_end else ""
    return f"{lead}{left}{_paint('[' + hit + ']', 'bold', options)}{right}{tail}".replace("\r", "")


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    out = []
    if reports:
        width = max(len(r.id) for r in reports)
        width = min(max(width, 7), 60)
        out.append(f"{'article':<{width}}  score  fluency  words  critical  major  minor")
        for r in reports:
            c = r.counts()
            fluency = "-" if r.fluency is None else f"{r.fluency:.1f}"
            out.append(
                f"{r.id[-width:]:<{width}}  {r.score:5.1f}  {fluency:>7}  {r.article.word_count:5d}"
                f"  {c['critical']:8d}  {c['major']:5d}  {c['minor']:5d}"
            )
        out.append("")
    for r in reports:
        if not r.findings and not options.explain_score:
            continue
        out.append(_paint(f"{r.id}  (score {r.score:.1f}, {len(r.findings)} findings)", "bold", options))
        for f in r.findings:
            line, col = r.article.line_col(f.start)
            sev = _paint(f"{f.severity:<8}", f.severity, options)
            out.append(f"  {line}:{col}  {sev} {f.rule}  {f.message}")
            out.append(f"      {_context(r, f.start, f.end, options)}")
            if f.suggestions:
                out.append("      " + _paint("suggestion: " + " | ".join(f.suggestions[:3]), "dim", options))
        if options.explain_score:
            out.append(score.explain(r.article, r.findings))
        out.append("")
    s = summary(reports)
    mean = "-" if s["mean_score"] is None else f"{s['mean_score']:.1f}"
    sev = s["by_severity"]
    out.append(
        f"{sev['critical']} critical, {sev['major']} major, {sev['minor']} minor in {s['articles']} articles"
        f" ({s['words']} words); mean score {mean}"
    )
    if options.signature:
        out.append(_paint(options.signature, "dim", options))
    return "\n".join(out) + "\n"
