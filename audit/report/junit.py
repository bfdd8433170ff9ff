"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure DevOps).

One ``<testsuite>`` per article (properties: score, fluency, words, signature), one ``<testcase>`` per
rule: every rule that ran when the caller lists them (``RenderOptions.rules``), else the rules with
findings (an article without findings then gets one passing ``mtaudit`` case). A rule with findings
fails: its ``<failure>`` lists them, one per line (``LINE:COL SEVERITY MESSAGE: "TEXT"``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from audit.document import Finding, Report
from audit.report import RenderOptions, below_min_score
from audit.report.common import SEVERITY_RANK, RuleInfo, artifact_path, finding_summary, record_path

#: characters XML 1.0 cannot carry at all (control characters a ``control-character`` finding may hold)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text XML can hold: characters XML forbids are written as ``U+XXXX``."""
    return _NOT_XML.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def _failure_lines(report: Report, findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        line, col = report.article.line_col(f.start)
        lines.append(f"{line}:{col} {f.severity} {finding_summary(f, single_line=True)}")
    return "\n".join(lines)


def _testsuite(report: Report, rules: list[RuleInfo] | None, options: RenderOptions) -> ET.Element:
    article = report.article
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    if rules is not None:
        cases = [(r.id, r.category) for r in rules]
        listed = {r.id for r in rules}
        cases += [(rule, fs[0].category) for rule, fs in by_rule.items() if rule not in listed]
    else:
        cases = [(rule, fs[0].category) for rule, fs in sorted(by_rule.items())] or [("mtaudit", "")]

    suite = ET.Element("testsuite")
    suite.set("name", xml_text(article.label))
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for rule, _ in cases if rule in by_rule)))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")
    path = artifact_path(article) or record_path(article)
    if path is not None:
        suite.set("file", xml_text(path))
    properties = ET.SubElement(suite, "properties")
    values = {"score": report.score, "fluency": report.fluency, "words": article.word_count}
    if report.reference is not None:
        ref = report.reference
        values.update({"chrf": ref.chrf, "bleu": ref.bleu, "ter": ref.ter})
        values["reference_signature"] = "; ".join(f"{k}: {v}" for k, v in ref.to_dict()["signature"].items())
    values["signature"] = options.signature or None
    for name, value in values.items():
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=str(value))

    reason = below_min_score(report, options)
    if options.min_score is not None:  # the score gate is a test case of its own
        case = ET.SubElement(suite, "testcase", name="min-score", classname="mtaudit")
        case.set("time", "0")
        if reason is not None:
            ET.SubElement(case, "failure", message=reason, type="min-score")
        suite.set("tests", str(len(cases) + 1))
        suite.set("failures", str(int(suite.get("failures", "0")) + (reason is not None)))

    for rule, category in cases:
        case = ET.SubElement(suite, "testcase")
        case.set("name", rule)
        case.set("classname", f"mtaudit.{category}" if category else "mtaudit")
        if path is not None:
            case.set("file", xml_text(path))
        case.set("time", "0")
        findings = by_rule.get(rule)
        if findings:
            worst = max(findings, key=lambda f: SEVERITY_RANK[f.severity])
            failure = ET.SubElement(case, "failure")
            noun = "finding" if len(findings) == 1 else "findings"
            failure.set("message", xml_text(f"{len(findings)} {noun}: {findings[0].message}"))
            failure.set("type", worst.severity)
            failure.text = xml_text(_failure_lines(report, findings))
    return suite


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    rules = list(options.rules) if options.rules is not None else None
    root = ET.Element("testsuites")
    root.set("name", "mtaudit")
    suites = [_testsuite(r, rules, options) for r in reports]
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in suites)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in suites)))
    root.set("errors", "0")
    root.set("time", "0")
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
