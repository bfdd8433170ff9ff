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

from collections.abc import Sequence

from audit.document import Finding, Report
from audit.report import RenderOptions
from audit.report.common import LEVELS, SEVERITY_RANK, artifact_path, finding_summary

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
    message = finding_summary(f)
    if path is not None:
        props.append(("file", path))
    else:
        message = f"{article.id}:{line}:{col}: {message}"
    props += [("line", line)]
    if end_line == line:
        props += [("col", col), ("endLine", end_line), ("endColumn", end_col)]
    else:
        props += [("endLine", end_line)]
    props.append(("title", f"mtaudit: {f.rule} ({f.severity})"))
    head = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{LEVELS[f.severity]} {head}::{escape_data(message)}"


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    ranked = sorted(
        ((i, f) for i, r in enumerate(reports) for f in r.findings),
        key=lambda pair: (-SEVERITY_RANK[pair[1].severity], -pair[1].confidence, pair[0], pair[1].start),
    )
    shown = {"error": 0, "warning": 0}
    left = {"error": 0, "warning": 0}
    lines = []
    for i, f in ranked:
        kind = LEVELS[f.severity]
        if shown[kind] < MAX_PER_KIND:
            shown[kind] += 1
            lines.append(annotation(reports[i], f))
        else:
            left[kind] += 1
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
