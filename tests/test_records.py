"""JSONL records keep where they came from (issue 12 item 7): records of two files with the same ids
stay apart in every format, in baselines and in the duplicate-id warning."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from audit.cli import cli

MAJOR = "Der Minister sprach über das \u0421osmodrom."  # a Cyrillic С: a major finding


@pytest.fixture
def feeds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.jsonl", "b.jsonl"):
        lines = [json.dumps({"id": "intro", "text": "Gut."}), json.dumps({"id": "1", "text": MAJOR})]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def _run(*args):
    return CliRunner().invoke(
        cli, ["check", "a.jsonl", "b.jsonl", "--lm", "none", *args], catch_exceptions=False
    )


def test_text_and_json_name_the_file_and_line_of_each_record(feeds):
    text = _run()
    assert "a.jsonl#1  (score" in text.stdout and "b.jsonl#1  (score" in text.stdout
    assert "share" not in text.stderr  # the same id in two files is no duplicate
    articles = json.loads(_run("--format", "json").stdout)["articles"]
    assert [(a["id"], a["record"]) for a in articles] == [
        ("intro", {"file": "a.jsonl", "line": 1}),
        ("1", {"file": "a.jsonl", "line": 2}),
        ("intro", {"file": "b.jsonl", "line": 1}),
        ("1", {"file": "b.jsonl", "line": 2}),
    ]


def test_ci_formats_keep_the_records_of_two_files_apart(feeds):
    github = [line for line in _run("--format", "github").stdout.splitlines() if line.startswith("::error")]
    assert [line.split("title=")[0] for line in github] == [
        "::error file=a.jsonl,line=2,",
        "::error file=b.jsonl,line=2,",
    ]
    assert all("::1:1:30: " in line for line in github)  # the place inside the record's text
    sarif = json.loads(_run("--format", "sarif").stdout)
    uris = [a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]]
    assert len(set(uris)) == 4 and "a.jsonl%231" in uris and "b.jsonl%231" in uris
    suites = ET.fromstring(_run("--format", "junit").stdout).findall("testsuite")
    assert [(s.get("name"), s.get("file")) for s in suites] == [
        ("a.jsonl#intro", "a.jsonl"),
        ("a.jsonl#1", "a.jsonl"),
        ("b.jsonl#intro", "b.jsonl"),
        ("b.jsonl#1", "b.jsonl"),
    ]


def test_a_baseline_keeps_records_of_two_files_apart(feeds):
    # record the finding of a.jsonl only: b.jsonl's record with the same id and text is still new
    CliRunner().invoke(cli, ["check", "a.jsonl", "--lm", "none", "--write-baseline", "base.json"])
    keys = {e["article"] for e in json.loads((feeds / "base.json").read_text(encoding="utf-8"))["findings"]}
    assert keys == {"a.jsonl#1"}
    result = _run("--baseline", "base.json", "--format", "json")
    findings = [(a["record"]["file"], len(a["findings"])) for a in json.loads(result.stdout)["articles"]]
    assert findings == [("a.jsonl", 0), ("a.jsonl", 0), ("b.jsonl", 0), ("b.jsonl", 1)]


def test_a_baseline_written_before_records_had_files_still_matches(feeds):
    CliRunner().invoke(cli, ["check", "a.jsonl", "--lm", "none", "--write-baseline", "base.json"])
    document = json.loads((feeds / "base.json").read_text(encoding="utf-8"))
    for entry in document["findings"]:
        entry["article"] = entry["article"].split("#", 1)[1]  # the old key: the id alone
    (feeds / "base.json").write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "a.jsonl", "--lm", "none", "--baseline", "base.json"])
    assert result.exit_code == 0 and "1 baselined" in result.stdout
