"""English -> German equivalents from the Ding dictionary (``models/dict/en-de.tsv.gz``).

The file is built from Debian's ``trans-de-en`` (Ding, GPL-2+) by ``scripts/build_bilingual.py`` at
model-build time; at run time it is read here, once per process and only when a lookup is made (about
a fifth of a second for 213k headwords). Equivalents come best first (Ding's order and German frequency).

``lookup`` also finds inflected English forms: plurals and genitives (``Wednesdays`` -> ``wednesday``,
marked plural), ``-ed``/``-ing`` verb forms and ``-ly`` adverbs, so that the caller can inflect the
German equivalent to fit the sentence (``audit.correct.inflect``).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from audit.lexicon import models_dir

DICT_FILE = "en-de.tsv.gz"


@dataclass(frozen=True, slots=True)
class Equivalent:
    """A German equivalent of an English word: ``pos`` is m, f, n (noun gender), pl (plural noun),
    adj, adv, v or "" (unknown); ``plural`` says the English form was a plural of the headword."""

    german: str
    pos: str
    headword: str
    plural: bool = False

    @property
    def is_noun(self) -> bool:
        return self.pos in ("m", "f", "n", "pl") or (not self.pos and self.german[:1].isupper())


class BilingualDictionary:
    """The English -> German table, loaded on first use."""

    def __init__(self, path: Path | None = None):
        self.path = path or models_dir() / "dict" / DICT_FILE
        self._table: dict[str, str] | None = None

    @property
    def available(self) -> bool:
        """Whether the table is there (it is shipped: a missing one is a ModelError on first use)."""
        from audit.models import verified

        verified(self.path)
        return True

    @property
    def table(self) -> dict[str, str]:
        """Headword -> its raw cells; a cell is parsed only when its headword is looked up (loading
        then takes a fifth of a second)."""
        if self._table is None:
            from audit.models import verified

            table: dict[str, str] = {}
            with gzip.open(verified(self.path), "rt", encoding="utf-8") as handle:
                for line in handle.read().split("\n"):
                    key, _, cells = line.partition("\t")
                    if cells:
                        table[key] = cells
            self._table = table
        return self._table

    def equivalents(self, headword: str) -> list[tuple[str, str]]:
        """(German, pos) pairs of an English headword (lower-cased look-up), best first."""
        cells = self.table.get(headword.lower())
        if not cells:
            return []
        return [(german, pos) for german, _, pos in (c.rpartition("|") for c in cells.split("\t"))]

    def lookup(self, word: str, limit: int = 8) -> list[Equivalent]:
        """German equivalents of an English word form, best first; inflected forms are reduced to
        their headword ("Wednesdays", "allies", "stopped")."""
        out: list[Equivalent] = []
        for headword, plural in english_headwords(word.lower()):
            for german, pos in self.equivalents(headword):
                if plural and pos not in ("m", "f", "n", "pl", ""):
                    continue
                out.append(Equivalent(german, pos, headword, plural))
            if out:
                break
        return out[:limit]


def english_headwords(word: str) -> list[tuple[str, bool]]:
    """Possible headwords of an English form with whether the form is a plural/genitive of it: the form
    itself first, then the stripped forms (``wednesdays`` -> ``wednesday``; ``allies`` -> ``ally``)."""
    word = word.replace("’", "'")
    forms: list[tuple[str, bool]] = [(word, False)]
    if word.endswith("'s"):
        forms.append((word[:-2], False))
    elif word.endswith("s'"):
        forms.append((word[:-1], True))
    if word.endswith("ies") and len(word) > 4:
        forms.append((word[:-3] + "y", True))
    if word.endswith("es") and len(word) > 4:
        forms.append((word[:-2], True))
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append((word[:-1], True))
    if word.endswith("ed") and len(word) > 4:
        forms += [(word[:-1], False), (word[:-2], False)]
    if word.endswith("ing") and len(word) > 5:
        forms += [(word[:-3], False), (word[:-3] + "e", False)]
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=1)
def get_dictionary() -> BilingualDictionary:
    """The process-wide dictionary, its table loaded: ``audit.auditor.PRELOAD`` calls this before
    worker processes fork, and a table first read in each worker cost each of them a private 38 MB
    (it was loaded on a worker's first untranslated word)."""
    dictionary = BilingualDictionary()
    dictionary.table  # noqa: B018 (loads it)
    return dictionary
