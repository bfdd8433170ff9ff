"""Exit codes follow ../shared/docs/INTERFACE.md in every format, and each format's output parses."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from audit.cli import cli
from tests.conftest import SEEDS

SEED = str(SEEDS / "002_d0ac46d8fcb0287c.txt")  # has major findings (a Cyrillic С in Сosmodrom, …)


def parses(fmt: str, output: str) -> None:
    if fmt == "sarif":
        assert json.loads(output)["runs"][0]["results"]
    elif fmt == "junit":
        assert ET.fromstring(output.encode()).find("testsuite") is not None
    elif fmt == "github":
        assert output.startswith("::error ")
    elif fmt == "html":
        assert output.startswith("<!DOCTYPE html>") and "<mark" in output


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "html"])
@pytest.mark.parametrize("args, code", [([], 1), (["--fail-on", "never"], 0)])
def test_exit_codes(fmt, args, code):
    result = CliRunner().invoke(cli, ["check", SEED, "--lm", "none", "--format", fmt, *args])
    assert result.exit_code == code, result.output
    parses(fmt, result.stdout)


@pytest.mark.parametrize("fmt", ["sarif", "junit", "html"])
def test_unreadable_input_exits_2_and_still_reports_the_others(fmt, tmp_path):
    missing = tmp_path / "fehlt.txt"
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        cli,
        ["check", SEED, str(missing), "--lm", "none", "--format", fmt, "--fail-on", "never", "-o", str(out)],
    )
    assert result.exit_code == 2
    assert "fehlt.txt" in result.stderr
    parses(fmt, out.read_text(encoding="utf-8"))
