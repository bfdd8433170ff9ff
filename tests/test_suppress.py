"""Suppressions in the input: `<!-- mtaudit: ignore ... -->` comments and the JSONL `mtaudit_ignore` key."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from audit import suppress
from audit.cli import cli
from audit.policy import Policy
from audit.segment import make_article

WEDNESDAY = "Kim traf Putin an einem lokalen Wednesday in Pjöngjang."  # untranslated-word
COSMODROM = "Der Minister sprach über das Сosmodrom in Russland."  # mixed-script-word (encoding)


def found(auditor, text: str, **article) -> list[tuple[str, str]]:
    """(rule, text) of what is reported once the article's own suppressions apply."""
    from audit.auditor import _dedupe
    from audit.rules import make_context

    doc = make_article(text, id="t", **article)
    ctx = make_context(doc, auditor.lexicon)
    raw = _dedupe([f for rule in auditor.rules for f in rule.check(ctx)])
    policy = Policy()
    policy.configure(auditor.rules)
    return [(f.rule, f.text) for f in policy.apply(doc, raw)]


@pytest.mark.parametrize(
    "text, reported",
    [
        (f"{WEDNESDAY}\n{COSMODROM}\n", {"Wednesday", "Сosmodrom"}),
        (f"<!-- mtaudit: ignore untranslated-word -->\n{WEDNESDAY}\n{COSMODROM}\n", {"Сosmodrom"}),
        (f"<!-- mtaudit: ignore untranslated -->\n{WEDNESDAY}\n", set()),  # a category
        (f"<!-- mtaudit: ignore casing -->\n{WEDNESDAY}\n", {"Wednesday"}),  # another rule
        (f"<!-- mtaudit: ignore untranslated-word -->\n\n\n{WEDNESDAY}\n", set()),  # next non-empty line
        (
            f"<!-- mtaudit: ignore untranslated-word -->\n{COSMODROM}\n{WEDNESDAY}\n",
            {"Wednesday", "Сosmodrom"},
        ),
        (f"<!-- mtaudit: ignore untranslated-word, encoding -->\n{WEDNESDAY} {COSMODROM}\n", set()),
        (
            f"<!-- mtaudit: ignore encoding -->\n<!-- mtaudit: ignore untranslated -->\n{WEDNESDAY} {COSMODROM}\n",
            set(),
        ),
        (f"<!-- mtaudit: ignore -->\n{WEDNESDAY} {COSMODROM}\n", set()),  # no names: every rule
        (
            f"{WEDNESDAY} <!-- mtaudit: ignore untranslated-word -->\n{COSMODROM}\n",
            {"Сosmodrom"},
        ),  # same line
        (f"{WEDNESDAY}\n<!-- mtaudit: ignore untranslated-word -->\n", {"Wednesday"}),  # not backwards
        (f"{WEDNESDAY}\n{COSMODROM}\n<!-- mtaudit: ignore-file encoding -->\n", {"Wednesday"}),
        (f"<!-- mtaudit: ignore-file -->\n{WEDNESDAY}\n{COSMODROM}\n", set()),
        (f"<!-- Anmerkung: mtaudit prüft diesen Absatz -->\n{WEDNESDAY}\n", {"Wednesday"}),  # not a directive
    ],
)
def test_inline_comments(auditor, text, reported):
    assert {t for _, t in found(auditor, text)} == reported


def test_directive_text_itself_is_never_reported(auditor):
    # without the directive handling, "ignore untranslated-word" would be a foreign-span finding
    text = f"<!-- mtaudit: ignore untranslated-word -->\n{COSMODROM}\n"
    assert found(auditor, text) == [("mixed-script-word", "Сosmodrom")]


@pytest.mark.parametrize(
    "ignore, reported",
    [
        (None, {"Wednesday", "Сosmodrom"}),
        (True, set()),
        (False, {"Wednesday", "Сosmodrom"}),
        (["untranslated-word"], {"Сosmodrom"}),
        (["encoding", "untranslated"], set()),
    ],
)
def test_jsonl_record_key(auditor, ignore, reported):
    extra = {} if ignore is None else {"mtaudit_ignore": ignore}
    assert {t for _, t in found(auditor, f"{WEDNESDAY}\n{COSMODROM}\n", extra=extra)} == reported


def test_unknown_names_and_bad_record_values_are_warned_of():
    known = {"untranslated-word", "untranslated"}
    article = make_article("<!-- mtaudit: ignore untranslated-wrd -->\nText.\n", id="a.md", path="a.md")
    marks = suppress.parse(article, known)
    assert marks.unknown == [("a.md:1", "untranslated-wrd")]
    record = make_article("Text.", id="r1", extra={"mtaudit_ignore": "untranslated-word"})
    assert "must be true or a list" in suppress.parse(record, known).problems[0]


def test_cli_reports_suppressions_and_warnings(tmp_path):
    source = tmp_path / "a.md"
    source.write_text(
        f"<!-- mtaudit: ignore untranslated-word -->\n{WEDNESDAY}\n\n<!-- mtaudit: ignore encodng -->\n{COSMODROM}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(source), "--lm", "none", "--format", "json"])
    document = json.loads(result.stdout)
    assert [f["text"] for f in document["articles"][0]["findings"]] == ["Сosmodrom"]
    assert document["summary"]["suppressed"]["inline"] >= 1
    assert f"mtaudit: warning: {source}:4: unknown rule or category 'encodng'" in result.stderr
    assert result.exit_code == 1


def test_cli_jsonl_ignore(tmp_path):
    records = [
        {"id": "r1", "text": WEDNESDAY, "mtaudit_ignore": ["untranslated-word"]},
        {"id": "r2", "text": WEDNESDAY},
    ]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    result = CliRunner().invoke(
        cli, ["check", "-", "--jsonl-stdin", "--format", "jsonl", "--lm", "none"], input=stdin
    )
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(o["findings"]) for o in out] == [0, 1]
    assert out[0]["mtaudit_ignore"] == ["untranslated-word"]  # carried through like any other key
