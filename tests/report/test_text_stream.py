"""The text format as a stream: the same text as ``render`` up to ``TABLE_MAX`` articles; past it, the
findings as each article comes, no table, and nothing held back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.report.text import TABLE_MAX, TextStream, render, summary_line
from tests.report.conftest import OPTIONS, sample_reports


def _relabelled(reports, n: int):
    """``n`` reports cycling through ``reports``, each with an id of its own."""
    out = []
    for k in range(n):
        r = reports[k % len(reports)]
        out.append(replace(r, article=replace(r.article, id=f"feed-{k:04d}")))
    return out


def _streamed(reports, options) -> tuple[str, TextStream]:
    stream = TextStream(options)
    parts = [stream.add(r) for r in reports]
    return "".join(parts) + stream.finish(), stream


@pytest.mark.parametrize("n", [0, 1, 3, TABLE_MAX])
@pytest.mark.parametrize("variant", [{}, {"quiet": True}, {"statistics": True}, {"color": True}])
def test_up_to_the_table_limit_the_stream_is_the_rendered_text(n, variant):
    options = replace(OPTIONS, **variant)
    reports = _relabelled(sample_reports(), n)
    text, _ = _streamed(reports, options)
    assert text == render(reports, options)


def test_past_the_limit_findings_stream_without_a_table():
    reports = _relabelled(sample_reports(), TABLE_MAX + 25)
    stream = TextStream(OPTIONS)
    outputs = [stream.add(r) for r in reports]
    assert not any(outputs[:TABLE_MAX]) and outputs[TABLE_MAX]  # held back, then all written at once
    assert stream.held is None  # nothing is kept any more
    assert all(out == "" or out.startswith("feed-") for out in outputs[TABLE_MAX + 1 :])
    text = "".join(outputs) + stream.finish()
    assert "article  " not in text.splitlines()[0]  # no score table
    full = render(reports, OPTIONS)
    # every finding block of the full rendering, in the same order, and the same closing lines
    blocks = full.split("\n\n", 1)[1]
    assert text.endswith(blocks)
    assert summary_line(reports, OPTIONS) in text.splitlines()[-2]


def test_statistics_past_the_limit_are_the_counts_of_every_report():
    options = replace(OPTIONS, statistics=True)
    reports = _relabelled(sample_reports(), TABLE_MAX * 3)
    text, stream = _streamed(reports, options)
    assert text == render(reports, options)
    assert stream.held == []  # statistics keep counts, never reports
