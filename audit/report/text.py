"""The text format, for people: a score table, then findings per article with line:column, the
offending text in its context and suggestions; coloured when writing to a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from audit import score
from audit.document import Report
from audit.report import RenderOptions, Stream, Totals, summary

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


def statistics(reports: Sequence[Report], options: RenderOptions) -> list[str]:
    """Findings counted per rule, most first (``--statistics``, as ruff has): count, rule, severity,
    how many carry a safe fix, and the rule's message."""
    counts: dict[str, list] = {}
    for r in reports:
        _count_rules(counts, r)
    return _statistics_lines(counts, options)


def _count_rules(counts: dict[str, list], report: Report) -> None:
    for f in report.findings:
        entry = counts.setdefault(f.rule, [0, 0, f.severity])
        entry[0] += 1
        entry[1] += f.applicability == "safe" and bool(f.suggestions)


def _statistics_lines(counts: dict[str, list], options: RenderOptions) -> list[str]:
    messages = {info.id: info.message for info in options.rules or ()}
    width = max((len(rule) for rule in counts), default=4)
    out = []
    for rule, (n, safe, severity) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0])):
        fixes = f"{safe} safe fix{'es' if safe != 1 else ''}" if safe else ""
        out.append(f"{n:6d}  {rule:<{width}}  {severity:<8}  {fixes:<14}  {messages.get(rule, '')}".rstrip())
    return out


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    if options.statistics:
        return _statistics_end(statistics(reports, options), reports, options)
    out = []
    if reports and not options.quiet:
        out.extend(_table(reports))
        out.append("")
    for r in reports:
        out.extend(_block(r, options))
    if options.quiet:
        return "\n".join(out[:-1]) + "\n" if out else ""
    return "\n".join([*out, *_closing(reports, options)]) + "\n"


def _statistics_end(lines: list[str], reports: Sequence[Report] | Totals, options: RenderOptions) -> str:
    out = [*lines, "", summary_line(reports, options)]
    if options.signature:
        out.append(_paint(options.signature, "dim", options))
    return "\n".join(out) + "\n"


def _closing(reports: Sequence[Report] | Totals, options: RenderOptions) -> list[str]:
    out = [summary_line(reports, options)]
    if options.signature:
        out.append(_paint(options.signature, "dim", options))
    return out


def _table(reports: Sequence[Report]) -> list[str]:
    """The score table: one row per article."""
    width = max(len(r.article.label) for r in reports)
    width = min(max(width, 7), 60)
    with_reference = any(r.reference is not None for r in reports)
    head = f"{'article':<{width}}  score  fluency  words  critical  major  minor"
    out = [head + ("   chrF   BLEU    TER" if with_reference else "")]
    for r in reports:
        c = r.counts()
        fluency = "-" if r.fluency is None else f"{r.fluency:.1f}"
        row = (
            f"{r.article.label[-width:]:<{width}}  {r.score:5.1f}  {fluency:>7}  {r.article.word_count:5d}"
            f"  {c['critical']:8d}  {c['major']:5d}  {c['minor']:5d}"
        )
        if with_reference:
            ref = r.reference
            row += (
                "      -      -      -"
                if ref is None
                else f"  {ref.chrf:5.1f}  {ref.bleu:5.1f}  {ref.ter:5.1f}"
            )
        out.append(row)
    return out


