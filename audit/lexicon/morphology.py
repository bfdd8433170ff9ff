"""Noun morphology for agreement checks: which case, number and gender a German noun form can have.

Source: the ``german-nouns`` package (Wiktionary-derived noun table, CC BY-SA 4.0). Parsing its 20 MB
CSV took over a second at every start, so ``scripts/build_noun_table.py`` (``make morph``) compiles it
into ``models/morph/de-nouns-wiktionary.npz`` (every form and a bit mask of what the table says about
it), which loads in a few hundredths of a second; ``read_csv_table`` is the one reading of the CSV,
used by that script and by the test that compares the two for every form. A form's *readings* are the
(case, number-gender) cells it can fill: case is one of ``nom gen dat acc``; number-gender is ``m``,
``f``, ``n`` for the singular of that gender and ``p`` for any plural. Every reading of every entry is
kept, so a form shared by two nouns ("Reise": the journey, and plural of "Reis") carries the readings of
both; a check that finds no common cell with a determiner is therefore sure the combination is wrong
for every reading the dictionary knows.

Forms that decline like adjectives ("Abgeordnete", "Deutsche"), nouns without a gender in the table and
forms seen only as names are reported as ``None``: their agreement depends on things this table does not
say, and precision matters more than recall here.

HanTa (the project's tagger) gives no gender, case or number; it is not used here.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from audit.lexicon import Lexicon

CASES = {"nominativ": "nom", "genitiv": "gen", "dativ": "dat", "akkusativ": "acc"}
NAME_KINDS = ("Vorname", "Nachname", "Toponym")
Reading = tuple[str, str]  # (case, number-gender): ("nom", "m"), ("dat", "p")

#: the compiled table (models/morph/), built from the german-nouns CSV by scripts/build_noun_table.py
COMPILED_TABLE = "morph/de-nouns-wiktionary.npz"
#: bit ``4 * case + number-gender`` of a form's mask is set when the form has that reading
MASK_CELLS: tuple[Reading, ...] = tuple(
    (c, g) for c in ("nom", "gen", "dat", "acc") for g in ("m", "f", "n", "p")
)
UNSURE = 1 << 16  # a noun whose agreement the table cannot decide (adjectival, no gender)
NAME = 1 << 17  # a first name, surname or place name


def read_csv_table(path: str | Path) -> tuple[dict[str, set[Reading]], set[str], set[str]]:
    """The german-nouns CSV at ``path`` as (readings by form, unsure forms, names)."""
    readings: dict[str, set[Reading]] = {}
    unsure: set[str] = set()
    names: set[str] = set()
    with open(path, encoding="utf-8", newline="") as handle:
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
                names.add(row[0])
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
                    unsure.add(form)
                    continue
                cells = readings.setdefault(form, set())
                if number == "plural":
                    cells.add((case, "p"))
                else:
                    cells.update((case, g) for g in genders)
    return readings, unsure, names


def form_masks(readings: dict[str, set[Reading]], unsure: set[str], names: set[str]) -> dict[str, int]:
    """Every form of the table with its bit mask (``MASK_CELLS``, ``UNSURE``, ``NAME``)."""
    bit = {cell: 1 << i for i, cell in enumerate(MASK_CELLS)}
    masks = dict.fromkeys(sorted(set(readings) | unsure | names), 0)
    for form, cells in readings.items():
        for cell in cells:
            masks[form] |= bit[cell]
    for form in unsure:
        masks[form] |= UNSURE
    for form in names:
        masks[form] |= NAME
    return masks


@lru_cache(maxsize=1024)
def _mask_readings(mask: int) -> frozenset[Reading]:
    """The readings of a mask; the table has a few hundred distinct masks, each decoded once."""
    return frozenset(cell for i, cell in enumerate(MASK_CELLS) if mask >> i & 1)


class NounMorphology:
    """Lookup of noun forms in the german-nouns table (exact case)."""

    def __init__(self) -> None:
        self._masks: dict[str, int] = self._load()

    @staticmethod
    def _load() -> dict[str, int]:
        import numpy as np

        from audit.models import model_file

        with np.load(model_file(COMPILED_TABLE)) as data:
            forms = data["forms"].tobytes().decode("utf-8").split("\n")
            masks = data["masks"].tolist()
        # a dict, not a binary search over the arrays: the rules ask several times per word
        return dict(zip(forms, masks, strict=True))

    def readings(self, form: str) -> frozenset[Reading] | None:
        """All readings of ``form`` as a noun, or None when unknown or unsure (adjectival, no gender)."""
        mask = self._masks.get(form, 0)
        if mask & UNSURE or not mask & 0xFFFF:
            return None
        return _mask_readings(mask & 0xFFFF)

    def is_noun(self, form: str) -> bool:
        return self._masks.get(form, 0) & (UNSURE | 0xFFFF) != 0

    def is_name(self, form: str) -> bool:
        """A first name, surname or place name in the table (``Malte``, ``Kaufmann``, ``Essen``)."""
        return self._masks.get(form, 0) & NAME != 0


@lru_cache(maxsize=1)
def get_morphology() -> NounMorphology:
    """The process-wide noun table."""
    return NounMorphology()


# 81,600 look-ups of 17,900 forms in 20,000 one-sentence records: 77% answered at 10,000, all that
# can be at 20,000 (the bound was 50,000)
@lru_cache(maxsize=20_000)
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
