"""Fit and evaluate the ``disfluent`` rule's token model (models/fluency/<model>.disfluent.json).

Data (all MT output annotated by professional MQM raters, ../shared/data/qe):
- fit and threshold on MQM newstest2020 (a token is positive when a rater marked a *fluency* error
  span over it: ``Fluency/*`` except punctuation, and ``Style/Awkward``);
- clean text for the false-positive rate: the *end* of the held-out corpus slice (Wikipedia and
  Bundestag; scripts/eval_clean.py reads its *beginning*, so the two never overlap);
- held out: MQM newstest2021 (reported, never fitted on).

A finding is a hit when it overlaps a gold span of the same segment (any rater). The threshold is the
lowest whose rate on the clean text stays at or below ``--max-clean-rate`` findings per 1,000 words;
the confidence is a logistic curve over ``expected`` fitted on the same MQM-2020 pairs, and a finding is
major from ``--major-confidence``. Also reported: the precision of a random adjacent word pair (chance).

    .venv/bin/python scripts/tune_disfluent.py [--lm ngram] [--limit N] [--dry-run]
"""

from __future__ import annotations

import argparse
import csv
import json
import lzma
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import MQM_FILES, iter_corpus  # noqa: E402

from audit.lexicon import get_lexicon  # noqa: E402
from audit.lm import load_model  # noqa: E402
from audit.rules import make_context  # noqa: E402
from audit.rules.disfluent import DisfluencyModel, DisfluentRule, parameters_path, sentence_evidence  # noqa: E402
from audit.segment import make_article  # noqa: E402

MQM = MQM_FILES
CLEAN_FILES = ("wikipedia.txt.xz", "bundestag-wp20.txt.xz", "bundestag-wp19-wp21.txt.xz")
_TAG = re.compile(r"</?v>")
GRID = [round(t, 2) for t in np.arange(2.0, 5.01, 0.25)]


def is_fluency(category: str) -> bool:
    return (
        category.startswith("Fluency/") and category != "Fluency/Punctuation"
    ) or category == "Style/Awkward"


def marked_spans(target: str) -> tuple[str, list[tuple[int, int]]]:
    """The target without <v> tags and the character spans the tags enclosed."""
    text, spans, pos, open_at = [], [], 0, None
    for piece in re.split(r"(</?v>)", target):
        if piece == "<v>":
            open_at = pos
        elif piece == "</v>":
            if open_at is not None and pos > open_at:
                spans.append((open_at, pos))
            open_at = None
        else:
            text.append(piece)
            pos += len(piece)
    return "".join(text), spans


