"""CI glue: pre-commit hook, the GitHub Actions example, --changed-only/--changed-lines in a real git
repository, the progress bar, the summary line, and exit codes in every format."""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import check, cli
from audit.progress import Progress

yaml = pytest.importorskip("yaml", reason="pyyaml (the dev extra) reads the CI files")

ROOT = Path(__file__).resolve().parents[1]
CLEAN = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen.\n"
MAJOR = "Der Minister sprach über das Сosmodrom in Russland.\n"  # mixed-script-word, major
NEW_MAJOR = "Kim traf Putin an einem lokalen Wednesday in Pjöngjang.\n"  # untranslated-word, major


def run(args, **kwargs):
    return CliRunner().invoke(cli, [*args, "--lm", "none"], catch_exceptions=False, **kwargs)


def ids(result) -> list[str]:
    return [Path(json.loads(line)["id"]).name for line in result.stdout.splitlines()]


# -- pre-commit and GitHub Actions ------------------------------------------------------------------------


def test_pre_commit_hook_runs_mtaudit_check_on_markdown_and_text(tmp_path):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mtaudit" and hook["language"] == "python" and hook["types"] == ["text"]
    script, command = hook["entry"].split()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'{script} = "audit.cli:main"' in pyproject and command == "check"
    files = re.compile(hook["files"])
    assert [bool(files.search(n)) for n in ("a.md", "news/b.txt", "setup.py", "c.json")] == [1, 1, 0, 0]
    # what pre-commit runs: the entry, then the staged file names
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(MAJOR, encoding="utf-8")
    assert run(["check", str(tmp_path / "a.md")]).exit_code == 0
    assert run(["check", str(tmp_path / "a.md"), str(tmp_path / "b.txt")]).exit_code == 1


def test_github_actions_example_uses_real_options_and_uploads_its_sarif(tmp_path):
    from audit.report import RENDERERS

    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["audit"]["steps"]
    commands = [s["run"] for s in steps if str(s.get("run", "")).startswith("mtaudit ")]
    formats = []
    for command in commands:
        args = shlex.split(command.replace('"$CONTENT"', str(tmp_path)))[2:]
        ctx = check.make_context("check", args)  # raises on an option that does not exist
        formats.append(ctx.params["fmt"])
        assert ctx.params["fmt"] in RENDERERS
    assert {"github", "sarif"} <= set(formats)
    sarif_out = next(c for c in commands if "--format sarif" in c).split("--output ")[1].split()[0]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == sarif_out
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # --changed-lines needs the merge base


# -- --changed-only / --changed-lines -----------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run([*command, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.md").write_text(CLEAN + "\n" + MAJOR, encoding="utf-8")
    (repo / "b.md").write_text(MAJOR, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "feature")
    # the pull request: a paragraph with a new finding in a.md (committed), a new file (untracked)
    (repo / "a.md").write_text(CLEAN + "\n" + MAJOR + "\n" + NEW_MAJOR, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "more")
    (repo / "c.md").write_text(MAJOR, encoding="utf-8")
    return repo


def test_changed_only_audits_changed_files(repo):
    everything = run(["check", str(repo), "--format", "jsonl"])
    assert ids(everything) == ["a.md", "b.md", "c.md"]
    for args in (["--base", "main"], []):  # the default base: origin/main, else main
        changed = run(["check", str(repo), "--changed-only", *args, "--format", "jsonl"])
        assert ids(changed) == ["a.md", "c.md"]
        assert len(json.loads(changed.stdout.splitlines()[0])["findings"]) == 2  # the whole file


def test_changed_lines_reports_only_findings_on_changed_lines(repo):
    result = run(["check", str(repo), "--changed-lines", "--base", "main", "--format", "json"])
    document = json.loads(result.stdout)
    found = {Path(a["id"]).name: [f["text"] for f in a["findings"]] for a in document["articles"]}
    assert found == {"a.md": ["Wednesday"], "c.md": ["Сosmodrom"]}
    assert document["summary"]["suppressed"]["unchanged"] == 1


def test_changed_only_against_head_sees_uncommitted_work(repo):
    assert ids(run(["check", str(repo), "--changed-only", "--base", "HEAD", "--format", "jsonl"])) == ["c.md"]
    (repo / "b.md").write_text(MAJOR + "\n" + CLEAN, encoding="utf-8")
    result = run(["check", str(repo), "--changed-lines", "--base", "HEAD", "--format", "jsonl"])
    assert ids(result) == ["b.md", "c.md"]
    assert json.loads(result.stdout.splitlines()[0])["findings"] == []  # b.md's finding is on an old line


