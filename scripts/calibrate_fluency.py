"""Fit the fluency calibration of a language model (models/fluency/<model>.json).

Fluent examples: sentences of the held-out corpus slice (Wikipedia, Bundestag) and MQM-2020 MT
segments that every rater marked error-free; disfluent examples: MQM-2020 segments with a major
Fluency error. A logistic regression over three features (audit/lm/fluency.py) is fitted by gradient
descent with the classes weighted equally. Reported: AUC on the fit, and on MQM 2021 (held out).

    .venv/bin/python scripts/calibrate_fluency.py --lm ngram
"""

from __future__ import annotations

import argparse
import collections
import csv
import lzma
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import MQM_FILES, iter_corpus  # noqa: E402

from audit.lm import load_model  # noqa: E402
from audit.lm.fluency import FEATURES, Calibration, calibration_path, features  # noqa: E402
from audit.segment import make_article  # noqa: E402

MQM = MQM_FILES


def mqm_segments(year: str) -> tuple[list[str], list[str]]:
    """(error-free targets, targets with a major fluency error) of one MQM release."""
    path = MQM[year]
    opener = lzma.open if path.suffix == ".xz" else open
    rows: dict[tuple[str, str], list[tuple[str, str]]] = collections.defaultdict(list)
    targets: dict[tuple[str, str], str] = {}
    csv.field_size_limit(1 << 24)
    with opener(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["seg_id"])
            targets.setdefault(key, re.sub(r"</?v>", "", row["target"]))
            rows[key].append((row["category"], row["severity"]))
    clean, bad = [], []
    for key, marks in rows.items():
        if all(c.lower() == "no-error" for c, _ in marks):
            clean.append(targets[key])
        elif any(c.startswith("Fluency") and s == "Major" for c, s in marks):
            bad.append(targets[key])
    return clean, bad


def corpus_sentences(n: int) -> list[str]:
    out = []
    for name in ("wikipedia.txt.xz", "bundestag-wp20.txt.xz"):
        for _, line in iter_corpus("heldout", files=(name,)):
            out.extend(s.text for s in make_article(line).sentences if len(s.words) >= 5)
            if len(out) >= n * (1 if name.startswith("bundestag") else 0.5):
                break
    return out[:n]


def feature_rows(model, texts: list[str]) -> list[dict[str, float]]:
    sentences = [[t.text for t in make_article(text).tokens] for text in texts]
    sentences = [s for s in sentences if s]
    return [
        features(model, words, score)
        for words, score in zip(sentences, model.score_batch(sentences), strict=True)
    ]


def auc(positive: list[float], negative: list[float]) -> float:
    ranked = sorted([(p, 1) for p in positive] + [(q, 0) for q in negative])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        rank = (i + j) / 2 + 1
        rank_sum += rank * sum(1 for k in range(i, j + 1) if ranked[k][1] == 1)
        i = j + 1
    n_pos, n_neg = len(positive), len(negative)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def fit(
    pos: list[dict], neg: list[dict], epochs: int = 400, rate: float = 0.5
) -> tuple[dict, dict, dict, float]:
    rows = pos + neg
    mean = {f: sum(r[f] for r in rows) / len(rows) for f in FEATURES}
    std = {f: math.sqrt(sum((r[f] - mean[f]) ** 2 for r in rows) / len(rows)) or 1.0 for f in FEATURES}
    data = [([(r[f] - mean[f]) / std[f] for f in FEATURES], 1.0, 0.5 / len(pos)) for r in pos]
    data += [([(r[f] - mean[f]) / std[f] for f in FEATURES], 0.0, 0.5 / len(neg)) for r in neg]
    w = [0.0] * len(FEATURES)
    b = 0.0
    for _ in range(epochs):
        gw = [0.0] * len(FEATURES)
        gb = 0.0
        for x, y, weight in data:
            p = 1 / (1 + math.exp(-(b + sum(wi * xi for wi, xi in zip(w, x, strict=True)))))
            for k, xi in enumerate(x):
                gw[k] += weight * (p - y) * xi
            gb += weight * (p - y)
        w = [wi - rate * g for wi, g in zip(w, gw, strict=True)]
        b -= rate * gb
    return mean, std, dict(zip(FEATURES, w, strict=True)), b


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lm", default="ngram")
    parser.add_argument("--corpus-sentences", type=int, default=3000)
    parser.add_argument("--max-mqm", type=int, default=3000, help="at most this many MQM segments per class")
    args = parser.parse_args()

    model = load_model(args.lm)
    rng = random.Random(0)
    clean_2020, bad_2020 = mqm_segments("2020")
    clean_2020 = rng.sample(clean_2020, min(args.max_mqm, len(clean_2020)))
    bad_2020 = rng.sample(bad_2020, min(args.max_mqm, len(bad_2020)))
    corpus = corpus_sentences(args.corpus_sentences)
    pos = feature_rows(model, corpus) + feature_rows(model, clean_2020)
    neg = feature_rows(model, bad_2020)
    mean, std, weights, bias = fit(pos, neg)
    calibration = Calibration(
        model_signature=model.signature,
        mean=mean,
        std=std,
        weights=weights,
        bias=bias,
        fitted_on=(
            f"{len(corpus)} held-out corpus sentences + {len(clean_2020)} error-free MQM-2020 segments "
            f"vs {len(bad_2020)} MQM-2020 segments with a major fluency error"
        ),
    )
    fit_auc = auc([calibration.probability(r) for r in pos], [calibration.probability(r) for r in neg])
    clean_2021, bad_2021 = mqm_segments("2021")
    held_pos, held_neg = feature_rows(model, clean_2021), feature_rows(model, bad_2021)
    held_auc = auc(
        [calibration.probability(r) for r in held_pos], [calibration.probability(r) for r in held_neg]
    )
    corpus_mean = sum(100 * calibration.probability(r) for r in pos[: len(corpus)]) / len(corpus)
    bad_mean = sum(100 * calibration.probability(r) for r in held_neg) / len(held_neg)
    report = {
        "auc_fit": round(fit_auc, 4),
        "auc_mqm2021_clean_vs_major_fluency": round(held_auc, 4),
        "mqm2021_segments": [len(held_pos), len(held_neg)],
        "mean_fluency_heldout_corpus": round(corpus_mean, 1),
        "mean_fluency_mqm2021_major_fluency": round(bad_mean, 1),
    }
    path = calibration_path(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    calibration.save(path, {"evaluation": report, "script": "scripts/calibrate_fluency.py"})
    print(path)
    for key, value in report.items():
        print(f"{key:>40}: {value}")
    print("weights:", {k: round(v, 3) for k, v in weights.items()}, "bias:", round(bias, 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