def _block(r: Report, options: RenderOptions) -> list[str]:
    """One article's findings (heading, each finding in its context, suggestions), then a blank line;
    nothing for an article without findings (unless --explain-score)."""
    if not r.findings and not options.explain_score:
        return []
    noun = "finding" if len(r.findings) == 1 else "findings"
    out = [_paint(f"{r.article.label}  (score {r.score:.1f}, {len(r.findings)} {noun})", "bold", options)]
    for f in r.findings:
        line, col = r.article.line_col(f.start)
        sev = _paint(f"{f.severity:<8}", f.severity, options)
        out.append(f"  {line}:{col}  {sev} {f.rule}  {f.message}")
        out.append(f"      {_context(r, f.start, f.end, options)}")
        if f.suggestions:
            shown = " | ".join(_visible(s) for s in f.suggestions[:3])
            out.append("      " + _paint("suggestion: " + shown, "dim", options))
    if options.explain_score:
        if r.quality is not None:
            from audit.quality import explain

            out.append(explain(r))
        else:
            out.append(score.explain(r.article, r.findings, [s.fluency for s in r.sentences]))
    out.append("")
    return out


#: up to this many articles, the text format is what ``render`` makes (the score table first, then the
#: findings); past it, the table would be a feed's length and would hold every report back: the
#: findings are written as each article is audited, and the summary line closes the report
TABLE_MAX = 50


class TextStream(Stream):
    """The text format, written as the articles are audited once there are more than ``TABLE_MAX``."""

    def __init__(self, options: RenderOptions):
        super().__init__(options)
        self.held: list[Report] | None = []  # None once streaming
        self.totals = Totals()
        self.totals.min_score = options.min_score
        self.rules: dict[str, list] = {}

    def add(self, report: Report) -> str:
        self.totals.add(report)
        if self.options.statistics:  # only counts per rule are kept
            _count_rules(self.rules, report)
            return ""
        if self.held is not None:
            self.held.append(report)
            if len(self.held) <= TABLE_MAX:
                return ""
            held, self.held = self.held, None
            return "".join(self._text(r) for r in held)
        return self._text(report)

    def _text(self, report: Report) -> str:
        lines = _block(report, self.options)
        return "\n".join(lines) + "\n" if lines else ""

    def finish(self) -> str:
        if self.options.statistics:
            return _statistics_end(_statistics_lines(self.rules, self.options), self.totals, self.options)
        if self.held is not None:
            return render(self.held, self.options)
        if self.options.quiet:
            return ""
        return "\n".join(_closing(self.totals, self.options)) + "\n"


DROPPED = (("inline", "suppressed inline"), ("accepted", "accepted"), ("unchanged", "on unchanged lines"))


def _visible(suggestion: str) -> str:
    """A suggestion as people can read it: an empty one deletes, and white space alone is named."""
    if suggestion == "":
        return "(delete)"
    if not suggestion.strip():
        names = {" ": "space", "\n": "line break", "\t": "tab", "\u00a0": "no-break space"}
        return "(" + " + ".join(names.get(ch, f"U+{ord(ch):04X}") for ch in suggestion) + ")"
    return suggestion


def summary_line(reports: Sequence[Report] | Totals, options: RenderOptions) -> str:
    """vale-style: ``✖ 0 critical, 3 major and 5 minor findings in 2 articles (900 words); mean score
    97.1``, then what the policy left out (baselined, suppressed inline, accepted, on unchanged lines)."""
    s = summary(reports, options)
    sev = s["by_severity"]
    mean = "-" if s["mean_score"] is None else f"{s['mean_score']:.1f}"
    mark = _paint("✖", "major", options) if s["findings"] else "✔"
    articles = f"{s['articles']} article{'' if s['articles'] == 1 else 's'}"
    line = (
        f"{mark} {sev['critical']} critical, {sev['major']} major and {sev['minor']} minor findings"
        f" in {articles} ({s['words']} words); mean score {mean}"
    )
    if "reference_scores" in s:
        ref = s["reference_scores"]
        line += (
            f"; against the reference: chrF {ref['chrf']:.1f}, BLEU {ref['bleu']:.1f}, TER {ref['ter']:.1f}"
        )
    left_out = [f"{s['baselined']} baselined"] if s["baselined"] else []
    left_out += [f"{s['suppressed'][key]} {label}" for key, label in DROPPED if s["suppressed"][key]]
    return line + ("; not reported: " + ", ".join(left_out) if left_out else "")
