"""Throughput of `mtaudit check`: words per second, with start-up (a fresh process, as a user runs it)
and without (a warm Auditor in one process, the lexicon and models loaded), plus peak memory.

    make bench            # or: .venv/bin/python scripts/bench.py --repeat 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.auditor import Auditor  # noqa: E402
from audit.ingest import read_inputs  # noqa: E402


def _unseen_articles(words: int) -> list:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from eval_clean import pseudo_articles

        from audit.segment import make_article

        return [make_article(text, id=name) for name, text in pseudo_articles(words, 12)]
    except (OSError, ImportError):
        return []


def _warm_only(args) -> int:
    unseen = _unseen_articles(args.unseen_words)
    auditor = Auditor(ignore=[r for r in args.ignore.split(",") if r])
    for article in read_inputs([str(ROOT / "seeds")]):
        auditor.check_article(article)  # loads the lexicon, the models and the lazily loaded tables
    start = time.perf_counter()
    for article in unseen:
        auditor.check_article(article)
    words = sum(a.word_count for a in unseen)
    print(json.dumps({"warm_words_per_second": round(words / (time.perf_counter() - start))}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--copies", type=int, default=10, help="audit the seeds this many times in the warm run"
    )
    parser.add_argument("--unseen-words", type=int, default=60_000)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--warm-only", action="store_true", help="only the warm run (JSON on stdout)")
    parser.add_argument("--ignore", default="", help="rule ids to leave out of the warm run")
    args = parser.parse_args()
    if args.warm_only:
        return _warm_only(args)

    articles = [a for a in read_inputs(args.paths) if not isinstance(a, Exception)]
    words = sum(a.word_count for a in articles)
    mtaudit = ROOT / ".venv" / "bin" / "mtaudit"

    cold = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run(
            [str(mtaudit), "check", *args.paths, "--format", "json", "--fail-on", "never"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        cold.append(time.perf_counter() - start)

    start = time.perf_counter()
    auditor = Auditor()
    auditor.check_article(articles[0])  # loads the lexicon and models
    load = time.perf_counter() - start
    for article in articles[1:]:
        auditor.check_article(article)  # and the tables some rules load on first use

    # Warm throughput on text the process has not seen (word-level caches give repeated text a
    # flattering speed): the held-out corpus slice when ../shared is there, else the seeds again.
    unseen = _unseen_articles(args.unseen_words)
    if unseen:
        warm_articles, warm_source = unseen, f"{sum(a.word_count for a in unseen)} unseen held-out words"
    else:
        warm_articles, warm_source = (
            articles * args.copies,
            f"the seeds x {args.copies} (no ../shared/corpus)",
        )
    warm_words = sum(a.word_count for a in warm_articles)
    start = time.perf_counter()
    for article in warm_articles:
        auditor.check_article(article)
    warm = [time.perf_counter() - start]

    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the `mtaudit check` runs

    # The syntax layer alone (tagging every sentence; the rules built on it come on top), and the
    # whole check without the sentence-structure rules, to show what they cost.
    from audit.rules.syntax import SYNTAX_RULE_IDS
    from audit.syntax import analyse

    tokens = sum(len(s.tokens) for a in warm_articles for s in a.sentences)
    start = time.perf_counter()
    for article in warm_articles:
        analyse(article)
    syntax_tokens_per_second = tokens / (time.perf_counter() - start)
    # In a fresh process, so that word-level caches filled above do not flatter it.
    probe = subprocess.run(
        [sys.executable, __file__, "--warm-only", "--ignore", ",".join(SYNTAX_RULE_IDS)]
        + ["--unseen-words", str(args.unseen_words)],
        check=True,
        capture_output=True,
        text=True,
    )
    without_syntax_wps = json.loads(probe.stdout.splitlines()[-1])["warm_words_per_second"]

    result = {
        "articles": len(articles),
        "words": words,
        "cold_seconds_median": round(statistics.median(cold), 3),
        "cold_words_per_second": round(words / statistics.median(cold)),
        "load_seconds": round(load, 3),
        "warm_input": warm_source,
        "warm_words_per_second": round(warm_words / statistics.median(warm)),
        "warm_words_per_second_without_syntax_rules": without_syntax_wps,
        "syntax_tokens_per_second": round(syntax_tokens_per_second),
        "peak_rss_mb": round(peak_mb, 1),
        "signature": auditor.signature,
    }
    print("| measure | value |\n|---|---|")
    print(f"| input | {len(articles)} articles, {words} words |")
    print(
        f"| with start-up (`mtaudit check`, fresh process) | {result['cold_seconds_median']} s, {result['cold_words_per_second']} words/s |"
    )
    print(f"| start-up (load lexicon and models) | {result['load_seconds']} s |")
    print(f"| without start-up (warm Auditor, {warm_source}) | {result['warm_words_per_second']} words/s |")
    print(
        f"| the same without the sentence-structure rules | {result['warm_words_per_second_without_syntax_rules']} words/s |"
    )
    print(f"| syntax layer alone (POS tagging, warm) | {result['syntax_tokens_per_second']} tokens/s |")
    print(f"| peak memory of `mtaudit check` | {result['peak_rss_mb']} MB |")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
