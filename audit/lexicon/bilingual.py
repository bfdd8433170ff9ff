"""English -> German equivalents from the Ding dictionary (``models/dict/en-de.tsv.gz``).

The file is built from Debian's ``trans-de-en`` (Ding, GPL-2+) by ``scripts/build_bilingual.py`` at
model-build time; at run time it is read here, once per process (``get_dictionary``), and looked up by
bisection in its sorted text (``audit.lexicon.sorted_lines``). Equivalents come best first (Ding's order
and German frequency).

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
from audit.lexicon.sorted_lines import SortedLines

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
        self._table: SortedLines | None = None

    @property
    def available(self) -> bool:
        """Whether the table is there (it is shipped: a missing one is a ModelError on first use)."""
        from audit.models import verified

        verified(self.path)
        return True

    @property
    def table(self) -> SortedLines:
        """The file's lines (``headword<TAB>cells``, sorted by headword), looked up by bisection; a
        line's cells are parsed only when its headword is looked up. Loading is a decompression and a
        few NumPy scans (about 40 ms, 10 MB), where a dict of the 213,000 headwords took a quarter of
        a second and 44 MB."""
        if self._table is None:
            from audit.models import verified

            data = gzip.decompress(verified(self.path).read_bytes())
            if b"\r" in data:  # the dict this replaced was read in text mode: universal newlines
                data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            self._table = SortedLines(data)
        return self._table

    def equivalents(self, headword: str) -> list[tuple[str, str]]:
        """(German, pos) pairs of an English headword (lower-cased look-up), best first."""
        i = self.table.find(headword.lower())
        cells = self.table.rest(i) if i >= 0 else ""
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
    worker processes fork, so that they share its pages."""
    dictionary = BilingualDictionary()
    dictionary.table  # noqa: B018 (loads it)
    return dictionary
