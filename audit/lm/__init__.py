"""Fluency language models: one small interface, pluggable backends.

Light on purpose: importing :mod:`audit.lm` imports nothing heavy. The KenLM backend
(``audit.lm.ngram``) imports the ``kenlm`` package only when a model is loaded.

Conventions
-----------
* Callers pass **word tokens** (one list of strings per sentence, as produced by their tokenizer,
  punctuation as separate tokens). The model applies :func:`lm_tokens` itself, so callers never
  normalise; the same function is applied to the training text (``scripts/train_ngram.py``).
* All log-probabilities are **natural logarithms** (KenLM's log10 values are multiplied by ln 10),
  so n-gram and future transformer backends are on the same scale.
* ``SentenceScore.token_logprobs`` holds exactly one value per input token, in input order;
  the end-of-sentence probability is separate (``eos_logprob``). ``total`` includes it,
  ``perplexity`` = exp(-total / (len(tokens) + 1)).

Specs for :func:`load_model`
----------------------------
``None``, ``""``, ``"none"``, ``"off"``
    no language model (returns ``None``).
``"ngram"`` / ``"kenlm"``
    the shipped German n-gram model, ``models/ngram/de-4gram.binary`` (override the path with the
    environment variable ``MTAUDIT_NGRAM_MODEL``).
a path ending in ``.binary``, ``.arpa``, ``.arpa.gz``, ``.klm`` (or ``kenlm:PATH``)
    that KenLM model.
``"transformer"``, ``"hf:NAME_OR_PATH"``, a directory with a Hugging Face ``config.json``
    the neural backend (:mod:`audit.lm.transformer`; needs torch and transformers).
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from audit.lexicon import models_dir

__all__ = [
    "DEFAULT_NGRAM_MODEL",
    "KENLM_REQUIREMENT",
    "FluencyModel",
    "LMUnavailable",
    "ModelFileNotFound",
    "SentenceScore",
    "lm_token",
    "lm_tokens",
    "load_model",
]

#: pip requirement for the run-time KenLM query module: the official PyPI sdist, compiled on install
#: (needs g++, no Boost; ~2 min). Drop-in alternative with prebuilt wheels (same ``import kenlm``,
#: identical scores on the shipped model): ``kenlm-ex==0.2.1``. Install only one of the two.
KENLM_REQUIREMENT = "kenlm-ex>=0.2.1"  # a wheel; the official kenlm==0.3.0 sdist gives the same scores but compiles for ~2 min

#: The shipped model (committed to git, installed with the package; rebuilt by ``make models``).
DEFAULT_NGRAM_MODEL = models_dir() / "ngram" / "de-4gram.binary"

_KENLM_SUFFIXES = (".binary", ".klm", ".arpa", ".arpa.gz", ".arpa.xz", ".arpa.bz2")


class LMUnavailable(RuntimeError):
    """The requested language model cannot be used (backend missing, not installed, bad spec)."""


class ModelFileNotFound(LMUnavailable, FileNotFoundError):
    """The model file named by the spec does not exist."""


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """Scores of one sentence. All log-probabilities are natural logs (base e).

    ``token_logprobs[i]`` is log P(token_i | history) for the i-th *input* token (1:1 aligned);
    ``eos_logprob`` is log P(</s> | history); ``total`` is the sum of both;
    ``perplexity`` is exp(-total / (n_tokens + 1)).
    ``oov[i]`` is True when the i-th token is not in the model's vocabulary (its logprob is then
    the model's unknown-word probability); empty tuple when the backend has no notion of OOV.
    ``ngram_orders[i]`` is the length of the longest n-gram the model matched for the i-th token
    (1: it backed off to the unigram, the transition from the previous word was never seen); empty
    tuple for backends without n-grams. The ``disfluent`` rule reads both.
    """

    token_logprobs: tuple[float, ...]
    eos_logprob: float
    total: float
    perplexity: float
    oov: tuple[bool, ...] = ()
    ngram_orders: tuple[int, ...] = ()

    @property
    def mean_logprob(self) -> float:
        """Length-normalised score: ``total / (n_tokens + 1)`` (end-of-sentence counted)."""
        return self.total / (len(self.token_logprobs) + 1)

    @classmethod
    def from_logprobs(
        cls,
        token_logprobs: list[float] | tuple[float, ...],
        eos_logprob: float,
        oov: tuple[bool, ...] = (),
        ngram_orders: tuple[int, ...] = (),
    ) -> SentenceScore:
        toks = tuple(token_logprobs)
        total = math.fsum(toks) + eos_logprob
        return cls(toks, eos_logprob, total, math.exp(-total / (len(toks) + 1)), oov, ngram_orders)


@runtime_checkable
class FluencyModel(Protocol):
    """A language model that scores tokenised sentences."""

    name: str
    #: identifies model + version for caching/reports, e.g. ``kenlm:de-4gram:sha256=abcd1234ef56``
    signature: str

    def score_batch(self, sentences: list[list[str]]) -> list[SentenceScore]:
        """Score each sentence (a list of word tokens); one :class:`SentenceScore` per sentence."""
        ...


# --------------------------------------------------------------------------------------------
# The one token normalisation, shared by training (scripts/train_ngram.py) and querying.
# Changing it invalidates the shipped model: bump LM_TOKENS_VERSION and retrain.
# --------------------------------------------------------------------------------------------
LM_TOKENS_VERSION = 1

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_CHAR_MAP = str.maketrans(
    {
        # quotation marks -> one ASCII double quote / one apostrophe
        "„": '"',
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "‟": '"',
        "″": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "‹": "'",
        "›": "'",
        "`": "'",
        "´": "'",
        "′": "'",
        # dashes -> en dash (hyphen-minus stays)
        "—": "–",
        "‒": "–",
        "―": "–",
        "−": "–",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u00a0": " ",  # no-break space (then removed below)
        "…": "...",
    }
)
_SPECIAL = {"<s>": "<unk>", "</s>": "<unk>", "<unk>": "<unk>"}


# Bound by measured hit rate (issue 15; 20,000 one-sentence records, one worker's share):
# 96.6% of look-ups answered at 50,000 entries, about 97% at any size
@lru_cache(maxsize=50_000)
def lm_token(word: str) -> str:
    """Normalise one token for the LM: NFC, unify quote/dash variants, every digit -> ``0``,
    whitespace removed (KenLM separates on spaces); case is kept. Never returns ``""``
    (empty/special tokens become ``<unk>``), so alignment with the input is always 1:1."""
    w = unicodedata.normalize("NFC", word).translate(_CHAR_MAP)
    w = _DIGIT.sub("0", w)
    w = _SPACE.sub("", w)
    if not w:
        return "<unk>"
    return _SPECIAL.get(w, w)


def lm_tokens(words: list[str]) -> list[str]:
    """:func:`lm_token` applied to each word; same length as ``words``."""
    return list(map(lm_token, words))


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------
def _default_ngram_path() -> Path:
    env = os.environ.get("MTAUDIT_NGRAM_MODEL")
    return Path(env) if env else DEFAULT_NGRAM_MODEL


def _load_kenlm(path: Path) -> FluencyModel:
    if not path.is_file():
        raise ModelFileNotFound(
            f"KenLM model file not found: {path} "
            "(reinstall mtaudit or build it with `make models`, set MTAUDIT_MODELS, or pass --lm none)"
        )
    if path == DEFAULT_NGRAM_MODEL:
        from audit.models import verified

        verified(path)  # its size against metadata.json (its SHA-256 is in the signature)
    from audit.lm.ngram import KenLMModel  # imports kenlm lazily

    return KenLMModel(path)


def load_model(spec: str | os.PathLike[str] | None) -> FluencyModel | None:
    """Return the fluency model named by ``spec`` (see module docstring), or ``None`` for no model.

    Raises :class:`ModelFileNotFound` for a missing model file and :class:`LMUnavailable` for an
    unknown spec, a backend that is not implemented, or a missing ``kenlm`` package.
    """
    if spec is None:
        return None
    if isinstance(spec, os.PathLike):
        if not Path(spec).is_dir():
            return _load_kenlm(Path(spec))
        spec = str(spec)  # a model directory: the transformer backend, below
    s = spec.strip()
    if s.lower() in {"", "none", "off", "no", "false"}:
        return None
    if s.lower() in {"ngram", "kenlm", "default"}:
        return _load_kenlm(_default_ngram_path())
    if s.lower().startswith("kenlm:"):
        return _load_kenlm(Path(s[len("kenlm:") :]).expanduser())

    # The neural backend (audit/lm/transformer.py): "transformer" (the project's model), "hf:<hub
    # name or local dir>", or a directory holding a Hugging Face config.json. torch and transformers
    # are imported only here.
    if (
        s.lower() == "transformer"
        or s.lower().startswith("hf:")
        or (Path(s).is_dir() and (Path(s) / "config.json").is_file())
    ):
        try:
            from audit.lm.transformer import load_transformer
        except ImportError as exc:
            raise LMUnavailable(
                f"the transformer backend needs torch and transformers ({exc}); "
                "install them with `pip install -c constraints.txt -r requirements-lm.txt`"
            ) from exc
        return load_transformer(s)

    if s.lower().endswith(_KENLM_SUFFIXES):
        return _load_kenlm(Path(s).expanduser())
    raise LMUnavailable(
        f"unknown language-model spec {spec!r}: expected 'ngram', 'none', 'transformer', "
        "or a path to a KenLM .binary/.arpa file"
    )
