"""Baselines: known findings are not reported (and counted), robust to edits elsewhere in the article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.baseline import Baseline, normalise, text_hash
from audit.cli import cli
from audit.document import Finding
from audit.segment import make_article

ARTICLE = (
    "Kim traf Putin an einem lokalen Wednesday in Pjöngjang.\n"
    "\n"
    "Der Minister sprach über das Сosmodrom in Russland.\n"
)
NEW_TOP = "Nordkorea hat am Montag zwei Raketen abgefeuert, sagte die Armee.\n\n"
NEW_FINDING = "Kim bleibt defiant gegenüber dem Westen.\n\n"


def run(args):
    return CliRunner().invoke(cli, [*args, "--lm", "none"], catch_exceptions=False)


def findings(result) -> list[tuple[str, str]]:
    return [(f["rule"], f["text"]) for a in json.loads(result.stdout)["articles"] for f in a["findings"]]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "news" / "a.md"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_baselined_findings_stay_suppressed_after_edits_elsewhere(tmp_path, article):
    baseline = tmp_path / "baseline.json"
    written = run(["check", str(article), "--write-baseline", str(baseline), "--format", "json"])
    assert written.exit_code == 0, written.output
    assert findings(written) == [] and json.loads(written.stdout)["summary"]["baselined"] == 2
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert {(e["article"], e["rule"]) for e in entries} == {
        ("news/a.md", "untranslated-word"),
        ("news/a.md", "mixed-script-word"),
    }

    before = run(["check", str(article), "--format", "json"])
    assert before.exit_code == 1 and len(findings(before)) == 2  # without the baseline

    # a paragraph inserted at the top moves every offset and line, and brings one new finding
    article.write_text(NEW_TOP + NEW_FINDING + ARTICLE, encoding="utf-8")
    result = run(["check", str(article), "--baseline", str(baseline), "--format", "json"])
    assert findings(result) == [("untranslated-word", "defiant")]
    assert json.loads(result.stdout)["summary"]["baselined"] == 2
    assert result.exit_code == 1  # the new finding is major

    text = run(["check", str(article), "--baseline", str(baseline)])
    assert "not reported: 2 baselined" in text.stdout.splitlines()[-2]


def test_baseline_keys_count_occurrences(tmp_path, article):
    baseline = tmp_path / "baseline.json"
    run(["check", str(article), "--write-baseline", str(baseline)])
    # a second Сosmodrom (same rule, same text) is new: the baseline holds one
    article.write_text(ARTICLE + "\nDas Сosmodrom liegt im Osten.\n", encoding="utf-8")
    result = run(["check", str(article), "--baseline", str(baseline), "--format", "json"])
    assert findings(result) == [("mixed-script-word", "Сosmodrom")]
    assert json.loads(result.stdout)["articles"][0]["findings"][0]["start"] > len(ARTICLE)


def test_baseline_is_keyed_on_the_article(tmp_path, article):
    baseline = tmp_path / "baseline.json"
    run(["check", str(article), "--write-baseline", str(baseline)])
    other = article.with_name("b.md")
    other.write_text(ARTICLE, encoding="utf-8")
    result = run(["check", str(other), "--baseline", str(baseline), "--format", "json"])
    assert len(findings(result)) == 2  # same text, other file: not baselined


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, article, monkeypatch):
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    run(["check", "news/a.md", "--write-baseline", str(baseline)])
    monkeypatch.chdir(article.parent)
    result = run(["check", "a.md", "--baseline", str(baseline), "--format", "json"])
    assert findings(result) == []


def test_jsonl_records_are_keyed_on_their_id(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [{"id": "r1", "text": ARTICLE}, {"id": "r2", "text": ARTICLE}]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    run(["check", str(feed), "--write-baseline", str(baseline)])
    records[1]["text"] = NEW_FINDING + ARTICLE
    records.reverse()  # order in the feed does not matter
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run(["check", str(feed), "--baseline", str(baseline), "--format", "json"])
    assert findings(result) == [("untranslated-word", "defiant")]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ("{", "invalid JSON"),
        ('{"format": "something-else"}', "not an mtaudit baseline file"),
        ('{"format": "mtaudit-baseline", "version": 9, "findings": []}', "baseline version 9"),
        ('{"format": "mtaudit-baseline", "version": 1, "findings": [{"rule": 1}]}', '"findings" must be'),
    ],
)
def test_bad_baseline_is_a_one_line_usage_error(tmp_path, article, content, message):
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = run(["check", str(article), "--baseline", str(baseline)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and str(baseline) in lines[0]


def test_baseline_and_write_baseline_do_not_go_together(tmp_path, article):
    result = run(["check", str(article), "--baseline", "a.json", "--write-baseline", "b.json"])
    assert result.exit_code == 2 and "do not go together" in result.stderr


def test_unreadable_input_leaves_the_baseline_untouched(tmp_path, article):
    baseline = tmp_path / "baseline.json"
    baseline.write_text("keep me", encoding="utf-8")
    result = run(["check", str(article), str(tmp_path / "missing.md"), "--write-baseline", str(baseline)])
    assert result.exit_code == 2
    assert baseline.read_text(encoding="utf-8") == "keep me"
    assert not list(tmp_path.glob(".baseline.json.*"))


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Kim Jong-unals", "Kim Jong-unals", True),
        ("Kim  Jong-unals", "Kim Jong-unals", True),  # white space runs
        ("Kim\nJong-unals", "Kim Jong-unals", True),
        ("Ä", "A\u0308", True),  # NFC
        ("wladimir", "Wladimir", False),  # case matters: casing rules flag exactly that
    ],
)
def test_normalised_text_hash(a, b, same):
    assert (text_hash(a) == text_hash(b)) is same
    assert normalise(" x ") == "x"


def test_split_keeps_the_first_occurrences_baselined(tmp_path):
    article = make_article("Сosmodrom und Сosmodrom und Сosmodrom.", id="r1")
    found = [
        Finding("mixed-script-word", "encoding", "major", s, s + 9, "Сosmodrom", "m") for s in (0, 14, 28)
    ]
    baseline = Baseline(tmp_path)
    baseline.add(article, found[:2])
    new, old = baseline.split(article, found)
    assert old == found[:2] and new == found[2:]
    loaded = tmp_path / "b.json"
    loaded.write_text(baseline.to_json(), encoding="utf-8")
    assert Baseline.load(loaded).counts == baseline.counts
