"""Automatic post-editing benchmark for `mtaudit fix`: does fixing move MT output towards the human
post-edit? On MLQE-PE en-de (Wikipedia; 1,000 dev sentences with post-edits), TER from the MT to the
post-edit (sacrebleu, case-sensitive) before fixing (the baseline: do nothing), after fixing with safe
edits only (the default of `mtaudit fix`) and with unsafe edits too; with the sentences changed, how
many moved closer to the post-edit or further away, and the edits by rule.

The data set is tokenised (a space before every punctuation mark, in the post-edits too), so
`space-before-punctuation` is left out by default: there it flags the data's convention, not an MT error.

    .venv/bin/python scripts/eval_ape.py [--split dev] [--limit N] [--lm ngram|none] [--ignore RULES]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.auditor import Auditor  # noqa: E402
from audit.correct.apply import fix_article  # noqa: E402
from audit.segment import make_article  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ape" / "mlqe-pe-ende"
MODES = ("none", "safe", "unsafe")


def read_split(split: str, limit: int | None) -> tuple[list[str], list[str]]:
    folder = DATA / f"en-de-{split}"
    mt = (folder / f"{split}.mt").read_text(encoding="utf-8").splitlines()
    pe = (folder / f"{split}.pe").read_text(encoding="utf-8").splitlines()
    if len(mt) != len(pe):
        raise SystemExit(f"{folder}: {len(mt)} MT lines but {len(pe)} post-edits")
    return mt[:limit], pe[:limit]


def evaluate(auditor: Auditor, mt: list[str], pe: list[str], mode: str) -> dict:
    from sacrebleu.metrics import TER

    ter = TER(case_sensitive=True)
    started = time.perf_counter()
    hyps, rules, changed, unstable = [], Counter(), [], 0
    for i, sentence in enumerate(mt):
        if mode == "none":
            hyps.append(sentence)
            continue
        result = fix_article(auditor, make_article(sentence, id=str(i)), unsafe=mode == "unsafe")
        hyps.append(result.text)
        rules.update(e.rule for e in result.edits)
        unstable += not result.stable
        if result.changed:
            changed.append(i)
    better = worse = 0
    for i in changed:
        before = ter.sentence_score(mt[i], [pe[i]]).score
        after = ter.sentence_score(hyps[i], [pe[i]]).score
        better += after < before
        worse += after > before
    return {
        "mode": mode,
        "ter": round(ter.corpus_score(hyps, [pe]).score, 3),
        "signature": str(ter.get_signature()),
        "sentences": len(mt),
        "changed": len(changed),
        "closer": better,
        "further": worse,
        "edits": sum(rules.values()),
        "edits_by_rule": dict(rules.most_common()),
        "unstable": unstable,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--lm", default="ngram", help="language model for the rules (as for `mtaudit fix`)")
    parser.add_argument(
        "--ignore",
        default="space-before-punctuation",
        help="rules or categories left out, comma-separated ('' for none; default: the tokenisation rule)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    if not DATA.exists():
        raise SystemExit(f"{DATA} not found: the shared development data is not beside this checkout")
    mt, pe = read_split(args.split, args.limit)
    ignore = [name for name in args.ignore.split(",") if name]
    auditor = Auditor(ignore=ignore, lm=args.lm)
    results = [evaluate(auditor, mt, pe, mode) for mode in MODES]

    print(f"MLQE-PE en-de {args.split}: {len(mt)} sentences; TER(MT -> post-edit), lower is better")
    print(f"{'edits':<8} {'TER':>7} {'changed':>8} {'closer':>7} {'further':>8} {'edits':>6}")
    for r in results:
        print(
            f"{r['mode']:<8} {r['ter']:>7.2f} {r['changed']:>8} {r['closer']:>7} {r['further']:>8} {r['edits']:>6}"
        )
    for r in results[1:]:
        rules = ", ".join(f"{rule} {n}" for rule, n in r["edits_by_rule"].items()) or "none"
        print(f"{r['mode']} edits by rule: {rules}")
    print(f"ignored: {', '.join(ignore) or 'nothing'}; lm: {args.lm}; {results[0]['signature']}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
