"""KenLM n-gram backend for :class:`audit.lm.FluencyModel`.

Needs the ``kenlm`` query module at run time (``pip install kenlm==0.3.0``, see
:data:`audit.lm.KENLM_REQUIREMENT`); only the model loader imports it.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path

from audit.lm import KENLM_REQUIREMENT, LMUnavailable, SentenceScore, lm_tokens

#: context-free token scores kept per model (the tokens' hit rate is that of ``lm_token``: 96.6% at 50,000)
UNIGRAM_CACHE_SIZE = 50_000

_LN10 = math.log(10.0)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            h.update(block)
    return h.hexdigest()


def _model_stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".xz", ".bz2"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.rsplit(".", 1)[0]


class KenLMModel:
    """A KenLM model (ARPA or binary). Scores are natural logs; see :class:`SentenceScore`."""

    def __init__(self, path: str | Path) -> None:
        try:
            import kenlm  # noqa: PLC0415 - deliberately lazy
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise LMUnavailable(
                f"the 'kenlm' package is not installed; `pip install {KENLM_REQUIREMENT}` "
                "(needs a C++ compiler) or run with --lm none"
            ) from exc
        self.path = Path(path)
        try:
            self._model = kenlm.Model(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise LMUnavailable(f"cannot load KenLM model {self.path}: {exc}") from exc
        self.order: int = int(self._model.order)
        self.name = f"kenlm:{_model_stem(self.path)}"
        self._signature: str | None = None
        # an LRU of the context-free scores the quality features and the disfluent rule ask for (a
        # dict capped at a million words held 100+ MB per worker of a long feed: issue 15)
        self._unigram = lru_cache(maxsize=UNIGRAM_CACHE_SIZE)(self._unigram_uncached)

    @property
    def signature(self) -> str:
        """``kenlm:<stem>:sha256=<first 12 hex>``; taken from metadata.json next to the model when
        it records this file's size and hash (no re-hashing), else hashed once."""
        if self._signature is None:
            digest = self._metadata_sha256() or file_sha256(self.path)
            self._signature = f"{self.name}:sha256={digest[:12]}"
        return self._signature

    def _metadata_sha256(self) -> str | None:
        meta = self.path.parent / "metadata.json"
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            info = data["model_file"]
            if info["name"] == self.path.name and int(info["size_bytes"]) == self.path.stat().st_size:
                return str(info["sha256"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def score_tokens(self, words: list[str]) -> SentenceScore:
        toks = lm_tokens(words)
        scores = list(self._model.full_scores(" ".join(toks), bos=True, eos=True))
        # full_scores yields one (log10 prob, ngram length, oov) per token, then one for </s>.
        if len(scores) != len(toks) + 1:  # pragma: no cover - lm_tokens guarantees no spaces/empties
            raise RuntimeError(f"KenLM returned {len(scores)} scores for {len(toks)} tokens")
        # the three fields of every token's score taken apart at once (one pass each through map)
        logprobs, lengths, oovs = zip(*scores[:-1], strict=True) if toks else ((), (), ())
        token_lp = [lp * _LN10 for lp in logprobs]
        return SentenceScore.from_logprobs(
            token_lp, scores[-1][0] * _LN10, tuple(map(bool, oovs)), tuple(map(int, lengths))
        )

    def unigram_logprobs(self, words: list[str]) -> list[float]:
        """Context-free log P(w) (natural log) per token, 1:1 with ``words``; for frequency-normalised
        scores such as SLOR = mean(log P(w|h) - log P(w)). Not part of the FluencyModel protocol."""
        return list(map(self._unigram, lm_tokens(words)))

    def _unigram_uncached(self, token: str) -> float:
        return next(iter(self._model.full_scores(token, bos=False, eos=False)))[0] * _LN10

    def score_batch(self, sentences: list[list[str]]) -> list[SentenceScore]:
        return [self.score_tokens(words) for words in sentences]

    def __repr__(self) -> str:
        return f"KenLMModel({str(self.path)!r}, order={self.order})"
