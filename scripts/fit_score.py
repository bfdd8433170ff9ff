"""Fit the score combination (models/score/combination.json): findings and fluency -> MQM points.

Data: every (system, segment) of MQM newstest2020 and newstest2021 en-de (../shared/data/qe; WMT22 dev
is never used here, it is the validation set of scripts/eval_qe.py). The target is the segment's MQM
points per word, averaged over its raters (Major 5, Minor 1, minor punctuation 0.1, non-translation 25;
``points / max(words, 10)``, capped at 1), the quantity ``1 - score / 100`` of audit/score.py predicts.

Features per segment, per word (``/ max(words, 10)``): for each ``category:severity``, the MQM points of
the auditor's counted findings (severity weight x confidence); with a language model also the fluency
points ``words x max(0, threshold - fluency) / 100`` summed over the segment's sentences. The weights
are non-negative least squares pulled towards the MQM prior (1 per finding weight, 0 for fluency) by
``--ridge``, so categories the data hardly sees keep weight ~1; the fluency threshold is chosen on a
grid by the fit's loss. Two sets are fitted: with fluency (the shipped n-gram model) and rules-only
(``--lm none``, disfluent findings left out as the rule needs the model).

    .venv/bin/python scripts/fit_score.py [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import lzma
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import MQM_FILES  # noqa: E402

from audit import score  # noqa: E402
from audit.auditor import Auditor  # noqa: E402

MQM = MQM_FILES
THRESHOLDS = (40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0)


def row_points(category: str, severity: str) -> float:
    if category.lower() in ("no-error", "category"):
        return 0.0
    if category.startswith("Non-translation"):
        return 25.0
    if severity in ("Major", "Critical"):
        return 5.0
    if severity == "Minor":
        return 0.1 if category == "Fluency/Punctuation" else 1.0
    return 0.0


def mqm_segments(year: str) -> list[dict]:
    """(text, MQM points averaged over raters) per (system, segment)."""
    path = MQM[year]
    opener = lzma.open if path.suffix == ".xz" else open
    points: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    texts: dict[tuple[str, str], str] = {}
    csv.field_size_limit(1 << 24)
    with opener(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["seg_id"])
            texts.setdefault(key, re.sub(r"</?v>", "", row["target"]))
            points[key][row["rater"]] += row_points(row["category"], row["severity"])
    return [
        {"year": year, "text": texts[k], "mqm": sum(c.values()) / len(c)}
        for k, c in points.items()
        if texts[k].strip()
    ]


def analyse(auditor: Auditor, segments: list[dict]) -> list[dict]:
    """The auditor's evidence per segment: words, finding points by category:severity, sentence fluency."""
    cache: dict[str, dict] = {}
    out = []
    for seg in segments:
        if seg["text"] not in cache:
            report = auditor.check(seg["text"])
            by_key: dict[str, float] = collections.Counter()
            by_key_rules: dict[str, float] = collections.Counter()
            for f in score.counted(report.findings):
                by_key[f"{f.category}:{f.severity}"] += score.SEVERITY_WEIGHTS[f.severity] * f.confidence
            for f in score.counted([f for f in report.findings if f.category != "disfluent"]):
                by_key_rules[f"{f.category}:{f.severity}"] += (
                    score.SEVERITY_WEIGHTS[f.severity] * f.confidence
                )
            cache[seg["text"]] = {
                "words": report.article.word_count,
                "findings": dict(by_key),
                "findings_rules": dict(by_key_rules),
                "fluency": [
                    (len(s.words), r.fluency)
                    for s, r in zip(report.article.sentences, report.sentences, strict=True)
                ],
            }
        out.append({**seg, **cache[seg["text"]]})
    return out


def design(
    data: list[dict], keys: list[str], threshold: float | None, rules_only: bool
) -> tuple[np.ndarray, np.ndarray]:
    x = np.zeros((len(data), len(keys) + (threshold is not None)))
    y = np.zeros(len(data))
    for i, d in enumerate(data):
        denominator = max(d["words"], score.MIN_WORDS)
        found = d["findings_rules"] if rules_only else d["findings"]
        for j, key in enumerate(keys):
            x[i, j] = found.get(key, 0.0) / denominator
        if threshold is not None:
            x[i, -1] = (
                sum(w * max(0.0, threshold - v) / 100 for w, v in d["fluency"] if v is not None) / denominator
            )
        y[i] = min(1.0, d["mqm"] / denominator)
    return x, y


