"""The JSON and JSONL formats of ../shared/docs/INTERFACE.md."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

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


#: a report with more sentences than this is written a piece at a time (``LineStream.pieces``)
PIECEWISE_SENTENCES = 2_000
#: about how many characters each piece holds
PIECE_CHARS = 1 << 16


class _Deferred:
    """The items of a list of the report, each made into its dict only when it is written."""

    def __init__(self, items, to_dict):
        self.items, self.to_dict = items, to_dict


class LineStream(Stream):
    """JSONL: one line per article, written as soon as it is audited."""

    def add(self, report: Report) -> str:
        return json.dumps(report.to_dict(), ensure_ascii=False) + "\n"

    def pieces(self, report: Report) -> Iterator[str]:
        """The line of ``add`` in pieces: for a very long article (``audit.window``) the line would be
        hundreds of MB and the dicts behind it several times that. The object is written key by key
        and its long lists item by item, each with ``json.dumps`` and the separators it uses (", "
        and ": "), so the text is the same as ``add``'s."""
        if len(report.sentences) <= PIECEWISE_SENTENCES:
            yield self.add(report)
            return
        buffer: list[str] = ["{"]
        size = 0
        for k, (key, value) in enumerate(report.to_dict(_Deferred).items()):
            buffer.append(f"{', ' if k else ''}{json.dumps(key, ensure_ascii=False)}: ")
            if not isinstance(value, _Deferred):
                buffer.append(json.dumps(value, ensure_ascii=False))
                continue
            buffer.append("[")
            for i, item in enumerate(value.items):
                text = json.dumps(value.to_dict(item), ensure_ascii=False)
                buffer.append(f", {text}" if i else text)
                size += len(text)
                if size >= PIECE_CHARS:
                    yield "".join(buffer)
                    buffer, size = [], 0
            buffer.append("]")
        buffer.append("}\n")
        yield "".join(buffer)
