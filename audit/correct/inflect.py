"""Inflect a German word to fit the place of another in a sentence.

A dictionary gives lemmas (``Mittwoch``, ``trotzig``); the sentence needs forms (``eines lokalen
Mittwochs``, ``die trotzige Haltung``). The slot's case, number and gender come from the determiner and
adjectives before it and the noun after it, read with the agreement tables of ``audit.rules.grammar``;
noun forms come from the german-nouns table (Wiktionary, CC BY-SA 4.0), adjective forms from the
regular endings, checked against Hunspell. Where the context does not decide (no determiner), every
plausible form is returned and the language model chooses (``audit.correct.rank``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from audit.document import Token
from audit.lexicon import Lexicon
from audit.rules.grammar import (
    DEGREE_ADVERBS,
    STRONG,
    Cell,
    adjective_ending,
    determiner,
    inflected_adjective,
)

CASES = {"nominativ": "nom", "genitiv": "gen", "dativ": "dat", "akkusativ": "acc"}
ALL_CELLS = frozenset((c, g) for c in ("nom", "gen", "dat", "acc") for g in ("m", "f", "n", "p"))


def _csv_path() -> str | None:
    try:
        from german_nouns.config import CSV_FILE_PATH
    except ImportError:
        return None
    return str(CSV_FILE_PATH)


@lru_cache(maxsize=1)
def _rows_by_lemma() -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """The table's header and its raw lines by lemma: a third of a second, where parsing every row
    takes a second or more; rows are parsed only when their lemma is asked for."""
    path = _csv_path()
    if path is None:
        return [], {}
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    first, _, body = text.partition("\n")
    header = next(csv.reader([first]))
    grouped: dict[str, list[str]] = {}
    for line in body.split("\n"):
        if line:
            grouped.setdefault(line.partition(",")[0], []).append(line)
    # tuples, not lists: the garbage collector stops tracking a tuple of strings, where these 100,000
    # lists were walked by every later full collection of the run
    return header, {lemma: tuple(lines) for lemma, lines in grouped.items()}


@lru_cache(maxsize=4)
def _columns(header: tuple[str, ...]) -> tuple[list[int], list[tuple[int, str, str]]]:
    """The gender columns and the (column, case, number) form columns of the table's header: read
    once, not for every lemma (that was three quarters of parsing the whole table)."""
    genus_cols = [i for i, h in enumerate(header) if h.startswith("genus")]
    columns: list[tuple[int, str, str]] = []
    for i, h in enumerate(header):
        parts = h.split()
        if len(parts) >= 2 and parts[0] in CASES:
            columns.append((i, CASES[parts[0]], parts[1].rstrip("*")))
    return genus_cols, columns


def _parse_rows(header: list[str], lines: Iterable[str]) -> dict[Cell, tuple[str, ...]]:
    genus_cols, columns = _columns(tuple(header))
    for row in csv.reader(lines):
        if len(row) < len(header) or "Substantiv" not in row[1]:
            continue
        genders = [row[i] for i in genus_cols if row[i] in ("m", "f", "n")]
        cells: dict[Cell, list[str]] = {}
        for i, case, number in columns:
            form = row[i]
            if not form or " " in form:
                continue
            keys = [(case, "p")] if number == "plural" else [(case, g) for g in genders]
            for key in keys:
                forms = cells.setdefault(key, [])
                if form not in forms:
                    forms.append(form)
        if cells:  # the first noun row of a lemma is its main sense
            return {k: tuple(v) for k, v in cells.items()}
    return {}


@lru_cache(maxsize=20_000)
def noun_forms(lemma: str) -> dict[Cell, tuple[str, ...]]:
    """The declension table of a noun lemma (``Mittwoch``: gen.m -> (Mittwochs, Mittwoches), ...);
    empty when german-nouns does not know it."""
    header, rows = _rows_by_lemma()
    lines = rows.get(lemma)
    return _parse_rows(header, lines) if lines else {}


#: forms ``lemmas_of`` looks up by scanning the table's lines (30-60 ms each) before it builds the
#: whole index instead (about a second): a run asks for one or two forms per 100,000 words
SCANS_BEFORE_INDEX = 20


@lru_cache(maxsize=1)
def _lemma_index() -> dict[str, tuple[str, ...]]:
    """Noun form -> lemmas (all rows parsed: about a second, built only once ``lemmas_of`` has been
    asked for SCANS_BEFORE_INDEX forms)."""
    header, rows = _rows_by_lemma()
    index: dict[str, tuple[str, ...]] = {}
    for lemma, lines in rows.items():
        for forms in _parse_rows(header, lines).values():
            for form in forms:
                if lemma not in index.get(form, ()):
                    index[form] = (*index.get(form, ()), lemma)
    return index


def lemmas_of(form: str) -> tuple[str, ...]:
    """The noun lemmas a form belongs to (``Mittwochs`` -> Mittwoch), in the table's order."""
    if (
        '"' in form
        or _lemma_index.cache_info().currsize
        or _scanned.cache_info().misses >= SCANS_BEFORE_INDEX
    ):
        return _lemma_index().get(form, ())
    return _scanned(form)


