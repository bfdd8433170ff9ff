"""File discovery as the linters users know it (issue 12): .gitignore is respected in folders,
include/exclude take gitignore syntax, and a run never audits its own reports."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import cli

TEXT = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.\n"


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def ids(result) -> list[str]:
    return [Path(json.loads(line)["id"]).as_posix() for line in result.stdout.splitlines()]


def write(path: Path, text: str = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".gitignore", "content/drafts/\n*.tmp.txt\n")
    write(tmp_path / "content" / ".gitignore", "secret*.md\n!secret-but-kept.md\n")
    for name in ("drafts/a.txt", "news/b.txt", "x.tmp.txt", "secret.md", "secret-but-kept.md"):
        write(tmp_path / "content" / name)
    return tmp_path


def test_gitignored_files_in_a_folder_are_not_audited(repo):
    result = run(["check", "content", "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 0
    assert ids(result) == ["content/news/b.txt", "content/secret-but-kept.md"]


def test_a_gitignored_file_named_on_the_command_line_is_audited(repo):
    result = run(["check", "content/drafts/a.txt", "--lm", "none", "--format", "jsonl"])
    assert ids(result) == ["content/drafts/a.txt"]


@pytest.mark.parametrize(
    "exclude, expected",
    [
        (["news"], ["content/secret-but-kept.md"]),
        (["*.md", "!secret-but-kept.md"], ["content/news/b.txt", "content/secret-but-kept.md"]),
        (["[a-m]*.md"], ["content/news/b.txt", "content/secret-but-kept.md"]),
        (["s[e]cret-*"], ["content/news/b.txt"]),
    ],
)
def test_exclude_takes_gitignore_syntax(repo, exclude, expected):
    write(repo / ".mtaudit.toml", f"exclude = {json.dumps(exclude)}\n")
    assert ids(run(["check", "content", "--lm", "none", "--format", "jsonl"])) == expected


def test_a_run_does_not_audit_its_own_or_earlier_reports(repo):
    base = ["check", "content", "--lm", "none", "--format", "jsonl"]
    assert run([*base, "-o", "content/report.jsonl"]).exit_code == 0
    again = run([*base, "-o", "content/report.jsonl"])  # the report is in the folder now
    assert again.exit_code == 0 and "report.jsonl" not in again.stderr
    lines = Path("content/report.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["content/news/b.txt", "content/secret-but-kept.md"]
    other = run(base)  # an earlier report under another name: noted, not audited
    assert "content/report.jsonl: an mtaudit report, not audited" in other.stderr
    assert ids(other) == ["content/news/b.txt", "content/secret-but-kept.md"]


def test_input_data_where_the_report_would_go_is_still_refused(repo):
    feed = write(repo / "content" / "feed.jsonl", json.dumps({"id": "1", "text": TEXT}) + "\n")
    result = run(["check", "content", "--lm", "none", "-o", str(feed)])
    assert result.exit_code == 2 and "one of the inputs" in result.stderr
    assert json.loads(feed.read_text(encoding="utf-8"))["text"] == TEXT


def test_fix_output_dir_copies_are_not_audited_again(repo):
    assert run(["fix", "content", "--output-dir", "content/fixed", "--lm", "none"]).exit_code == 0
    assert (repo / "content" / "fixed" / ".mtaudit-output").is_file()
    assert (repo / "content" / "fixed" / "news" / "b.txt").is_file()
    base = ["check", "content", "--lm", "none", "--format", "jsonl"]
    assert ids(run(base)) == ["content/news/b.txt", "content/secret-but-kept.md"]  # the copies left alone
    named = run(["check", "content/fixed", "--lm", "none", "--format", "jsonl"])  # named: audited
    assert ids(named) == ["content/fixed/news/b.txt", "content/fixed/secret-but-kept.md"]
