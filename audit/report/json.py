"""The JSON and JSONL formats of ../shared/docs/INTERFACE.md."""

from __future__ import annotations

import json
from collections.abc import Sequence

from audit.document import Report
from audit.report import RenderOptions, Stream, summary


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    document = {
        "tool": {"name": "mtaudit", "version": options.version, "signature": options.signature},
        "articles": [r.to_dict() for r in reports],
        "summary": summary(reports, options),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_lines(reports: Sequence[Report], options: RenderOptions) -> str:
    stream = LineStream(options)
    return "".join(stream.add(r) for r in reports) + stream.finish()


class LineStream(Stream):
    """JSONL: one line per article, written as soon as it is audited."""

    def add(self, report: Report) -> str:
        return json.dumps(report.to_dict(), ensure_ascii=False) + "\n"
