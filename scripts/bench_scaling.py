"""How time and memory of `mtaudit check` and `mtaudit fix` grow with the input: one article of
growing size, and JSONL feeds of growing record counts, each run in a fresh process (start-up
included) with its peak resident memory. Linear growth shows as a steady words/s; memory of the
streaming formats (`--format jsonl`) should not grow with the feed.

    make bench-scaling                                   # 0.1, 1 and 4 MB; 1k, 10k records
    .venv/bin/python scripts/bench_scaling.py --article-mb 0.1,1,4,16 --records 10000,100000
    .venv/bin/python scripts/bench_scaling.py --article-mb "" --commands check --record-text sentence \
        --records 10000,100000,1000000                   # feeds of MT-segment-sized records

`check` runs with `--jobs 2` (`--jobs N` to change); memory is the peak PSS of the process tree (the
workers share the pages their parent loaded before forking) and the largest single RSS.

Text: paragraphs of the held-out corpus slice (../shared/corpus), reused in turn when a size needs
more than there is; without ../shared, the seed articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import timed  # noqa: E402 (one way to time a command and its workers)


def paragraphs():
    """An endless supply of German paragraphs."""
    try:
        from corpus import iter_corpus
        from eval_clean import CLEAN_FILES

        pool = [line for _, line in iter_corpus("heldout", files=CLEAN_FILES) if len(line.split()) >= 8]
    except (OSError, ImportError):
        pool = []
    if not pool:
        pool = [p for f in sorted((ROOT / "seeds").glob("*.txt")) for p in f.read_text("utf-8").split("\n\n")]
        pool = [p.strip() for p in pool if p.strip()]
    return itertools.cycle(pool)


def write_article(path: Path, size: int, source) -> int:
    words = written = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < size:
            paragraph = next(source) + "\n\n"
            handle.write(paragraph)
            written += len(paragraph.encode("utf-8"))
            words += len(paragraph.split())
    return words


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")


def sentences(source):
    """Sentences (of 5 words or more) of the paragraphs of ``source``: records as short as MT segments."""
    for paragraph in source:
        for sentence in _SENTENCE_END.split(paragraph):
            if len(sentence.split()) >= 5:
                yield sentence


def write_feed(path: Path, records: int, source) -> int:
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(records):
            text = next(source)
            words += len(text.split())
            handle.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
    return words


def by_quarter(trace: list[tuple[float, float, float]], seconds: float) -> list[int]:
    """The peak PSS of each quarter of a run: flat from the second quarter on when memory does not grow
    with the input (the first holds the loading)."""
    peaks = [0.0] * 4
    for at, pss, _ in trace:
        quarter = min(3, int(4 * at / seconds)) if seconds > 0 else 3
        peaks[quarter] = max(peaks[quarter], pss)
    return [round(p) for p in peaks]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article-mb", default="0.1,1,4", help="sizes of the one-article inputs, in MB")
    parser.add_argument("--records", default="1000,10000", help="record counts of the JSONL feeds")
    parser.add_argument("--commands", default="check,fix")
    parser.add_argument("--lm", default="ngram")
    parser.add_argument("--jobs", type=int, default=2, help="check --jobs (fix runs in one process)")
    parser.add_argument(
        "--record-text",
        choices=("paragraph", "sentence"),
        default="paragraph",
        help="what one JSONL record holds: a paragraph (about 45 words) or a sentence (about 18)",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        help="run the mtaudit of this source tree (an older checkout, to compare on the same inputs)",
    )
    args = parser.parse_args()
    sizes = [float(x) for x in args.article_mb.split(",") if x]
    counts = [int(x) for x in args.records.split(",") if x]
    commands = [c for c in args.commands.split(",") if c]
    source = paragraphs()
    rows = []
    with tempfile.TemporaryDirectory(prefix="mtaudit-scaling-") as tmp:
        inputs = []
        for mb in sizes:
            path = Path(tmp, f"article-{mb:g}MB.txt")
            inputs.append((f"one article, {mb:g} MB", path, write_article(path, int(mb * 1_000_000), source)))
        records = sentences(source) if args.record_text == "sentence" else source
        for n in counts:
            path = Path(tmp, f"feed-{n}.jsonl")
            label = f"JSONL, {n:,} records" + (" (sentences)" if args.record_text == "sentence" else "")
            inputs.append((label, path, write_feed(path, n, records)))
        for label, path, words in inputs:
            for command in commands:
                out = Path(tmp, "out.jsonl")
                argv = [sys.executable, "-m", "audit", command, str(path), "--lm", args.lm]
                argv += ["--format", "jsonl", "-o", str(out)]
                if command == "check":
                    argv += ["--fail-on", "never", "--jobs", str(args.jobs)]
                # sampled every 0.2 s: runs here take minutes
                trace: list[tuple[float, float, float]] = []
                seconds, pss, rss, cpu = timed(argv, cwd=str(args.tree.resolve()), interval=0.2, trace=trace)
                row = {
                    "input": label,
                    "command": command,
                    "megabytes": round(path.stat().st_size / 1e6, 2),
                    "words": words,
                    "seconds": round(seconds, 1),
                    "cpu_seconds": round(cpu, 1),
                    "words_per_second": round(words / seconds),
                    "peak_pss_mb": round(pss),
                    "peak_rss_mb": round(rss),
                    "pss_by_quarter_mb": by_quarter(trace, seconds),
                }
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    print(
        "| input | command | MB | words | seconds | words/s | peak PSS, all processes (MB) | largest RSS (MB) "
        "| peak PSS in each quarter of the run (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['input']} | {r['command']} | {r['megabytes']} | {r['words']:,} | {r['seconds']} "
            f"| {r['words_per_second']:,} | {r['peak_pss_mb']} | {r['peak_rss_mb']} "
            f"| {' / '.join(f'{q:,}' for q in r['pss_by_quarter_mb'])} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
