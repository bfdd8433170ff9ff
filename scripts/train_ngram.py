#!/usr/bin/env python3
"""Train the German n-gram fluency LM (KenLM) on the *train* split of the corpus.

Pipeline: corpus train split (scripts/corpus.py) -> register weighting -> sentence split ->
regex tokenizer (audit.lm.text) -> audit.lm.lm_tokens -> training text -> lmplz -> build_binary
(trie, 8-bit quantised) -> models/ngram/de-<order>gram.binary + metadata.json.

Needs lmplz/build_binary from scripts/build_kenlm.sh (default /tmp/kenlm-build/bin, or $KENLM_BIN).

    python scripts/train_ngram.py                 # full build (defaults below)
    python scripts/train_ngram.py --reuse-text    # skip text preparation when the text exists
    python scripts/train_ngram.py --reverse --out-dir build/ngram-rtl   # the right-to-left model of
                                                  # the experiment in scripts/qe_extra_features.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import corpus  # noqa: E402
from corpus import KEEP_EVERY, LICENCES  # noqa: E402

from audit.lm import LM_TOKENS_VERSION, lm_tokens  # noqa: E402
from audit.lm.text import split_sentences, tokenize  # noqa: E402


def prepare_paragraph(paragraph: str, reverse: bool = False) -> str:
    """One paragraph -> training lines (one sentence per line, LM tokens joined by spaces; with
    ``reverse`` each sentence's tokens last to first, for the right-to-left model)."""
    out = []
    for sent in split_sentences(paragraph):
        toks = lm_tokens(tokenize(sent))
        if toks:
            out.append(" ".join(reversed(toks) if reverse else toks))
    return "\n".join(out)


def _train_paragraphs(reverse: bool = False):
    counters: dict[str, int] = {}
    for name, para in corpus.iter_corpus("train"):
        i = counters.get(name, 0)
        counters[name] = i + 1
        if i % KEEP_EVERY.get(name, 1) == 0:
            yield name, para, reverse


def _work(item: tuple[str, str, bool]) -> tuple[str, str]:
    return item[0], prepare_paragraph(item[1], item[2])


def write_training_text(path: Path, workers: int, reverse: bool = False) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = {}
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out, mp.Pool(workers) as pool:
        for name, text in pool.imap(_work, _train_paragraphs(reverse), chunksize=512):
            st = stats.setdefault(name, {"paragraphs": 0, "sentences": 0, "tokens": 0})
            st["paragraphs"] += 1
            if text:
                out.write(text)
                out.write("\n")
                st["sentences"] += text.count("\n") + 1
                st["tokens"] += text.count(" ") + text.count("\n") + 1
    tmp.replace(path)
    return stats


def run(cmd: list[str], **kw) -> None:
    print("+", shlex.join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--order", type=int, default=4)
    ap.add_argument("--prune", default="0 1 1 2", help="lmplz --prune thresholds (one per order)")
    ap.add_argument("--memory", default="40%", help="lmplz -S")
    ap.add_argument("--quant", type=int, default=8, help="build_binary -q/-b bits")
    ap.add_argument(
        "--array-bits", type=int, default=22, help="build_binary -a (pointer compression; 0 = off)"
    )
    ap.add_argument("--kenlm-bin", default=os.environ.get("KENLM_BIN", "/tmp/kenlm-build/bin"))
    ap.add_argument("--work", default=str(ROOT / "build" / "ngram"), help="scratch dir (text, arpa)")
    ap.add_argument(
        "--out-dir", help="default models/ngram (build/ngram-rtl with --reverse: it does not ship)"
    )
    ap.add_argument(
        "--reverse",
        action="store_true",
        help="the right-to-left model: every sentence's tokens reversed (de-<order>gram-rtl.binary)",
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--reuse-text", action="store_true")
    ap.add_argument("--keep-arpa", action="store_true")
    ap.add_argument("--heldout-paragraphs", type=int, default=5000)
    args = ap.parse_args()

    t0 = time.time()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    suffix = "-rtl" if args.reverse else ""
    out_dir = Path(
        args.out_dir or (ROOT / "build" / "ngram-rtl" if args.reverse else ROOT / "models" / "ngram")
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    text = work / f"train{suffix}.txt"
    stats_path = work / f"train{suffix}-stats.json"
    if args.reuse_text and text.is_file() and stats_path.is_file():
        stats = json.loads(stats_path.read_text())
        print(f"reusing {text}")
    else:
        print(f"writing training text to {text} ...", flush=True)
        stats = write_training_text(text, args.workers, args.reverse)
        stats_path.write_text(json.dumps(stats, indent=2))
    t_text = time.time()
    print(json.dumps(stats, indent=2), f"\ntext: {t_text - t0:.0f}s", flush=True)

    lmplz = str(Path(args.kenlm_bin) / "lmplz")
    build_binary = str(Path(args.kenlm_bin) / "build_binary")
    arpa = work / f"de-{args.order}gram{suffix}.arpa"
    binary = out_dir / f"de-{args.order}gram{suffix}.binary"
    prune = args.prune.split()
    lmplz_cmd = [
        lmplz,
        "-o",
        str(args.order),
        "-S",
        args.memory,
        "-T",
        str(work),
        "--prune",
        *prune,
        "--discount_fallback",
        "--text",
        str(text),
        "--arpa",
        str(arpa),
    ]
    run(lmplz_cmd)
    t_lmplz = time.time()
    bin_cmd = [
        build_binary,
        "-q",
        str(args.quant),
        "-b",
        str(args.quant),
        *(["-a", str(args.array_bits)] if args.array_bits else []),
        "-T",
        str(work / "bb.tmp"),
        "trie",
        str(arpa),
        str(binary),
    ]
    run(bin_cmd)
    t_bin = time.time()

    counts = {}
    with open(arpa, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("ngram "):
                k, v = line[6:].strip().split("=")
                counts[f"{k}-grams"] = int(v)
            elif line.startswith("\\1-grams"):
                break
    if not args.keep_arpa:
        arpa.unlink()

    size = binary.stat().st_size
    digest = sha256(binary)
    rel = lambda p: os.path.relpath(p, ROOT)  # noqa: E731
    meta = {
        "model_file": {"name": binary.name, "size_bytes": size, "sha256": digest},
        "format": "KenLM binary, trie, probabilities and backoffs quantised to "
        f"{args.quant} bits, pointer compression -a {args.array_bits} "
        f"(build_binary -q {args.quant} -b {args.quant} -a {args.array_bits} trie)",
        "order": args.order,
        "direction": "right-to-left (each sentence's tokens reversed)" if args.reverse else "left-to-right",
        "smoothing": "modified Kneser-Ney (lmplz), interpolated",
        "pruning": {
            "lmplz --prune": prune,
            "meaning": "n-grams of order k with adjusted count <= threshold[k-1] are dropped",
        },
        "log_base_in_file": 10,
        "interface_log_base": "e (audit.lm converts)",
        "token_normalisation": f"audit.lm.lm_tokens (version {LM_TOKENS_VERSION}): NFC, quotes/dashes unified, "
        "digits -> 0, case kept; tokenizer audit.lm.text.tokenize; sentences via "
        "audit.lm.text.split_sentences; <s>/</s> added by KenLM",
        "corpus": {
            "dir": "../shared/corpus (see its README.md)",
            "split": f"train split of scripts/corpus.py: first {1 - corpus.HELDOUT_FRACTION:.0%} of each file's "
            f"lines (last {corpus.HELDOUT_FRACTION:.0%} held out, never trained on)",
            "files": {
                name: {
                    "keep_every": KEEP_EVERY.get(name, 1),
                    "licence": LICENCES.get(name, "?"),
                    **stats.get(name, {}),
                }
                for name in corpus.FILES
            },
            "total_tokens": sum(s["tokens"] for s in stats.values()),
            "total_sentences": sum(s["sentences"] for s in stats.values()),
        },
        "ngram_counts": counts,
        "licence": "Model trained partly on CC BY-SA text (German Wikipedia, Klexikon); treat the model file as "
        "CC BY-SA 4.0 (attribution: Wikipedia and Klexikon authors). Other parts are official works "
        "(§5 UrhG). KenLM itself is LGPL-2.1 (not distributed with the model).",
        "toolkit": "KenLM 0.3.0 (PyPI sdist kenlm-0.3.0.tar.gz, built by scripts/build_kenlm.sh)",
        "build_commands": [
            f"python {rel(Path(__file__))} " + shlex.join(sys.argv[1:]),
            shlex.join([Path(lmplz_cmd[0]).name, *lmplz_cmd[1:]]).replace(str(ROOT) + "/", ""),
            shlex.join([Path(bin_cmd[0]).name, *bin_cmd[1:]]).replace(str(ROOT) + "/", ""),
        ],
        "build_seconds": {
            "text": round(t_text - t0),
            "lmplz": round(t_lmplz - t_text),
            "build_binary": round(t_bin - t_lmplz),
        },
        "training_text_reused": bool(args.reuse_text and t_text - t0 < 5),
        "built_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    meta_path = out_dir / "metadata.json"
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"model {binary} {size / 1e6:.1f} MB sha256={digest}")

    if args.heldout_paragraphs > 0 and not args.reverse:  # eval_lm scores left to right
        import eval_lm  # noqa: PLC0415

        from audit.lm import load_model  # noqa: PLC0415

        model = load_model(str(binary))
        ppl = eval_lm.heldout_perplexity(model, args.heldout_paragraphs)
        meta["heldout_perplexity"] = ppl
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(ppl, indent=2))
    print(f"total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
