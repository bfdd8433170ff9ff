"""Morphology for the syntax rules: person and number of finite verbs, cases of prepositions and
pronouns, readings of adjective and noun forms.

- Verbs, adjectives and nouns: the tables in models/morph/ built by ``scripts/build_morph.py`` from
  LanguageTool's German POS dictionary (german-pos-dict, CC BY-SA 4.0). Nouns are looked up in the
  german-nouns table first (audit.lexicon.morphology), which knows more forms per cell; this table
  adds the nouns german-nouns lacks.
- Prepositions and personal pronouns: hand-written closed-class tables in data/ beside this module.

Every table loads on first use, once per process.
"""

from __future__ import annotations

import gzip
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.lexicon.sorted_lines import SortedLines
from audit.models import verified

Cell = tuple[str, str]  # (case, number-gender) as in audit.rules.grammar: ("dat", "f"), ("nom", "p")
PERSON_NUMBERS = ("1s", "2s", "3s", "1p", "2p", "3p")


class FormTable(SortedLines):
    """``form -> (first lemma, readings)`` of one table of models/morph/, looked up by bisection in its
    text, which is sorted by form, one line a form (``scripts/build_morph.py`` writes it so).

    Building a dict of the 100,000-140,000 forms took 0.1-0.25 s a table at every start (the verb and
    noun tables 0.45 s of a 2.2 s one-sentence check, which looks up a handful of forms); loading is now
    a decompression and a few NumPy scans (20-35 ms), and a bisection over the lines costs a few
    microseconds a look-up (the rules' per-form answers are cached: ``finite_agreement``,
    ``table_noun_readings``, ``adjective_cells``) and holds the table as one bytes object, which worker
    processes forked after ``preload`` share without copying (a dict's reference counts are written to,
    which copies its pages into every worker)."""

    def __init__(self, data: bytes):
        # forms share a few thousand distinct reading sets: one frozenset each (one per form cost
        # 300 MB for the three tables)
        self._readings: dict[str, frozenset[str]] = {}
        super().__init__(data)

    def _check(self, data: bytes, starts, ends, tabs) -> None:
        if not (
            len(tabs) == 2 * len(ends)
            and (not data or data.endswith(b"\n"))
            and (starts[:-1] <= tabs[0::2]).all()
            and (tabs[1::2] < ends).all()
        ):
            raise ModelError("morphology table malformed: not three tab-separated fields on every line")

    def __contains__(self, form: str) -> bool:
        return self.get(form) is not None

    def get(self, form: str, default=None) -> tuple[str, frozenset[str]] | None:
        """The entry of ``form`` (exactly as written), ``default`` when the table lacks it."""
        i = self.find(form)
        return default if i < 0 else self._entry(self.rest(i))

    def _entry(self, rest: str) -> tuple[str, frozenset[str]]:
        lemmas, codes = rest.split("\t")
        cells = self._readings.get(codes)
        if cells is None:
            cells = self._readings.setdefault(codes, frozenset(codes.split()))
        return lemmas.split(",", 1)[0], cells

    def items(self):
        """Every ``(form, entry)`` in the table's order."""
        for line in self.lines():
            form, rest = line.split("\t", 1)
            yield form, self._entry(rest)

    def lemma_items(self, lemma: str):
        """The ``(form, entry)`` of every form whose first lemma is ``lemma``, in the table's order:
        ``items()`` filtered, found by a search of the text for the lemma's field (a few ms)."""
        import re

        seen = set()
        for match in re.finditer(
            b"\t" + re.escape(lemma.encode("utf-8", "surrogatepass")) + b"[,\t]", self._data
        ):
            i = bisect_right(self._starts, match.start()) - 1  # the line the match is on
            if i in seen:
                continue
            seen.add(i)
            entry = self._entry(self.rest(i))
            if entry[0] == lemma:
                yield self[i], entry


def _read_table(name: str) -> FormTable:
    """The table models/morph/NAME, checked against its metadata."""
    path = models_dir() / "morph" / name
    if not path.exists():
        raise ModelError(f"morphology table not found: {path} (rebuild with `make morph`)")
    verified(path)  # size and SHA-256 against metadata.json
    return FormTable(gzip.decompress(path.read_bytes()))


@lru_cache(maxsize=1)
def verb_table() -> FormTable:
    return _read_table("de-verbs.tsv.gz")


@lru_cache(maxsize=1)
def adjective_table() -> FormTable:
    return _read_table("de-adjectives.tsv.gz")


@lru_cache(maxsize=1)
def noun_table() -> FormTable:
    return _read_table("de-nouns.tsv.gz")


@lru_cache(maxsize=100_000)
def finite_agreement(form: str) -> frozenset[str] | None:
    """Person-number cells (``3s``, ``1p`` ...) of a finite verb form, None if the form is not a
    known finite verb. Verb-second stems of separable verbs count (``nehme`` of ``mitnehmen``)."""
    entry = verb_table().get(form) or (verb_table().get(form.lower()) if form[:1].isupper() else None)
    if entry is None:
        return None
    cells = frozenset(code[-2:] for code in entry[1] if code[-2:] in PERSON_NUMBERS and "." in code)
    return cells or None