def fit_nonnegative(
    x: np.ndarray, y: np.ndarray, prior: np.ndarray, ridge: float, sweeps: int = 200
) -> np.ndarray:
    """argmin |y - Xw|^2 + ridge * |w - prior|^2 subject to w >= 0 (coordinate descent)."""
    w = prior.copy()
    residual = y - x @ w
    col_sq = (x**2).sum(0)
    for _ in range(sweeps):
        for j in range(x.shape[1]):
            rho = x[:, j] @ residual + col_sq[j] * w[j] + ridge * prior[j]
            new = max(0.0, rho / (col_sq[j] + ridge))
            residual -= x[:, j] * (new - w[j])
            w[j] = new
    return w


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    def rank(v: np.ndarray) -> np.ndarray:
        order = v.argsort(kind="stable")
        ranks = np.empty(len(v))
        ranks[order] = np.arange(len(v))
        # average ties
        _, inverse, counts = np.unique(v, return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, ranks)
        return (sums / counts)[inverse]

    ra, rb = rank(a), rank(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def evaluate(x: np.ndarray, y: np.ndarray, w: np.ndarray, years: np.ndarray) -> dict:
    predicted = np.clip(x @ w, 0, 1)
    out = {"mse": round(float(((predicted - y) ** 2).mean()), 5)}
    for year in sorted(set(years.tolist())):
        m = years == year
        out[f"spearman_mqm{year}"] = round(spearman(-predicted[m], -y[m]), 4)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=0, help="at most this many segments per year (0: all)")
    parser.add_argument("--ridge", type=float, default=1.0)
    parser.add_argument(
        "--min-count",
        type=int,
        default=20,
        help="fit a category:severity weight only when it fires on this many segments",
    )
    parser.add_argument(
        "--tolerance", type=float, default=0.015, help="relative loss allowed for a lower fluency threshold"
    )
    parser.add_argument(
        "--cache", help="keep the auditor's evidence in this JSON file (re-fit without re-auditing)"
    )
    parser.add_argument("--out", default=str(score.COMBINATION_FILE))
    args = parser.parse_args()

    started = time.perf_counter()
    auditor = Auditor(lm="ngram")
    if args.cache and Path(args.cache).exists():
        data = json.loads(Path(args.cache).read_text(encoding="utf-8"))
    else:
        segments = [s for year in MQM for s in mqm_segments(year)[: args.limit or None]]
        data = analyse(auditor, segments)
        if args.cache:
            Path(args.cache).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"{len(data)} segments, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    years = np.array([d["year"] for d in data])

    result: dict = {
        "version": score.SCORE_VERSION,
        "formula": "score = 100 * max(0, 1 - points / max(words, 10)); points = sum over counted findings of "
        "severity weight x confidence x weights[category:severity] (1 when absent) + fluency_weight x "
        "sum over sentences of words x max(0, fluency_threshold - fluency) / 100",
        "fitted_on": (
            f"{len(data)} (system, segment) targets of MQM newstest2020 and newstest2021 en-de "
            f"(../shared/data/qe; WMT22 dev never used); target: MQM points per word averaged over raters "
            f"(Major 5, Minor 1, minor punctuation 0.1, non-translation 25), capped at 1"
        ),
        "fit": f"non-negative least squares with ridge {args.ridge} towards the MQM prior (weights 1, fluency 0); "
        f"weights fitted for category:severity pairs on at least {args.min_count} segments; fluency threshold "
        f"chosen from {list(THRESHOLDS)}: the lowest whose mean squared error is within {args.tolerance:.1%} of the best",
        "language_model": auditor.fluency.signature if auditor.fluency else None,
        "date": datetime.date.today().isoformat(),
        "script": "scripts/fit_score.py",
    }
    for name, rules_only in (("with_fluency", False), ("rules_only", True)):
        field = "findings_rules" if rules_only else "findings"
        counts = collections.Counter(k for d in data for k in d[field])
        keys = sorted(k for k, c in counts.items() if c >= args.min_count)
        fits = []
        for threshold in [None] if rules_only else THRESHOLDS:
            x, y = design(data, keys, threshold, rules_only)
            prior = np.array([1.0] * len(keys) + ([0.0] if threshold is not None else []))
            w = fit_nonnegative(x, y, prior, args.ridge)
            loss = float(((x @ w - y) ** 2).mean())
            fits.append((loss, threshold, w, x, y))
            print(f"{name} threshold {threshold}: mse {loss:.6f} {evaluate(x, y, w, years)}", file=sys.stderr)
        # the lowest threshold whose loss is within --tolerance of the best: a sentence the model finds
        # fluent enough costs nothing, so clean text keeps its 100 where the data does not say otherwise
        best_loss = min(f[0] for f in fits)
        _loss, threshold, w, x, y = next(f for f in fits if f[0] <= best_loss * (1 + args.tolerance))
        xp, _ = design(data, keys, None, rules_only)
        part = {
            "weights": {k: round(float(v), 4) for k, v in zip(keys, w[: len(keys)], strict=True)},
            "segments_with_findings": {k: counts[k] for k in keys},
            "metrics_fit": evaluate(x, y, w, years),
            "metrics_prior": evaluate(xp, y, np.ones(len(keys)), years),
        }
        if threshold is not None:
            part["fluency_weight"] = round(float(w[-1]), 4)
            part["fluency_threshold"] = threshold
        result[name] = part
        print(name, json.dumps(part, indent=1), file=sys.stderr)
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(path)
    return 0 if math.isfinite(_loss) else 1


if __name__ == "__main__":
    sys.exit(main())
