#!/usr/bin/env python3
"""Speed and peak memory of one fluency backend, batched, on the seed sentences (no shared data needed).

    python scripts/lm_speed.py ngram
    python scripts/lm_speed.py transformer

Scores 400 sentences of two seed articles in one ``score_batch`` call after a warm-up batch, and prints
sentences per second and the peak resident memory of the process (model, libraries and all).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from audit.lm import load_model
from audit.segment import make_article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lm", help="a --lm spec: ngram, transformer, hf:DIR, a KenLM file")
    parser.add_argument("--sentences", type=int, default=400)
    args = parser.parse_args()
    before = peak_rss_mb()
    model = load_model(args.lm)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3])
    sentences = [[t.text for t in s.tokens] for s in make_article(text).sentences if s.tokens]
    batch = (sentences * (args.sentences // len(sentences) + 1))[: args.sentences]
    model.score_batch(batch[:32])
    start = time.perf_counter()
    model.score_batch(batch)
    seconds = time.perf_counter() - start
    words = sum(len(s) for s in batch)
    print(
        f"{args.lm}: {len(batch) / seconds:.1f} sentences/s ({words / seconds:.0f} tokens/s, "
        f"{words / len(batch):.1f} tokens per sentence); peak RSS {peak_rss_mb():.0f} MB "
        f"(before loading: {before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
