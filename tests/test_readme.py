"""The README's example outputs come from real runs: each is recomputed here and compared."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import audit
from audit import Auditor
from audit.cli import cli
from audit.report import RenderOptions
from audit.report.text import summary_line

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


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


@pytest.fixture(scope="module")
def seed_fix():
    """`mtaudit fix seeds` (safe edits, a diff), as the README shows it."""
    here = os.getcwd()
    os.chdir(ROOT)  # the diff names the files as given: seeds/...
    try:
        return CliRunner().invoke(cli, ["fix", "seeds"], catch_exceptions=False)
    finally:
        os.chdir(here)


def test_fix_summary_example_is_the_seeds_run(seed_fix):
    shown = re.search(r"`(mtaudit fix: would change [^`]+)`", _unwrapped())
    assert shown, "README lost the fix summary-line example"
    assert shown.group(1) in seed_fix.stderr
    more = re.search(r"(\d+) more with --unsafe", shown.group(1)).group(1)
    assert f"`.venv/bin/mtaudit fix seeds --unsafe`, {more} more edits" in _unwrapped()


def test_seed_diff_example_is_the_seeds_run(seed_fix):
    """Each changed line the README shows is the real diff's, in order; `…` stands for cut text."""
    block = re.search(r"### The seed diff .*?\n```diff\n(.*?)\n```", README.read_text(), re.S)
    assert block, "README lost the seed diff"
    shown = [line for line in block.group(1).split("\n") if line.startswith(("+", "-"))]
    actual = [line for line in seed_fix.stdout.split("\n") if line.startswith(("+", "-"))]
    assert len(shown) == len(actual)
    for s, a in zip(shown, actual, strict=True):
        pattern = ".*".join(re.escape(part.strip(" ")) for part in s.split("…"))
        assert re.fullmatch(pattern, a), (s, a)
