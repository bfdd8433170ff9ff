"""Noun morphology for agreement checks: which case, number and gender a German noun form can have.

Source: the ``german-nouns`` package (Wiktionary-derived noun table, CC BY-SA 4.0), read once per process
on first use (about a second). A form's *readings* are the (case, number-gender) cells it can fill:
case is one of ``nom gen dat acc``; number-gender is ``m``, ``f``, ``n`` for the singular of that gender
and ``p`` for any plural. Every reading of every entry is kept, so a form shared by two nouns ("Reise":
the journey, and plural of "Reis") carries the readings of both; a check that finds no common cell with
a determiner is therefore sure the combination is wrong for every reading the dictionary knows.

Forms that decline like adjectives ("Abgeordnete", "Deutsche"), nouns without a gender in the table and
forms seen only as names are reported as ``None``: their agreement depends on things this table does not
say, and precision matters more than recall here.

HanTa (the project's tagger) gives no gender, case or number, and needs numpy, which the project's
environment does not install; it is not used here.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from audit.lexicon import Lexicon

CASES = {"nominativ": "nom", "genitiv": "gen", "dativ": "dat", "akkusativ": "acc"}
NAME_KINDS = ("Vorname", "Nachname", "Toponym")
Reading = tuple[str, str]  # (case, number-gender): ("nom", "m"), ("dat", "p")


class NounMorphology:
    """Lookup of noun forms in the german-nouns table (exact case)."""

    def __init__(self) -> None:
        self._readings: dict[str, set[Reading]] = {}
        self._unsure: set[str] = set()
        self._names: set[str] = set()
        self._load()

    def _load(self) -> None:
        try:
            from german_nouns.config import CSV_FILE_PATH
        except ImportError:  # optional dependency missing: the grammar rules stay silent
            return
        with open(CSV_FILE_PATH, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            genus_cols = [i for i, h in enumerate(header) if h.startswith("genus")]
            form_cols = []
            for i, h in enumerate(header):
                parts = h.split()
                if len(parts) >= 2 and parts[0] in CASES:
                    adjectival = any(p in ("stark", "schwach", "gemischt") for p in parts[2:])
                    form_cols.append((i, CASES[parts[0]], parts[1].rstrip("*"), adjectival))
            for row in reader:
                pos = row[1]
                if any(kind in pos for kind in NAME_KINDS):
                    self._names.add(row[0])
                if "Substantiv" not in pos:
                    continue
                genders = {row[i] for i in genus_cols if row[i]}
                forms = [(row[i], case, number, adj) for i, case, number, adj in form_cols if row[i]]
                if not forms:
                    continue
                adjectival = any(adj for *_, adj in forms) or "adjektivische Deklination" in pos
                for form, case, number, _ in forms:
                    if " " in form or form.startswith("-"):
                        continue
                    if (
                        adjectival
                        or (number == "singular" and not genders <= {"m", "f", "n"})
                        or (number == "singular" and not genders)
                    ):
                        self._unsure.add(form)
                        continue
                    cells = self._readings.setdefault(form, set())
                    if number == "plural":
                        cells.add((case, "p"))
                    else:
                        cells.update((case, g) for g in genders)

    def readings(self, form: str) -> frozenset[Reading] | None:
        """All readings of ``form`` as a noun, or None when unknown or unsure (adjectival, no gender)."""
        if form in self._unsure:
            return None
        cells = self._readings.get(form)
        return frozenset(cells) if cells else None

    def is_noun(self, form: str) -> bool:
        return form in self._readings or form in self._unsure

    def is_name(self, form: str) -> bool:
        """A first name, surname or place name in the table (``Malte``, ``Kaufmann``, ``Essen``)."""
        return form in self._names


@lru_cache(maxsize=1)
def get_morphology() -> NounMorphology:
    """The process-wide noun table."""
    return NounMorphology()


@lru_cache(maxsize=50_000)
def noun_readings(form: str, lexicon: Lexicon | None = None) -> frozenset[Reading] | None:
    """Readings of a noun form; a compound unknown to the table takes those of its head
    (``Heimatpublikum`` -> ``Publikum``, ``Wartungsaufwand`` -> ``Aufwand``).

    Heads are endings of the word (at least four letters, or three beside a longer one, after a known modifier of at least three,
    with or without a linking element) that the table knows as nouns; where several qualify
    (``Verkehrs|achse`` / ``Verkehr|sachse``) the readings of all are kept, so that a wrong split can
    only make a check more lenient. Words in -schaft, -ung, -heit, -keit, -ion, -tät are feminine.
    A form that can be a nominalised infinitive (``das Einhämmern``, ``ein Stirnrunzeln``) also gets
    the neuter singular.
    """
    morph = get_morphology()
    direct = morph.readings(form)
    infinitive = (
        form.endswith("n") and lexicon is not None and lexicon.hunspell_de(form[:1].lower() + form[1:])
    )
    if direct is not None:
        # The table has the odd wrong gender ("Impfempfehlung" as neuter): the suffix and the head
        # of a compound may add readings, never remove them.
        extra = (
            _suffix_readings(form, lexicon) or _head_readings(morph, form, lexicon)[0]
            if "-" not in form
            else None
        )
        extra = (extra or frozenset()) | (_genitive_s_readings(morph, form) or frozenset())
        direct = direct | extra  # "des Comics": the table knows only the plural
    elif not morph.is_noun(form):
        if "-" in form:
            parts = form.split("-")
            if any(not p[:1].isupper() for p in parts):
                return None  # "Copy-and-Paste": not a German compound
            return noun_readings(parts[-1], lexicon)
        direct = _suffix_readings(form, lexicon) or _genitive_s_readings(morph, form)
        if direct is None and lexicon is not None and lexicon.is_german(form):
            direct, infinitive_head = _head_readings(morph, form, lexicon)
            infinitive = infinitive or infinitive_head
    if (
        direct is None
        and lexicon is not None
        and form.endswith("ens")
        and lexicon.hunspell_de(form[:1].lower() + form[1:-1])
    ):
        return frozenset({("gen", "n")})
    if direct is None:
        return None
    if infinitive:
        direct = direct | {("nom", "n"), ("acc", "n"), ("dat", "n")}
    if lexicon is not None and form.endswith("ens") and lexicon.hunspell_de(form[:1].lower() + form[1:-1]):
        direct = direct | {("gen", "n")}  # "während des Drehens": genitive of a nominalised infinitive
    return direct


FEMININE_SUFFIXES = ("schaft", "ung", "heit", "keit", "ion", "tät")
NOT_SUFFIXES = ("sprung", "schwung", "jung")  # der Sprung, der Schwung: no -ung derivations
SINGULAR_F = frozenset((c, "f") for c in ("nom", "gen", "dat", "acc"))
PLURAL = frozenset((c, "p") for c in ("nom", "gen", "dat", "acc"))


def _suffix_readings(form: str, lexicon: Lexicon | None) -> frozenset[Reading] | None:
    if len(form) < 7 or form.endswith(NOT_SUFFIXES):
        return None
    if form.endswith(FEMININE_SUFFIXES):
        return SINGULAR_F
    singular = form[:-2]
    # "Entlassungen" is a plural, "Hirtenjungen" is not: the singular must be a word.
    if (
        form.endswith("en")
        and singular.endswith(FEMININE_SUFFIXES)
        and not singular.endswith(NOT_SUFFIXES)
        and lexicon is not None
        and lexicon.hunspell_de(singular)
    ):
        return PLURAL
    return None


def _genitive_s_readings(morph: NounMorphology, form: str) -> frozenset[Reading] | None:
    """``Lateins``, ``Comics``: a noun plus -s is its genitive (masculine, neuter) or an -s plural."""
    if not form.endswith("s") or len(form) < 5:
        return None
    stem = morph.readings(form[:-1])
    if stem is None:
        return None
    genders = {g for _, g in stem if g in ("m", "n")}
    plural = PLURAL if not any(g == "p" for _, g in stem) else frozenset()  # "Lebens" is no plural
    return frozenset({("gen", g) for g in genders}) | plural


def _head_readings(
    morph: NounMorphology, form: str, lexicon: Lexicon | None
) -> tuple[frozenset[Reading] | None, bool]:
    """Union of the readings of every plausible head, and whether a head may be an infinitive."""
    if lexicon is None:
        return None, False
    lower = form[:1].lower() + form[1:]
    if lower.endswith(("e", "en", "er", "es", "em")) and lexicon.hunspell_de(lower):
        return None, False  # possibly a nominalised adjective ("das Ungeborene"): declines like one
    cells: set[Reading] = set()
    infinitive = False
    long_head = False
    for i in range(3, len(form) - 2):
        head = form[i].upper() + form[i + 1 :]
        if not morph.is_noun(head) or not _known_modifier(lexicon, form[:i]):
            continue
        readings = morph.readings(head)
        if readings is None:
            return None, False  # a head declined like an adjective ("…beauftragte")
        cells |= readings
        long_head = long_head or len(head) >= 4
        infinitive = infinitive or (head.endswith("n") and lexicon.hunspell_de(head.lower()))
    if not long_head:
        return None, False  # a three-letter head alone ("Walm|art") is too often a chance match
    return frozenset(cells), infinitive


def _known_modifier(lexicon: Lexicon, modifier: str) -> bool:
    """The first part of a compound, possibly with a linking element (Wartung-s-, Heimat-)."""
    for link in ("", "s", "es", "n", "en", "er", "e"):
        if link and not modifier.endswith(link):
            continue
        stem = modifier[: len(modifier) - len(link)] if link else modifier
        # Three-letter modifiers only when Hunspell knows them as nouns (Eis-, Ost-; not "Lat|eins").
        if len(stem) >= 4 and lexicon.is_german_any_case(stem):
            return True
        if (
            len(stem) == 3
            and stem.lower() not in ("mit", "und", "der", "die", "das")
            and lexicon.hunspell_de(stem.capitalize())
        ):
            return True
    return False
