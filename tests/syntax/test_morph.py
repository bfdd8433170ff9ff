"""Morphology tables for the syntax rules: verb person and number, conjugation, adjective and noun
readings, prepositions and pronouns."""

from __future__ import annotations

import pytest

from audit.syntax.morph import (
    adjective_cells,
    agreement_cells,
    conjugate,
    finite_agreement,
    prepositions,
    pronoun_readings,
    table_noun_readings,
    verb_lemma,
)


@pytest.mark.parametrize(
    ("form", "cells"),
    [
        ("besuchen", {"1p", "3p"}),
        ("ist", {"3s"}),
        ("sagte", {"1s", "3s"}),
        ("nehme", {"1s", "3s"}),  # also the verb-second stem of mitnehmen
        ("ankommt", {"3s", "2p"}),  # a separable verb joined, as in a verb-final clause
        ("gestern", None),
        ("Haus", None),
    ],
)
def test_finite_agreement(form, cells):
    assert finite_agreement(form) == (frozenset(cells) if cells else None)


def test_agreement_cells_add_what_the_ending_allows():
    assert {"3s"} <= agreement_cells("gelangt")  # the table has it only as gelingen's 2p
    assert agreement_cells("unbekanntwort") is None


@pytest.mark.parametrize(
    ("form", "person", "expected"),
    [("besuchen", "3s", ["besucht", "besuche"]), ("spielt", "3p", ["spielen"]), ("hat", "1p", ["haben"])],
)
def test_conjugate(form, person, expected):
    assert conjugate(form, person) == expected


def test_lemmas_and_adjectives_and_nouns():
    assert verb_lemma("arbeite") == "arbeiten"
    assert ("acc", "n", "strong") in adjective_cells("neues")
    assert ("dat", "m", "strong") not in adjective_cells("neues")
    assert {("nom", "n"), ("dat", "p")} <= table_noun_readings("Haus") | table_noun_readings("Häusern")


def test_closed_class_tables():
    table = prepositions()
    assert table["mit"][0] == {"dat"}
    assert table["über"][0] == {"acc", "dat"}
    assert "conj" in table["während"][1] and "post" in table["nach"][1]
    assert ("dat", "3s") in pronoun_readings("ihm")
    assert ("nom", "pol") in pronoun_readings("Sie")
    assert ("nom", "3p") in pronoun_readings("Sie", sentence_initial=True)
    assert pronoun_readings("Haus") is None
