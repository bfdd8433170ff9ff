"""Installed the way users install it (issue 12): the wheel and the sdist built from a clean copy of
the checkout carry every model file the default pipeline needs, and the wheel, installed into a fresh
virtualenv outside the checkout, audits the seeds with the same findings and signature as the
development install. Slow (a build and an install from the package index): run by CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

#: what the default pipeline (`mtaudit check`, --lm ngram) reads, relative to models/
DEFAULT_PIPELINE_FILES = [
    "ngram/de-4gram.binary",
    "ngram/metadata.json",
    "lexicon/de-corpus-words.tsv.gz",
    "morph/de-nouns.tsv.gz",
    "morph/de-verbs.tsv.gz",
    "morph/de-adjectives.tsv.gz",
    "syntax/tagger.npz",
    "dict/en-de.tsv.gz",
    "fluency/de-4gram.json",
    "fluency/de-4gram.disfluent.json",
    "score/combination.json",
    "quality/metadata.json",
    "quality/word.lgb.txt",
    "quality/sentence.lgb.txt",
    "quality/pos-trigram.npz",
]


def _clean_copy(dest: Path) -> Path:
    """The files git would commit (tracked, and new ones not ignored): no .venv, no build output."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MTAUDIT_")}
    env.pop("PYTHONPATH", None)
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files a clean copy has")
    copy = _clean_copy(tmp_path_factory.mktemp("clean") / "mtaudit")
    dist = copy / "dist"
    hooks = "from setuptools import build_meta as b; b.build_wheel('dist'); b.build_sdist('dist')"
    subprocess.run([sys.executable, "-c", hooks], cwd=copy, check=True, capture_output=True, env=_env())
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    return wheel, sdist


def test_the_wheel_and_the_sdist_carry_the_models(built):
    wheel, sdist = built
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
        metadata = archive.read(
            f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info/METADATA"
        ).decode()
    assert "License-Expression: MIT AND GPL-2.0-or-later AND CC-BY-SA-4.0" in metadata
    assert "audit/py.typed" in in_wheel and any(n.endswith("licenses/LICENSE") for n in in_wheel)
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in DEFAULT_PIPELINE_FILES:
        assert f"mtaudit_models/{name}" in in_wheel, name
        assert f"models/{name}" in in_sdist, name
    assert wheel.stat().st_size < 100_000_000  # PyPI's default limit per file


def test_the_installed_wheel_audits_like_the_development_install(built, tmp_path):
    wheel, _ = built
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt")]
    installed = subprocess.run([*pip, str(wheel)], capture_output=True, text=True, env=_env())
    if installed.returncode != 0:
        pytest.fail(f"pip install of the wheel failed: {installed.stderr[-2000:]}")
    work = tmp_path / "work"  # outside the checkout: nothing can be found relative to it
    shutil.copytree(ROOT / "seeds", work / "seeds")
    args = ["check", "seeds", "--format", "json", "--fail-on", "never"]
    user = subprocess.run(
        [str(venv / "bin" / "mtaudit"), *args], cwd=work, capture_output=True, text=True, env=_env()
    )
    assert user.returncode == 0, user.stderr
    dev = subprocess.run(
        [sys.executable, "-m", "audit", *args], cwd=work, capture_output=True, text=True, env=_env()
    )
    assert dev.returncode == 0, dev.stderr

    def findings(output: str):
        document = json.loads(output)
        return document["tool"]["signature"], [
            (a["id"], f["rule"], f["start"], f["end"], f["severity"])
            for a in document["articles"]
            for f in a["findings"]
        ]

    signature, found = findings(user.stdout)
    assert (signature, found) == findings(dev.stdout)
    assert "lm:kenlm:de-4gram" in signature and len(found) > 50


def test_the_pre_commit_hook_runs_from_the_repository(tmp_path):
    """`pre-commit try-repo` installs the hook from this checkout (its working tree, uncommitted
    changes included) the way a user's `.pre-commit-config.yaml` does, and runs it on a scratch repo."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if shutil.which("git") is None or not pre_commit.exists():
        pytest.skip("needs git and pre-commit (a dev dependency: make install)")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "bad.txt").write_text("Der Minister sprach über das Сosmodrom in Russland.\n", encoding="utf-8")
    (repo / "good.md").write_text("Der Bundestag hat ein neues Gesetz beschlossen.\n", encoding="utf-8")
    (repo / "code.py").write_text("print('Сosmodrom')\n", encoding="utf-8")  # not the hook's files
    git = ["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci"]
    for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "scratch"]):
        subprocess.run([*git, *step], cwd=repo, check=True, capture_output=True)
    env = {**_env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    result = subprocess.run(
        [str(pre_commit), "try-repo", str(ROOT), "mtaudit", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # the Cyrillic С is a major finding
    assert "mixed-script-word" in output and "bad.txt" in output and "good.md" in output
    assert "code.py" not in output
    assert "lm:kenlm:de-4gram" in output  # with the shipped language model, found through the package


def test_the_github_actions_install_step_and_sarif_step(tmp_path):
    """The documented workflow's install step, with the repository URL pointing at a git repository
    of this checkout (offline: git+file), then its SARIF step on the seeds."""
    import yaml

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git")
    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = {s.get("name"): s for s in workflow["jobs"]["audit"]["steps"]}
    install = steps["Install mtaudit"]["run"]
    url = "git+https://github.com/${{ github.repository_owner }}/mtaudit"
    assert url in install
    repo = _clean_copy(tmp_path / "mtaudit")
    git = ["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci"]
    for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run([*git, *step], cwd=repo, check=True, capture_output=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # setup-python brings a current pip; the venv's bundled one (23.x) cannot parse "name @ git+file"
    upgrade = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"]
    subprocess.run(upgrade, check=True, capture_output=True, env=_env())
    env = {
        **_env(),
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PIP_CONSTRAINT": str(ROOT / "constraints.txt"),
    }
    command = install.replace(url, f"git+file://{repo}").strip()
    installed = subprocess.run(command, shell=True, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-2000:]

    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "content")
    sarif_step = steps["SARIF report"]["run"].replace('"$CONTENT"', "content")
    ran = subprocess.run(sarif_step, shell=True, env=env, capture_output=True, text=True, cwd=work)
    assert ran.returncode == 0, ran.stderr[-2000:]
    log = json.loads((work / "mtaudit.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) > 50
