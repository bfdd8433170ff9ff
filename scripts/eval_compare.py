"""System-level accuracy of ``mtaudit compare`` on MQM newstest 2020 / 2021 en-de (../shared/data/qe).

Each MT system's documents are rebuilt from its rated segments (one segment per line, only the
segments every system has, so all systems hold the same documents); the human translation
``Human-A.0`` (2020) / ``ref.A`` (2021) is the reference, and no human translation is among the
compared systems. For every pair of systems: does a metric order them as their mean MQM points do?
(system-level pairwise accuracy, the measure of the WMT metrics task.) Metrics: mtaudit's score
without and with the source, and chrF and BLEU against the reference; for the mtaudit score, also
how many pairs ``compare`` calls significant and how many of those it orders right.

    .venv/bin/python scripts/eval_compare.py [--years 2020 2021] [--lm ngram] [--docs N] [--out r.json]

Published anchors (WMT20/21 metrics tasks, MQM as gold): reference-based metrics reach 80-90%
system-level pairwise accuracy on such data.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from qe_data import mqm  # noqa: E402

from audit.auditor import Auditor  # noqa: E402
from audit.compare import SystemScores, compare  # noqa: E402
from audit.segment import make_article  # noqa: E402

REFERENCE = {"2020": "Human-A.0", "2021": "ref.A"}


def _human(system: str) -> bool:
    return system.startswith(("Human-", "ref."))


def documents(year: str, limit: int | None):
    """{system: {doc: (text, source)}}, {doc: reference}, {system: mean MQM points}."""
    segments = mqm(year)
    by_system: dict[str, dict[str, object]] = collections.defaultdict(dict)
    for s in segments:
        by_system[s.system][s.seg_id] = s
    reference = REFERENCE[year]
    systems = sorted(name for name in by_system if not _human(name))
    shared = set(by_system[reference])
    for name in systems:
        shared &= set(by_system[name])
    docs: dict[str, list[str]] = collections.defaultdict(list)
    for seg_id in sorted(shared, key=int):
        docs[by_system[reference][seg_id].doc].append(seg_id)
    names = sorted(docs)[:limit] if limit else sorted(docs)
    out = {}
    for name in systems:
        out[name] = {
            d: (
                "\n".join(by_system[name][i].text for i in docs[d]) + "\n",
                "\n".join(by_system[name][i].source for i in docs[d]) + "\n",
            )
            for d in names
        }
    refs = {d: "\n".join(by_system[reference][i].text for i in docs[d]) + "\n" for d in names}
    kept = {i for d in names for i in docs[d]}
    mqm_points = {name: sum(by_system[name][i].points for i in kept) / len(kept) for name in systems}
    return out, refs, mqm_points


def pairwise_accuracy(values: dict[str, float], mqm_points: dict[str, float], lower_is_better=False) -> float:
    right = total = 0
    for a, b in itertools.combinations(sorted(values), 2):
        gold = mqm_points[b] - mqm_points[a]  # > 0: a is better (fewer points)
        guess = values[a] - values[b]
        if lower_is_better:
            guess = -guess
        if gold == 0:
            continue
        total += 1
        right += (gold > 0) == (guess > 0) if guess != 0 else 0.5
    return right / total if total else float("nan")


def evaluate(year: str, auditor: Auditor, limit: int | None) -> dict:
    start = time.perf_counter()
    docs, refs, mqm_points = documents(year, limit)
    result: dict = {"systems": len(docs), "documents": len(refs), "mqm_points": mqm_points}
    scored = {}
    for with_source in (False, True):
        systems = []
        for name, by_doc in docs.items():
            reports = [
                auditor.check_article(
                    make_article(text, id=d, reference=refs[d], source=source if with_source else None)
                )
                for d, (text, source) in by_doc.items()
            ]
            systems.append(SystemScores.of(name, reports))
        scored[with_source] = systems
    values = {
        "score": {s.name: s.value("score") for s in scored[False]},
        "score+source": {s.name: s.value("score") for s in scored[True]},
        "chrf": {s.name: s.value("chrf") for s in scored[False]},
        "bleu": {s.name: s.value("bleu") for s in scored[False]},
    }
    result["accuracy"] = {m: round(pairwise_accuracy(v, mqm_points), 3) for m, v in values.items()}
    result["values"] = values
    for key, metric, with_source in (
        ("compare score", "score", False),
        ("compare score+source", "score", True),
        ("compare chrF", "chrf", False),
    ):
        pairs = [p for p in compare(scored[with_source], metric=metric)["pairs"] if p["metric"] == metric]
        significant = [p for p in pairs if p["better"] is not None]
        right = sum(
            1 for p in significant if (mqm_points[p["a"]] < mqm_points[p["b"]]) == (p["better"] == p["a"])
        )
        result[key] = {"pairs": len(pairs), "significant": len(significant), "significant_right": right}
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", nargs="+", default=["2020", "2021"], choices=sorted(REFERENCE))
    parser.add_argument("--lm", default="ngram")
    parser.add_argument("--docs", type=int, default=None, help="only the first N documents (a quick run)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    auditor = Auditor(lm=args.lm)
    results = {}
    for year in args.years:
        r = results[year] = evaluate(year, auditor, args.docs)
        print(f"MQM {year}: {r['systems']} systems, {r['documents']} documents, {r['seconds']} s")
        for metric, accuracy in r["accuracy"].items():
            print(f"  pairwise accuracy {metric:<13} {accuracy:.3f}")
        for key in ("compare score", "compare score+source", "compare chrF"):
            c = r[key]
            print(
                f"  {key}: {c['significant']} of {c['pairs']} pairs significant, {c['significant_right']} ordered right"
            )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
