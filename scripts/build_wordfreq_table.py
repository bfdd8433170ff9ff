"""Compile wordfreq's word lists for German and the source languages into ``models/wordfreq/zipf.npz``,
the table ``audit.lexicon.frequency`` reads (wordfreq builds a dict of each whole list on first use:
0.8 s at every start).

For each language ``L`` of ``audit.lexicon.frequency.LANGUAGES``, from wordfreq's ``best`` list
(``large`` for all five):

- ``L_words``: every word, sorted, UTF-8, joined by newlines (uint8);
- ``L_buckets``: each word's centibel bucket as wordfreq stores it (uint16; frequency 10**(-b/100));
  a word listed in two buckets takes the last, as ``wordfreq.get_frequency_dict`` does;
- ``L_offsets``: the byte offset of every ``BLOCK``-th word in ``L_words``, then its length + 1 (uint32);
- ``L_firsts``: those block-starting words, joined by newlines (uint8).

Uncompressed (the wheel compresses it) and deterministic (fixed zip timestamps). ``metadata.json``
beside it records size, SHA-256, word counts, the wordfreq version and the data licence.

    .venv/bin/python scripts/build_wordfreq_table.py
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.lexicon.frequency import BLOCK, LANGUAGES, TABLE, block_offsets  # noqa: E402

OUT = ROOT / "models" / TABLE


def language_arrays(lang: str) -> dict[str, np.ndarray]:
    from wordfreq import get_frequency_list

    buckets: dict[str, int] = {}
    for index, bucket in enumerate(get_frequency_list(lang, "best")):
        for word in bucket:
            buckets[word] = index
    words = sorted(buckets)
    if any(not w or "\n" in w for w in words) or max(buckets.values()) > 0xFFFF:
        raise SystemExit(f"wordfreq {lang}: a word or bucket the table cannot hold")
    offsets = block_offsets(words)
    return {
        f"{lang}_words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        f"{lang}_buckets": np.array([buckets[w] for w in words], dtype=np.uint16),
        f"{lang}_offsets": np.array(offsets, dtype=np.uint32),
        f"{lang}_firsts": np.frombuffer("\n".join(words[::BLOCK]).encode("utf-8"), dtype=np.uint8),
    }


def compile_table() -> tuple[bytes, dict[str, int]]:
    """The .npz bytes and the number of words per language."""
    buffer = io.BytesIO()
    counts = {}
    # what np.savez writes, with a fixed timestamp on each entry (np.savez stamps the current time)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for lang in LANGUAGES:
            arrays = language_arrays(lang)
            counts[lang] = len(arrays[f"{lang}_buckets"])
            for name, array in arrays.items():
                entry = io.BytesIO()
                np.lib.format.write_array(entry, array, allow_pickle=False)
                archive.writestr(
                    zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), entry.getvalue()
                )
    return buffer.getvalue(), counts


def main() -> int:
    data, counts = compile_table()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    meta = {
        "description": "wordfreq word lists (the 'best' list of each language) compiled for fast loading: "
        "sorted words, their centibel buckets, block offsets (see audit/lexicon/frequency.py)",
        "builder": "scripts/build_wordfreq_table.py",
        "files": {
            OUT.name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "words": counts},
        },
        "source": {
            "name": "wordfreq (Robyn Speer), its packaged word lists",
            "url": "https://github.com/rspeer/wordfreq",
            "package": f"wordfreq=={version('wordfreq')}",
        },
        "licence": "CC BY-SA 4.0 (wordfreq's data; the code is Apache 2.0); the compiled table is shared "
        "under the same licence",
    }
    (OUT.parent / "metadata.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{OUT.name}: {sum(counts.values())} words, {len(data) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
