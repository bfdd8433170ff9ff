"""The SARIF renderer: snapshot, schema validity, regions, fingerprints, fixes and levels."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest

from audit.report import RenderOptions
from audit.report.common import FINGERPRINT_KEY, LEVELS
from audit.report.sarif import render
from tests.conftest import SHARED
from tests.report.conftest import RULES, assert_golden, finding, report


@pytest.fixture(autouse=True)
def _pinned_information_uri(monkeypatch):
    """The home page comes from the installed package's metadata; pin it so snapshots do not move."""
    monkeypatch.setattr("audit.report.sarif.information_uri", lambda: "https://example.org/mtaudit")


@pytest.fixture(scope="module")
def schema():
    path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not path.exists():
        pytest.skip(f"{path} not found: the SARIF 2.1.0 schema is not beside this checkout")
    return json.loads(path.read_text(encoding="utf-8"))


def validate(log: dict, schema: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed (pip install '.[dev]')")
    jsonschema.Draft7Validator(schema).validate(log)


def test_snapshot(reports, options):
    assert_golden("report.sarif", render(reports, options))


def test_sample_validates(reports, options, schema):
    validate(json.loads(render(reports, options)), schema)


def test_seeds_validate(seed_reports, schema):
    log = json.loads(render(list(seed_reports.values()), RenderOptions(version="0.1.0", signature="s")))
    validate(log, schema)
    run = log["runs"][0]
    assert len(run["results"]) == sum(len(r.findings) for r in seed_reports.values())
    assert [a["id"] for a in run["properties"]["articles"]] == [r.id for r in seed_reports.values()]


def region_text(text: str, region: dict) -> str:
    """The text a SARIF region covers, read through its 1-based lines and columns."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: region["startLine"] - 1]) + region["startColumn"] - 1
    end = sum(len(line) + 1 for line in lines[: region["endLine"] - 1]) + region["endColumn"] - 1
    return text[start:end]


def test_regions_point_at_the_findings(seed_reports, reports, options):
    for group, opts in ((list(seed_reports.values()), RenderOptions()), (reports, options)):
        run = json.loads(render(group, opts))["runs"][0]
        texts = [r.article.text for r in group]
        for result in run["results"]:
            location = result["locations"][0]["physicalLocation"]
            text = texts[location["artifactLocation"]["index"]]
            region = location["region"]
            assert region_text(text, region) == region["snippet"]["text"]
            assert (
                text[region["charOffset"] : region["charOffset"] + region["charLength"]]
                == region["snippet"]["text"]
            )
            assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


@pytest.mark.parametrize("severity, level", [("critical", "error"), ("major", "error"), ("minor", "warning")])
def test_levels(severity, level):
    text = "Der Präsident besuchte einen lokalen Wednesdays Markt."
    r = report(
        text, [finding(text, "Wednesdays", "untranslated-word", severity)], 80.0, id="a.txt", path="a.txt"
    )
    log = json.loads(render([r], RenderOptions(rules=RULES)))
    assert log["runs"][0]["results"][0]["level"] == level
    assert LEVELS[severity] == level


def test_rule_default_levels_follow_the_rule_severity(reports, options):
    rules = json.loads(render(reports, options))["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules} == {
        r.id: LEVELS[r.severity] for r in RULES
    }


def test_rules_come_from_the_registry_by_default(reports):
    from audit.rules import load_rules

    registry = load_rules()
    rules = json.loads(render(reports, RenderOptions()))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(registry)
    for r in rules:
        cls = registry[r["id"]]
        assert r["shortDescription"]["text"] == cls.message
        assert r["help"]["text"] == (cls.description or cls.message)
        assert r["properties"]["category"] == cls.category


def fingerprints_of(text: str, needles: list[tuple[str, int]]) -> list[str]:
    findings = [finding(text, needle, "foreign-span", "major", occurrence) for needle, occurrence in needles]
    log = json.loads(render([report(text, findings, 90.0, id="x")], RenderOptions(rules=RULES)))
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]


def test_fingerprints_are_stable_and_survive_edits_elsewhere():
    text = "Leave a Reply\nDer Minister sprach.\nLeave a Reply\n"
    first = fingerprints_of(text, [("Leave a Reply", 0), ("Leave a Reply", 1)])
    assert first == fingerprints_of(text, [("Leave a Reply", 0), ("Leave a Reply", 1)])  # across runs
    assert first[0] != first[1]  # two occurrences of the same text are two results
    edited = "Eine neue Zeile oben.\nLeave a Reply\nDer Minister sprach heute lange.\nLeave a Reply\n"
    assert fingerprints_of(edited, [("Leave a Reply", 0), ("Leave a Reply", 1)]) == first


def test_fixes_replace_the_region_with_the_first_suggestion(reports, options):
    run = json.loads(render(reports, options))["runs"][0]
    findings = [f for r in reports for f in r.findings]
    for result, f in zip(run["results"], findings, strict=True):
        if not f.suggestions:
            assert "fixes" not in result
            continue
        (replacement,) = result["fixes"][0]["artifactChanges"][0]["replacements"]
        assert replacement["insertedContent"]["text"] == f.suggestions[0]
        assert replacement["deletedRegion"]["charOffset"] == f.start
        assert replacement["deletedRegion"]["charLength"] == f.end - f.start
        assert result["fixes"][0]["properties"]["applicability"] == f.applicability


@pytest.mark.parametrize(
    "kwargs, uri",
    [
        ({"id": "news/artikel 1.txt", "path": "news/artikel 1.txt"}, "news/artikel%201.txt"),
        ({"id": "./seeds/a.txt", "path": "./seeds/a.txt"}, "seeds/a.txt"),
        ({"id": "feed.jsonl:2"}, "feed.jsonl%3A2"),  # a record: its id, never read as a URI scheme
        ({"id": "<stdin>", "path": None}, "%3Cstdin%3E"),
        ({"id": "/nowhere/a b.txt", "path": "/nowhere/a b.txt"}, "file:///nowhere/a%20b.txt"),
    ],
)
def test_artifact_uris(kwargs, uri):
    r = report(
        "Leave a Reply", [finding("Leave a Reply", "Leave a Reply", "foreign-span", "major")], 50, **kwargs
    )
    run = json.loads(render([r], RenderOptions(rules=RULES)))["runs"][0]
    got = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert got == uri
    assert " " not in got and (urlsplit(got).scheme in ("", "file"))
    assert unquote(got).endswith(kwargs["id"].removeprefix("./"))


def test_run_properties_carry_the_scores(reports, options):
    run = json.loads(render(reports, options))["runs"][0]
    articles = run["properties"]["articles"]
    assert [(a["id"], a["score"]) for a in articles] == [(r.id, r.score) for r in reports]
    assert run["properties"]["signature"] == options.signature
    assert run["tool"]["driver"]["version"] == options.version


def test_a_finding_of_an_unlisted_rule_is_still_described(reports):
    options = RenderOptions(rules=RULES[:1])
    log = json.loads(render(reports, options))
    ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert ids[0] == RULES[0].id and set(ids) >= {f.rule for r in reports for f in r.findings}


def test_summary_counts_what_the_policy_left_out(reports):
    log = json.loads(render(reports, RenderOptions(rules=RULES, dropped={"baselined": 3})))
    assert log["runs"][0]["properties"]["summary"]["baselined"] == 3
