"""Build the German corpus word list ``models/lexicon/de-corpus-words.tsv.gz``.

Counts case-sensitive word types in the TRAIN split of the German corpus (see ``corpus.py``;
the held-out split is never read here) and keeps those seen at least ``--min-count`` times.

Tokens are letter words: runs of Unicode letters (umlauts, ß, ...) with internal hyphens and
apostrophes allowed (``Nord-Süd``, ``geht's``). A hyphenated token is counted as a whole and
each of its parts is counted as well, so ``Nord-Süd-Konflikt`` adds one to ``Nord-Süd-Konflikt``,
``Nord``, ``Süd`` and ``Konflikt``. Digits break words (``CO2-Ausstoß`` gives ``CO`` and
``Ausstoß``).

Output: ``word<TAB>count`` lines sorted by count (descending), then word, gzip with mtime=0 so
the file is byte-for-byte reproducible; plus ``models/lexicon/metadata.json``.

Usage: ``.venv/bin/python scripts/build_wordlist.py [--min-count 3] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS_DIR, FILES, HELDOUT_FRACTION, LICENCES, iter_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "models" / "lexicon"
WORDLIST = OUT_DIR / "de-corpus-words.tsv.gz"
METADATA = OUT_DIR / "metadata.json"

# A letter run, optionally continued by hyphen/apostrophe + letter run. [^\W\d_] is "a letter" in re.
_L = r"[^\W\d_]"
WORD_RE = re.compile(rf"{_L}+(?:[-'’]{_L}+)*")
HYPHEN_RE = re.compile(r"-")


def tokenize(text: str) -> list[str]:
    """Letter-word tokens of ``text`` (hyphenated compounds kept whole, not split)."""
    return WORD_RE.findall(text)


def count_file(name: str) -> tuple[str, Counter, int, int]:
    """Count word types in the train split of one corpus file.

    Returns (file, counter, running tokens, paragraphs). "Running tokens" counts each regex match
    once; the extra counts added for the parts of hyphenated tokens are not in it.
    """
    counts: Counter = Counter()
    tokens = 0
    paragraphs = 0
    findall = WORD_RE.findall
    for _, paragraph in iter_corpus("train", files=(name,)):
        paragraphs += 1
        words = findall(paragraph)
        tokens += len(words)
        counts.update(words)
    # Split hyphenated types once per type (much cheaper than per token).
    parts: Counter = Counter()
    for word, n in counts.items():
        if "-" in word:
            for part in HYPHEN_RE.split(word):
                parts[part] += n
    counts.update(parts)
    return name, counts, tokens, paragraphs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=WORDLIST)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    # Largest files first so the pool stays balanced.
    order = sorted(FILES, key=lambda f: (CORPUS_DIR / f).stat().st_size, reverse=True)
    total: Counter = Counter()
    per_file: dict[str, dict[str, int]] = {}
    with Pool(args.jobs) as pool:
        for name, counts, tokens, paragraphs in pool.imap_unordered(count_file, order):
            total.update(counts)
            per_file[name] = {"paragraphs": paragraphs, "tokens": tokens, "types": len(counts)}
            print(
                f"{name}: {paragraphs} paragraphs, {tokens} tokens, {len(counts)} types "
                f"({time.perf_counter() - start:.0f}s)",
                file=sys.stderr,
            )

    kept = [(w, n) for w, n in total.items() if n >= args.min_count]
    kept.sort(key=lambda item: (-item[1], item[0]))
    buf = io.StringIO()
    for w, n in kept:
        buf.write(f"{w}\t{n}\n")
    raw = buf.getvalue().encode("utf-8")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(args.out, "wb") as fh,
        gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(raw)
    data = args.out.read_bytes()

    total_tokens = sum(v["tokens"] for v in per_file.values())
    meta = {
        "file": args.out.name,
        "description": "Case-sensitive letter-word types from the German corpus TRAIN split with counts; "
        "hyphenated tokens are counted whole and by part.",
        "format": "word<TAB>count per line, UTF-8, sorted by count desc then word; gzip mtime=0",
        "builder": "scripts/build_wordlist.py",
        "tokenizer_regex": WORD_RE.pattern,
        "split": {
            "name": "train",
            "definition": f"first {1 - HELDOUT_FRACTION:.0%} of each file's lines (scripts/corpus.py); "
            f"the last {HELDOUT_FRACTION:.0%} (held-out) is not read",
        },
        "sources": [
            {"file": f, "licence": LICENCES.get(f, "see corpus README"), **per_file[f]} for f in FILES
        ],
        "min_count": args.min_count,
        "types_kept": len(kept),
        "types_seen": len(total),
        "total_tokens": total_tokens,
        "tokens_note": "total_tokens and per-file tokens count each regex match once (hyphen parts not added); "
        "types are counted after adding hyphen parts",
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "licence": "Derived word counts. The Wikipedia and Klexikon parts are CC BY-SA (attribute "
        "Wikipedia and Klexikon authors, share alike); Bundestag plenary records and federal laws are "
        "official works (amtliche Werke, §5 UrhG, not copyright-protected).",
    }
    metadata_path = args.out.parent / METADATA.name
    metadata_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({len(kept)} types >= {args.min_count}, {len(data) / 1e6:.1f} MB) and "
        f"{metadata_path} in {time.perf_counter() - start:.0f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
