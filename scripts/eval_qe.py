"""Quality estimation on WMT22 QE dev (en-de, MQM): how well mtaudit's scores and findings agree with
the human MQM annotation, without the source sentence.

- sentence level: Spearman correlation of the segment ``score`` with the MQM z-score
  (published anchors on the WMT22 *test* set: baseline 0.455, CometKiwi 0.561, both with the source);
- word level: Matthews correlation of BAD tokens, a token being BAD when a finding overlaps it
  (anchors: baseline 0.182, CometKiwi 0.303).

    .venv/bin/python scripts/eval_qe.py [--lm ngram|none|transformer] [--select ...] [--out result.json]

The score is the learned combination of audit/score.py (models/score/combination.json, fitted on MQM
2020/2021 only), with fluency when a language model is given and rules-only with ``--lm none``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import html
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.auditor import Auditor  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "qe" / "wmt22-dev-ende"


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2
        i = j + 1
    return result


def pearson(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def spearman(x: list[float], y: list[float]) -> float:
    return pearson(ranks(x), ranks(y))


def mcc(tp: int, tn: int, fp: int, fn: int) -> float:
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Character spans of the tokenised MT's tokens in the untokenised text (None where not found)."""
    spans: list[tuple[int, int] | None] = []
    position = 0
    for token in tokens:
        token = html.unescape(token)  # the tokenised file escapes quotes (&quot;, &apos;)
        found = text.find(token, position)
        if found == -1 or (spans and spans[-1] is not None and text[position:found].strip()):
            spans.append(None)
            continue
        spans.append((found, found + len(token)))
        position = found + len(token)
    return spans


def load() -> list[dict]:
    with (DATA / "mqm_dev2022_ende.scores.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    mt = (DATA / "mqm_dev2022_ende.mt").read_text(encoding="utf-8").splitlines()
    tags = (DATA / "mqm_dev2022_ende.tags").read_text(encoding="utf-8").splitlines()
    segments = []
    for row, tokenised, tag_line in zip(rows, mt, tags, strict=True):
        tokens = tokenised.split()
        segments.append(
            {
                "text": row["mt"],
                "src": row["src"],
                "z": float(row["z_score"]),
                "tokens": tokens[:-1] if tokens and tokens[-1] == "<EOS>" else tokens,
                "tags": tag_line.split()[: len(tokens) - (1 if tokens and tokens[-1] == "<EOS>" else 0)],
            }
        )
    return segments


def evaluate(auditor: Auditor) -> dict:
    segments = load()
    scores, fluency, gold = [], [], []
    tp = tn = fp = fn = 0
    unaligned = 0
    by_category: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for segment in segments:
        report = auditor.check(segment["text"])
        by_category.update(f.category for f in report.findings)
        scores.append(report.score)
        fluency.append(report.fluency if report.fluency is not None else 0.0)
        gold.append(segment["z"])
        spans = token_offsets(segment["text"], segment["tokens"])
        for span, tag in zip(spans, segment["tags"], strict=True):
            if span is None:
                unaligned += 1
                predicted = False
            else:
                predicted = any(f.start < span[1] and span[0] < f.end for f in report.findings)
            bad = tag == "BAD"
            tp += predicted and bad
            fp += predicted and not bad
            fn += bad and not predicted
            tn += not predicted and not bad
    elapsed = time.perf_counter() - start
    return {
        "segments": len(segments),
        "spearman_score_vs_z": round(spearman(scores, gold), 4),
        "spearman_fluency_vs_z": round(spearman(fluency, gold), 4) if auditor.fluency else None,
        "word_mcc": round(mcc(tp, tn, fp, fn), 4),
        "word_precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "word_recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "bad_tokens": tp + fn,
        "predicted_bad": tp + fp,
        "unaligned_tokens": unaligned,
        "segments_below_100": sum(1 for s in scores if s < 100),
        "findings_by_category": dict(by_category.most_common()),
        "seconds": round(elapsed, 1),
        "signature": auditor.signature,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--select", default="")
    parser.add_argument("--ignore", default="")
    parser.add_argument("--lm", default="ngram")
    parser.add_argument("--out", help="also write the result as JSON here")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} not found", file=sys.stderr)
        return 2
    auditor = Auditor(
        select=[s for s in args.select.split(",") if s],
        ignore=[s for s in args.ignore.split(",") if s],
        lm=args.lm,
    )
    result = evaluate(auditor)
    for key, value in result.items():
        print(f"{key:>24}: {value}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
