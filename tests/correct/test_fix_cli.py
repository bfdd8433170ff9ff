"""`mtaudit fix`: the diff, --write, --output-dir, JSONL in and out, options, exit codes, summary."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from audit.cli import cli

# Mechanical problems with one obvious fix each: a double space, a space before the full stop, a
# Cyrillic С in a Latin word.
SPACES = "Der Bundestag hat am Donnerstag  ein neues Gesetz beschlossen .\n\nEs tritt im Januar in Kraft.\n"
SPACES_FIXED = (
    "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.\n\nEs tritt im Januar in Kraft.\n"
)
HOMOGLYPH = "Der Minister sprach über das Сosmodrom in Russland.\n"
CLEAN = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen. Es tritt im Januar in Kraft.\n"

FAST = ["--lm", "none", "--unsafe"]  # --unsafe: whatever the rules mark safe, these fixes are applied


def run(args, input=None):
    return CliRunner().invoke(cli, ["fix", *args], input=input, catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in {"spaces.txt": SPACES, "homoglyph.txt": HOMOGLYPH, "clean.txt": CLEAN}.items():
        paths[name] = tmp_path / "in" / name
        paths[name].parent.mkdir(exist_ok=True)
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_diff_is_the_default_and_changes_nothing(files):
    result = run([str(files["spaces.txt"]), *FAST])
    assert result.exit_code == 1  # changes proposed (ruff check --diff)
    assert "-Der Bundestag hat am Donnerstag  ein neues Gesetz beschlossen .\n" in result.stdout
    assert "+Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.\n" in result.stdout
    assert result.stdout.startswith("--- a/")
    assert files["spaces.txt"].read_text(encoding="utf-8") == SPACES
    assert "would change 1 of 1 file, 2 edits (typography 2)" in result.stderr


def test_nothing_to_change_exits_0_with_an_empty_diff(files):
    result = run([str(files["clean.txt"]), *FAST])
    assert result.exit_code == 0 and result.stdout == ""


def test_write_fixes_in_place_and_a_second_run_changes_nothing(files):
    result = run([str(files["spaces.txt"].parent), "--write", *FAST])
    assert result.exit_code == 0, result.stderr
    assert files["spaces.txt"].read_text(encoding="utf-8") == SPACES_FIXED
    assert files["homoglyph.txt"].read_text(encoding="utf-8") == HOMOGLYPH.replace("С", "C")
    assert files["clean.txt"].read_text(encoding="utf-8") == CLEAN
    assert "changed 2 of 3 files" in result.stderr
    again = run([str(files["spaces.txt"].parent), *FAST])
    assert again.exit_code == 0 and again.stdout == ""


def test_output_dir_mirrors_paths_and_leaves_inputs_alone(files, tmp_path):
    sub = files["spaces.txt"].parent / "sub"
    sub.mkdir()
    (sub / "nested.txt").write_text(SPACES, encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        [str(files["spaces.txt"].parent), str(files["homoglyph.txt"]), "--output-dir", str(out), *FAST]
    )
    assert result.exit_code == 2  # homoglyph.txt twice: once under the folder, once by name
    assert "would both be written" in result.stderr and not out.exists()
    result = run([str(files["spaces.txt"].parent), "--output-dir", str(out), *FAST])
    assert result.exit_code == 0, result.stderr
    assert (out / "spaces.txt").read_text(encoding="utf-8") == SPACES_FIXED
    assert (out / "sub" / "nested.txt").read_text(encoding="utf-8") == SPACES_FIXED
    assert (out / "clean.txt").read_text(encoding="utf-8") == CLEAN  # a complete corrected copy
    assert files["spaces.txt"].read_text(encoding="utf-8") == SPACES


def test_jsonl_in_and_out(tmp_path):
    records = [
        {"id": "a", "text": SPACES, "source": "The Bundestag ...", "team": 7},
        {"text": CLEAN, "id": 2},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "fixed.jsonl"
    result = run([str(feed), "--format", "jsonl", "--output", str(out), *FAST])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [list(r) for r in lines] == [
        ["id", "text", "source", "team", "original", "edits"],  # the input's keys, in their order
        ["text", "id", "original", "edits"],
    ]
    first, second = lines
    assert first["text"] == SPACES_FIXED and first["original"] == SPACES and first["team"] == 7
    assert {e["rule"] for e in first["edits"]} == {"double-space", "space-before-punctuation"}
    for e in first["edits"]:  # offsets into the original
        assert set(e) >= {"start", "end", "replacement", "rule"}
        assert SPACES[e["start"] : e["end"]] in ("  ", " .")
    assert second["text"] == CLEAN and second["edits"] == []
    assert "would" not in result.stderr and "changed 1 of 2 records" in result.stderr
    # fixing the output again changes nothing
    again = run([str(out), "--format", "jsonl", *FAST])
    assert [json.loads(line)["edits"] for line in again.stdout.splitlines()] == [[], []]


def test_jsonl_from_standard_input():
    feed = json.dumps({"id": "x", "text": HOMOGLYPH}, ensure_ascii=False) + "\n"
    result = run(["-", "--jsonl-stdin", "--format", "jsonl", *FAST], input=feed)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == HOMOGLYPH.replace("С", "C")


def test_text_from_standard_input_as_a_diff():
    result = run(["-", *FAST], input=HOMOGLYPH)
    assert result.exit_code == 1 and "+Der Minister sprach über das Cosmodrom" in result.stdout


def test_select_and_ignore_by_rule_or_category(files):
    path = str(files["spaces.txt"])
    only_double = run([path, "--select", "double-space", "--format", "jsonl", *FAST])
    assert [e["rule"] for e in json.loads(only_double.stdout)["edits"]] == ["double-space"]
    no_typography = run([path, "--ignore", "typography", "--format", "jsonl", *FAST])
    assert json.loads(no_typography.stdout)["edits"] == []


def test_default_applies_only_safe_edits(files):
    result = run([str(files["spaces.txt"].parent), "--format", "jsonl", "--lm", "none"])
    edits = [e for line in result.stdout.splitlines() for e in json.loads(line)["edits"]]
    assert all(e["applicability"] == "safe" for e in edits)
    unsafe = run([str(files["spaces.txt"].parent), "--format", "jsonl", *FAST])
    assert len([e for line in unsafe.stdout.splitlines() for e in json.loads(line)["edits"]]) >= len(edits)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--write", "--output-dir", "x"], "choose one"),
        (["--backup"], "--backup goes with --write"),
        (["--write", "--format", "jsonl"], "--format and --output"),
        (["--select", "no-such-rule"], "unknown rule or category"),
    ],
)
def test_usage_errors_exit_2_with_one_line(files, args, message):
    result = run([str(files["spaces.txt"]), *args, "--lm", "none"])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert files["spaces.txt"].read_text(encoding="utf-8") == SPACES


def test_write_refuses_jsonl_and_standard_input(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "a  b"}\n', encoding="utf-8")
    assert run([str(feed), "--write", "--lm", "none"]).exit_code == 2
    assert run(["-", "--write", "--lm", "none"], input="a  b").exit_code == 2
    assert feed.read_text(encoding="utf-8") == '{"text": "a  b"}\n'


def test_bad_inputs_are_reported_and_the_others_fixed(files, tmp_path):
    missing = tmp_path / "missing.txt"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Das Сosmodrom."}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(
        [str(missing), str(bad), str(files["spaces.txt"]), "--format", "jsonl", "-o", str(out), *FAST]
    )
    assert result.exit_code == 2
    assert "missing.txt: no such file" in result.stderr and "bad.jsonl:2: invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert texts == ["Das Cosmodrom.", SPACES_FIXED]


def test_quiet_and_no_progress_bar_off_a_terminal(files):
    result = run([str(files["spaces.txt"]), "-q", *FAST])
    assert result.stderr == ""
    loud = run([str(files["spaces.txt"]), *FAST])
    assert "fixing" not in loud.stderr  # the progress bar shows on a terminal only


def test_jsonl_output_for_text_files_and_jsonl_copies_in_output_dir(files, tmp_path):
    result = run([str(files["homoglyph.txt"]), "--format", "jsonl", *FAST])
    record = json.loads(result.stdout)
    assert record["id"] == record["path"] == str(files["homoglyph.txt"])
    assert record["original"] == HOMOGLYPH and record["text"] == HOMOGLYPH.replace("С", "C")
    feed = tmp_path / "feeds" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text(json.dumps({"id": "a", "text": SPACES}) + "\n", encoding="utf-8")
    result = run([str(feed.parent), "--output-dir", str(tmp_path / "out"), *FAST])
    assert result.exit_code == 0
    (copy,) = [json.loads(line) for line in (tmp_path / "out" / "feed.jsonl").read_text().splitlines()]
    assert copy["text"] == SPACES_FIXED and copy["original"] == SPACES


def test_diff_of_jsonl_records_names_the_record(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "r7", "text": HOMOGLYPH}) + "\n", encoding="utf-8")
    result = run([str(feed), *FAST])
    assert result.exit_code == 1 and f"+++ b/{str(feed).lstrip('/')}#r7" in result.stdout


def test_fix_follows_the_configuration_accept_list(tmp_path):
    """`fix` reads the same .mtaudit.toml as `check`: an accepted term is never rewritten."""
    from click.testing import CliRunner

    from audit.cli import cli

    article = tmp_path / "a.txt"
    article.write_text(
        "Er traf seinen Kollegen Kim Jong-unals Teil eines Prozesses. Kim Jong-un reiste ab.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    before = runner.invoke(cli, ["fix", str(article), "--lm", "none"])
    assert before.exit_code == 1 and "Jong-un als" in before.output
    (tmp_path / ".mtaudit.toml").write_text('accept = ["Jong-unals"]\n', encoding="utf-8")
    after = runner.invoke(cli, ["fix", str(article), "--lm", "none"])
    assert after.exit_code == 0, after.output
    assert "Jong-un als" not in after.output
    ignored = runner.invoke(cli, ["fix", str(article), "--lm", "none", "--no-config"])
    assert ignored.exit_code == 1


def test_a_jsonl_feed_is_fixed_a_record_at_a_time(tmp_path, monkeypatch):
    """Each record's report is let go once its line is written (a long feed's fix does not pile up
    reports), and the output file appears only when the run is done."""
    import gc
    import weakref

    from audit.correct import apply

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"id": str(i), "text": SPACES}) + "\n" for i in range(6)), encoding="utf-8"
    )
    out = tmp_path / "fixed.jsonl"
    real, alive = apply.fix_article, []

    def watched(checker, article, **kwargs):
        gc.collect()
        alive.append(sum(ref() is not None for ref in refs))
        assert not out.exists()
        result = real(checker, article, **kwargs)
        refs.append(weakref.ref(result))
        return result

    refs: list = []
    monkeypatch.setattr(apply, "fix_article", watched)
    result = run([str(feed), "--format", "jsonl", "--output", str(out), *FAST])
    assert result.exit_code == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6
    assert max(alive) <= 1  # at most the report of the record just written, not all before it


def test_a_bad_byte_in_a_jsonl_record_costs_that_record_alone(tmp_path):
    good = json.dumps({"id": "a", "text": SPACES}).encode()
    bad = '{"id": "b", "text": "Der Minister kam in Köln an."}'.encode().replace("ö".encode(), b"\xff")
    umlaut = json.dumps({"id": "c", "text": "Die Bürger  kamen."}, ensure_ascii=False).encode()
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(good + b"\n" + umlaut + b"\n" + bad + b"\n")
    result = run([str(feed), "--format", "jsonl", *FAST])
    assert result.exit_code == 2
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "c"]
    assert json.loads(result.stdout.splitlines()[1])["text"] == "Die Bürger kamen."
    assert f"{feed}:3" in result.stderr and len(result.stderr.strip().splitlines()) == 2  # error, summary