@pytest.mark.parametrize(
    "args, message",
    [
        (["--changed-only", "--base", "no-such-branch"], "--base no-such-branch: no such git revision"),
        (["--base", "main"], "--base needs --changed-only"),
    ],
)
def test_changed_only_errors(repo, args, message):
    result = run(["check", str(repo), *args])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]


def test_changed_only_outside_a_repository(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "a.md").write_text(MAJOR, encoding="utf-8")
    result = run(["check", str(tmp_path / "a.md"), "--changed-only"])
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


# -- progress bar and summary line ------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_appears_after_the_delay_and_erases_itself():
    stream, clock = Terminal(), Clock()
    with Progress(10, stream=stream, clock=clock, delay=1.0) as bar:
        bar.advance(inputs=1, articles=1, label="a.md")
        assert stream.getvalue() == ""  # quick runs never see it
        clock.now = 2.0
        bar.advance(inputs=1, articles=3, label="b.jsonl")
        drawn = stream.getvalue()
        assert drawn.startswith("\r") and "2/10 inputs, 4 articles" in drawn and "b.jsonl" in drawn
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_bar_counts_the_records_of_one_long_jsonl_file():
    stream, clock = Terminal(), Clock()
    bar = Progress(1, stream=stream, clock=clock)
    clock.now = 2.0
    bar.advance(articles=500, label="feed.jsonl")
    assert "0/1 inputs, 500 articles" in stream.getvalue()


@pytest.mark.parametrize(
    "stream, total, enabled",
    [(io.StringIO(), 10, None), (Terminal(), 1, None), (Terminal(), 10, False)],
)
def test_progress_bar_stays_silent(stream, total, enabled):
    clock = Clock()
    with Progress(total, stream=stream, enabled=enabled, clock=clock) as bar:
        clock.now = 5.0
        bar.advance(inputs=1, articles=1)
    assert stream.getvalue() == ""


def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path):
    for i in range(4):
        (tmp_path / f"{i}.md").write_text(MAJOR, encoding="utf-8")
    result = run(["check", str(tmp_path), "--format", "json", "--fail-on", "never"])
    assert result.stderr == ""
    assert len(json.loads(result.stdout)["articles"]) == 4


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
@pytest.mark.parametrize("terminal", [True, False])
def test_summary_line(tmp_path, monkeypatch, fmt, terminal):
    monkeypatch.setattr("audit.cli._stderr_is_terminal", lambda: terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "a.md").write_text(MAJOR, encoding="utf-8")
    (tmp_path / "b.md").write_text(CLEAN, encoding="utf-8")
    result = run(["check", str(tmp_path), "--format", fmt, "--fail-on", "never"])
    line = "✖ 0 critical, 1 major and 0 minor findings in 2 articles (17 words); mean score 75.0"
    if fmt == "text":
        assert line in result.stdout.splitlines()[-2] and line not in result.stderr
    else:
        assert (line in result.stderr) is terminal and line not in result.stdout
    clean = run(["check", str(tmp_path / "b.md")])
    assert "✔ 0 critical, 0 major and 0 minor findings in 1 article (" in clean.stdout


# -- exit codes in every format ------------------------------------------------------------------------------------


def _formats():
    from audit.report import RENDERERS

    return list(RENDERERS)


@pytest.mark.parametrize("fmt", _formats())
def test_exit_codes_in_every_format(tmp_path, fmt):
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "major.md").write_text(MAJOR, encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    assert run(["check", str(tmp_path / "clean.md"), "--format", fmt, "-o", str(out)]).exit_code == 0
    assert run(["check", str(tmp_path / "major.md"), "--format", fmt, "-o", str(out)]).exit_code == 1
    assert run(["check", str(tmp_path / "major.md"), "--format", fmt, "--fail-on", "never"]).exit_code == 0
    missing = run(
        ["check", str(tmp_path / "clean.md"), str(tmp_path / "gone.md"), "--format", fmt, "-o", str(out)]
    )
    assert missing.exit_code == 2
    assert [line for line in missing.stderr.splitlines() if line.strip()] == [
        f"mtaudit: error: {tmp_path / 'gone.md'}: no such file or directory"
    ]


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_unwritable_output_is_a_one_line_error(tmp_path, option):
    (tmp_path / "a.md").write_text(CLEAN, encoding="utf-8")
    result = run(["check", str(tmp_path / "a.md"), option, str(tmp_path / "no" / "such" / "x")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{option} {tmp_path / 'no' / 'such' / 'x'}: cannot write it" in lines[0]
