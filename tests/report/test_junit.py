"""JUnit XML: snapshot, parses with the standard library, one suite per article, a case per rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from audit.report import RenderOptions
from audit.report.common import one_line
from audit.report.junit import render, xml_text
from tests.report.conftest import RULES, assert_golden


def test_snapshot(reports, options):
    assert_golden("report.junit.xml", render(reports, options))


def suites(output: str) -> list[ET.Element]:
    root = ET.fromstring(output.encode("utf-8"))
    assert root.tag == "testsuites"
    found = root.findall("testsuite")
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in found)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in found)
    return found


@pytest.mark.parametrize("with_rules", [False, True])
def test_suites_cases_and_failures(reports, options, with_rules):
    opts = options if with_rules else RenderOptions(signature=options.signature)
    found = suites(render(reports, opts))
    assert [s.get("name") for s in found] == [xml_text(r.id) for r in reports]
    for suite, r in zip(found, reports, strict=True):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        failing = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
        assert int(suite.get("failures")) == len(failing)
        assert set(failing) == {f.rule for f in r.findings}
        for rule, failure in failing.items():
            mine = [f for f in r.findings if f.rule == rule]
            assert failure.text.count("\n") + 1 == len(mine)  # one line per finding
            for f in mine:
                assert xml_text(one_line(f.text)) in failure.text and f.message in failure.text
        if with_rules:
            assert [c.get("name") for c in cases] == [rule.id for rule in RULES]
        elif not r.findings:
            assert [c.get("name") for c in cases] == ["mtaudit"]
        props = {p.get("name"): p.get("value") for p in suite.find("properties")}
        assert float(props["score"]) == r.score and int(props["words"]) == r.article.word_count
        assert ("fluency" in props) == (r.fluency is not None)


def test_control_characters_do_not_break_the_xml(reports, options):
    output = render(reports, options)
    assert "\x0b" not in output and "U+000B" in output
    suites(output)


def test_seeds_parse(seed_reports):
    reports = list(seed_reports.values())
    found = suites(render(reports, RenderOptions()))
    assert len(found) == len(reports)
    assert sum(int(s.get("failures")) for s in found) == sum(
        len({f.rule for f in r.findings}) for r in reports
    )
