"""Span-level precision and recall of the untranslated and mixed-language rules against MQM annotation.

Data: ../shared/data/qe/mqm-newstest2020-ende (tuning) and mqm-newstest2021-ende (held-out report).
Each TSV row is one error one rater marked in one system's translation of one segment, the span
written as <v>...</v> inside ``target``. Gold = the spans of the ``Accuracy/Untranslated`` rows.

Matching:
- every unique (system, segment) target is audited once, as an article of its own;
- gold spans are pooled over the raters of that (system, segment) and deduplicated by offsets;
- a finding is a hit when it overlaps at least one gold span of its (system, segment);
  precision = hits / findings;
- a gold span is found when at least one finding overlaps it; recall = found / gold spans.
MQM "Untranslated" labels are noisy: many mark English organisation names (which the rules leave
alone by design) or words that are not foreign at all. Recall is also given for the gold spans that
hold a lower-case word our lexicon classes as foreign, other than the connectors of title-case names
such as "of" ("literal" spans).

    .venv/bin/python scripts/eval_untranslated.py [--year 2020|2021|ted] [--show 25]
"""

from __future__ import annotations

import argparse
import collections
import lzma
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.auditor import Auditor  # noqa: E402
from audit.lexicon import get_lexicon  # noqa: E402
from audit.rules.mixed_language import TITLE_CONNECTORS  # noqa: E402
from audit.rules.untranslated import STRONG, word_class  # noqa: E402
from audit.segment import make_article  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "qe"
FILES = {
    "2020": DATA / "mqm-newstest2020-ende" / "mqm_newstest2020_ende.tsv.xz",
    "2021": DATA / "mqm-newstest2021-ende" / "mqm-newstest2021_ende.tsv",
    "ted": DATA / "mqm-ted-ende" / "mqm_ted_ende.tsv",  # a second held-out set: TED talks, not news
}
MARK = re.compile(r"</?v>")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _open(path: Path):
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _span(marked: str) -> tuple[str, tuple[int, int] | None]:
    """The target without marks, and the marked span (white space trimmed) in its offsets."""
    clean = MARK.sub("", marked)
    m = re.search(r"<v>(.*?)</v>", marked, re.DOTALL)
    if m is None:
        return clean, None
    start = len(MARK.sub("", marked[: m.start()]))
    end = start + len(m.group(1))
    while start < end and clean[start].isspace():
        start += 1
    while end > start and clean[end - 1].isspace():
        end -= 1
    return clean, (start, end) if start < end else None


def load(path: Path) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], set[tuple[int, int]]]]:
    targets: dict[tuple[str, str], str] = {}
    gold: dict[tuple[str, str], set[tuple[int, int]]] = collections.defaultdict(set)
    with _open(path) as handle:
        header = handle.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in handle:
            row = line.rstrip("\n").split("\t")
            if len(row) < len(header) - 1:
                continue
            key = (row[col["system"]], row[col["seg_id"]])
            clean, span = _span(row[col["target"]])
            targets.setdefault(key, clean)
            if span and row[col["category"]].startswith("Accuracy/Untranslated") and targets[key] == clean:
                gold[key].add(span)
    return targets, gold


def literal(text: str, span: tuple[int, int]) -> bool:
    """The gold span holds a lower-case word that our lexicon classes as foreign and that is not a
    connector of a title-case name ("of" in "University of Tokyo" does not count)."""
    lexicon = get_lexicon()
    return any(
        w.islower() and w not in TITLE_CONNECTORS and word_class(lexicon, w) == STRONG
        for w in WORD.findall(text[span[0] : span[1]])
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--year", choices=sorted(FILES), default="2020")
    parser.add_argument("--select", default="untranslated,mixed-language")
    parser.add_argument("--show", type=int, default=20, help="examples of false hits and misses to print")
    args = parser.parse_args()

    path = FILES[args.year]
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2
    targets, gold = load(path)
    auditor = Auditor(select=args.select.split(","))
    findings = 0
    hits = 0
    by_rule: collections.Counter[str] = collections.Counter()
    hits_by_rule: collections.Counter[str] = collections.Counter()
    found: set[tuple[tuple[str, str], tuple[int, int]]] = set()
    false_hits: list[str] = []
    words = 0
    human_words = human_findings = 0
    start = time.perf_counter()
    for key, text in targets.items():
        report = auditor.check_article(make_article(text, id=f"{key[0]}#{key[1]}"))
        words += report.article.word_count
        human = key[0].startswith(("Human", "ref"))  # professional reference translations
        if human:
            human_words += report.article.word_count
            human_findings += len(report.findings)
        spans = gold.get(key, set())
        for f in report.findings:
            findings += 1
            by_rule[f.rule] += 1
            overlapping = [s for s in spans if s[0] < f.end and f.start < s[1]]
            if overlapping:
                hits += 1
                hits_by_rule[f.rule] += 1
                found.update((key, s) for s in overlapping)
            else:
                false_hits.append(
                    f"{f.rule}: {text[max(0, f.start - 50) : f.start]}[{f.text}]{text[f.end : f.end + 50]}"
                )
    elapsed = time.perf_counter() - start
    all_gold = [(key, s) for key, spans in gold.items() for s in spans]
    literal_gold = [(key, s) for key, s in all_gold if literal(targets[key], s)]
    misses = [(key, s) for key, s in literal_gold if (key, s) not in found]

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"

    print(
        f"MQM {args.year} en-de: {len(targets)} unique (system, segment) targets, {words} words, "
        f"{len(all_gold)} gold Untranslated spans ({len(literal_gold)} literal)"
    )
    print(f"rules: {args.select}   time: {elapsed:.1f} s")
    print(f"precision: {pct(hits, findings)}")
    print(f"recall (all gold spans): {pct(sum(1 for g in all_gold if g in found), len(all_gold))}")
    print(
        f"recall (literal gold spans): {pct(sum(1 for g in literal_gold if g in found), len(literal_gold))}"
    )
    print(f"findings per 1,000 words: {1000 * findings / max(words, 1):.3f}")
    print(
        f"on the human reference translations: {human_findings} findings in {human_words} words "
        f"({1000 * human_findings / max(human_words, 1):.3f} per 1,000 words)"
    )
    for rule, n in by_rule.most_common():
        print(f"  {rule:<20} findings {n:5d}  precision {pct(hits_by_rule[rule], n)}")
    rng = random.Random(0)
    print(f"\nfalse hits (sample of {min(args.show, len(false_hits))} of {len(false_hits)}):")
    for line in rng.sample(false_hits, min(args.show, len(false_hits))):
        print("   ", line.replace("\n", " "))
    print(f"\nmissed literal gold spans (sample of {min(args.show, len(misses))} of {len(misses)}):")
    for key, (s, e) in rng.sample(misses, min(args.show, len(misses))):
        text = targets[key]
        print("   ", f"{text[max(0, s - 50) : s]}[{text[s:e]}]{text[e : e + 50]}".replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