@lru_cache(maxsize=SCANS_BEFORE_INDEX)
def _scanned(form: str) -> tuple[str, ...]:
    """``_lemma_index().get(form, ())`` without the index: only the lemmas with a line that holds
    ``form`` are parsed. A field equal to ``form`` is part of its line's text unless CSV quoting
    doubled a quotation mark in it, which a form without one cannot have."""
    header, rows = _rows_by_lemma()
    found = []
    for lemma, lines in rows.items():
        for line in lines:
            if form in line:
                if any(form in forms for forms in _parse_rows(header, lines).values()):
                    found.append(lemma)
                break
    return tuple(found)


def adjective_form(base: str, ending: str) -> str:
    """``trotzig`` + ``e`` -> ``trotzige``; ``dunkel`` + ``e`` -> ``dunkle``; ``leise`` + ``en`` -> ``leisen``."""
    if not ending:
        return base
    if base.endswith("e"):
        return base + ending[1:]
    if base.endswith("el") and not base.endswith(("ell", "iel")):
        return base[:-2] + "l" + ending
    return base + ending


@dataclass(frozen=True, slots=True)
class Slot:
    """What the sentence asks of the word at one position."""

    #: (case, number-gender) cells the noun phrase around the slot can have, or None when unknown
    cells: frozenset[Cell] | None
    #: adjective declension in the phrase: strong, weak or mixed
    declension: str
    #: readings of the noun right after the slot (the slot is then an attributive adjective)
    noun_after: frozenset[Cell] | None
    sentence_initial: bool


def read_slot(words: Sequence[Token], index: int, lexicon: Lexicon, text: str = "") -> Slot:
    """The grammatical context of ``words[index]`` (word tokens of one sentence, in order)."""
    from audit.lexicon.morphology import noun_readings

    cells: frozenset[Cell] | None = None
    declension = "strong"
    endings: list[str] = []
    k = index - 1
    while k >= 0:
        w = words[k].text
        ending = inflected_adjective(lexicon, w)
        if ending is not None:
            endings.append(ending)
        elif w not in DEGREE_ADVERBS:
            break
        k -= 1
    if k >= 0 and determiner(words[k].text) is not None:
        cells, declension = determiner(words[k].text)
    if endings:
        fitting = frozenset(
            c for c in (cells or ALL_CELLS) if all(adjective_ending(c, declension) == e for e in endings)
        )
        cells = fitting or cells
    noun_after = None
    if index + 1 < len(words):
        nxt = words[index + 1].text
        if (
            nxt[:1].isupper()
            and nxt.isalpha()
            and (not text or text[words[index].end : words[index + 1].start] == " ")
        ):
            noun_after = noun_readings(nxt, lexicon)
    return Slot(cells, declension, noun_after, index == 0)


def inflect_noun(lemma: str, gender: str, slot: Slot, plural: bool) -> list[str]:
    """Forms of a noun lemma that fit the slot, most likely first; the lemma itself when the table
    does not know the noun. ``gender`` is m/f/n, or pl for a plural-only entry."""
    table = noun_forms(lemma)
    if not table:
        return [lemma]
    numbers = ["p"] if gender == "pl" else ([gender, "p"] if not plural else ["p", gender])
    cells = slot.cells
    out: list[str] = []
    for number in numbers:
        for case in ("nom", "acc", "dat", "gen"):
            cell = (case, number)
            if cells is not None and cell not in cells:
                continue
            if cells is None and case == "gen":
                continue  # a bare genitive noun is rare; without a determiner offer nom/acc/dat
            out.extend(table.get(cell, ()))
    return list(dict.fromkeys(out))


def inflect_adjective(lexicon: Lexicon, base: str, slot: Slot) -> list[str]:
    """Forms of an adjective that fit the slot: declined before a noun, bare elsewhere (predicative
    or adverbial: ``bleibt Kim trotzig``)."""
    if slot.noun_after is None:
        forms = [base]
    else:
        cells = slot.noun_after if slot.cells is None else slot.cells & slot.noun_after
        if not cells:
            cells = slot.noun_after
        declension = slot.declension
        endings = sorted(
            {adjective_ending(c, declension) if slot.cells is not None else STRONG[c] for c in cells}
        )
        forms = [adjective_form(base, e) for e in endings]
        forms = [f for f in forms if lexicon.hunspell_de(f) or lexicon.corpus_count(f) >= 3] or forms
    if slot.sentence_initial:
        forms = [f[:1].upper() + f[1:] for f in forms]
    return forms
