"""GitHub workflow-command annotations: snapshot, escaping, the per-step limit, and a parse back to the
findings they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from audit.report import RenderOptions
from audit.report.common import artifact_path
from audit.report.github import MAX_PER_KIND, escape_data, escape_property, render
from tests.report.conftest import RULES, assert_golden, finding, report

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)$")
TITLE = re.compile(r"^mtaudit: (?P<rule>\S+) \((?P<severity>minor|major|critical)\)$")
MESSAGE = re.compile(
    r'^(?:(?P<where>.+):(?P<line>\d+):(?P<col>\d+): )?.*?: "(?P<text>.*)"(?: \(suggestion: .*\))?$', re.S
)


def unescape(text: str) -> str:
    """GitHub's unescaping of workflow-command values (``%25`` last, so ``%253A`` stays ``%3A``)."""
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


@dataclass
class Annotation:
    kind: str
    props: dict[str, str]
    message: str

    @property
    def rule(self) -> str:
        return TITLE.match(self.props["title"])["rule"]

    @property
    def severity(self) -> str:
        return TITLE.match(self.props["title"])["severity"]

    @property
    def text(self) -> str:
        return MESSAGE.match(self.message)["text"]


def parse(output: str) -> list[Annotation]:
    """Parse workflow commands as the runner does: one per line (only LF and CR end a line, so a
    control character such as U+000B in a finding stays inside it), properties split on commas."""
    out = []
    for line in output.removesuffix("\n").split("\n"):
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = {}
        for pair in (m["props"] or "").split(","):
            if pair:
                key, _, value = pair.partition("=")
                props[key] = unescape(value)
        out.append(Annotation(m["kind"], props, unescape(m["message"])))
    return out


def test_snapshot(reports, options):
    assert_golden("report.github.txt", render(reports, options))


@pytest.mark.parametrize(
    "raw, data, prop",
    [
        ("100 %", "100 %25", "100 %25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("news/artikel, 1: neu.txt", "news/artikel, 1: neu.txt", "news/artikel%2C 1%3A neu.txt"),
        ("%3A", "%253A", "%253A"),  # an escape sequence in the text is not unescaped by the runner
        ("„Wednesdays“ → Mittwochs", "„Wednesdays“ → Mittwochs", "„Wednesdays“ → Mittwochs"),
    ],
)
def test_escaping(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
    assert unescape(prop) == raw


def test_sample_parses_back(reports, options):
    annotations = parse(render(reports, options))
    by_id = {r.id: r for r in reports}
    assert len(annotations) == sum(len(r.findings) for r in reports)  # under the limit: all shown
    for a in annotations:
        if "file" in a.props:
            r = by_id[a.props["file"]]
        else:  # a record without a file: ID:LINE:COL at the start of the message
            m = MESSAGE.match(a.message)
            r = by_id[m["where"]]
            assert (int(m["line"]), int(m["col"])) == (int(a.props["line"]), int(a.props.get("col", 1)))
        assert any(f.rule == a.rule and f.text == a.text and f.severity == a.severity for f in r.findings)


def region(text: str, a: Annotation) -> str:
    lines = text.split("\n")
    line, end_line = int(a.props["line"]), int(a.props["endLine"])
    assert line == end_line, "columns are given only within a line"
    return lines[line - 1][int(a.props["col"]) - 1 : int(a.props["endColumn"]) - 1]


def test_seed_annotations_parse_back_to_the_findings(seed_reports):
    reports = list(seed_reports.values())
    output = render(reports, RenderOptions())
    annotations = parse(output)
    findings = {
        (artifact_path(r.article), *r.article.line_col(f.start), f.rule, f.text): f
        for r in reports
        for f in r.findings
    }
    shown = [a for a in annotations if a.kind != "notice"]
    for a in shown:
        key = (a.props["file"], int(a.props["line"]), int(a.props["col"]), a.rule, a.text)
        assert key in findings, key
        assert a.severity == findings[key].severity
        assert region(Path(a.props["file"]).read_text(encoding="utf-8"), a) == a.text
    kinds = [a.kind for a in shown]
    errors = sum(1 for f in findings.values() if f.severity in ("major", "critical"))
    warnings = len(findings) - errors
    assert kinds.count("error") == min(errors, MAX_PER_KIND)
    assert kinds.count("warning") == min(warnings, MAX_PER_KIND)
    assert kinds == sorted(kinds, key=["error", "warning"].index)  # the most severe first
    left = len(findings) - len(shown)
    notices = [a for a in annotations if a.kind == "notice"]
    if left:
        assert len(notices) == 1 and notices[0].message.startswith(f"{left} more findings not shown")
    else:
        assert not notices


def test_limit_keeps_the_most_severe_and_says_how_many_were_left_out():
    text = " ".join(f"Wort{i}" for i in range(60)) + "."
    findings = [
        finding(text, f"Wort{i} ", "untranslated-word", "major", confidence=0.5 + i / 100) for i in range(25)
    ]
    findings += [finding(text, f"Wort{i} ", "untranslated-word", "critical") for i in range(30, 33)]
    findings += [finding(text, f"Wort{i} ", "space-before-punctuation", "minor") for i in range(40, 55)]
    output = render([report(text, findings, 10.0, id="a.txt", path="a.txt")], RenderOptions(rules=RULES))
    annotations = parse(output)
    assert [a.severity for a in annotations[:3]] == ["critical"] * 3
    assert [a.kind for a in annotations] == ["error"] * 10 + ["warning"] * 10 + ["notice"]
    # within a severity, the surest first
    assert [a.text for a in annotations[3:10]] == [f"Wort{i} " for i in range(24, 17, -1)]
    assert annotations[-1].message.startswith("23 more findings not shown (18 errors, 5 warnings)")


def test_a_finding_across_lines_gets_no_columns(reports, options):
    (a,) = [a for a in parse(render(reports, options)) if a.text == "Lesen Sie auch:\nWeiterlesen"]
    assert (a.props["line"], a.props["endLine"]) == ("4", "5")
    assert "col" not in a.props and "endColumn" not in a.props


def test_no_findings_no_output(reports, options):
    assert render([reports[-1]], options) == ""
