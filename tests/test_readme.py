"""The README's example outputs come from real runs: each is recomputed here and compared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import audit
from audit import Auditor
from audit.report import RenderOptions
from audit.report.text import summary_line

README = Path(__file__).resolve().parents[1] / "README.md"


def test_summary_line_example_is_the_seeds_run(seed_reports):
    shown = re.findall(r"^(✖ \d+ critical, .* findings in \d+ articles .*)$", README.read_text(), re.M)
    assert shown, "README lost its summary-line example"
    actual = summary_line(list(seed_reports.values()), RenderOptions())
    assert shown == [actual], f"README shows {shown}, `mtaudit check seeds` prints {actual!r}"


def _unwrapped() -> str:
    return re.sub(r"\s*\n\s*", " ", README.read_text())


def test_fix_examples_are_what_fix_returns(auditor):
    text = README.read_text()
    shown = re.findall(r'audit\.fix\("([^"]+)"\)\.text\n# (\'[^\n]+\')', text)
    shown += re.findall(r'result = audit\.fix\("([^"]+)"\)\nresult\.text +# (\'[^\n]+\')', text)
    assert len(shown) == 2, "README lost an audit.fix example"
    for given, result in shown:
        assert repr(audit.fix(given, auditor=auditor).text) == result


@pytest.mark.parametrize("lm", ["none", "transformer"])
def test_a_short_clean_sentence_scores_as_shown(lm):
    shown = re.search(
        r"`Das ist ein Test\.` scores ([\d.]+) with `--lm transformer`, ([\d.]+) with `--lm none`",
        _unwrapped(),
    )
    assert shown, "README lost the score of `Das ist ein Test.`"
    expected = float(shown.group(1 if lm == "transformer" else 2))
    assert Auditor(lm=lm).check("Das ist ein Test.").score == expected
