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

Reading the TSV: MQM 2020 writes some targets CSV-style (wrapped in quotes, the quotes inside doubled)
and every source with doubled quotes; both are undone. Its rows of one translation do not always carry
the same text (one rater's rows repeat a marked span, "GeheimnisGeheimnis", „„Wir, or lack a word):
the text most raters carry is the translation. (Before this, the first row's text was taken, with the
wrapping quotes left on: 1,500 of the 2020 targets gained two quotes, and some a repeated span.)

``--quotes`` measures, instead of the rules, the variants tried for a quotation-mark rule (none ships;
the module docstring of audit/rules/bitext.py has the figures): each finding against any MQM span over
the mark, a ``Fluency/Punctuation`` span over it, and a segment with a ``Fluency/Punctuation`` mark,
next to the base rate of every quotation mark of the MT.

    .venv/bin/python scripts/eval_bitext.py --year 2021 [--limit N] [--show 10] [--quotes]
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
from audit.bitext.align import align  # noqa: E402
from audit.rules.typography import _SPACE, DOUBLE_QUOTES, stray_quotes  # noqa: E402
from audit.rules.typography import quote_marks as typography_quote_marks  # noqa: E402
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


def unquote(field: str) -> str:
    """A TSV field as its text: MQM 2020 writes some targets CSV-style, wrapped in quotes with every
    quote inside doubled (``"Er sagte: ""Nein""."``), and every source with its quotes doubled. Undone
    only where every run of quotes inside is of even length (MQM 2021 writes text as it is)."""
    bare = MARK.sub("", field)
    if (
        len(bare) >= 2
        and bare[0] == bare[-1] == '"'
        and '""' in bare[1:-1]
        and all(len(run) % 2 == 0 for run in re.findall('"+', bare[1:-1]))
    ):
        first, last = field.index('"'), field.rindex('"')
        field = field[:first] + field[first + 1 : last] + field[last + 1 :]
        bare = MARK.sub("", field)
    if '""' in bare and all(len(run) % 2 == 0 for run in re.findall('"+', bare)):
        field = field.replace('""', '"')
    return field


def load(path: Path) -> list[Segment]:
    """One Segment per (system, segment). In MQM 2020 the rows of one translation do not always carry
    the same text: one rater's rows may repeat a marked span ("GeheimnisGeheimnis", „„Wir) or lack a
    word. The text most raters carry is the translation (the shortest among equals), its gold from the
    rows that carry it."""
    rows: dict[tuple[str, str], list[tuple[str, tuple[int, int] | None, str, str]]] = collections.defaultdict(
        list
    )
    sources: dict[tuple[str, str], str] = {}
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in handle:
            row = line.rstrip("\n").split("\t")
            if len(row) < len(header) - 1:
                continue
            key = (row[col["system"]], row[col["seg_id"]])
            sources.setdefault(key, MARK.sub("", unquote(row[col["source"]])))
            clean, span = _span(unquote(row[col["target"]]))
            rows[key].append((clean, span, row[col["category"]], row[col["rater"]]))
    segments = []
    for key, marked in rows.items():
        raters: dict[str, set[str]] = collections.defaultdict(set)
        for clean, _, _, rater in marked:
            raters[clean].add(rater)
        text = min(raters, key=lambda t: (-len(raters[t]), len(t)))
        if not text.strip():
            continue
        seg = Segment(key[0], key[1], sources[key], text)
        for clean, span, category, _ in marked:
            if clean != text:
                continue
            seg.categories.add(category)
            if category.startswith("Non-translation"):
                seg.gold.add((0, len(clean), category))
            elif span:
                seg.gold.add((*span, category))
        segments.append(seg)
    return segments


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
    parser.add_argument(
        "--quotes", action="store_true", help="measure the quotation-mark variants instead of the rules"
    )
    args = parser.parse_args()

    path = FILES[args.year]
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2
    segments = load(path)
    if args.limit:
        segments = segments[: args.limit]
    if args.quotes:
        print(f"MQM {args.year} en-de")
        measure_quotes(segments)
        return 0
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


# --- quotation marks: the variants measured for a quote rule (one ships, as typography's stray-quote;
# audit/rules/bitext.py says why the others do not)

#: a single quotation mark, not an apostrophe inside or at the end of a word (Selensky's, Boris')
_SINGLE_QUOTE = re.compile(r"[‚‹›]|(?<![^\W\d_])['‘’](?=[^\W\d_])")
_LETTERS = re.compile(r"[^\W\d_]+")
_BEFORE_OPENING = set(_SPACE + "([{–—-/'’‘‚") | set(DOUBLE_QUOTES)
_AFTER_CLOSING = set(_SPACE + ".,;:!?)]}–—-/…'’‘") | set(DOUBLE_QUOTES)
_STYLES = {("„", "“"), ("»", "«"), ("«", "»"), ('"', '"'), ("“", "”")}


def quote_marks(text: str) -> list[tuple[int, str, str]]:
    """The double quotation marks of ``text`` (as ``stray-quote`` finds them: no inches, no arrows):
    (offset, mark, "open" | "close" | "?"), by form („ opens, ” closes) or, for the marks that do
    either (" “ » «), by the spacing around them."""
    out = []
    for i, ch in typography_quote_marks(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in "„”":
            way = "open" if ch == "„" else "close"
        else:
            opens = before in _BEFORE_OPENING and after not in _SPACE
            closes = after in _AFTER_CLOSING and before not in _SPACE
            way = "open" if opens and not closes else "close" if closes and not opens else "?"
        out.append((i, ch, way))
    return out


def pair_quotes(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """The quotations of ``text`` as (opening, closing) offsets, and the marks without a partner as
    (offset, "open" | "close"). Double quotes do not nest: an opening mark while one is open leaves
    that one unpaired; a mark that does either closes when one is open."""
    pairs: list[tuple[int, int]] = []
    unpaired: list[tuple[int, str]] = []
    open_at: int | None = None
    for i, _, way in quote_marks(text):
        if way == "?":
            way = "close" if open_at is not None else "open"
        if way == "open":
            if open_at is not None:
                unpaired.append((open_at, "open"))
            open_at = i
        elif open_at is not None:
            pairs.append((open_at, i))
            open_at = None
        else:
            unpaired.append((i, "close"))
    if open_at is not None:
        unpaired.append((open_at, "open"))
    return pairs, sorted(unpaired)


def _alignment(seg: Segment):
    """The sentence alignment of the target with its source, as the bitext rules see it."""
    return align(make_article(seg.target), seg.source)


def _any_quote(text: str) -> bool:
    return any(ch in text for ch in DOUBLE_QUOTES) or bool(_SINGLE_QUOTE.search(text))


def _lost(seg: Segment, alignment, words: int) -> list[tuple[int, int]]:
    """A: a quotation of ``words``+ words in a source sentence whose marks pair up, and no quotation
    mark of any style in the sentence aligned with it."""
    out = []
    for pair in alignment.pairs:
        if pair.target is None or pair.other is None:
            continue
        source = seg.source[pair.other[0] : pair.other[1]]
        quotes, unpaired = pair_quotes(source)
        if unpaired or not any(len(_LETTERS.findall(source[a:b])) >= words for a, b in quotes):
            continue
        if not _any_quote(seg.target[pair.target[0] : pair.target[1]]):
            out.append(pair.target)
    return out


def _unpaired_in_sentence(seg: Segment, alignment, unpaired: list[tuple[int, str]]) -> list[int]:
    """B, sentence by sentence: marks unpaired in the paragraph that are unpaired in their aligned
    sentence too, whose source sentence's marks pair up."""
    out = []
    for pair in alignment.pairs:
        if pair.target is None or pair.other is None:
            continue
        start, end = pair.target
        if pair_quotes(seg.source[pair.other[0] : pair.other[1]])[1]:
            continue
        inside = {start + i for i, _ in pair_quotes(seg.target[start:end])[1]}
        out.extend(i for i, _ in unpaired if i in inside)
    return out


def _misplaced(text: str) -> list[int]:
    """M: a mark that opens nothing (an opening form with no word after it to the end of the paragraph:
    `Ende. "`, `Ende„.`) or closes nothing (a closing form with no word before it): the shipped
    ``stray-quote`` rule's test, so that what is measured here is what runs."""
    return stray_quotes(text)


QUOTE_VARIANTS = (
    ("A2", "lost quotation (source quote of 2+ words, none in the aligned sentence)"),
    ("A4", "lost quotation (4+ words)"),
    ("B", "unpaired mark in the paragraph, the source's pair up"),
    ("B-open", "  of which: opening mark never closed"),
    ("B-close", "  of which: closing mark never opened"),
    ("B-doubled", '  of which: next to another mark („„, "")'),
    ("B-sentence", "unpaired in its aligned sentence too, the source sentence's pair up"),
    ("C", "mixed styles in one quotation („...\"), the source's pair up"),
    ("M", "a mark that opens or closes nothing, the source's pair up"),
    ("M-any", "a mark that opens or closes nothing, whatever the source"),
)


def quote_spans(seg: Segment) -> dict[str, list[tuple[int, int]]]:
    """Every variant's findings in ``seg``, as target spans."""
    found: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    found["M-any"] = [(i, i + 1) for i in _misplaced(seg.target)]
    source_pairs, source_unpaired = pair_quotes(seg.source)
    if source_unpaired:
        return found  # a quotation running over paragraphs, or a stray mark of the source: no reference
    text = seg.target
    alignment = None
    if source_pairs:
        alignment = _alignment(seg)
        for words in (2, 4):
            found[f"A{words}"] = _lost(seg, alignment, words)
    pairs, unpaired = pair_quotes(text)
    for i, way in unpaired:
        doubled = text[i + 1 : i + 2] in tuple(DOUBLE_QUOTES) or text[i - 1 : i] in tuple(DOUBLE_QUOTES)
        found["B"].append((i, i + 1))
        found["B-doubled" if doubled else f"B-{way}"].append((i, i + 1))
    if unpaired:
        alignment = alignment or _alignment(seg)
        found["B-sentence"] = [(i, i + 1) for i in _unpaired_in_sentence(seg, alignment, unpaired)]
    found["C"] = [(b, b + 1) for a, b in pairs if (text[a], text[b]) not in _STYLES]
    found["M"] = found["M-any"]
    return found


def measure_quotes(segments: list[Segment]) -> None:
    """Findings, precision (any MQM span over the mark, a Fluency/Punctuation span over it, a segment
    with a Fluency/Punctuation mark) and the rate on the human translations of each variant."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    base = collections.Counter()
    words = human_words = 0
    for seg in segments:
        n_words = make_article(seg.target).word_count
        if seg.human:
            human_words += n_words
        else:
            words += n_words
            for i, _, _ in quote_marks(seg.target):
                over = [c for s, e, c in seg.gold if s <= i < e]
                base["marks"] += 1
                base["any"] += bool(over)
                base["punct"] += any(c.startswith("Fluency/Punctuation") for c in over)
        for variant, spans in quote_spans(seg).items():
            for start, end in spans:
                row = counts[variant]
                if seg.human:
                    row["human"] += 1
                    continue
                over = [c for s, e, c in seg.gold if s < end and start < e]
                row["n"] += 1
                row["any"] += bool(over)
                row["punct"] += any(c.startswith("Fluency/Punctuation") for c in over)
                row["segment"] += any(c.startswith("Fluency/Punctuation") for c in seg.categories)
    print(f"quotation marks: {words} words of MT, {human_words} of human translation")
    print(
        f"every double quotation mark of the MT (the base rate): {base['marks']}, under any MQM span "
        f"{pct(base['any'], base['marks'])}, under a Fluency/Punctuation span {pct(base['punct'], base['marks'])}"
    )
    header = (
        f"{'variant':<11} {'findings':>8}  {'any span':<20} {'punctuation span':<20} "
        f"{'punctuation segment':<20} human/1k words"
    )
    print(header)
    print("-" * len(header))
    for variant, what in QUOTE_VARIANTS:
        row = counts[variant]
        per_k = 1000 * row["human"] / max(human_words, 1)
        print(
            f"{variant:<11} {row['n']:>8}  {pct(row['any'], row['n']):<20} {pct(row['punct'], row['n']):<20} "
            f"{pct(row['segment'], row['n']):<20} {per_k:.3f} ({row['human']})  {what}"
        )


def _show(text: str, f) -> str:
    return f"{text[max(0, f.start - 60) : f.start]}[{f.text}]{text[f.end : f.end + 60]}"


if __name__ == "__main__":
    sys.exit(main())
