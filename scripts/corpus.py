"""The one definition of the corpus split used by every model-building and evaluation script.

The corpus files keep their documents in order, so the split is by position: the last
``HELDOUT_FRACTION`` of each file's lines is held out (never used to build a lexicon or train a
language model) and is what the clean-text false-positive benchmark and perplexity figures read.
"""

from __future__ import annotations

import lzma
import os
from collections.abc import Iterator
from pathlib import Path

CORPUS_DIR = Path(
    os.environ.get("MTAUDIT_CORPUS", Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus")
)
FILES = (
    "bundestag-wp19-wp21.txt.xz",
    "bundestag-wp20.txt.xz",
    "federal-laws.txt.xz",
    "klexikon.txt.xz",
    "wikipedia.txt.xz",
)
#: The MQM-annotated MT output (../shared/data/qe): newstest2020 for tuning, newstest2021 held out.
QE_DIR = Path(os.environ.get("MTAUDIT_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")) / "qe"
MQM_FILES = {
    "2020": QE_DIR / "mqm-newstest2020-ende" / "mqm_newstest2020_ende.tsv.xz",
    "2021": QE_DIR / "mqm-newstest2021-ende" / "mqm-newstest2021_ende.tsv",
}

HELDOUT_FRACTION = 0.03

#: Register weighting for the language models: keep 1 of every N paragraphs per file (by position,
#: deterministic). Federal laws are heavy legal German, far from news register: a third of them.
KEEP_EVERY = {
    "bundestag-wp19-wp21.txt.xz": 1,
    "bundestag-wp20.txt.xz": 1,
    "federal-laws.txt.xz": 3,
    "klexikon.txt.xz": 1,
    "wikipedia.txt.xz": 1,
}
LICENCES = {
    "bundestag-wp19-wp21.txt.xz": "official parliamentary record (amtliches Werk, §5 UrhG)",
    "bundestag-wp20.txt.xz": "official parliamentary record (amtliches Werk, §5 UrhG)",
    "federal-laws.txt.xz": "official works, public domain (§5 UrhG)",
    "klexikon.txt.xz": "CC BY-SA (Klexikon authors)",
    "wikipedia.txt.xz": "CC BY-SA (Wikipedia authors)",
}


def _lines(path: Path) -> list[str]:
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def iter_corpus(split: str, files: tuple[str, ...] = FILES) -> Iterator[tuple[str, str]]:
    """Yield ``(file name, paragraph)`` for ``split`` in ``{"train", "heldout"}``."""
    if split not in {"train", "heldout"}:
        raise ValueError(f"unknown split {split!r}")
    for name in files:
        lines = _lines(CORPUS_DIR / name)
        cut = int(len(lines) * (1 - HELDOUT_FRACTION))
        chosen = lines[:cut] if split == "train" else lines[cut:]
        for line in chosen:
            if line.strip():
                yield name, line
