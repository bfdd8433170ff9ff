"""The JSON and JSONL formats of ../shared/docs/INTERFACE.md."""

from __future__ import annotations

import json
from collections.abc import Sequence

from audit.document import Report
from audit.report import RenderOptions, summary


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    document = {
        "tool": {"name": "mtaudit", "version": options.version, "signature": options.signature},
        "articles": [r.to_dict() for r in reports],
        "summary": summary(reports, options),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_lines(reports: Sequence[Report], options: RenderOptions) -> str:
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in reports)
