"""Span-level precision and recall of the bitext rules (audit/rules/bitext.py) against MQM annotation.

Data: ../shared/data/qe/mqm-newstest2020-ende (tuning) and mqm-newstest2021-ende (held out). Each TSV
row is one error one rater marked in one system's translation of one segment, the span written as
<v>...</v> inside ``target``. Every unique (system, segment) target is audited once, as an article of
its own with the segment's ``source`` as its source text.

Gold, pooled over raters and deduplicated by offsets, per rule:
- source-copied, source-untranslated-sentence: ``Accuracy/Untranslated`` spans (and ``Non-translation``
  rows, the whole segment);
- source-omission: a segment where any rater marked ``Accuracy/Omission`` (with or without a span:
  what is missing is often not in the target to mark); recall over those segments;
- source-bracket-mismatch: likewise, a segment with a ``Fluency/Punctuation`` mark;
- source-number-mismatch: ``Accuracy/Mistranslation``, ``Omission``, ``Addition`` and ``Locale
  convention/*`` spans. Those categories are mostly not about numbers, so recall is given over the gold
  spans whose text holds a digit ("numeric" spans), and precision twice: any overlap with a gold span of
  these categories, and strict (an extra number inside an overlapping gold span that holds that number;
  a missing number in a segment where a rater marked an omission or a span with a digit).
A finding is a hit when it overlaps a gold span of its segment; a gold span is found when a finding of
the rule overlaps it. The human translations (systems ``Human-*`` in 2020, ``ref.*`` in 2021) are left
out of precision and recall: every finding on them counts as a false alarm on clean German, given per
1,000 words.

    .venv/bin/python scripts/eval_bitext.py --year 2021 [--limit N] [--show 10]
"""

from __future__ import annotations

import argparse
import collections
import lzma
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_untranslated import _span  # noqa: E402  (the same <v>...</v> marks)

from audit.auditor import Auditor  # noqa: E402
from audit.segment import make_article  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "qe"
FILES = {
    "2020": DATA / "mqm-newstest2020-ende" / "mqm_newstest2020_ende.tsv.xz",
    "2021": DATA / "mqm-newstest2021-ende" / "mqm-newstest2021_ende.tsv",
}
RULES = (
    "source-copied",
    "source-untranslated-sentence",
    "source-number-mismatch",
    "source-omission",
    "source-bracket-mismatch",
    "source-currency-mismatch",
)
#: rules measured per segment: right when any rater marked the category anywhere in the segment
SEGMENT_GOLD = {"source-omission": "Accuracy/Omission", "source-bracket-mismatch": "Fluency/Punctuation"}
MARK = re.compile(r"</?v>")
UNTRANSLATED = ("Accuracy/Untranslated", "Non-translation")
NUMBERS = (
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Locale convention",
    "Locale_convention",
)
RELEVANT = {"source-copied": UNTRANSLATED, "source-untranslated-sentence": UNTRANSLATED}
RELEVANT["source-number-mismatch"] = NUMBERS
RELEVANT["source-currency-mismatch"] = NUMBERS


@dataclass
class Segment:
    system: str
    seg_id: str
    source: str
    target: str
    #: (start, end, category) of every rater's error spans
    gold: set[tuple[int, int, str]] = field(default_factory=set)
    #: every category any rater marked, with or without a span (an omission often has none)
    categories: set[str] = field(default_factory=set)

    @property
    def human(self) -> bool:
        return self.system.startswith(("Human", "ref"))


def load(path: Path) -> list[Segment]:
    segments: dict[tuple[str, str], Segment] = {}
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in handle:
            row = line.rstrip("\n").replace('""', '"').split("\t")
            if len(row) < len(header) - 1:
                continue
            key = (row[col["system"]], row[col["seg_id"]])
            clean, span = _span(row[col["target"]])
            seg = segments.get(key)
            if seg is None:
                seg = segments[key] = Segment(key[0], key[1], MARK.sub("", row[col["source"]]), clean)
            if clean != seg.target:
                continue
            category = row[col["category"]]
            seg.categories.add(category)
            if category.startswith("Non-translation"):
                seg.gold.add((0, len(clean), category))
            elif span:
                seg.gold.add((*span, category))
    return [s for s in segments.values() if s.target.strip()]


def _relevant(rule: str, category: str) -> bool:
    return category.startswith(RELEVANT[rule])


