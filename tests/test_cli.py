from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from audit.cli import cli

CLEAN = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen. Es tritt im Januar in Kraft.\n"
MINOR_ONLY = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen .\n"
MAJOR = "Der Minister sprach über das Сosmodrom in Russland.\n"  # Cyrillic С: a major encoding finding


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in {"clean.txt": CLEAN, "minor.txt": MINOR_ONLY, "major.txt": MAJOR}.items():
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize(
    "name, args, code",
    [
        ("clean.txt", [], 0),
        ("minor.txt", [], 0),  # default --fail-on major
        ("minor.txt", ["--fail-on", "minor"], 1),
        ("major.txt", [], 1),
        ("major.txt", ["--fail-on", "critical"], 0),
        ("major.txt", ["--fail-on", "never"], 0),
        ("clean.txt", ["--min-score", "99"], 0),
        ("major.txt", ["--fail-on", "never", "--min-score", "99"], 1),
        ("major.txt", ["--ignore", "encoding"], 0),
        ("major.txt", ["--select", "typography,mojibake"], 0),
    ],
)
def test_exit_codes(files, name, args, code):
    result = run(["check", str(files[name]), *args])
    assert result.exit_code == code, result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "does-not-exist.txt"], "does-not-exist.txt: no such file or directory"),
        (["check", "--select", "no-such-rule", "-"], "unknown rule or category 'no-such-rule'"),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(args, message):
    result = run(args, input="")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.output


def test_bad_format_is_a_usage_error(files):
    result = run(["check", str(files["clean.txt"]), "--format", "yaml"])
    assert result.exit_code == 2


