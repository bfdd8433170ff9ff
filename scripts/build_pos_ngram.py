"""Build the part-of-speech trigram model of the quality estimator (models/quality/pos-trigram.npz).

Our tagger (audit/syntax) tags one paragraph in ``--every`` of the corpus train split (scripts/corpus.py);
the tag trigram, bigram and unigram relative frequencies are interpolated (0.6 / 0.3 / 0.1, so every
sequence has a probability) and stored as log P(t | t-2, t-1) over the tagger's tags plus a boundary
symbol. An unusual tag sequence ("ART VV(FIN)", a verb where a noun should be) is a cheap sign of
broken grammar that the word n-gram model cannot see for words it has never seen together.

    .venv/bin/python scripts/build_pos_ngram.py [--every 20] [--max-tokens 2000000]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import iter_corpus  # noqa: E402

from audit.segment import make_article  # noqa: E402
from audit.syntax import get_tagger  # noqa: E402

OUT = ROOT / "models" / "quality" / "pos-trigram.npz"
LAMBDAS = (0.6, 0.3, 0.1)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--every", type=int, default=20)
    parser.add_argument("--max-tokens", type=int, default=2_000_000)
    args = parser.parse_args()
    tagger = get_tagger()
    k = len(tagger.tags)
    index = {t: i for i, t in enumerate(tagger.tags)}
    counts = np.zeros((k + 1, k + 1, k + 1), dtype=np.float64)
    tokens = 0
    start = time.perf_counter()
    for n, (_, paragraph) in enumerate(iter_corpus("train")):
        if n % args.every:
            continue
        for sentence in make_article(paragraph).sentences:
            tags = tagger.tag([t.text for t in sentence.tokens])
            ids = [k, k, *(index[t] for t in tags), k]
            for i in range(len(ids) - 2):
                counts[ids[i], ids[i + 1], ids[i + 2]] += 1
            tokens += len(tags)
        if tokens >= args.max_tokens:
            break
    tri = counts / np.maximum(counts.sum(axis=2, keepdims=True), 1)
    bi_counts = counts.sum(axis=0)
    bi = bi_counts / np.maximum(bi_counts.sum(axis=1, keepdims=True), 1)
    uni = bi_counts.sum(axis=0) / bi_counts.sum()
    l3, l2, l1 = LAMBDAS
    prob = l3 * tri + l2 * bi[None, :, :] + l1 * uni[None, None, :] + 1e-9
    logprob = np.log(prob).astype(np.float32)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, logprob=logprob, tags=np.array(json.dumps(tagger.tags)))
    OUT.write_bytes(buffer.getvalue())
    print(
        f"{tokens} tokens tagged in {time.perf_counter() - start:.0f} s -> {OUT} ({OUT.stat().st_size} bytes)"
    )
    print(f"sha256 {hashlib.sha256(OUT.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
