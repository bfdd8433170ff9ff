"""Compile the wordfreq lists the untranslated rule reads into small files that load in milliseconds
(``models/wordlists/``); wordfreq builds a dict of a whole language's list on first use, which cost
each start that preloads them (``audit.auditor.PRELOAD``, before ``--jobs`` forks its workers) 0.8 s
and 200 MB:

- ``en-top-100000.txt``, ``de-top-200000.txt``: ``sorted(wordfreq.top_n_list(LANG, N))``, one word a
  line, UTF-8 (sorted by code point, which is also the order of their UTF-8 bytes): the lists in which
  ``audit.rules.untranslated.mangled_english`` looks for the longest shared prefix;
- ``ru-zipf.tsv``: every word of wordfreq's Russian list whose ``zipf_frequency`` is at least
  ``MIN_ZIPF`` (``audit.lexicon.translit.RUSSIAN_MIN_ZIPF``), with that value as wordfreq gives it,
  sorted: ``russian_reading`` asks only whether a Cyrillic candidate reaches that frequency. A
  candidate (Cyrillic letters only) is one token to wordfreq, so a word missing here is one whose
  frequency is below the threshold; this script checks that on every letter the candidates use.

``metadata.json`` beside them records sizes, SHA-256, word counts and the wordfreq version.

    .venv/bin/python scripts/build_wordlists.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.lexicon.translit import READINGS, RUSSIAN_MIN_ZIPF, RUSSIAN_TABLE  # noqa: E402
from audit.rules.untranslated import TOP_WORDS, top_words_file  # noqa: E402

OUT = ROOT / "models" / "wordlists"


def _checked(words: list[str]) -> list[str]:
    if any(not w or "\n" in w or "\r" in w or "\t" in w for w in words):
        raise SystemExit("a word the table cannot hold (empty, or with a tab or line break)")
    return words


def _lines(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


def top_words(lang: str, n: int) -> bytes:
    from wordfreq import top_n_list

    return _lines(sorted(_checked(top_n_list(lang, n))))


def russian() -> bytes:
    from wordfreq import get_frequency_dict, zipf_frequency
    from wordfreq.tokens import lossy_tokenize

    letters = sorted({c for readings in READINGS.values() for reading in readings for c in reading})
    if any(lossy_tokenize(c * 3, "ru") != [c * 3] for c in letters) or lossy_tokenize(
        "".join(letters), "ru"
    ) != ["".join(letters)]:
        raise SystemExit("wordfreq no longer reads a run of Cyrillic letters as one token")
    rows = []
    for word in sorted(_checked(list(get_frequency_dict("ru", "best")))):
        z = zipf_frequency(word, "ru")
        if z >= RUSSIAN_MIN_ZIPF:
            rows.append(f"{word}\t{z!r}")
    return _lines(rows)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {top_words_file(lang, n): top_words(lang, n) for lang, n in TOP_WORDS}
    files[RUSSIAN_TABLE.split("/")[-1]] = russian()
    meta = {
        "description": "wordfreq lists the untranslated rule reads, compiled to load in milliseconds"
        " (see scripts/build_wordlists.py)",
        "builder": "scripts/build_wordlists.py",
        "files": {},
        "source": {
            "name": "wordfreq (Robyn Speer), its packaged word lists",
            "url": "https://github.com/rspeer/wordfreq",
            "package": f"wordfreq=={version('wordfreq')}",
        },
        "licence": "CC BY-SA 4.0 (wordfreq's data; the code is Apache 2.0); the compiled lists are"
        " shared under the same licence",
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        lines = data.count(b"\n")
        meta["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "lines": lines}
        print(f"{name}: {lines} lines, {len(data):,} bytes")
    meta["files"][RUSSIAN_TABLE.split("/")[-1]]["min_zipf"] = RUSSIAN_MIN_ZIPF
    (OUT / "metadata.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