def test_one_bad_input_does_not_stop_the_others_unless_strict(files, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run(["check", str(empty), str(files["major.txt"]), "--format", "jsonl", "--fail-on", "never"])
    assert result.exit_code == 2
    assert "empty.txt: empty input" in result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [str(files["major.txt"])]
    strict = run(["check", str(empty), str(files["major.txt"]), "--format", "jsonl", "--strict"])
    assert strict.exit_code == 2 and strict.stdout == ""


def test_output_file_is_written_whole(files, tmp_path):
    out = tmp_path / "report.json"
    result = run(
        ["check", str(files["major.txt"]), "--format", "json", "--output", str(out), "--fail-on", "never"]
    )
    assert result.exit_code == 0 and result.stdout == ""
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["tool"]["name"] == "mtaudit"
    assert not list(tmp_path.glob(".report.json.*"))  # no temporary file left behind


def test_jsonl_stdin_round_trip():
    records = [{"id": "r1", "text": MAJOR, "feed": "news"}, {"id": "r2", "text": CLEAN}]
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    result = run(["check", "-", "--jsonl-stdin", "--format", "jsonl", "--fail-on", "never"], input=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["r1", "r2"]
    assert out[0]["feed"] == "news"
    assert any(f["rule"] == "mixed-script-word" for f in out[0]["findings"])


def test_text_format_shows_table_findings_and_summary(files):
    result = run(["check", str(files["major.txt"]), "--fail-on", "never", "--explain-score"])
    assert "score" in result.stdout and "mixed-script-word" in result.stdout
    assert "1:" in result.stdout  # line:column
    assert "score formula" in result.stdout and "-> score" in result.stdout
    assert "in 1 article (" in result.stdout


def test_rules_lists_every_registered_rule():
    from audit.rules import load_rules

    result = run(["rules", "--format", "json"])
    assert {r["id"] for r in json.loads(result.stdout)} == set(load_rules())


def test_python_dash_m_is_the_same_program(files):
    proc = subprocess.run(
        [sys.executable, "-m", "audit", "check", str(files["major.txt"]), "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["findings"]


def test_output_file_gets_the_umask_mode_not_0600(tmp_path):
    import os
    import stat

    from click.testing import CliRunner

    from audit.cli import cli

    (tmp_path / "a.txt").write_text("Das ist ein Satz.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            cli, ["check", str(tmp_path / "a.txt"), "--format", "json", "-o", str(out), "--lm", "none"]
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)  # an existing report keeps its mode when it is replaced
    CliRunner().invoke(
        cli, ["check", str(tmp_path / "a.txt"), "--format", "json", "-o", str(out), "--lm", "none"]
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_min_score_failure_names_each_article_and_its_score(files):
    import xml.etree.ElementTree as ET

    paths = [str(files["clean.txt"]), str(files["major.txt"])]
    base = ["check", *paths, "--lm", "none", "--fail-on", "never", "--min-score", "99"]
    text = run(base)
    assert text.exit_code == 1
    reasons = [line for line in text.stderr.splitlines() if "below --min-score" in line]
    assert len(reasons) == 1 and reasons[0].startswith(f"mtaudit: {files['major.txt']}: score ")
    assert reasons[0].endswith(" is below --min-score 99")

    summary = json.loads(run([*base, "--format", "json"]).stdout)["summary"]["min_score"]
    assert summary["threshold"] == 99 and [b["id"] for b in summary["below"]] == [str(files["major.txt"])]
    assert summary["below"][0]["score"] < 99

    github = run([*base, "--format", "github"]).stdout.splitlines()
    assert github[0].startswith(f"::error file={files['major.txt']},line=1,title=mtaudit%3A min-score::")
    assert sum("min-score" in line for line in github) == 1

    suites = ET.fromstring(run([*base, "--format", "junit"]).stdout).findall("testsuite")
    gates = {s.get("name"): s.find("testcase[@name='min-score']") for s in suites}
    assert gates[str(files["clean.txt"])].find("failure") is None
    assert "below --min-score 99" in gates[str(files["major.txt"])].find("failure").get("message")

    passing = run(["check", str(files["clean.txt"]), "--lm", "none", "--min-score", "50", "--format", "json"])
    assert passing.exit_code == 0 and json.loads(passing.stdout)["summary"]["min_score"]["below"] == []
    assert (
        "min_score"
        not in json.loads(run(["check", paths[0], "--lm", "none", "--format", "json"]).stdout)["summary"]
    )


def test_text_output_reads_naturally(files):
    out = run(["check", str(files["major.txt"]), "--lm", "none", "--fail-on", "never"]).stdout
    assert "1 finding)" in out and "1 findings" not in out
    deletion = run(
        ["check", "-", "--lm", "none", "--fail-on", "never"], input="Der Mann\u200b kam an.\n"
    ).stdout
    assert "suggestion: (delete)" in deletion


def test_text_output_names_white_space_suggestions():
    from audit.report.text import _visible

    assert _visible("") == "(delete)"
    assert _visible(" ") == "(space)"
    assert _visible("\n") == "(line break)"
    assert _visible("Kosmodrom") == "Kosmodrom"


def test_a_closed_pipe_ends_quietly():
    # a report larger than a pipe's buffer (64 KB), so that writing it must meet the closed pipe
    command = [sys.executable, "-m", "audit", "check", "seeds", "--lm", "none", "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # as `mtaudit check ... | head -1` does
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in stderr and "error" not in stderr
    assert process.returncode == 1


@pytest.mark.parametrize("command", ["check", "fix"])
def test_jsonl_on_standard_input_without_the_flag_gets_a_hint(command):
    feed = '{"id": "1", "text": "Der Mann kam an."}\n'
    result = run([command, "-", "--lm", "none"], input=feed)
    assert "looks like JSONL" in result.stderr and "--jsonl-stdin" in result.stderr
    plain = run([command, "-", "--lm", "none"], input="Der Mann kam an.\n")
    assert "looks like JSONL" not in plain.stderr


@pytest.mark.parametrize(
    "args, env, coloured",
    [
        (["--color"], {}, True),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {}, False),  # a pipe
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--no-color"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_when_piped(files, monkeypatch, args, env, coloured):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit",
            "check",
            str(files["major.txt"]),
            "--lm",
            "none",
            "--fail-on",
            "never",
            *args,
        ],
        capture_output=True,
        text=True,
    )
    assert ("\x1b[" in result.stdout) is coloured


def test_rules_explains_one_rule_or_a_category():
    one = run(["rules", "source-omission"])
    assert one.exit_code == 0
    assert one.stdout.startswith("source-omission (category inconsistency, minor by default, version 1)")
    assert "--ignore source-omission" in one.stdout and '"source-omission" = "major"' in one.stdout
    category = run(["rules", "encoding", "--format", "json"])
    rows = json.loads(category.stdout)
    assert rows and {r["category"] for r in rows} == {"encoding"}
    typo = CliRunner().invoke(cli, ["rules", "sorce-omission"])
    assert typo.exit_code == 2 and "did you mean source-omission?" in typo.stderr


def test_statistics_count_the_findings_per_rule(files):
    result = run(["check", str(files["major.txt"]), str(files["minor.txt"]), "--lm", "none", "--statistics"])
    lines = result.stdout.splitlines()
    rows = [line.split()[:6] for line in lines if line.strip() and line.split()[0].isdigit()]
    assert rows == [
        ["1", "mixed-script-word", "major", "1", "safe", "fix"],
        ["1", "space-before-punctuation", "minor", "1", "safe", "fix"],
    ]
    assert "1:" not in result.stdout  # no finding listed
    assert "findings in 2 articles" in result.stdout
    json_stats = CliRunner().invoke(
        cli, ["check", str(files["major.txt"]), "--statistics", "--format", "json"]
    )
    assert json_stats.exit_code == 2 and "--statistics is for the text format" in json_stats.stderr


def test_quiet_prints_the_findings_alone(files):
    result = run(["check", str(files["major.txt"]), str(files["clean.txt"]), "--lm", "none", "-q"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{files['major.txt']}  (score")
    assert "score  fluency" not in result.stdout and "mean score" not in result.stdout
    assert "rules:" not in result.stdout and result.stderr == ""
    assert run(["check", str(files["clean.txt"]), "--lm", "none", "-q"]).stdout == ""


def test_fix_word_diff_marks_the_changes_inside_the_line(tmp_path):
    long_line = "Der Bundestag hat am Donnerstag nach langer Debatte ein neues Gesetz beschlossen ."
    path = tmp_path / "a.txt"
    path.write_text("Überschrift\n" + long_line + "\n", encoding="utf-8")
    result = run(["fix", str(path), "--word-diff", "--lm", "none"])
    assert result.exit_code == 1  # something to change, as for the unified diff
    assert result.stdout.splitlines()[2:] == [
        "@@ line 2 @@",
        "Der Bundestag hat am Donnerstag nach langer Debatte ein neues Gesetz beschlossen[- -].",
    ]
    assert path.read_text(encoding="utf-8").endswith("beschlossen .\n")  # nothing written
    clash = CliRunner().invoke(cli, ["fix", str(path), "--word-diff", "--write"])
    assert clash.exit_code == 2 and "--word-diff shows the diff" in clash.stderr
