#!/usr/bin/env python3
"""Prepare training data for the German transformer fluency LM (scripts/train_transformer.py).

Pipeline (same text form as the n-gram model, so the LM sees exactly what callers pass):

    corpus train split (scripts/corpus.py; the held-out tail of every file is never trained on)
      -> register weighting (federal laws downsampled, KEEP_EVERY)
      -> sentence split + regex tokenizer (audit.lm.text) -> audit.lm.lm_tokens -> " ".join
      -> cleaning (length, letter ratio) and exact sentence dedup (global, 64-bit hashes)
      -> byte-level BPE tokenizer trained on the cleaned train text (`tokenizers`)
      -> packed token stream: <|endoftext|> s1 <|endoftext|> s2 <|endoftext|> ...  (uint16 .bin)

Outputs in --out-dir (default build/lm):

    train.txt, heldout.txt       one cleaned sentence per line (LM tokens joined by spaces)
    tokenizer/                   tokenizer.json + tokenizer_config.json (loads with AutoTokenizer)
    train.bin, heldout.bin       uint16 token ids (numpy memmap), packed stream, EOS between sentences
    meta.json                    counts, settings, licences

The trainer cuts fixed windows of --block-size tokens out of the packed stream.

    python scripts/prepare_lm_data.py                              # full corpus (16 cores: a few minutes)
    python scripts/prepare_lm_data.py --subsample 6 --vocab-size 8000   # the CPU model's data (1/6 of the text)
    python scripts/prepare_lm_data.py --out-dir build/lm-full --pack build/lm-carry --pack-max-mb 56
        # text phase only, then an xz copy of train.txt that fits the device tool's 64 MiB tree limit
    python scripts/prepare_lm_data.py --from-text build/lm-carry --out-dir build/lm   # on the GPU machine
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import multiprocessing as mp
import os
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

EOS = "<|endoftext|>"
PAD = "<|pad|>"

MIN_TOKENS = 3
MAX_TOKENS = 200
MIN_LETTER_RATIO = 0.5


def clean_sentence(toks: list[str]) -> bool:
    """Keep sentences of MIN_TOKENS..MAX_TOKENS tokens whose characters are mostly letters."""
    if not MIN_TOKENS <= len(toks) <= MAX_TOKENS:
        return False
    chars = "".join(toks)
    letters = sum(c.isalpha() for c in chars)
    return letters >= MIN_LETTER_RATIO * len(chars)


def prepare_paragraph(paragraph: str) -> list[str]:
    """One paragraph -> cleaned sentences (LM tokens joined by single spaces)."""
    out = []
    for sent in split_sentences(paragraph):
        toks = lm_tokens(tokenize(sent))
        if clean_sentence(toks):
            out.append(" ".join(toks))
    return out


def _work(item: tuple[str, str]) -> tuple[str, list[str]]:
    return item[0], prepare_paragraph(item[1])


def _selected(split: str, keep_every: dict[str, int], max_paragraphs: int | None, subsample: int = 1):
    counters: dict[str, int] = {}
    kept: dict[str, int] = {}
    for name, para in corpus.iter_corpus(split):
        i = counters.get(name, 0)
        counters[name] = i + 1
        if i % (keep_every.get(name, 1) * subsample):
            continue
        if max_paragraphs is not None and kept.get(name, 0) >= max_paragraphs:
            continue
        kept[name] = kept.get(name, 0) + 1
        yield name, para


def _h64(s: str) -> bytes:
    return hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest()


def write_text(path: Path, items, workers: int, dedup: bool) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = {}
    seen: set[bytes] = set()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out, mp.Pool(workers) as pool:
        for name, sents in pool.imap(_work, items, chunksize=256):
            st = stats.setdefault(
                name, {"paragraphs": 0, "sentences": 0, "duplicates_dropped": 0, "words": 0}
            )
            st["paragraphs"] += 1
            for s in sents:
                if dedup:
                    h = _h64(s)
                    if h in seen:
                        st["duplicates_dropped"] += 1
                        continue
                    seen.add(h)
                out.write(s)
                out.write("\n")
                st["sentences"] += 1
                st["words"] += s.count(" ") + 1
    tmp.replace(path)
    return stats


def heldout_items(per_file: int):
    """Evenly spaced held-out paragraphs, the same number from each file (like scripts/eval_lm.py)."""
    by_file: dict[str, list[str]] = {}
    for name, para in corpus.iter_corpus("heldout"):
        by_file.setdefault(name, []).append(para)
    for name, paras in by_file.items():
        step = max(1, len(paras) // per_file)
        for para in paras[::step][:per_file]:
            yield name, para


def pack_text(src: Path, dest: Path, max_mb: float) -> None:
    """Write an xz copy of src/train.txt no larger than about max_mb (evenly spaced lines kept)."""
    import lzma  # noqa: PLC0415
    import shutil  # noqa: PLC0415

    dest.mkdir(parents=True, exist_ok=True)
    train = src / "train.txt"
    total = train.stat().st_size
    with open(train, "rb") as handle:
        sample = handle.read(8 << 20)
    ratio = len(lzma.compress(sample, preset=6)) / max(1, len(sample))
    frac = min(1.0, 0.95 * max_mb * 1e6 / (ratio * total))
    kept = lines = 0
    with (
        open(train, encoding="utf-8") as fin,
        lzma.open(dest / "train.txt.xz", "wt", encoding="utf-8", preset=6) as fout,
    ):
        for i, line in enumerate(fin):
            lines += 1
            if math.floor((i + 1) * frac) > math.floor(i * frac):
                fout.write(line)
                kept += 1
    shutil.copy2(src / "heldout.txt", dest / "heldout.txt")
    stats = json.loads((src / "text-stats.json").read_text())
    stats["pack"] = {
        "lines": lines,
        "kept": kept,
        "fraction": round(frac, 4),
        "xz_ratio_estimate": round(ratio, 3),
    }
    (dest / "text-stats.json").write_text(json.dumps(stats, indent=2))
    size = (dest / "train.txt.xz").stat().st_size
    print(
        f"packed {kept:,} of {lines:,} training sentences ({frac:.1%}) -> {dest}/train.txt.xz {size / 1e6:.1f} MB"
    )


def unpack_text(src: Path, out: Path) -> dict:
    import lzma  # noqa: PLC0415
    import shutil  # noqa: PLC0415

    if (src / "train.txt.xz").is_file():
        with lzma.open(src / "train.txt.xz", "rb") as fin, open(out / "train.txt", "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
    elif (src / "train.txt").resolve() != (out / "train.txt").resolve():
        shutil.copy2(src / "train.txt", out / "train.txt")
    if (src / "heldout.txt").resolve() != (out / "heldout.txt").resolve():
        shutil.copy2(src / "heldout.txt", out / "heldout.txt")
    stats = json.loads((src / "text-stats.json").read_text())
    (out / "text-stats.json").write_text(json.dumps(stats, indent=2))
    print(f"text from {src}", flush=True)
    return stats


def train_tokenizer(text: Path, out_dir: Path, vocab_size: int, max_lines: int | None) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers  # noqa: PLC0415

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=True)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=[EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )

    def lines():
        with open(text, encoding="utf-8") as handle:
            for i, line in enumerate(handle):
                if max_lines is not None and i >= max_lines:
                    break
                yield line.rstrip("\n")

    tok.train_from_iterator(lines(), trainer=trainer)
    out_dir.mkdir(parents=True, exist_ok=True)
    tok.save(str(out_dir / "tokenizer.json"))
    # Hugging Face wrapper files, so AutoTokenizer.from_pretrained(out_dir) works without transformers here.
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": EOS,
                "eos_token": EOS,
                "unk_token": EOS,
                "pad_token": PAD,
                "model_max_length": 1024,
                "add_prefix_space": True,
                "clean_up_tokenization_spaces": False,
            },
            indent=2,
        )
        + "\n"
    )
    (out_dir / "special_tokens_map.json").write_text(
        json.dumps({"bos_token": EOS, "eos_token": EOS, "unk_token": EOS, "pad_token": PAD}, indent=2) + "\n"
    )


def encode_to_bin(text: Path, tokenizer_json: Path, out: Path, chunk_lines: int = 50_000) -> int:
    """Encode one-sentence-per-line text to a packed uint16 stream: EOS s1 EOS s2 EOS ..."""
    import numpy as np  # noqa: PLC0415
    from tokenizers import Tokenizer  # noqa: PLC0415

    tok = Tokenizer.from_file(str(tokenizer_json))
    eos = tok.token_to_id(EOS)
    if tok.get_vocab_size() > 65535:
        raise SystemExit("vocabulary too large for uint16")
    n = 0
    tmp = out.with_suffix(".tmp")
    with open(text, encoding="utf-8") as handle, open(tmp, "wb") as fout:
        np.array([eos], dtype=np.uint16).tofile(fout)
        n += 1
        buf: list[str] = []

        def flush() -> int:
            encs = tok.encode_batch(buf, add_special_tokens=False)
            ids: list[int] = []
            for e in encs:
                ids.extend(e.ids)
                ids.append(eos)
            np.asarray(ids, dtype=np.uint16).tofile(fout)
            return len(ids)

        for line in handle:
            buf.append(line.rstrip("\n"))
            if len(buf) >= chunk_lines:
                n += flush()
                buf = []
        if buf:
            n += flush()
    tmp.replace(out)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", default=str(ROOT / "build" / "lm"))
    ap.add_argument("--corpus-dir", default=None, help="override scripts/corpus.py CORPUS_DIR")
    ap.add_argument("--vocab-size", type=int, default=16000)
    ap.add_argument("--max-paragraphs", type=int, default=None, help="at most N (kept) paragraphs per file")
    ap.add_argument(
        "--subsample", type=int, default=1, help="keep 1 of every N selected paragraphs (quick runs)"
    )
    ap.add_argument("--tokenizer-lines", type=int, default=3_000_000, help="train BPE on the first N lines")
    ap.add_argument("--heldout-paragraphs", type=int, default=1000, help="per file, evenly spaced")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-dedup", action="store_true")
    ap.add_argument("--reuse-text", action="store_true", help="keep existing train.txt/heldout.txt")
    ap.add_argument(
        "--pack",
        default=None,
        metavar="DIR",
        help="after the text phase, write DIR/train.txt.xz (evenly line-subsampled to --pack-max-mb), "
        "DIR/heldout.txt and DIR/text-stats.json, and stop: the data to carry to a GPU machine",
    )
    ap.add_argument("--pack-max-mb", type=float, default=48.0)
    ap.add_argument(
        "--from-text",
        default=None,
        metavar="DIR",
        help="skip the corpus: take train.txt[.xz], heldout.txt, text-stats.json from DIR (made by --pack)",
    )
    args = ap.parse_args()

    if args.corpus_dir:
        corpus.CORPUS_DIR = Path(args.corpus_dir)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    train_txt, held_txt = out / "train.txt", out / "heldout.txt"
    stats_path = out / "text-stats.json"
    if args.from_text:
        text_stats = unpack_text(Path(args.from_text), out)
    elif args.reuse_text and train_txt.is_file() and held_txt.is_file() and stats_path.is_file():
        text_stats = json.loads(stats_path.read_text())
        print(f"reusing {train_txt} and {held_txt}", flush=True)
    else:
        print(f"writing {train_txt} ...", flush=True)
        tr = write_text(
            train_txt,
            _selected("train", KEEP_EVERY, args.max_paragraphs, args.subsample),
            args.workers,
            dedup=not args.no_dedup,
        )
        print(f"writing {held_txt} ...", flush=True)
        he = write_text(held_txt, heldout_items(args.heldout_paragraphs), args.workers, dedup=False)
        text_stats = {"train": tr, "heldout": he}
        stats_path.write_text(json.dumps(text_stats, indent=2))
    t_text = time.time()
    print(json.dumps(text_stats, indent=2), f"\ntext: {t_text - t0:.0f}s", flush=True)
    if args.pack:
        pack_text(out, Path(args.pack), args.pack_max_mb)
        print(f"packed in {time.time() - t_text:.0f}s; no tokenizer/encoding (--pack)")
        return

    tok_dir = out / "tokenizer"
    train_tokenizer(train_txt, tok_dir, args.vocab_size, args.tokenizer_lines)
    t_tok = time.time()
    print(f"tokenizer: {t_tok - t_text:.0f}s -> {tok_dir}", flush=True)

    n_train = encode_to_bin(train_txt, tok_dir / "tokenizer.json", out / "train.bin")
    n_held = encode_to_bin(held_txt, tok_dir / "tokenizer.json", out / "heldout.bin")
    t_enc = time.time()
    from tokenizers import Tokenizer  # noqa: PLC0415

    vocab = Tokenizer.from_file(str(tok_dir / "tokenizer.json")).get_vocab_size()
    pack_frac = (text_stats.get("pack") or {}).get("fraction", 1.0)  # --from-text of a subsampled pack
    words_train = round(pack_frac * sum(s["words"] for s in text_stats["train"].values()))
    meta = {
        "format": "uint16 token ids, packed stream, <|endoftext|> before the first and after every sentence",
        "vocab_size": vocab,
        "eos_token": EOS,
        "eos_id": 0,
        "pad_token": PAD,
        "train_tokens": n_train,
        "heldout_tokens": n_held,
        "train_words": words_train,
        "subwords_per_word": round(
            (n_train - pack_frac * text_stats_sentences(text_stats["train"])) / max(1, words_train), 3
        ),
        "text_form": f"audit.lm.text.split_sentences + tokenize + audit.lm.lm_tokens (v{LM_TOKENS_VERSION}), "
        "tokens joined by single spaces, one sentence per line",
        "input_normalization": "lm_tokens",
        "lm_tokens_version": LM_TOKENS_VERSION,
        "cleaning": {
            "min_tokens": MIN_TOKENS,
            "max_tokens": MAX_TOKENS,
            "min_letter_ratio": MIN_LETTER_RATIO,
            "dedup": "exact sentence, global across files (train only)" if not args.no_dedup else "off",
        },
        "tokenizer": {
            "type": "byte-level BPE (tokenizers), add_prefix_space",
            "vocab_size": vocab,
            "trained_on_lines": args.tokenizer_lines,
        },
        "split": f"scripts/corpus.py: last {corpus.HELDOUT_FRACTION:.0%} of each file held out (never trained on); "
        f"heldout.txt = {args.heldout_paragraphs} evenly spaced held-out paragraphs per file",
        "corpus": {
            name: {
                "keep_every": KEEP_EVERY.get(name, 1),
                "licence": LICENCES.get(name, "?"),
                **text_stats["train"].get(name, {}),
            }
            for name in corpus.FILES
        },
        "max_paragraphs_per_file": args.max_paragraphs,
        "subsample": args.subsample,
        "pack": text_stats.get("pack"),
        "from_text": args.from_text,
        "command": "python scripts/prepare_lm_data.py " + " ".join(sys.argv[1:]),
        "seconds": {
            "text": round(t_text - t0),
            "tokenizer": round(t_tok - t_text),
            "encode": round(t_enc - t_tok),
        },
        "built_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"train tokens {n_train:,}  heldout tokens {n_held:,}  vocab {vocab}  total {time.time() - t0:.0f}s"
    )


def text_stats_sentences(st: dict[str, dict[str, int]]) -> int:
    return sum(s["sentences"] for s in st.values()) + 1


if __name__ == "__main__":
    main()
