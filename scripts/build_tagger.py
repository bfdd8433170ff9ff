"""Train the distilled part-of-speech tagger ``models/syntax/tagger.npz`` (see audit/syntax/tagger.py).

Input: corpus sentences tagged by HanTa (``scripts/hanta_tag.py``: the train split to learn from, the
held-out split to measure agreement on). The model is an averaged structured perceptron (Collins 2002)
with first-order tag transitions and Viterbi decoding; its features are those of
``audit.syntax.tagger.word_features``, so training and run time cannot drift apart. Features seen
fewer than ``--min-count`` times are dropped before training, and weights below ``--prune`` after it.

    .venv/bin/python scripts/build_tagger.py [--epochs 6]

Writes models/syntax/tagger.npz and models/syntax/metadata.json (agreement with HanTa, speed, size,
checksum, sources and licence).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.syntax.tagger import END, OFFSETS, START, Tagger, feature_hash, viterbi, word_features  # noqa: E402

BUILD = ROOT / "build" / "tagger"
OUT = ROOT / "models" / "syntax"
SEP = "\x1f"


def read_tagged(path: Path) -> list[tuple[list[str], list[str]]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            fields = [f.split("\t") for f in line.rstrip("\n").split(SEP)]
            out.append(([f[0] for f in fields], [f[1] for f in fields]))
    return out


def token_features(tokens: list[str], i: int) -> list[str]:
    padded = [START, START, *tokens, END, END]
    feats = []
    for offset in OFFSETS:
        feats.extend(word_features(padded[i + 2 + offset], offset, offset == 0 and i == 0))
    return feats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, default=BUILD / "train.tsv.gz")
    parser.add_argument("--heldout", type=Path, default=BUILD / "heldout.tsv.gz")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--prune", type=float, default=0.05, help="drop averaged weights below this")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    train = read_tagged(args.train)
    heldout = read_tagged(args.heldout)
    tags = sorted({t for _, ts in train for t in ts})
    tag_id = {t: k for k, t in enumerate(tags)}
    n_tags = len(tags)
    print(f"train: {len(train)} sentences, {sum(len(s) for s, _ in train)} tokens, {n_tags} tags")

    counts: Counter[str] = Counter()
    for tokens, _ in train:
        for i in range(len(tokens)):
            counts.update(token_features(tokens, i))
    features = sorted(f for f, c in counts.items() if c >= args.min_count)
    feature_id = {f: n for n, f in enumerate(features)}
    del counts
    print(f"features: {len(features)}")

    data = []
    for tokens, gold in train:
        ids, starts = [], []
        for i in range(len(tokens)):
            starts.append(len(ids))
            ids.extend(feature_id[f] for f in token_features(tokens, i) if f in feature_id)
        data.append(
            (
                np.array(ids, dtype=np.int64),
                np.array(starts, dtype=np.int64),
                np.array([tag_id[t] for t in gold]),
            )
        )

    weights = np.zeros((len(features), n_tags), dtype=np.float32)
    totals = np.zeros_like(weights)  # the averaging trick: sum of c * update
    trans = np.zeros((n_tags + 1, n_tags), dtype=np.float32)
    trans_totals = np.zeros_like(trans)
    rng = random.Random(args.seed)
    c = 1
    start = time.perf_counter()
    for epoch in range(args.epochs):
        order = list(range(len(data)))
        rng.shuffle(order)
        errors = tokens_seen = 0
        for n in order:
            ids, starts, gold = data[n]
            emissions = (
                np.add.reduceat(weights[ids], starts, axis=0) if len(ids) else np.zeros((len(gold), n_tags))
            )
            pred = np.array(viterbi(emissions, trans))
            tokens_seen += len(gold)
            wrong = np.nonzero(pred != gold)[0]
            if len(wrong):
                errors += len(wrong)
                ends = np.append(starts[1:], len(ids))
                for i in wrong:
                    f = ids[starts[i] : ends[i]]
                    weights[f, gold[i]] += 1
                    weights[f, pred[i]] -= 1
                    totals[f, gold[i]] += c
                    totals[f, pred[i]] -= c
                prev_g = np.concatenate(([n_tags], gold[:-1]))
                prev_p = np.concatenate(([n_tags], pred[:-1]))
                np.add.at(trans, (prev_g, gold), 1)
                np.add.at(trans, (prev_p, pred), -1)
                np.add.at(trans_totals, (prev_g, gold), c)
                np.add.at(trans_totals, (prev_p, pred), -c)
            c += 1
        print(
            f"epoch {epoch + 1}: train error {errors / tokens_seen:.4f} ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
    averaged = weights - totals / c
    trans_avg = trans - trans_totals / c
    del weights, totals

    # Sparse storage: per feature, the tags with a weight above the pruning threshold.
    keep = np.abs(averaged) >= args.prune
    rows = np.nonzero(keep.any(axis=1))[0]
    hashes = np.array([feature_hash(features[r]) for r in rows], dtype=np.uint64)
    order = np.argsort(hashes)
    if len(np.unique(hashes)) != len(hashes):
        raise SystemExit("feature hash collision: change the hash or the features")
    rows, hashes = rows[order], hashes[order]
    indptr, columns, values = [0], [], []
    for r in rows:
        cols = np.nonzero(keep[r])[0]
        columns.append(cols.astype(np.uint8))
        values.append(averaged[r, cols].astype(np.float16))
        indptr.append(indptr[-1] + len(cols))
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "tagger.npz"
    tmp = OUT / "tagger.tmp.npz"
    np.savez_compressed(
        tmp,
        hashes=hashes,
        indptr=np.array(indptr, dtype=np.int64),
        columns=np.concatenate(columns),
        values=np.concatenate(values),
        transitions=trans_avg.astype(np.float16),
        tags=np.array(json.dumps(tags)),
    )
    tmp.replace(path)

    tagger = Tagger(path)
    agree = total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    t0 = time.perf_counter()
    for tokens, gold in heldout:
        pred = tagger.tag(tokens)
        for g, p in zip(gold, pred, strict=True):
            total += 1
            agree += g == p
            if g != p:
                confusion[(g, p)] += 1
    elapsed = time.perf_counter() - t0
    accuracy = agree / total
    print(
        f"held-out agreement with HanTa: {accuracy:.4f} on {total} tokens, {total / elapsed:.0f} tokens/s (cold caches)"
    )
    print("most frequent disagreements (HanTa -> ours):", confusion.most_common(12))

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = {
        "file": "tagger.npz",
        "description": "Averaged structured perceptron POS tagger (STTS as HanTa writes it), distilled from HanTa",
        "builder": "scripts/hanta_tag.py, then scripts/build_tagger.py",
        "teacher": "HanTa 1.2.1 (Wartena 2019), morphmodel_ger.pgz, LGPL-3.0-or-later",
        "training": {
            "sentences": len(train),
            "tokens": sum(len(s) for s, _ in train),
            "corpus": "train split of ../shared/corpus (scripts/corpus.py), one paragraph in 13 per file "
            "(laws one in 39), segmented by audit.segment",
            "epochs": args.epochs,
            "min_count": args.min_count,
            "prune": args.prune,
            "features_kept": int(len(rows)),
            "weights_kept": int(indptr[-1]),
        },
        "heldout": {
            "tokens": total,
            "corpus": "held-out split of ../shared/corpus, one paragraph in 4",
            "agreement_with_hanta": round(accuracy, 4),
            "tokens_per_second_cold": round(total / elapsed),
        },
        "tags": tags,
        "size_bytes": path.stat().st_size,
        "sha256": digest,
        "licence": "Model weights learned from HanTa's output on the corpus. The Wikipedia and Klexikon "
        "parts of the corpus are CC BY-SA; Bundestag records and federal laws are official works (§5 UrhG).",
    }
    (OUT / "metadata.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
