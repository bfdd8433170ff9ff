"""The README's example outputs come from real runs: each is recomputed here and compared."""

from __future__ import annotations

import re
from pathlib import Path

from audit.report import RenderOptions
from audit.report.text import summary_line

README = Path(__file__).resolve().parents[1] / "README.md"


def test_summary_line_example_is_the_seeds_run(seed_reports):
    shown = re.findall(r"^(✖ \d+ critical, .* findings in \d+ articles .*)$", README.read_text(), re.M)
    assert shown, "README lost its summary-line example"
    actual = summary_line(list(seed_reports.values()), RenderOptions())
    assert shown == [actual], f"README shows {shown}, `mtaudit check seeds` prints {actual!r}"
