"""False findings on clean human German: the held-out slice of ../shared/corpus (Wikipedia and Bundestag).

Consecutive paragraphs are grouped into pseudo-articles of ``--paragraphs`` lines so that article-level
rules (duplicates, inconsistent spellings) see context. Every finding on this text counts as false,
except boilerplate that really is in the source (reported separately, by category).

    .venv/bin/python scripts/eval_clean.py --words 100000 [--select untranslated,garbled] [--show 20]
    .venv/bin/python scripts/eval_clean.py --skip-words 600000 --words 600000 --select grammar
    .venv/bin/python scripts/eval_clean.py --words 150000 --markdown-wrap 80   # as hard-wrapped Markdown
    .venv/bin/python scripts/eval_clean.py --words 150000 --html-wrap 80       # as hard-wrapped HTML

``--markdown-wrap N`` audits each pseudo-article as a Markdown file (``a.md``) with every paragraph
hard-wrapped at N columns (``textwrap.fill``), as documentation and blog sources are written: the
findings should be those of the unwrapped text (``--markdown-wrap 0``: Markdown, not wrapped).
``--html-wrap N`` does the same as an HTML page (``a.html``), each paragraph a ``<p>`` element.
"""

from __future__ import annotations

import argparse
import collections
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import iter_corpus  # noqa: E402

from audit.auditor import Auditor  # noqa: E402
from audit.segment import make_article  # noqa: E402

CLEAN_FILES = ("wikipedia.txt.xz", "bundestag-wp20.txt.xz", "bundestag-wp19-wp21.txt.xz")


def pseudo_articles(words_wanted: int, paragraphs: int, skip_words: int = 0):
    """Pseudo-articles from each clean file in turn, until ``words_wanted`` words in all, after the
    first ``skip_words`` (in all; each file's share is skipped) of the held-out slice."""
    per_file = words_wanted // len(CLEAN_FILES)
    skip_per_file = skip_words // len(CLEAN_FILES)
    for name in CLEAN_FILES:
        words = skipped = 0
        block: list[str] = []
        for _, line in iter_corpus("heldout", files=(name,)):
            if skipped < skip_per_file:
                skipped += len(line.split())
                continue
            block.append(line)
            words += len(line.split())
            if len(block) == paragraphs:
                yield name, "\n\n".join(block)
                block = []
            if words >= per_file:
                break
        if block:
            yield name, "\n\n".join(block)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--paragraphs", type=int, default=12)
    parser.add_argument(
        "--skip-words", type=int, default=0, help="start this many words into the held-out slice"
    )
    parser.add_argument("--select", default="")
    parser.add_argument("--ignore", default="")
    parser.add_argument("--show", type=int, default=15, help="print this many example findings per rule")
    parser.add_argument(
        "--markdown-wrap",
        type=int,
        default=None,
        help="audit as Markdown, each paragraph hard-wrapped at this many columns (0: not wrapped)",
    )
    parser.add_argument(
        "--html-wrap",
        type=int,
        default=None,
        help="audit as HTML, each paragraph a <p> hard-wrapped at this many columns (0: not wrapped)",
    )
    args = parser.parse_args()

    auditor = Auditor(
        select=[s for s in args.select.split(",") if s], ignore=[s for s in args.ignore.split(",") if s]
    )
    by_rule: collections.Counter[str] = collections.Counter()
    by_category: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    words = 0
    start = time.perf_counter()
    path, wrap = None, 0
    if args.markdown_wrap is not None:
        path, wrap = "a.md", args.markdown_wrap
    elif args.html_wrap is not None:
        path, wrap = "a.html", args.html_wrap
    for i, (name, text) in enumerate(pseudo_articles(args.words, args.paragraphs, args.skip_words)):
        paragraphs = text.split("\n\n")
        if wrap:
            paragraphs = [
                textwrap.fill(p, wrap, break_long_words=False, break_on_hyphens=False) for p in paragraphs
            ]
        if path == "a.html":
            paragraphs = [f"<p>{p}</p>" for p in paragraphs]
            text = "<html><body>\n" + "\n".join(paragraphs) + "\n</body></html>\n"
        elif wrap:
            text = "\n\n".join(paragraphs)
        report = auditor.check_article(make_article(text, id=f"{name}#{i}", path=path))
        words += report.article.word_count
        for f in report.findings:
            by_rule[f.rule] += 1
            by_category[f.category] += 1
            if len(examples[f.rule]) < args.show:
                left = text[max(0, f.start - 40) : f.start].replace("\n", " ")
                right = text[f.end : f.end + 40].replace("\n", " ")
                examples[f.rule].append(f"{left}[{f.text}]{right}")
    elapsed = time.perf_counter() - start
    total = sum(by_rule.values())
    non_boilerplate = total - by_category.get("boilerplate", 0)
    print(f"words: {words}  findings: {total}  per 1,000 words: {1000 * total / max(words, 1):.3f}")
    print(
        f"excluding boilerplate: {non_boilerplate}  per 1,000 words: {1000 * non_boilerplate / max(words, 1):.3f}"
    )
    print(f"time: {elapsed:.1f} s ({words / elapsed:.0f} words/s)")
    print("\nby category:")
    for cat, n in by_category.most_common():
        print(f"  {cat:<16} {n:5d}  {1000 * n / max(words, 1):.3f} per 1,000 words")
    for rule, n in by_rule.most_common():
        print(f"\n{rule} ({n}):")
        for line in examples[rule]:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
