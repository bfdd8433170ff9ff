"""Transformer (causal LM, Hugging Face format) backend for :class:`audit.lm.FluencyModel`.

Loads any causal LM saved with ``save_pretrained`` (``config.json`` + weights + a *fast* tokenizer)
from a local directory; a Hugging Face hub id is used only when the caller allows downloads
(``allow_download=True`` or ``MTAUDIT_ALLOW_DOWNLOAD=1``). ``torch``/``transformers`` are imported
only when a model is loaded (``pip install -r requirements-lm.txt``).

Scoring follows the conventions of :mod:`audit.lm`:

* the caller's word tokens are normalised (:func:`audit.lm.lm_tokens` for models trained by
  ``scripts/train_transformer.py``, whose ``metadata.json`` says ``"input_normalization": "lm_tokens"``;
  only NFC + whitespace removal for other models) and joined with single spaces, the text form the
  n-gram model and the project's transformer were trained on;
* the sequence is ``BOS + subwords + EOS`` (BOS falls back to EOS, as in GPT-2);
* each subword's natural-log probability is added to the word in whose character span the subword
  starts (its first non-space character); so there is exactly one value per input token, and the
  word values sum to the sentence log-probability. ``eos_logprob`` is log P(EOS | sentence);
* sentences longer than the model's context are scored with a sliding window (half-context stride).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import os
import unicodedata
from pathlib import Path

from audit.lexicon import models_dir
from audit.lm import LMUnavailable, ModelFileNotFound, SentenceScore, lm_tokens
from audit.lm.ngram import file_sha256

__all__ = ["DEFAULT_TRANSFORMER_MODEL", "LM_REQUIREMENTS", "TransformerFluencyModel", "load_transformer"]

#: The project's small German model (scripts/train_transformer.py); override with MTAUDIT_TRANSFORMER_MODEL.
DEFAULT_TRANSFORMER_MODEL = models_dir() / "transformer-tiny"
#: what to install for this backend
LM_REQUIREMENTS = "pip install -c constraints.txt -r requirements-lm.txt"

_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def _plain_token(word: str) -> str:
    """Minimal normalisation for foreign models: NFC, no whitespace, never empty."""
    w = "".join(unicodedata.normalize("NFC", word).split())
    return w or "_"


class TransformerFluencyModel:
    """A causal transformer LM as a :class:`audit.lm.FluencyModel` (natural-log probabilities)."""

    def __init__(
        self,
        model: str | os.PathLike[str],
        *,
        device: str | None = None,
        num_threads: int | None = None,
        allow_download: bool | None = None,
        max_batch_tokens: int = 2048,
        max_batch_size: int = 64,
        normalization: str | None = None,
    ) -> None:
        if allow_download is None:
            allow_download = os.environ.get("MTAUDIT_ALLOW_DOWNLOAD", "") == "1"
        path = Path(model).expanduser()
        self.path: Path | None = None
        if path.is_dir():
            if not (path / "config.json").is_file():
                raise LMUnavailable(f"{path} is not a Hugging Face model directory (no config.json)")
            self.path = path
            source = str(path)
        elif allow_download and not path.exists() and not str(model).startswith((".", "/", "~")):
            source = str(model)  # hub id
        else:
            raise ModelFileNotFound(
                f"transformer model directory not found: {path} (train one with scripts/train_transformer.py, "
                "pass a local Hugging Face model directory (a hub id is fetched only with "
                "MTAUDIT_ALLOW_DOWNLOAD=1), or run with --lm none / --lm ngram)"
            )
        try:
            import torch  # noqa: PLC0415 - deliberately lazy
            from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: PLC0415
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise LMUnavailable(
                f"the transformer backend needs torch and transformers: `{LM_REQUIREMENTS}` or run with --lm ngram"
            ) from exc
        self._torch = torch

        self.device = torch.device(device or os.environ.get("MTAUDIT_LM_DEVICE") or "cpu")
        if self.device.type == "cpu":
            threads = num_threads or int(os.environ.get("MTAUDIT_LM_THREADS", "0") or 0)
            if not threads:
                try:
                    avail = len(os.sched_getaffinity(0))
                except AttributeError:  # pragma: no cover - not Linux
                    avail = os.cpu_count() or 1
                threads = min(torch.get_num_threads(), avail)
            if threads != torch.get_num_threads():
                torch.set_num_threads(threads)

        self.metadata: dict = {}
        if self.path is not None and (self.path / "metadata.json").is_file():
            try:
                self.metadata = json.loads((self.path / "metadata.json").read_text(encoding="utf-8"))
            except ValueError:
                self.metadata = {}
        self.normalization = normalization or self.metadata.get("input_normalization") or "plain"
        if self.normalization not in {"lm_tokens", "plain"}:
            raise LMUnavailable(
                f"unknown input normalisation {self.normalization!r} (expected lm_tokens or plain)"
            )

        local_only = self.path is not None or not allow_download
        from transformers.utils import logging as hf_logging  # noqa: PLC0415

        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # no "Loading weights" bar in the auditor's output
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
            dtype = torch.float32 if self.device.type == "cpu" else torch.bfloat16
            self.model = AutoModelForCausalLM.from_pretrained(
                source, local_files_only=local_only, dtype=dtype
            )
        except (OSError, ValueError, KeyError) as exc:
            raise LMUnavailable(f"cannot load transformer model {source}: {exc}") from exc
        finally:
            if bars:
                hf_logging.enable_progress_bar()
        if not getattr(self.tokenizer, "is_fast", False):
            raise LMUnavailable(
                f"{source}: a fast tokenizer (tokenizer.json) is needed for character offsets"
            )
        self.model.to(self.device).eval()
        self.tokenizer.model_max_length = 1 << 30  # long sentences are windowed here, not truncated

        tok, cfg = self.tokenizer, self.model.config
        self.eos_id = tok.eos_token_id if tok.eos_token_id is not None else getattr(cfg, "eos_token_id", None)
        if isinstance(self.eos_id, list):
            self.eos_id = self.eos_id[0]
        if self.eos_id is None:
            raise LMUnavailable(f"{source}: the tokenizer has no end-of-sequence token")
        self.bos_id = tok.bos_token_id if tok.bos_token_id is not None else self.eos_id
        ctx = getattr(cfg, "n_positions", None) or getattr(cfg, "max_position_embeddings", None) or 1024
        self.max_len = int(min(ctx, 4096))
        self.max_batch_tokens = max(max_batch_tokens, self.max_len)
        self.max_batch_size = max_batch_size
        stem = self.path.name if self.path is not None else source.replace("/", "_")
        self.name = f"hf:{stem}"
        self._source = source
        self._signature: str | None = None

    # ------------------------------------------------------------------ identity
    @property
    def signature(self) -> str:
        """``hf:<dir name>:sha256=<first 12 hex of the weights>`` (from metadata.json when it matches)."""
        if self._signature is None:
            digest = self._metadata_sha256()
            if digest is None and self.path is not None:
                h = hashlib.sha256()
                for name in _WEIGHT_FILES:
                    if (self.path / name).is_file():
                        h.update(file_sha256(self.path / name).encode())
                for p in sorted(self.path.glob("model-*.safetensors")):
                    h.update(file_sha256(p).encode())
                digest = h.hexdigest()
            if digest is None:
                digest = hashlib.sha256(self._source.encode()).hexdigest()
            self._signature = f"{self.name}:sha256={digest[:12]}"
        return self._signature

    def _metadata_sha256(self) -> str | None:
        try:
            info = self.metadata["model_file"]
            if int(info["size_bytes"]) == (self.path / info["name"]).stat().st_size:  # type: ignore[operator]
                return str(info["sha256"])
        except (OSError, KeyError, TypeError, ValueError):
            pass
        return None

    # ------------------------------------------------------------------ scoring
    def _words(self, words: list[str]) -> list[str]:
        return lm_tokens(words) if self.normalization == "lm_tokens" else [_plain_token(w) for w in words]

    def _encode(self, sentences: list[list[str]]) -> list[tuple[list[int], list[int]]]:
        """Per sentence: (ids = BOS + subwords + EOS, word index of each subword)."""
        texts, starts_all = [], []
        for words in sentences:
            norm = self._words(words)
            starts, pos = [], 0
            for w in norm:
                starts.append(pos)
                pos += len(w) + 1
            texts.append(" ".join(norm))
            starts_all.append(starts)
        enc = self.tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True)
        out = []
        for text, starts, ids, offsets in zip(
            texts, starts_all, enc["input_ids"], enc["offset_mapping"], strict=True
        ):
            owner = []
            n_words = len(starts)
            for s, e in offsets:
                p = s
                while p < e and text[p].isspace():
                    p += 1
                # a pure-space subword (p == e) belongs to the word that follows it
                idx = bisect.bisect_right(starts, p) - 1 if n_words else -1
                owner.append(min(max(idx, 0), n_words - 1))
            out.append(([self.bos_id, *ids, self.eos_id], owner))
        return out

    def _token_logprobs(self, seqs: list[list[int]]) -> list[list[float]]:
        """log P(ids[j] | ids[:j]) for j >= 1, per sequence (batched, right-padded)."""
        torch = self._torch
        results: list[list[float] | None] = [None] * len(seqs)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        short = [i for i in order if len(seqs[i]) <= self.max_len]
        for i in order:
            if len(seqs[i]) > self.max_len:
                results[i] = self._long_logprobs(seqs[i])
        batch: list[int] = []

        def run(idx: list[int]) -> None:
            width = max(len(seqs[i]) for i in idx)
            ids = torch.full((len(idx), width), self.eos_id, dtype=torch.long)
            mask = torch.zeros((len(idx), width), dtype=torch.long)
            for r, i in enumerate(idx):
                ids[r, : len(seqs[i])] = torch.tensor(seqs[i])
                mask[r, : len(seqs[i])] = 1
            lp = self._forward(ids, mask)
            for r, i in enumerate(idx):
                results[i] = lp[r, : len(seqs[i]) - 1].tolist()

        for i in short:
            width = len(seqs[i])  # sorted ascending: the newest is the widest
            if batch and (
                width * (len(batch) + 1) > self.max_batch_tokens or len(batch) >= self.max_batch_size
            ):
                run(batch)
                batch = []
            batch.append(i)
        if batch:
            run(batch)
        return results  # type: ignore[return-value]

    def _forward(self, ids, mask):
        """Log-probs of ids[:, 1:] given the prefix: tensor (batch, width - 1), float32 on CPU."""
        torch = self._torch
        with torch.inference_mode():
            ids, mask = ids.to(self.device), mask.to(self.device)
            logits = self.model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
            target = ids[:, 1:].unsqueeze(-1)
            lp = logits.gather(-1, target).squeeze(-1) - torch.logsumexp(logits, dim=-1)
        return lp.cpu()

    def _long_logprobs(self, seq: list[int]) -> list[float]:
        """Sliding window over a sequence longer than the context: every window of max_len tokens
        scores only the positions not scored yet, each with at least max_len // 2 tokens of history."""
        torch = self._torch
        L = self.max_len
        stride = max(1, L // 2)
        out: list[float] = []
        start = 0
        while True:
            end = min(start + L, len(seq))
            window = torch.tensor([seq[start:end]])
            lp = self._forward(window, torch.ones_like(window))[0].tolist()  # positions start+1 .. end-1
            first_new = len(out) + 1  # next absolute position to score
            out.extend(lp[first_new - start - 1 :])
            if end == len(seq):
                return out
            start += stride

    def score_batch(self, sentences: list[list[str]]) -> list[SentenceScore]:
        if not sentences:
            return []
        encoded = self._encode(sentences)
        lps = self._token_logprobs([ids for ids, _owner in encoded])
        scores = []
        for words, (_ids, owner), lp in zip(sentences, encoded, lps, strict=True):
            per_word = [0.0] * len(words)
            for j, w in enumerate(owner):  # lp[j] is the log-prob of subword j (ids[j + 1])
                per_word[w] += lp[j]
            eos = lp[len(owner)]
            if not all(math.isfinite(x) for x in per_word) or not math.isfinite(eos):  # pragma: no cover
                raise RuntimeError("the transformer returned a non-finite log-probability")
            scores.append(SentenceScore.from_logprobs(per_word, eos))
        return scores

    def __repr__(self) -> str:
        return f"TransformerFluencyModel({self._source!r}, device={self.device.type}, max_len={self.max_len})"


def load_transformer(spec: str) -> TransformerFluencyModel:
    """Resolve a load_model spec for this backend: ``"transformer"`` (the project model, or
    ``$MTAUDIT_TRANSFORMER_MODEL``), ``"hf:NAME_OR_DIR"``, or a model directory."""
    s = spec.strip()
    if s.lower() == "transformer":
        return TransformerFluencyModel(
            os.environ.get("MTAUDIT_TRANSFORMER_MODEL") or DEFAULT_TRANSFORMER_MODEL
        )
    if s.lower().startswith("hf:"):
        s = s[3:]
    return TransformerFluencyModel(s)
