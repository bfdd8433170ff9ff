"""The syntax layer: part-of-speech tags for every token and the clause structure built on them.

Computed once per article, on first use, and shared by the rules through ``ArticleContext.syntax``
(like ``name_spans``). Tags come from our distilled tagger (audit/syntax/tagger.py), morphology
(case, number, gender, person) from audit/syntax/morph.py, clauses from audit/syntax/clauses.py.

Tag names are STTS as HanTa writes them: finite verbs ``VV(FIN)``, ``VA(FIN)``, ``VM(FIN)``; infinitives
``VV(INF)`` ...; participles ``VV(PP)``; ``ART`` articles, ``APPR`` prepositions, ``KOUS`` subordinating
conjunctions, ``PRELS`` relative pronouns, ``NN`` nouns, ``NE`` names, ``ADJ(A)`` attributive adjectives.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from audit.document import Article, Sentence, Token
from audit.errors import ModelError
from audit.lexicon import models_dir

FINITE = frozenset({"VV(FIN)", "VA(FIN)", "VM(FIN)"})
INFINITIVE = frozenset({"VV(INF)", "VA(INF)", "VM(INF)", "VV(IZU)"})
PARTICIPLE = frozenset({"VV(PP)", "VA(PP)", "VM(PP)"})
VERBAL = FINITE | INFINITIVE | PARTICIPLE | frozenset({"VV(IMP)", "PTKVZ"})
NOMINAL = frozenset({"NN", "NE", "NNA", "NNI"})
DETERMINERS = frozenset({"ART", "PDAT", "PIAT", "PPOSAT", "PWAT", "PRELAT"})


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """A sentence and one tag per token."""

    sentence: Sentence
    tags: tuple[str, ...]

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.sentence.tokens

    def __len__(self) -> int:
        return len(self.tags)


def model_path() -> Path:
    return models_dir() / "syntax" / "tagger.npz"


@lru_cache(maxsize=1)
def get_tagger():
    """The process-wide tagger; its file is checked against the checksum in its metadata."""
    from audit.syntax.tagger import Tagger

    path = model_path()
    if not path.exists():
        raise ModelError(f"POS tagger model not found: {path}")
    meta_path = path.with_name("metadata.json")
    try:
        expected = json.loads(meta_path.read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"POS tagger metadata unreadable: {meta_path} ({exc})") from exc
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        raise ModelError(f"POS tagger model corrupt: {path} does not match the sha256 in {meta_path.name}")
    try:
        return Tagger(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"POS tagger model unreadable: {path} ({exc})") from exc


def tagger_signature() -> str:
    """The tagger's name in score signatures: its checksum prefix."""
    meta = json.loads(model_path().with_name("metadata.json").read_text(encoding="utf-8"))
    return f"tagger:{meta['sha256'][:8]}"


def analyse(article: Article) -> tuple[TaggedSentence, ...]:
    """Tags for every sentence of the article, in order."""
    tags = get_tagger().tag_many([[t.text for t in s.tokens] for s in article.sentences])
    return tuple(TaggedSentence(s, tuple(t)) for s, t in zip(article.sentences, tags, strict=True))


__all__ = ["TaggedSentence", "analyse", "get_tagger", "FINITE", "INFINITIVE", "PARTICIPLE", "NOMINAL"]