def _strict_number_hit(seg: Segment, finding, spans) -> bool:
    if "missing" in finding.message:
        return any(
            c.startswith("Accuracy/Omission") or re.search(r"\d", seg.target[s:e])
            for s, e, c in seg.gold
            if _relevant(finding.rule, c)
        )
    return any(finding.text in seg.target[s:e] for s, e, _ in spans)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--year", choices=sorted(FILES), default="2021")
    parser.add_argument(
        "--limit", type=int, default=0, help="audit only the first N (system, segment) targets"
    )
    parser.add_argument("--show", type=int, default=0, help="examples of false hits and misses per rule")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    path = FILES[args.year]
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2
    segments = load(path)
    if args.limit:
        segments = segments[: args.limit]
    auditor = Auditor(lm="none", select=list(RULES), quality=False)
    findings = collections.Counter()
    hits = collections.Counter()
    strict = collections.Counter()
    human_findings = collections.Counter()
    by_translator: collections.Counter = collections.Counter()
    found: dict[str, set] = collections.defaultdict(set)
    false_hits: dict[str, list[str]] = collections.defaultdict(list)
    words = human_words = 0
    started = time.perf_counter()
    for seg in segments:
        report = auditor.check_article(
            make_article(seg.target, id=f"{seg.system}#{seg.seg_id}", source=seg.source)
        )
        n_words = report.article.word_count
        if seg.human:
            human_words += n_words
            for f in report.findings:
                human_findings[f.rule] += 1
                by_translator[seg.system, f.rule] += 1
                false_hits[f.rule + " (human)"].append(_show(seg.target, f) + f"  [{f.message}]")
            continue
        words += n_words
        for f in report.findings:
            findings[f.rule] += 1
            if f.rule in SEGMENT_GOLD:
                if any(c.startswith(SEGMENT_GOLD[f.rule]) for c in seg.categories):
                    hits[f.rule] += 1
                    found[f.rule].add((seg.system, seg.seg_id))
                else:
                    false_hits[f.rule].append(_show(seg.target, f) + f"  [{f.message}]")
                continue
            spans = [(s, e, c) for s, e, c in seg.gold if _relevant(f.rule, c) and s < f.end and f.start < e]
            if spans:
                hits[f.rule] += 1
                found[f.rule].update((seg.system, seg.seg_id, s, e) for s, e, _ in spans)
            else:
                false_hits[f.rule].append(_show(seg.target, f) + f"  [{f.message}]")
            if f.rule == "source-number-mismatch" and _strict_number_hit(seg, f, spans):
                strict[f.rule] += 1
    elapsed = time.perf_counter() - started
    mt = [s for s in segments if not s.human]
    print(
        f"MQM {args.year} en-de: {len(mt)} MT targets ({words} words), {len(segments) - len(mt)} human "
        f"translations ({human_words} words); {elapsed:.0f} s"
    )
    header = f"{'rule':<30} {'findings':>8}  {'precision':<20} {'strict precision':<20} {'recall':<20} human/1k words"
    print(header)
    print("-" * len(header))
    for rule in RULES:
        if rule in SEGMENT_GOLD:
            omitted = {
                (s.system, s.seg_id)
                for s in mt
                if any(c.startswith(SEGMENT_GOLD[rule]) for c in s.categories)
            }
            per_k = 1000 * human_findings[rule] / max(human_words, 1)
            print(
                f"{rule:<30} {findings[rule]:>8}  {pct(hits[rule], findings[rule]):<20} {'-':<20} "
                f"{pct(len(found[rule] & omitted), len(omitted)):<20} {per_k:.3f} ({human_findings[rule]})"
            )
            continue
        gold = {
            (s.system, s.seg_id, a, b)
            for s in mt
            for a, b, c in s.gold
            if _relevant(rule, c) and (rule != "source-number-mismatch" or re.search(r"\d", s.target[a:b]))
        }
        recall = pct(len(found[rule] & gold), len(gold))
        precise = pct(strict[rule], findings[rule]) if rule == "source-number-mismatch" else "-"
        per_k = 1000 * human_findings[rule] / max(human_words, 1)
        print(
            f"{rule:<30} {findings[rule]:>8}  {pct(hits[rule], findings[rule]):<20} {precise:<20} {recall:<20} "
            f"{per_k:.3f} ({human_findings[rule]})"
        )
    print("recall of source-number-mismatch: over the gold spans of its categories that hold a digit")
    if by_translator:
        shown = ", ".join(f"{system} {rule} {n}" for (system, rule), n in sorted(by_translator.items()))
        print(f"findings on the human translations by translator: {shown}")
    if args.show:
        rng = random.Random(args.seed)
        for rule, lines in sorted(false_hits.items()):
            print(f"\nfalse hits of {rule} (sample of {min(args.show, len(lines))} of {len(lines)}):")
            for line in rng.sample(lines, min(args.show, len(lines))):
                print("   ", line.replace("\n", " "))
    return 0


def _show(text: str, f) -> str:
    return f"{text[max(0, f.start - 60) : f.start]}[{f.text}]{text[f.end : f.end + 60]}"


if __name__ == "__main__":
    sys.exit(main())
