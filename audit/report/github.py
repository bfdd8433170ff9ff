"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

``::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::MESSAGE``: critical and major findings are
``error``, minor ones ``warning`` (``common.LEVELS``). Columns are 1-based code points, the end column
exclusive; a finding spanning lines gets ``line``/``endLine`` only, since GitHub takes columns only
within one line. Records without a file (JSONL, standard input) get no ``file``; their message starts
with ``ID:LINE:COL:``. Escaping is GitHub's: in the message ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in properties also ``:`` and ``,`` become ``%3A`` and ``%2C``.

GitHub shows at most 10 error and 10 warning annotations per step, so the most severe come first
(critical before major; then by confidence, article and position), at most 10 of each kind, and a
final ``::notice`` says how many were left out.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Sequence

from audit.document import Finding, Report
from audit.report import RenderOptions, Stream, below_min_score
from audit.report.common import LEVELS, SEVERITY_RANK, artifact_path, finding_summary, record_path

#: GitHub's display limit per annotation kind and step
MAX_PER_KIND = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(report: Report, f: Finding) -> str:
    """The workflow command for one finding."""
    article = report.article
    line, col = article.line_col(f.start)
    end_line, end_col = article.line_col(f.end)
    props: list[tuple[str, object]] = []
    path = artifact_path(article)
    record = record_path(article)
    message = finding_summary(f)
    if path is None:
        message = f"{article.id}:{line}:{col}: {message}"
    if path is None and record is not None:
        # a JSONL record: its file and line; the place in its text is in the message
        props += [("file", record), ("line", article.record[1])]
    else:
        if path is not None:
            props.append(("file", path))
        props.append(("line", line))
        if end_line == line:
            props += [("col", col), ("endLine", end_line), ("endColumn", end_col)]
        else:
            props += [("endLine", end_line)]
    props.append(("title", f"mtaudit: {f.rule} ({f.severity})"))
    head = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{LEVELS[f.severity]} {head}::{escape_data(message)}"


def score_annotation(report: Report, reason: str) -> str:
    """An error for an article that fails ``--min-score``, on its file's first line when it has one."""
    article = report.article
    path = artifact_path(article)
    record = record_path(article)
    if path is not None:
        head = f"file={escape_property(path)},line=1,"
    elif record is not None:
        head = f"file={escape_property(record)},line={article.record[1]},"
    else:
        head = ""
    return f"::error {head}title={escape_property('mtaudit: min-score')}::{escape_data(f'{article.id}: {reason}')}"


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    stream = AnnotationStream(options)
    return "".join(stream.add(r) for r in reports) + stream.finish()


class AnnotationStream(Stream):
    """The annotations, chosen while the articles are audited: only the most severe
    ``MAX_PER_KIND`` of each kind are kept (in the order critical, major, minor; then by
    confidence, article and position), so memory does not grow with the input."""

    def __init__(self, options: RenderOptions):
        super().__init__(options)
        self.kept: dict[str, list[tuple[tuple, str]]] = {"error": [], "warning": []}
        self.left = {"error": 0, "warning": 0}
        self.articles = 0
        self.seen = 0
        #: one error per article below --min-score (the first MAX_PER_KIND), and how many more
        self.failing: list[str] = []
        self.failing_left = 0

    def add(self, report: Report) -> str:
        for f in report.findings:
            kind = LEVELS[f.severity]
            key = (-SEVERITY_RANK[f.severity], -f.confidence, self.articles, f.start, self.seen)
            self.seen += 1
            kept = self.kept[kind]
            if len(kept) == MAX_PER_KIND and key >= kept[-1][0]:
                self.left[kind] += 1
                continue
            insort(kept, (key, annotation(report, f)))
            if len(kept) > MAX_PER_KIND:
                kept.pop()
                self.left[kind] += 1
        self.articles += 1
        reason = below_min_score(report, self.options)
        if reason is not None:
            if len(self.failing) < MAX_PER_KIND:
                self.failing.append(score_annotation(report, reason))
            else:
                self.failing_left += 1
        return ""

    def finish(self) -> str:
        left = self.left
        ranked = sorted(self.kept["error"] + self.kept["warning"])
        lines = self.failing + [line for _, line in ranked]
        if self.failing_left:
            lines.append(
                "::notice title=mtaudit::"
                + escape_data(
                    f"{self.failing_left} more articles below --min-score {self.options.min_score:g}"
                )
            )
        if left["error"] or left["warning"]:
            total = left["error"] + left["warning"]
            lines.append(
                "::notice title=mtaudit::"
                + escape_data(
                    f"{total} more findings not shown ({left['error']} errors, {left['warning']} warnings): "
                    f"GitHub shows at most {MAX_PER_KIND} error and {MAX_PER_KIND} warning annotations per "
                    "step; use --format sarif or text for all of them"
                )
            )
        return "".join(line + "\n" for line in lines)
