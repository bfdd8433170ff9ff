"""Tune and evaluate the LM-guided local edits (audit/correct/gec.py) on Falko-MERLIN (learner German).

../shared/data/gec/falko-merlin/fm-dev.m2: 2,503 tokenized sentences with gold edits (M2 format). The
first half tunes ``ACCEPT_MARGIN`` (the nats of sentence log-probability an edit must gain) for F0.5;
the second half is held out and reported. An edit is a token span and its replacement; a proposed edit
counts as correct when a gold edit of annotator 0 has exactly the same span and tokens (the M2
scorer's criterion, without its search over equivalent alignments, so the figures are slightly
conservative). Learner errors are not MT errors, but the edits (article, adjective and noun forms,
word order, missing and superfluous function words) are the same kind. Each kind's margin is tuned in
turn (coordinate ascent); a kind whose best margin is the largest of the grid never paid off on the
tuning half and is shipped switched off (inf). An insertion lengthens the sentence, so its margin (a
bias on the difference of total log-probabilities) may be negative.

    .venv/bin/python scripts/eval_gec.py                 # tune on the first half, report the second
    .venv/bin/python scripts/eval_gec.py --local-edits   # with deletions, insertions and swaps
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.correct.gec import MARGINS, choose_edits, token_edits  # noqa: E402
from audit.lexicon import get_lexicon  # noqa: E402
from audit.lm import load_model  # noqa: E402

DEFAULT_M2 = ROOT.parent / "shared" / "data" / "gec" / "falko-merlin" / "fm-dev.m2"
GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0, 10.0, 99.0)
# An inserted word costs its own log-probability (several nats): its bias may be negative.
KIND_GRID = {"insert": (-8.0, -6.0, -5.0, -4.0, -3.0, -2.0, -1.0, *GRID)}
LOCAL_KINDS = ("delete", "swap", "insert")
OFF = 99.0  # the grid's "never": a kind tuned to it is shipped as inf


# Gold edit types of the kind the generator makes (article, adjective and noun forms, word order).
COVERED_TYPES = ("R:DET:FORM", "R:ADJ:FORM", "R:NOUN:FORM", "R:WO")


def read_m2(path: Path) -> list[tuple[list[str], set[tuple[int, int, tuple[str, ...]]], int]]:
    """(tokens, gold edits of annotator 0, how many of them are of a covered type) per sentence."""
    out = []
    tokens: list[str] | None = None
    gold: set[tuple[int, int, tuple[str, ...]]] = set()
    covered = 0
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("S "):
            tokens, gold, covered = line[2:].split(" "), set(), 0
        elif line.startswith("A ") and tokens is not None:
            span, kind, correction, *_, annotator = line[2:].split("|||")
            if kind == "noop" or annotator.strip() != "0":
                continue
            i, j = (int(x) for x in span.split())
            gold.add((i, j, tuple(correction.split())))
            covered += kind in COVERED_TYPES
        elif not line.strip() and tokens is not None:
            out.append((tokens, gold, covered))
            tokens = None
    return out


def prf(tp: int, proposed: int, gold: int) -> tuple[float, float, float]:
    p = tp / proposed if proposed else 0.0
    r = tp / gold if gold else 0.0
    f = (1.25 * p * r / (0.25 * p + r)) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--m2", type=Path, default=DEFAULT_M2)
    parser.add_argument("--lm", default="ngram")
    parser.add_argument("--local-edits", action="store_true", help="also deletions, insertions and swaps")
    args = parser.parse_args(argv)
    if not args.m2.exists():
        print(f"error: {args.m2} not found", file=sys.stderr)
        return 2
    lm = load_model(args.lm)
    lexicon = get_lexicon()
    data = read_m2(args.m2)
    half = len(data) // 2
    t0 = time.perf_counter()
    scored = []  # per sentence: (words, gold, base score, [(edit, score)])
    n_variants = 0
    for words, gold, covered in data:
        edits = token_edits(lexicon, words, args.local_edits, all_kinds=True)
        batch = [words] + [e.apply(words) for e in edits]
        totals = [s.total for s in lm.score_batch(batch)]
        n_variants += len(edits)
        scored.append((words, gold, totals[0], list(zip(edits, totals[1:], strict=True)), covered))
    elapsed = time.perf_counter() - t0

    def evaluate(part, margins: dict[str, float]):
        tp = proposed = n_gold = 0
        kinds: Counter = Counter()
        kinds_tp: Counter = Counter()
        for _words, gold, base, edits, _ in part:
            chosen = choose_edits(edits, base, margins)
            proposed += len(chosen)
            n_gold += len(gold)
            for e in chosen:
                hit = (e.i, e.j, e.tokens) in gold
                tp += hit
                kinds[e.kind] += 1
                kinds_tp[e.kind] += hit
        return tp, proposed, n_gold, kinds, kinds_tp

    def f05(part, margins) -> float:
        tp, proposed, n_gold, _, _ = evaluate(part, margins)
        return prf(tp, proposed, n_gold)[2]

    tune, test = scored[:half], scored[half:]
    print(
        f"{len(data)} sentences, {n_variants} candidate edits scored in {elapsed:.1f} s; "
        f"tune {half}, test {len(test)}"
    )
    kinds = [k for k in MARGINS if args.local_edits or k not in LOCAL_KINDS]
    # one margin for the substitutions first (local kinds start switched off), then each kind's margin
    # in turn (coordinate ascent, two rounds)
    common = max(GRID, key=lambda m: f05(tune, {k: OFF if k in LOCAL_KINDS else m for k in MARGINS}))
    margins = {k: OFF if k in LOCAL_KINDS else common for k in MARGINS}
    for _ in range(2):
        for kind in kinds:
            grid = KIND_GRID.get(kind, GRID)
            margins[kind] = max(grid, key=lambda m, k=kind: f05(tune, {**margins, k: m}))
    print("tuned margins:", {k: margins[k] for k in kinds}, f"(tune F0.5 {f05(tune, margins):.3f})")
    for kind in kinds:
        if kind in LOCAL_KINDS:
            off = f05(tune, {**margins, kind: OFF})
            verdict = "pays off" if f05(tune, margins) > off else "never pays off: ship inf"
            print(f"  tune F0.5 without {kind}: {off:.3f} ({verdict})")
    for label, setting in (("tuned", margins), ("shipped", MARGINS)):
        tp, proposed, n_gold, by_kind, by_kind_tp = evaluate(test, setting)
        p, r, f = prf(tp, proposed, n_gold)
        print(
            f"held-out half, {label} margins: precision {p:.1%} ({tp}/{proposed}), recall {r:.1%} "
            f"({tp}/{n_gold} gold edits), F0.5 {f:.3f}"
        )
        covered = sum(c for *_, c in test)
        print(
            f"  recall on the covered gold types ({', '.join(COVERED_TYPES)}): {tp / covered:.1%} ({tp}/{covered})"
        )
        for kind in sorted(by_kind):
            print(f"  {kind:11} {by_kind_tp[kind]}/{by_kind[kind]} correct")
    # each kind alone at its tuned margin (all others off), on the held-out half
    print("held-out half, each kind alone at its tuned margin:")
    for kind in kinds:
        tp, proposed, n_gold, _, _ = evaluate(test, {k: margins[k] if k == kind else OFF for k in MARGINS})
        p, r, f = prf(tp, proposed, n_gold)
        print(
            f"  {kind:11} margin {margins[kind]:5.1f}: P {p:.1%} ({tp}/{proposed}), R {r:.1%}, F0.5 {f:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
