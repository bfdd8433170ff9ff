"""Measure the sentence-structure rules (audit/rules/syntax.py) and the agreement rules on annotated data.

- Falko-MERLIN (../shared/data/gec/falko-merlin/fm-dev.m2, learner German with gold edits): per rule,
  detection precision (a finding overlaps a gold edit of annotator 0) and recall of the edit types the
  rule is about (``R:WO`` word order for verb-second/verb-final/run-on, ``R:VERB:FORM``/``R:AUX:FORM``
  for agreement, ``R:DET:FORM``/``R:ADJ:FORM``/``R:NOUN:FORM`` for case and agreement, ``M:PUNCT`` for
  run-on clauses), on the first half (tuning) and the second (held out). The rules were written on
  hand-made examples and clean corpus text, not on this data; both halves are reported.
- MQM newstest2020 and 2021 (../shared/data/qe, MT output marked by professional raters): per rule,
  findings, precision against ``Fluency/Grammar`` spans and against any error span, and the chance
  precision (one random adjacent word pair per sentence), as scripts/tune_disfluent.py reports it.

    .venv/bin/python scripts/eval_syntax.py [--mqm-limit N] [--json out.json]

Clean text (false findings per 1,000 words on held-out corpus text):
    .venv/bin/python scripts/eval_clean.py --skip-words 600000 --words 600000 --select grammar
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_gec import DEFAULT_M2  # noqa: E402
from tune_disfluent import mqm_segments  # noqa: E402

from audit.auditor import Auditor  # noqa: E402
from audit.segment import make_article  # noqa: E402

RULES = (
    "verb-second",
    "verb-final",
    "preposition-case",
    "subject-verb-agreement",
    "run-on-clause",
    "both-and",
    "article-noun-agreement",
    "adjective-ending-agreement",
)
#: the gold edit types each rule is about (Falko-MERLIN, ERRANT types)
RELEVANT = {
    "verb-second": ("R:WO",),
    "verb-final": ("R:WO",),
    "run-on-clause": ("M:PUNCT", "R:WO"),
    "preposition-case": ("R:DET:FORM", "R:ADJ:FORM", "R:NOUN:FORM", "R:PRON:FORM"),
    "subject-verb-agreement": ("R:VERB:FORM", "R:AUX:FORM", "R:VERB:SVA"),
    "both-and": ("R:OTHER", "R:CONJ"),
    "article-noun-agreement": ("R:DET:FORM", "R:NOUN:FORM"),
    "adjective-ending-agreement": ("R:ADJ:FORM",),
}


def read_m2_spans(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, gold edits as character spans with their type) per sentence; tokens joined by spaces.
    An insertion (empty token span) covers the space where it goes."""
    out = []
    tokens: list[str] = []
    edits: list[tuple[int, int, str]] = []

    def flush():
        if not tokens:
            return
        starts, pos = [], 0
        for t in tokens:
            starts.append(pos)
            pos += len(t) + 1
        ends = [s + len(t) for s, t in zip(starts, tokens, strict=True)]
        spans = []
        for i, j, kind in edits:
            if i == j:  # insertion before token i
                a = ends[i - 1] if i > 0 else 0
                b = starts[i] if i < len(tokens) else pos - 1
            else:
                a, b = starts[i], ends[j - 1]
            spans.append((a, max(b, a + 1), kind))
        out.append((" ".join(tokens), spans))

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("S "):
            flush()
            tokens, edits = line[2:].split(" "), []
        elif line.startswith("A "):
            span, kind, _correction, *_, annotator = line[2:].split("|||")
            if kind != "noop" and annotator.strip() == "0":
                i, j = (int(x) for x in span.split())
                edits.append((i, j, kind))
    flush()
    return out


def overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e, *_ in spans)


def eval_falko(auditor: Auditor, sentences) -> dict:
    found: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    correct_relevant: Counter[str] = Counter()
    gold_relevant: Counter[str] = Counter()
    recalled: Counter[str] = Counter()
    for text, spans in sentences:
        findings = auditor.check(text).findings
        for rule in RULES:
            relevant = [sp for sp in spans if sp[2] in RELEVANT[rule]]
            gold_relevant[rule] += len(relevant)
            mine = [f for f in findings if f.rule == rule]
            recalled[rule] += sum(1 for s, e, _ in relevant if any(f.start < e and s < f.end for f in mine))
            for f in mine:
                found[rule] += 1
                correct[rule] += overlaps(f.start, f.end, spans)
                correct_relevant[rule] += overlaps(f.start, f.end, relevant)
    return {
        rule: {
            "findings": found[rule],
            "precision_any_edit": round(correct[rule] / found[rule], 3) if found[rule] else None,
            "precision_relevant": round(correct_relevant[rule] / found[rule], 3) if found[rule] else None,
            "recall_relevant": round(recalled[rule] / gold_relevant[rule], 4)
            if gold_relevant[rule]
            else None,
            "gold_relevant": gold_relevant[rule],
        }
        for rule in RULES
    }