def agreement_cells(form: str) -> frozenset[str] | None:
    """Person-number cells a finite form may have: the table's, plus those its ending allows
    (``-t`` 3s/2p, ``-en`` 1p/3p, ``-e`` 1s/3s, ``-st`` 2s). The table misses readings of some forms
    (``gelangt`` only as gelingen's 2p): the ending can only add readings, so an agreement check built
    on it errs towards silence."""
    cells = finite_agreement(form)
    if cells is None:
        return None
    lower = form.lower()
    if lower.endswith("st"):
        guess = {"2s"}
    elif lower.endswith("t"):
        guess = {"3s", "2p"}
    elif lower.endswith("n"):
        guess = {"1p", "3p"}
    elif lower.endswith("e"):
        guess = {"1s", "3s"}
    else:
        guess = set()
    return cells | guess


SEPARABLE_PARTICLES = (
    "zurück", "zusammen", "weiter", "vorbei", "heraus", "herein", "hinaus", "hinzu", "bereit", "statt",
    "teil", "fest", "frei", "fort", "los", "weg", "hin", "her", "dar", "vor", "nach", "mit", "aus",
    "auf", "ab", "an", "bei", "ein", "zu",
)  # fmt: skip


@lru_cache(maxsize=50_000)
def joined_separable(form: str) -> bool:
    """A finite form of a separable verb with its particle attached (``bereitstellte``, ``ankommt``):
    the verb-final form; in second position the particle would stand apart (``stellte … bereit``)."""
    if not finite_agreement(form):
        return False
    lemma = verb_lemma(form) or ""
    for particle in SEPARABLE_PARTICLES:
        rest = form[len(particle) :]
        if form.startswith(particle) and lemma.startswith(particle) and finite_agreement(rest):
            return True
    return False


def verb_readings(form: str) -> frozenset[str]:
    """All readings of a verb form (``PRÄ.3s``, ``INF``, ``PA2`` ...), empty if unknown."""
    entry = verb_table().get(form) or (verb_table().get(form.lower()) if form[:1].isupper() else None)
    return entry[1] if entry else frozenset()


def verb_lemma(form: str) -> str | None:
    entry = verb_table().get(form) or verb_table().get(form.lower())
    return entry[0] if entry else None


@lru_cache(maxsize=100_000)
def adjective_cells(form: str) -> frozenset[tuple[str, str, str]] | None:
    """(case, number-gender, declension) cells of an attributive adjective form, None if unknown;
    declension is ``weak`` (after der-words), ``mixed`` (after ein-words) or ``strong`` (bare)."""
    entry = adjective_table().get(form)
    if entry is None:
        return None
    names = {"def": "weak", "ind": "mixed", "sol": "strong"}
    out = set()
    for code in entry[1]:
        case, gender, decl = code.split(".")
        out.add((case, gender, names[decl]))
    return frozenset(out)


@lru_cache(maxsize=100_000)
def table_noun_readings(form: str) -> frozenset[Cell] | None:
    """Readings of a noun form from the LanguageTool table, None if the form is not in it."""
    entry = noun_table().get(form)
    if entry is None:
        return None
    return frozenset(tuple(code.split(".")) for code in entry[1])  # type: ignore[misc]


def _data_lines(name: str):
    text = resources.files("audit.syntax").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def prepositions() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """``preposition -> (cases it governs, flags)`` from data/prepositions.tsv."""
    out = {}
    for fields in _data_lines("prepositions.tsv"):
        prep, cases = fields[0], fields[1]
        flags = fields[2] if len(fields) > 2 else ""
        out[prep] = (frozenset(cases.split(",")), frozenset(f for f in flags.split(",") if f))
    return out


@lru_cache(maxsize=1)
def pronouns() -> dict[str, frozenset[tuple[str, str]]]:
    """``pronoun -> {(case, person-number)}`` from data/pronouns.tsv (exact case)."""
    return {
        fields[0]: frozenset(tuple(r.split(".")) for r in fields[1].split())  # type: ignore[misc]
        for fields in _data_lines("pronouns.tsv")
    }


def pronoun_readings(word: str, sentence_initial: bool = False) -> frozenset[tuple[str, str]] | None:
    """Readings of a personal pronoun; a capitalised form at the start of a sentence is read as
    its lower-case form too (``Sie`` there may be ``sie``)."""
    table = pronouns()
    readings = table.get(word)
    if sentence_initial and word[:1].isupper():
        lower = table.get(word.lower(), frozenset())
        readings = (readings or frozenset()) | lower if (readings or lower) else None
    return readings


@lru_cache(maxsize=2_000)
def _verb_forms(lemma: str) -> dict[str, str]:
    """``reading -> form`` of the verb ``lemma``: its first form with that reading, among the forms
    whose first lemma it is. A search of the table's text per lemma (a few ms; ``conjugate`` is asked
    only for the verb of an agreement finding) instead of a dict of every verb's forms, which took
    0.2 s and 35 MB to build."""
    out: dict[str, str] = {}
    for form, (_, codes) in verb_table().lemma_items(lemma):
        for code in codes:
            out.setdefault(code, form)
    return out


def conjugate(form: str, person_number: str) -> list[str]:
    """Forms of ``form``'s verb in ``person_number`` (``3s``), in each tense and mood the form has
    (``besuchen`` -> ``besucht``, ``besuche``); the indicative first."""
    entry = verb_table().get(form)
    if entry is None:
        return []
    lemma, codes = entry
    moods = sorted(
        {c.split(".")[0] for c in codes if "." in c and not c.startswith("V2:") and not c.startswith("IMP")},
        key=("PRÄ", "PRT", "KJ1", "KJ2").index,
    )
    forms = _verb_forms(lemma)
    return list(
        dict.fromkeys(forms[f"{m}.{person_number}"] for m in moods if f"{m}.{person_number}" in forms)
    )
