"""A missing or damaged model file is a one-line error naming it, exit code 2: never a silent
downgrade to fewer findings under the same signature (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.models import expected_digest, verified

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = sorted((ROOT / "seeds").glob("*.txt"))[2]  # has untranslated words: the dictionary is read


def test_every_shipped_file_matches_its_metadata():
    for name in (
        "lexicon/de-corpus-words.tsv.gz",
        "morph/de-nouns.tsv.gz",
        "morph/de-nouns-wiktionary.npz",
        "wordfreq/zipf.npz",
        "syntax/tagger.npz",
        "dict/en-de.tsv.gz",
    ):
        path = models_dir() / name
        assert expected_digest(path) is not None, name
        assert verified(path) == path


def test_a_damaged_file_is_found(tmp_path):
    original = models_dir() / "dict" / "en-de.tsv.gz"
    (tmp_path / "metadata.json").write_bytes((original.parent / "metadata.json").read_bytes())
    damaged = tmp_path / "en-de.tsv.gz"
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        verified(damaged)
    damaged.write_bytes(bytes(data[:-1]))
    with pytest.raises(ModelError, match="bytes, its metadata.json says"):
        verified(damaged)
    with pytest.raises(ModelError, match="model file not found"):
        verified(tmp_path / "nothing.tsv.gz")


def _models_without(tmp_path: Path, relative: str, damage: bool) -> Path:
    """A models folder of symbolic links to the shipped files, with ``relative`` missing or damaged."""
    folder = tmp_path / "models"
    for source in models_dir().rglob("*"):
        if source.is_file():
            target = folder / source.relative_to(models_dir())
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.relative_to(models_dir()).as_posix() == relative:
                if damage:
                    data = bytearray(source.read_bytes())
                    data[len(data) // 2] ^= 0x01
                    target.write_bytes(bytes(data))
            else:
                target.symlink_to(source)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    "relative, damage, lm",
    [
        ("lexicon/de-corpus-words.tsv.gz", False, "none"),
        ("lexicon/de-corpus-words.tsv.gz", True, "none"),
        ("dict/en-de.tsv.gz", False, "none"),
        ("morph/de-verbs.tsv.gz", True, "none"),
        ("morph/de-nouns-wiktionary.npz", False, "none"),
        ("morph/de-nouns-wiktionary.npz", True, "none"),
        ("wordfreq/zipf.npz", False, "none"),
        ("syntax/tagger.npz", False, "none"),
        ("score/combination.json", False, "none"),
        ("fluency/de-4gram.disfluent.json", False, "ngram"),
        ("ngram/de-4gram.binary", False, "ngram"),
        ("quality/word.lgb.txt", True, "ngram"),
        ("quality/metadata.json", False, "ngram"),
    ],
)
def test_check_names_the_missing_or_damaged_file(tmp_path, relative, damage, lm):
    folder = _models_without(tmp_path, relative, damage)
    env = {**os.environ, "MTAUDIT_MODELS": str(folder)}
    result = subprocess.run(
        [sys.executable, "-m", "audit", "check", str(ARTICLE), "--lm", lm],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("mtaudit: error:"), result.stderr
    assert str(folder / relative) in lines[0]
