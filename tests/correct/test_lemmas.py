"""``lemmas_of``: the noun lemmas of a form, found by scanning the german-nouns lines until enough forms
were asked for to pay for the whole index; the same answers, in the same order, either way."""

from __future__ import annotations

import pytest

from audit.correct import inflect
from audit.correct.inflect import lemmas_of

FORMS = [
    "Bevölkerung",
    "Studenten",  # plural of Student
    "Mittwochs",  # genitive of Mittwoch
    "Regierungen",
    "Häuser",  # an umlauted plural
    "Mütter",
    "Gesetze",
    "Kindes",
    "Schloss",
    "Xylophonkonzertsaalbesucherinnen",  # no lemma
    "regierung",  # forms are case-sensitive
    "E-Mails",
    "Ei",  # a short form inside many lines
]


@pytest.fixture(scope="module")
def index():
    """The whole index, built once for the module."""
    inflect._lemma_index.cache_clear()
    built = inflect._lemma_index()
    inflect._lemma_index.cache_clear()
    return built


@pytest.fixture
def fresh():
    """Neither the index nor a scan remembered, whatever other tests asked."""
    inflect._lemma_index.cache_clear()
    inflect._scanned.cache_clear()
    yield
    inflect._lemma_index.cache_clear()
    inflect._scanned.cache_clear()


@pytest.mark.parametrize("form", FORMS)
def test_a_scan_finds_what_the_index_holds(index, fresh, form):
    assert lemmas_of(form) == index.get(form, ())
    assert inflect._lemma_index.cache_info().currsize == 0  # one form builds no index


def test_known_forms_have_their_lemmas(fresh):
    assert lemmas_of("Studenten") == ("Student",)
    assert lemmas_of("Mittwochs") == ("Mittwoch",)
    assert lemmas_of("Xylophonkonzertsaalbesucherinnen") == ()


def test_many_forms_build_the_index_once(index, fresh, monkeypatch):
    monkeypatch.setattr(inflect, "SCANS_BEFORE_INDEX", 3)
    answers = [lemmas_of(form) for form in FORMS]
    assert inflect._lemma_index.cache_info().currsize == 1
    assert inflect._scanned.cache_info().misses == 3
    assert answers == [index.get(form, ()) for form in FORMS]