def mqm_segments(year: str) -> list[dict]:
    """One record per (system, segment): the target and its gold spans (fluency; any error; major)."""
    path = MQM[year]
    opener = lzma.open if path.suffix == ".xz" else open
    segments: dict[tuple[str, str], dict] = {}
    csv.field_size_limit(1 << 24)
    with opener(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            text, spans = marked_spans(row["target"])
            seg = segments.setdefault(
                (row["system"], row["seg_id"]), {"text": text, "fluency": [], "any": [], "major": []}
            )
            if text != seg["text"] or row["category"].lower() in ("no-error", "category"):
                continue
            seg["any"].extend(spans)
            if is_fluency(row["category"]):
                seg["fluency"].extend(spans)
            if row["severity"] in ("Major", "Critical") or row["category"] == "Non-translation!":
                seg["major"].extend(spans)
    return [s for s in segments.values() if s["text"].strip()]


def clean_texts(words_per_file: int) -> list[dict]:
    """Paragraphs from the end of each clean file's held-out slice, grouped 12 to a pseudo-article."""
    out = []
    for name in CLEAN_FILES:
        paragraphs = [p for _, p in iter_corpus("heldout", files=(name,))]
        chosen, words = [], 0
        for p in reversed(paragraphs):
            chosen.append(p)
            words += len(p.split())
            if words >= words_per_file:
                break
        chosen.reverse()
        for i in range(0, len(chosen), 12):
            out.append({"text": "\n\n".join(chosen[i : i + 12]), "fluency": [], "any": [], "major": []})
    return out


def analyse(model, lexicon, records: list[dict]) -> list[dict]:
    """Per record: its context, and per sentence the evidence and gold labels of each token."""
    out = []
    for record in records:
        article = make_article(record["text"])
        ctx = make_context(article, lexicon, model)
        sentences = [s for s in article.sentences if s.tokens]
        scores = model.score_batch([[t.text for t in s.tokens] for s in sentences])
        items = []
        for sentence, score in zip(sentences, scores, strict=True):
            unigram = model.unigram_logprobs([t.text for t in sentence.tokens])
            evidence = sentence_evidence(ctx, sentence, score, unigram)
            labels = [
                {
                    kind: any(s < t.end and t.start < e for s, e in record[kind])
                    for kind in ("fluency", "any", "major")
                }
                for t in sentence.tokens
            ]
            items.append((sentence, evidence, labels))
        out.append({"ctx": ctx, "items": items, "record": record, "words": article.word_count})
    return out


def pairs(analysed: list[dict], label: str = "fluency") -> tuple[np.ndarray, np.ndarray]:
    """Every unseen pair of in-vocabulary words: its ``expected`` and whether it overlaps a gold span."""
    xs, ys = [], []
    for a in analysed:
        for sentence, evidence, _labels in a["items"]:
            for i, e in enumerate(evidence):
                if e is not None:
                    start, end = sentence.tokens[i - 1].start, sentence.tokens[i].end
                    xs.append(e)
                    ys.append(float(any(s < end and start < t for s, t in a["record"][label])))
    return np.array(xs)[:, None], np.array(ys)


def findings(analysed: list[dict], params: DisfluencyModel) -> list[tuple[dict, object]]:
    rule = DisfluentRule()
    out = []
    for a in analysed:
        for sentence, evidence, _labels in a["items"]:
            for f in rule._spans(a["ctx"], sentence, evidence, params):
                out.append((a, f))
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 30):
    """L2-regularised logistic regression on standardised features (Newton's method)."""
    mean, std = x.mean(0), x.std(0)
    std[std == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + reg * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        w -= np.linalg.solve(hess, grad)
    return mean, std, w


def chance_precision(analysed: list[dict], seed: int = 0) -> dict:
    """Precision of one random pair of adjacent words per sentence: what a detector without skill gets."""
    rng = random.Random(seed)
    n = hits_fluency = hits_any = 0
    for a in analysed:
        for sentence, _evidence, _labels in a["items"]:
            words = [t for t in sentence.tokens if t.kind == "word"]
            if len(words) < 3:
                continue
            i = rng.randrange(1, len(words))
            start, end = words[i - 1].start, words[i].end
            n += 1
            hits_fluency += any(s < end and start < e for s, e in a["record"]["fluency"])
            hits_any += any(s < end and start < e for s, e in a["record"]["any"])
    return {"precision_fluency": round(hits_fluency / n, 3), "precision_any": round(hits_any / n, 3)}


def evaluate(analysed: list[dict], params: DisfluencyModel) -> dict:
    found = findings(analysed, params)
    words = sum(a["words"] for a in analysed)

    def hits(kind: str, subset=None) -> int:
        rows = found if subset is None else subset
        return sum(1 for a, f in rows if any(s < f.end and f.start < e for s, e in a["record"][kind]))

    major = [(a, f) for a, f in found if f.severity == "major"]
    n = len(found)
    return {
        "findings": n,
        "per_1000_words": round(1000 * n / max(words, 1), 3),
        "precision_fluency": round(hits("fluency") / n, 3) if n else None,
        "precision_any": round(hits("any") / n, 3) if n else None,
        "major": len(major),
        "major_precision_any": round(hits("any", major) / len(major), 3) if major else None,
        "words": words,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lm", default="ngram")
    parser.add_argument(
        "--limit", type=int, default=0, help="at most this many MQM segments per year (0: all)"
    )
    parser.add_argument("--clean-words", type=int, default=40_000, help="clean words per corpus file")
    parser.add_argument("--max-clean-rate", type=float, default=0.06)
    parser.add_argument(
        "--major-confidence", type=float, default=0.5, help="confidence from which a finding is major"
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the parameters")
    args = parser.parse_args()

    started = time.perf_counter()
    model = load_model(args.lm)
    lexicon = get_lexicon()
    data = {}
    for name, records in (
        ("mqm2020", mqm_segments("2020")),
        ("mqm2021", mqm_segments("2021")),
        ("clean", clean_texts(args.clean_words)),
    ):
        if args.limit and name != "clean":
            records = records[: args.limit]
        data[name] = analyse(model, lexicon, records)
        print(f"{name}: {len(records)} records, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    x, y = pairs(data["mqm2020"])
    # the confidence matters where the rule fires: fit it on the pairs of the grid's range only
    x, y = x[x[:, 0] >= GRID[0]], y[x[:, 0] >= GRID[0]]
    mean, std, w = fit_logistic(x, y)
    slope = float(w[1] / std[0])
    bias = float(w[0] - w[1] * mean[0] / std[0])
    print(
        f"confidence fitted on {len(y)} unseen pairs of MQM 2020, {int(y.sum())} in fluency error spans",
        file=sys.stderr,
    )

    def params(threshold: float) -> DisfluencyModel:
        major = args.major_confidence
        return DisfluencyModel(model.signature, round(threshold, 3), round(bias, 4), round(slope, 4), major)

    grid = GRID
    chosen = None
    print(f"{'threshold':>9}  {'clean/1k':>8}  {'2020 n':>6}  {'P flu':>6}  {'P any':>6}  {'conf':>5}")
    for t in grid:
        clean = evaluate(data["clean"], params(t))
        tune = evaluate(data["mqm2020"], params(t))
        print(
            f"{t:9.2f}  {clean['per_1000_words']:8.3f}  {tune['findings']:6d}  "
            f"{tune['precision_fluency'] or 0:6.3f}  {tune['precision_any'] or 0:6.3f}  {params(t).confidence(t):5.3f}"
        )
        if chosen is None and clean["per_1000_words"] <= args.max_clean_rate:
            chosen = t
    final = params(chosen if chosen is not None else grid[-1])
    report = {name: evaluate(analysed, final) for name, analysed in data.items()}
    chance = chance_precision(data["mqm2020"])
    report["mqm2020_random_pair_precision"] = chance
    for name, result in report.items():
        print(name, result)
    if args.dry_run:
        return 0
    path = parameters_path(model)
    meta = {
        **final.__dict__,
        "fitted_on": (
            f"confidence: logistic over `expected` on the {len(y)} unseen word pairs with expected >= {GRID[0]} of MQM newstest2020 en-de "
            f"({int(y.sum())} overlapping a fluency error span: Fluency/* except punctuation, Style/Awkward); "
            f"threshold: the lowest of {grid[0]}..{grid[-1]} (step 0.25) with at most {args.max_clean_rate} "
            "findings per 1,000 words of clean held-out German (the end of the held-out slice)"
        ),
        "evaluation": report,
        "script": "scripts/tune_disfluent.py",
    }
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
