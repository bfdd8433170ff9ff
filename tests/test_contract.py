"""The JSON contract of ../shared/docs/INTERFACE.md, checked on the seed articles."""

from __future__ import annotations

import json

from click.testing import CliRunner

from audit.cli import cli
from audit.document import CATEGORIES, SEVERITIES
from tests.conftest import SEEDS

FINDING_KEYS = {
    "rule",
    "category",
    "severity",
    "start",
    "end",
    "text",
    "message",
    "suggestions",
    "confidence",
}


def test_seed_json_holds_the_contract():
    result = CliRunner().invoke(cli, ["check", str(SEEDS), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["tool"]["name"] == "mtaudit" and document["tool"]["version"]
    assert len(document["articles"]) == 5
    for article in document["articles"]:
        with open(article["path"], encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        assert {"id", "score", "fluency", "words", "sentences", "findings"} <= set(article)
        assert 0 <= article["score"] <= 100
        for sentence in article["sentences"]:
            assert 0 <= sentence["start"] < sentence["end"] <= len(text)
        for finding in article["findings"]:
            assert set(finding) >= FINDING_KEYS
            assert finding["category"] in CATEGORIES and finding["severity"] in SEVERITIES
            assert text[finding["start"] : finding["end"]] == finding["text"]
            assert 0 <= finding["confidence"] <= 1
            assert isinstance(finding["suggestions"], list)
    assert document["summary"]["articles"] == 5


def test_jsonl_is_one_article_per_input_in_order(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(SEEDS), "--format", "jsonl", "--fail-on", "never"])
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == sorted(str(p) for p in SEEDS.glob("*.txt"))
