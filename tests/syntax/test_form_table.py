"""The morphology tables are looked up by bisection in their sorted text (audit.syntax.morph.FormTable)
instead of being read into a dict at start: every form gives the entry the line-by-line reading gave,
and forms between the table's are not found."""

from __future__ import annotations

import gzip

import pytest

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.syntax import morph
from audit.syntax.morph import FormTable

TABLES = {"de-verbs.tsv.gz": morph.verb_table, "de-nouns.tsv.gz": morph.noun_table,
          "de-adjectives.tsv.gz": morph.adjective_table}  # fmt: skip


def _read_lines(name: str) -> dict[str, tuple[str, frozenset[str]]]:
    """The table as the reader before FormTable built it: a dict, line by line."""
    table = {}
    with gzip.open(models_dir() / "morph" / name, "rt", encoding="utf-8") as handle:
        for line in handle:
            form, lemmas, codes = line.rstrip("\n").split("\t")
            table[form] = (lemmas.split(",", 1)[0], frozenset(codes.split()))
    return table


def _compare(name: str, step: int) -> None:
    expected, table = _read_lines(name), TABLES[name]()
    assert isinstance(table, FormTable) and len(table) == len(expected)
    for form in list(expected)[::step]:
        assert table.get(form) == expected[form], form
        for near in (form[:-1], form + "e", form.upper(), form + "\x00", form[1:]):
            assert table.get(near) == expected.get(near), near


@pytest.mark.parametrize("name", TABLES)
def test_every_37th_form_and_its_neighbours_as_the_line_reader_gave(name):
    _compare(name, 37)


@pytest.mark.slow
@pytest.mark.parametrize("name", TABLES)
def test_every_form_as_the_line_reader_gave(name):
    _compare(name, 1)
    assert dict(TABLES[name]().items()) == _read_lines(name)


@pytest.mark.parametrize(
    "form", ["", "a", "\U0010ffff", "Ä", "zzzzzz", "\ud800", "ist\tsein", "ß", "Straße"]
)  # fmt: skip
def test_edges_and_odd_keys(form):
    expected = _read_lines("de-verbs.tsv.gz").get(form)
    assert morph.verb_table().get(form) == expected
    assert (form in morph.verb_table()) == (expected is not None)


def test_readings_are_shared_objects():
    table = morph.verb_table()
    assert table.get("sagt")[1] is table.get("fragt")[1]  # both PRÄ.2p PRÄ.3s and so on


@pytest.mark.parametrize(
    "data",
    [b"a\tb\n", b"a\tb\tc\td\n", b"a\tb\tc", b"a\tb\tc\nd\te\n", b"a\tb\n\tc\td\te\n"],
)
def test_a_malformed_table_is_a_model_error(data):
    with pytest.raises(ModelError):
        FormTable(data)


def test_a_small_table():
    table = FormTable("Bank\tBank\tdat.f nom.f\nBänke\tBank\tnom.p\nbänken\tbänken,x\tINF\n".encode())
    assert table.get("Bank") == ("Bank", frozenset({"dat.f", "nom.f"}))
    assert table.get("Bänke") == ("Bank", frozenset({"nom.p"}))
    assert table.get("bänken") == ("bänken", frozenset({"INF"}))
    assert table.get("Ban") is None and table.get("Bänk") is None and table.get("c") is None
    assert len(table) == 3 and [f for f, _ in table.items()] == ["Bank", "Bänke", "bänken"]
    assert len(FormTable(b"")) == 0 and FormTable(b"").get("x") is None
