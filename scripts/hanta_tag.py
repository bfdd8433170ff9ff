"""Tag corpus sentences with HanTa (build time only): the teacher for our distilled tagger.

Sentences are segmented and tokenised with mtaudit's own segmenter (``audit.segment``), so the
distilled tagger is trained on exactly the tokens it will see at run time. Output: one sentence per
line, ``token<TAB>tag<TAB>lemma`` fields joined by ``\\x1f``, gzip.

    .venv/bin/python scripts/hanta_tag.py --split train --every 13 --out build/tagger/train.tsv.gz
    .venv/bin/python scripts/hanta_tag.py --split heldout --every 4 --out build/tagger/heldout.tsv.gz

HanTa (``pip install hanta``, LGPL-3.0-or-later) ships its German model in the wheel; about 8,000
tokens/s on one core, so the work is spread over ``--jobs`` processes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import FILES, KEEP_EVERY, iter_corpus  # noqa: E402

from audit.segment import make_article  # noqa: E402

SEP = "\x1f"
_tagger = None


def _init() -> None:
    global _tagger
    from HanTa import HanoverTagger

    _tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


def tag_paragraphs(paragraphs: list[str]) -> list[str]:
    """HanTa's (token, tag, lemma) for every sentence of the paragraphs, one output line each."""
    out = []
    for paragraph in paragraphs:
        for sentence in make_article(paragraph).sentences:
            tokens = [t.text for t in sentence.tokens]
            if not tokens or len(tokens) > 150:
                continue
            tagged = _tagger.tag_sent(tokens, taglevel=1)
            out.append(SEP.join(f"{w}\t{t}\t{lemma}" for w, lemma, t in tagged))
    return out


def sample(split: str, every: int, files: tuple[str, ...]) -> list[str]:
    """Every ``every``-th paragraph (times the file's register weighting), by position."""
    chosen = []
    for name in files:
        step = every * KEEP_EVERY.get(name, 1)
        for i, (_, line) in enumerate(iter_corpus(split, files=(name,))):
            if i % step == 0:
                chosen.append(line)
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "heldout"), default="train")
    parser.add_argument("--every", type=int, default=13, help="keep one paragraph in N")
    parser.add_argument("--files", default=",".join(FILES))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    paragraphs = sample(args.split, args.every, tuple(args.files.split(",")))
    chunks = [paragraphs[i : i + 200] for i in range(0, len(paragraphs), 200)]
    start = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    sentences = tokens = 0
    with Pool(args.jobs, initializer=_init) as pool, gzip.open(tmp, "wt", encoding="utf-8") as handle:
        for lines in pool.imap(tag_paragraphs, chunks):
            for line in lines:
                handle.write(line + "\n")
                sentences += 1
                tokens += line.count(SEP) + 1
    tmp.replace(args.out)
    elapsed = time.perf_counter() - start
    print(f"{len(paragraphs)} paragraphs, {sentences} sentences, {tokens} tokens in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
