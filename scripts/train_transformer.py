#!/usr/bin/env python3
"""Train a GPT-2 style German causal LM on the packed data of scripts/prepare_lm_data.py, and export it
for CPU inference through audit.lm.transformer.TransformerFluencyModel.

Plain torch loop; the same script runs on CPU (``--config tiny``, used by the tests) and on one
H100/H200 (``--config small``/``base``: bf16 autocast, fused AdamW, optional ``--compile``).
Cosine LR with linear warmup; the schedule advances by whichever runs out first, ``--max-steps`` or
``--max-minutes``, so a time-boxed run still ends at the minimum LR. Gradient clipping, periodic
held-out evaluation, checkpoint every ``--ckpt-every`` steps + ``--resume``, tokens/s and MFU printed.

    # CPU smoke test
    python scripts/train_transformer.py --data build/lm --config tiny --max-steps 20 --out /tmp/lm-tiny
    # the CPU model in models/transformer-tiny (8k vocab data from prepare_lm_data.py --subsample 6 --vocab-size 8000)
    python scripts/train_transformer.py --data build/lm-cpu --config cpu --batch-size 8 --warmup 30 \\
        --max-minutes 20 --threads 1 --fp16-export --out models/transformer-tiny
    # word-level held-out perplexity (scripts/eval_lm.py's held-out set) + CPU speed, into metadata.json
    python scripts/train_transformer.py --evaluate models/transformer-tiny --heldout-paragraphs 5000

GPU (one H100/H200 through the device tool). The corpus (../shared) does not travel and the working tree
may be at most 64 MiB, so the cleaned text is packed here and carried:

    python scripts/prepare_lm_data.py --out-dir build/lm-full --pack build/lm-carry --pack-max-mb 56
    # device, carry ["build/lm-carry"], timeout 600 (one call: ~1.5 min prep, 6.5 min training, export)
    export PYTHONUNBUFFERED=1; set -o pipefail
    python3 scripts/prepare_lm_data.py --from-text build/lm-carry --out-dir build/lm --vocab-size 16000 \\
      2>&1 | tee $OUT/prep.log &&
    python3 scripts/train_transformer.py --data build/lm --config small --max-minutes 6.5 --compile \\
      --fp16-export --eval-every 1000 --log-every 200 --out build/transformer-small 2>&1 | tee $OUT/train.log &&
    tar cf - -C build transformer-small | split -b 15m - $OUT/transformer-small.tar.

For longer runs, give ``--max-minutes`` the whole budget and ``--session-minutes`` what one call may train
(each call <= 10 min), and repeat the command with ``--auto-resume`` while the machine is still warm.

Export (``--out``): ``model.safetensors`` + ``config.json`` + ``generation_config.json`` (save_pretrained),
the tokenizer files, and ``metadata.json`` (data, tokenizer, parameters, steps, held-out perplexity,
sha256 of the weights, licence).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

# n_layer, n_head, n_embd, block_size, batch_size (sequences per step, per micro-batch), lr
CONFIGS: dict[str, dict] = {
    # a few steps on CPU in tests
    "tiny": dict(n_layer=2, n_head=2, n_embd=64, block_size=64, batch_size=8, lr=3e-3, warmup=10),
    # CPU model (~5M params with an 8k vocab): what fits a 20-minute CPU run
    "cpu": dict(n_layer=4, n_head=4, n_embd=256, block_size=128, batch_size=16, lr=2e-3, warmup=50),
    # GPU: ~17M params with a 16k vocab (10.6M non-embedding); fp16 export ~34 MB
    "small": dict(n_layer=6, n_head=6, n_embd=384, block_size=256, batch_size=128, lr=2e-3, warmup=300),
    # GPU: ~34M params with a 16k vocab (25M non-embedding); fp16 export ~68 MB
    "base": dict(n_layer=8, n_head=8, n_embd=512, block_size=256, batch_size=128, lr=1.5e-3, warmup=400),
}

LICENCE_NOTE = (
    "Trained partly on CC BY-SA text (German Wikipedia, Klexikon): treat the weights as CC BY-SA 4.0 "
    "(attribution: Wikipedia and Klexikon authors). The other corpus parts are official works (§5 UrhG)."
)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            h.update(block)
    return h.hexdigest()


class Batches:
    """Random fixed-size windows (block_size + 1 tokens) of the packed uint16 stream."""

    def __init__(self, path: Path, block_size: int, batch_size: int, device, seed: int) -> None:
        import numpy as np  # noqa: PLC0415

        self.data = np.memmap(path, dtype=np.uint16, mode="r")
        if len(self.data) <= block_size + 1:
            raise SystemExit(f"{path}: only {len(self.data)} tokens, need > block size {block_size}")
        self.block, self.batch, self.device = block_size, batch_size, device
        self.rng = np.random.default_rng(seed)

    def next(self):
        import numpy as np  # noqa: PLC0415
        import torch  # noqa: PLC0415

        ix = self.rng.integers(0, len(self.data) - self.block - 1, size=self.batch)
        arr = np.stack([self.data[i : i + self.block + 1] for i in ix]).astype(np.int64)
        t = torch.from_numpy(arr)
        if self.device.type == "cuda":
            t = t.pin_memory().to(self.device, non_blocking=True)
        return t[:, :-1], t[:, 1:]


def eval_windows(path: Path, block_size: int, max_tokens: int):
    """Deterministic non-overlapping windows from the start of the held-out stream (all files mixed:
    heldout.txt is written file by file, so windows are spread evenly over the whole stream)."""
    import numpy as np  # noqa: PLC0415

    data = np.memmap(path, dtype=np.uint16, mode="r")
    n_win = max(1, (len(data) - 1) // block_size)
    want = max(1, min(n_win, max_tokens // block_size))
    starts = np.linspace(0, (n_win - 1) * block_size, want).astype(np.int64)
    return np.stack([data[s : s + block_size + 1] for s in starts]).astype(np.int64)


def lr_at(progress: float, step: int, warmup: int, lr: float, min_lr: float) -> float:
    if step < warmup:
        return lr * (step + 1) / warmup
    p = min(1.0, max(0.0, progress))
    return min_lr + 0.5 * (lr - min_lr) * (1.0 + math.cos(math.pi * p))


def main() -> None:  # noqa: C901, PLR0912, PLR0915
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT / "build" / "lm"), help="output dir of prepare_lm_data.py")
    ap.add_argument("--config", choices=sorted(CONFIGS), default="tiny")
    ap.add_argument(
        "--out", default=None, help="export directory (Hugging Face format); required for training"
    )
    ap.add_argument(
        "--evaluate",
        default=None,
        metavar="MODEL_DIR",
        help="no training: word-level held-out perplexity (--heldout-paragraphs, default 1000) and CPU speed "
        "of an exported model, written into its metadata.json",
    )
    ap.add_argument("--auto-resume", action="store_true", help="resume when a checkpoint exists, else start")
    ap.add_argument(
        "--session-minutes",
        type=float,
        default=None,
        help="stop this process after N training minutes (checkpoint + export) although --max-minutes is "
        "not used up; run again with --resume to continue the same LR schedule",
    )
    ap.add_argument("--ckpt-dir", default=None, help="checkpoints (default: OUT.ckpt)")
    ap.add_argument("--resume", action="store_true", help="continue from CKPT_DIR/ckpt.pt")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument(
        "--max-minutes", type=float, default=None, help="training time budget (excl. eval/export)"
    )
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--grad-accum", type=int, default=1)
    ap.add_argument("--block-size", type=int, default=None)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--min-lr-ratio", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=None)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--grad-clip", type=float, default=1.0)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--eval-tokens", type=int, default=262_144)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--ckpt-every", type=int, default=1000)
    ap.add_argument("--device", default="auto", help="auto|cpu|cuda")
    ap.add_argument(
        "--dtype", default="auto", help="autocast dtype: auto (bf16 on CUDA, fp32 on CPU)|bf16|fp32"
    )
    ap.add_argument("--compile", action="store_true", help="torch.compile the model (CUDA)")
    ap.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    ap.add_argument("--peak-flops", type=float, default=989e12, help="for MFU; H100 SXM dense bf16 = 989e12")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--fp16-export", action="store_true", help="store the exported weights as float16")
    ap.add_argument(
        "--heldout-paragraphs",
        type=int,
        default=0,
        help="after export: word-level held-out perplexity with scripts/eval_lm.py (N paragraphs)",
    )
    args = ap.parse_args()
    if args.evaluate:
        evaluate_export(Path(args.evaluate), args.heldout_paragraphs or 1000, args.threads or 2)
        return
    if not args.out:
        ap.error("--out is required for training")

    import torch  # noqa: PLC0415
    import torch.nn.functional as F  # noqa: N812, PLC0415
    from transformers import GPT2Config, GPT2LMHeadModel  # noqa: PLC0415
    from transformers.utils import logging as hf_logging  # noqa: PLC0415

    hf_logging.set_verbosity_error()  # no padding in training: silence the attention-mask advice

    cfg = dict(CONFIGS[args.config])
    for key in ("batch_size", "block_size", "lr", "warmup"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    if args.max_steps is None and args.max_minutes is None:
        ap.error("give --max-steps and/or --max-minutes")
    max_steps = args.max_steps or 10**9

    data = Path(args.data)
    meta_in = json.loads((data / "meta.json").read_text(encoding="utf-8"))
    tok_dir = data / "tokenizer"
    out = Path(args.out)
    ckpt_dir = Path(args.ckpt_dir) if args.ckpt_dir else out.with_name(out.name + ".ckpt")
    ckpt_path = ckpt_dir / "ckpt.pt"

    device = torch.device(
        "cuda"
        if args.device == "auto" and torch.cuda.is_available()
        else ("cpu" if args.device == "auto" else args.device)
    )
    if args.threads:
        torch.set_num_threads(args.threads)
    use_bf16 = args.dtype == "bf16" or (args.dtype == "auto" and device.type == "cuda")
    autocast = (
        torch.autocast(device_type=device.type, dtype=torch.bfloat16)
        if use_bf16
        else contextlib.nullcontext()
    )
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(args.seed)

    vocab = int(meta_in["vocab_size"])
    eos_id = int(meta_in.get("eos_id", 0))
    config = GPT2Config(
        vocab_size=vocab,
        n_positions=cfg["block_size"],
        n_embd=cfg["n_embd"],
        n_layer=cfg["n_layer"],
        n_head=cfg["n_head"],
        resid_pdrop=args.dropout,
        embd_pdrop=args.dropout,
        attn_pdrop=args.dropout,
        bos_token_id=eos_id,
        eos_token_id=eos_id,
        pad_token_id=eos_id,
        tie_word_embeddings=True,
        activation_function="gelu_pytorch_tanh",  # = GPT-2's gelu_new, one fused kernel (faster on CPU)
    )
    config._attn_implementation = "sdpa"
    model = GPT2LMHeadModel(config).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    n_emb = model.transformer.wte.weight.numel() + model.transformer.wpe.weight.numel()
    n_nonemb = n_params - n_emb
    # training FLOPs per token: 6N (N incl. the tied output projection) + attention 6*L*T*d (fwd+bwd)
    flops_per_token = (
        6 * (n_nonemb + model.transformer.wte.weight.numel())
        + 6 * cfg["n_layer"] * cfg["block_size"] * cfg["n_embd"]
    )
    log(
        f"device {device} bf16={use_bf16} params {n_params / 1e6:.2f}M (non-embedding {n_nonemb / 1e6:.2f}M) "
        f"config {args.config} {cfg}"
    )

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt_kw = {"fused": True} if device.type == "cuda" else {}
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg["lr"],
        betas=(0.9, 0.95),
        eps=1e-8,
        **opt_kw,
    )

    step, elapsed_train = 0, 0.0
    history: list[dict] = []
    if args.auto_resume and ckpt_path.is_file():
        args.resume = True
    if args.resume:
        if not ckpt_path.is_file():
            raise SystemExit(f"--resume: no checkpoint at {ckpt_path}")
        ck = torch.load(ckpt_path, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optim"])
        step, elapsed_train, history = ck["step"], ck["elapsed_train"], ck.get("history", [])
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed from {ckpt_path} at step {step} ({elapsed_train / 60:.1f} min trained)")

    fwd_model = model
    batches = Batches(data / "train.bin", cfg["block_size"], cfg["batch_size"], device, args.seed + step)
    held = torch.from_numpy(eval_windows(data / "heldout.bin", cfg["block_size"], args.eval_tokens))
    if args.compile:
        # compile now (one throw-away forward/backward) and fall back to eager if it fails
        t_c = time.perf_counter()
        try:
            compiled = torch.compile(model)
            x, y = batches.next()
            with autocast:
                logits = compiled(input_ids=x).logits
            F.cross_entropy(logits.float().view(-1, logits.size(-1)), y.reshape(-1)).backward()
            opt.zero_grad(set_to_none=True)
            fwd_model = compiled
            log(f"torch.compile ready in {time.perf_counter() - t_c:.0f}s")
        except Exception as exc:  # noqa: BLE001 - any compiler failure: train eagerly
            opt.zero_grad(set_to_none=True)
            log(f"torch.compile failed ({type(exc).__name__}: {str(exc)[:200]}); training eagerly")

    def loss_of(x, y):
        with autocast:
            logits = fwd_model(input_ids=x).logits
        return F.cross_entropy(logits.float().view(-1, logits.size(-1)), y.reshape(-1))

    @torch.no_grad()
    def evaluate() -> float:
        model.eval()
        tot, n = 0.0, 0
        bs = max(1, 2 * cfg["batch_size"])
        for i in range(0, len(held), bs):
            chunk = held[i : i + bs].to(device)
            x, y = chunk[:, :-1], chunk[:, 1:]
            with autocast:
                logits = model(input_ids=x).logits
            tot += F.cross_entropy(
                logits.float().view(-1, logits.size(-1)), y.reshape(-1), reduction="sum"
            ).item()
            n += y.numel()
        model.train()
        return tot / n

    def save_ckpt() -> None:
        ckpt_dir.mkdir(parents=True, exist_ok=True)
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save(
            {
                "model": model.state_dict(),
                "optim": opt.state_dict(),
                "step": step,
                "elapsed_train": elapsed_train,
                "history": history,
                "config": args.config,
                "cfg": cfg,
                "torch_rng": torch.get_rng_state(),
            },
            tmp,
        )
        tmp.replace(ckpt_path)

    min_lr = cfg["lr"] * args.min_lr_ratio
    tokens_per_step = cfg["batch_size"] * cfg["block_size"] * args.grad_accum
    model.train()
    t_last, tok_since, steps_since = time.perf_counter(), 0, 0
    budget_s = args.max_minutes * 60 if args.max_minutes else None
    session_end = elapsed_train + args.session_minutes * 60 if args.session_minutes else float("inf")
    while step < max_steps and (budget_s is None or elapsed_train < budget_s) and elapsed_train < session_end:
        t_step = time.perf_counter()
        progress = step / max_steps
        if budget_s:
            progress = max(progress, elapsed_train / budget_s)
        lr = lr_at(progress, step, cfg["warmup"], cfg["lr"], min_lr)
        for group in opt.param_groups:
            group["lr"] = lr
        loss_t = torch.zeros((), device=device)
        for _ in range(args.grad_accum):
            x, y = batches.next()
            loss = loss_of(x, y) / args.grad_accum
            loss.backward()
            loss_t += loss.detach()
        gnorm_t = torch.nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        elapsed_train += time.perf_counter() - t_step
        tok_since += tokens_per_step
        steps_since += 1
        if step % args.log_every == 0 or step == 1:
            loss_acc, gnorm = loss_t.item(), gnorm_t.item()  # syncs
            now = time.perf_counter()
            tps = tok_since / (now - t_last)
            mfu = flops_per_token * tps / args.peak_flops
            log(
                f"step {step} loss {loss_acc:.4f} lr {lr:.2e} gnorm {gnorm:.2f} tok/s {tps:,.0f} "
                f"MFU {mfu:.1%} (peak {args.peak_flops:.3g}) trained {elapsed_train / 60:.1f} min"
            )
            t_last, tok_since, steps_since = now, 0, 0
        if step % args.eval_every == 0:
            loss_acc = loss_t.item()
            ev = evaluate()
            history.append(
                {
                    "step": step,
                    "train_loss": round(loss_acc, 4),
                    "heldout_loss": round(ev, 4),
                    "heldout_token_ppl": round(math.exp(ev), 2),
                    "minutes": round(elapsed_train / 60, 2),
                }
            )
            log(f"eval step {step}: held-out loss {ev:.4f} token ppl {math.exp(ev):.2f}")
            t_last, tok_since = time.perf_counter(), 0
        if step % args.ckpt_every == 0:
            save_ckpt()
            t_last, tok_since = time.perf_counter(), 0

    final = evaluate()
    history.append(
        {
            "step": step,
            "heldout_loss": round(final, 4),
            "heldout_token_ppl": round(math.exp(final), 2),
            "minutes": round(elapsed_train / 60, 2),
        }
    )
    log(f"final step {step}: held-out loss {final:.4f} token ppl {math.exp(final):.2f}")
    save_ckpt()

    # ---------------- export ----------------
    out.mkdir(parents=True, exist_ok=True)
    export = GPT2LMHeadModel(config)
    export.load_state_dict(model.state_dict())
    export.eval()
    if args.fp16_export:
        export = export.half()
    export.generation_config.pad_token_id = eos_id
    export.save_pretrained(out, safe_serialization=True)
    for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (tok_dir / f).is_file():
            shutil.copy2(tok_dir / f, out / f)
    # tokenizer_config: model_max_length = context length of this model
    tc_path = out / "tokenizer_config.json"
    tc = json.loads(tc_path.read_text())
    tc["model_max_length"] = cfg["block_size"]
    tc_path.write_text(json.dumps(tc, indent=2) + "\n")
    weights = out / "model.safetensors"
    words = meta_in.get("train_words") or 0
    meta = {
        "model_file": {
            "name": weights.name,
            "size_bytes": weights.stat().st_size,
            "sha256": sha256_file(weights),
        },
        "architecture": "GPT-2 (transformers GPT2LMHeadModel), tied input/output embeddings",
        "dtype": "float16" if args.fp16_export else "float32",
        "parameters": n_params,
        "non_embedding_parameters": n_nonemb,
        "config": {
            "name": args.config,
            **cfg,
            "vocab_size": vocab,
            "dropout": args.dropout,
            "weight_decay": args.weight_decay,
            "grad_clip": args.grad_clip,
            "grad_accum": args.grad_accum,
            "min_lr_ratio": args.min_lr_ratio,
        },
        "training": {
            "steps": step,
            "tokens_seen": step * tokens_per_step,
            "minutes": round(elapsed_train / 60, 2),
            "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
            "bf16_autocast": use_bf16,
            "compile": args.compile,
            "seed": args.seed,
            "torch": torch.__version__,
            "epochs": round(step * tokens_per_step / max(1, meta_in["train_tokens"]), 3),
        },
        "heldout": {
            "token_loss": round(final, 4),
            "token_perplexity": round(math.exp(final), 2),
            "eval_tokens": int(held[:, 1:].numel()),
            "note": "token = BPE subword; word-level perplexity (comparable to the n-gram model) below "
            "when --heldout-paragraphs was given",
        },
        "history": history,
        "input_normalization": meta_in.get("input_normalization", "lm_tokens"),
        "lm_tokens_version": meta_in.get("lm_tokens_version"),
        "text_form": meta_in.get("text_form"),
        "tokenizer": meta_in.get("tokenizer"),
        "data": {
            "prepare_command": meta_in.get("command"),
            "train_tokens": meta_in.get("train_tokens"),
            "train_words": words,
            "corpus": meta_in.get("corpus"),
            "split": meta_in.get("split"),
            "cleaning": meta_in.get("cleaning"),
        },
        "licence": LICENCE_NOTE,
        "command": "python scripts/train_transformer.py " + " ".join(sys.argv[1:]),
        "built_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    meta_path = out / "metadata.json"
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"exported {out} ({weights.stat().st_size / 1e6:.1f} MB)")

    if args.heldout_paragraphs > 0:
        word_level_perplexity(out, args.heldout_paragraphs, device=str(device))


def word_level_perplexity(model_dir: Path, paragraphs: int, device: str = "cpu") -> dict:
    """Word-level held-out perplexity with scripts/eval_lm.py (the n-gram model's figure: same held-out
    paragraphs, same sentence split and tokenizer, every word + </s> counted); stored in metadata.json."""
    import eval_lm  # noqa: PLC0415

    from audit.lm.transformer import TransformerFluencyModel  # noqa: PLC0415

    lm = TransformerFluencyModel(model_dir, device=device)
    t0 = time.perf_counter()
    ppl = eval_lm.heldout_perplexity(lm, paragraphs)
    ppl["seconds"] = round(time.perf_counter() - t0, 1)
    ppl["device"] = device
    meta_path = model_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.setdefault("heldout", {})["word_level"] = ppl
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"word-level held-out perplexity {ppl['perplexity']} ({ppl['tokens_incl_eos']} words incl. </s>)")
    return ppl


def cpu_speed(model_dir: Path, threads: int, n_sentences: int = 1000, batch: int = 64) -> dict:
    """Sentences/s of score_batch on CPU (held-out sentences, batches of `batch`, after a warm-up)."""
    import corpus  # noqa: PLC0415
    import eval_lm  # noqa: PLC0415

    from audit.lm.transformer import TransformerFluencyModel  # noqa: PLC0415

    sents: list[list[str]] = []
    for _name, para in corpus.iter_corpus("heldout"):
        sents.extend(eval_lm._sentences(para))
        if len(sents) >= 20 * n_sentences:
            break
    sents = sents[:: max(1, len(sents) // n_sentences)][:n_sentences]
    lm = TransformerFluencyModel(model_dir, device="cpu", num_threads=threads)
    lm.score_batch(sents[:batch])
    t0 = time.perf_counter()
    for i in range(0, len(sents), batch):
        lm.score_batch(sents[i : i + batch])
    dt_s = time.perf_counter() - t0
    words = sum(len(s) for s in sents)
    return {
        "sentences_per_second": round(len(sents) / dt_s, 1),
        "words_per_second": round(words / dt_s),
        "sentences": len(sents),
        "avg_words": round(words / len(sents), 1),
        "batch": batch,
        "torch_threads": threads,
        "note": "shared, busy 2-core machine" if (os.cpu_count() or 0) <= 2 else "",
    }


def evaluate_export(model_dir: Path, paragraphs: int, threads: int) -> None:
    speed = cpu_speed(model_dir, threads)
    log(f"CPU speed: {speed}")
    word_level_perplexity(model_dir, paragraphs)
    meta_path = model_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["cpu_speed"] = speed
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