def eval_mqm(auditor: Auditor, segments: list[dict], seed: int = 0) -> dict:
    rng = random.Random(seed)
    found: Counter[str] = Counter()
    hit_grammar: Counter[str] = Counter()
    hit_any: Counter[str] = Counter()
    chance = {"n": 0, "grammar": 0, "any": 0}
    examples: dict[str, list[str]] = defaultdict(list)
    words = 0
    for seg in segments:
        article = make_article(seg["text"])
        words += article.word_count
        report = auditor.check_article(article)
        for f in report.findings:
            found[f.rule] += 1
            g = overlaps(f.start, f.end, seg["grammar"])
            hit_grammar[f.rule] += g
            hit_any[f.rule] += overlaps(f.start, f.end, seg["any"])
            if len(examples[f.rule]) < 8:
                examples[f.rule].append(f"{'+' if g else '-'} {f.text}")
        tokens = [t for s in article.sentences for t in s.tokens if t.kind == "word"]
        if len(tokens) >= 3:
            i = rng.randrange(1, len(tokens))
            start, end = tokens[i - 1].start, tokens[i].end
            chance["n"] += 1
            chance["grammar"] += overlaps(start, end, seg["grammar"])
            chance["any"] += overlaps(start, end, seg["any"])
    total = sum(found.values())
    out = {
        rule: {
            "findings": found[rule],
            "precision_grammar": round(hit_grammar[rule] / found[rule], 3) if found[rule] else None,
            "precision_any": round(hit_any[rule] / found[rule], 3) if found[rule] else None,
            "examples": examples[rule],
        }
        for rule in RULES
    }
    out["all"] = {
        "findings": total,
        "per_1000_words": round(1000 * total / max(words, 1), 3),
        "precision_grammar": round(sum(hit_grammar.values()) / total, 3) if total else None,
        "precision_any": round(sum(hit_any.values()) / total, 3) if total else None,
    }
    out["chance"] = {
        "precision_grammar": round(chance["grammar"] / max(chance["n"], 1), 3),
        "precision_any": round(chance["any"] / max(chance["n"], 1), 3),
    }
    out["segments"] = len(segments)
    return out


def mqm_with_grammar(year: str, limit: int | None) -> list[dict]:
    """MQM segments with their ``Fluency/Grammar`` spans as well (mqm_segments keeps fluency and any).
    Identical outputs of several systems count once, with the spans any rater marked on any of them."""
    import csv
    import lzma

    from corpus import MQM_FILES
    from tune_disfluent import marked_spans

    segments = {s["text"]: s for s in mqm_segments(year)}
    for s in segments.values():
        s["grammar"] = []
    path = MQM_FILES[year]
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["category"] != "Fluency/Grammar":
                continue
            text, spans = marked_spans(row["target"])
            if text in segments:
                segments[text]["grammar"].extend(spans)
    out = list(segments.values())
    return out[:limit] if limit else out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--m2", type=Path, default=DEFAULT_M2)
    parser.add_argument("--mqm-limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    auditor = Auditor(select=list(RULES), lm="none")
    report: dict = {}
    start = time.perf_counter()
    if args.m2.exists():
        sentences = read_m2_spans(args.m2)
        half = len(sentences) // 2
        report["falko_tuning_half"] = eval_falko(auditor, sentences[:half])
        report["falko_heldout_half"] = eval_falko(auditor, sentences[half:])
    for year in ("2020", "2021"):
        try:
            report[f"mqm{year}"] = eval_mqm(auditor, mqm_with_grammar(year, args.mqm_limit))
        except FileNotFoundError as exc:
            print(f"skipped MQM {year}: {exc}", file=sys.stderr)
    report["seconds"] = round(time.perf_counter() - start, 1)

    for name in ("falko_tuning_half", "falko_heldout_half"):
        if name not in report:
            continue
        print(f"\n{name}: rule | findings | P(any edit) | P(relevant type) | recall(relevant) of N")
        for rule, r in report[name].items():
            print(
                f"  {rule:<27} {r['findings']:5d}  {r['precision_any_edit']}  {r['precision_relevant']}"
                f"  {r['recall_relevant']} of {r['gold_relevant']}"
            )
    for year in ("2020", "2021"):
        r = report.get(f"mqm{year}")
        if r is None:
            continue
        print(f"\nMQM {year} ({r['segments']} segments): rule | findings | P(Fluency/Grammar) | P(any error)")
        for rule in RULES:
            x = r[rule]
            print(f"  {rule:<27} {x['findings']:5d}  {x['precision_grammar']}  {x['precision_any']}")
            for e in x["examples"][:4]:
                print(f"      {e}")
        print(f"  all: {r['all']}")
        print(f"  chance (random word pair): {r['chance']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
