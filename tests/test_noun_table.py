"""The compiled german-nouns table (models/morph/de-nouns-wiktionary.npz) answers exactly what the CSV
it is built from says, for every form; it is checked like every model file."""

from __future__ import annotations

import json
from importlib.metadata import version

import pytest

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.lexicon.morphology import COMPILED_TABLE, NounMorphology, read_csv_table

german_nouns = pytest.importorskip("german_nouns.config", reason="the table is compiled from german-nouns")


@pytest.fixture(scope="module")
def csv_table():
    return read_csv_table(german_nouns.CSV_FILE_PATH)


def test_every_form_reads_as_in_the_csv(csv_table):
    readings, unsure, names = csv_table
    table = NounMorphology()
    forms = set(readings) | unsure | names
    assert len(forms) > 250_000
    for form in forms | {"", "Xyzzyquux", "haus"}:
        expected = None if form in unsure or not readings.get(form) else frozenset(readings[form])
        assert table.readings(form) == expected, form
        assert table.is_noun(form) == (form in readings or form in unsure), form
        assert table.is_name(form) == (form in names), form


@pytest.mark.parametrize(
    "form, readings, noun, name",
    [
        ("Regierung", {("nom", "f"), ("gen", "f"), ("dat", "f"), ("acc", "f")}, True, False),
        ("Häuser", {("nom", "p"), ("gen", "p"), ("acc", "p")}, True, False),
        ("Abgeordnete", None, True, False),  # declines like an adjective
        ("Malte", None, False, True),
        ("gestern", None, False, False),
    ],
)
def test_known_forms(form, readings, noun, name):
    table = NounMorphology()
    assert table.readings(form) == (frozenset(readings) if readings else None)
    assert table.is_noun(form) == noun
    assert table.is_name(form) == name


def test_the_shipped_table_is_what_the_build_script_writes():
    meta = json.loads((models_dir() / "morph" / "metadata.json").read_text(encoding="utf-8"))
    entry = meta["files"]["de-nouns-wiktionary.npz"]
    if entry["source"]["package"] != f"german-nouns=={version('german-nouns')}":
        pytest.skip("another german-nouns version is installed than the table was built from")
    from scripts.build_noun_table import compile_table

    assert compile_table(german_nouns.CSV_FILE_PATH) == (models_dir() / COMPILED_TABLE).read_bytes()
    assert entry["licence"].startswith("CC BY-SA 4.0")


def test_a_missing_or_damaged_compiled_table_is_a_model_error(tmp_path, monkeypatch):
    damaged = bytearray((models_dir() / COMPILED_TABLE).read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    (tmp_path / "morph").mkdir()
    (tmp_path / "morph" / "metadata.json").write_bytes(
        (models_dir() / "morph" / "metadata.json").read_bytes()
    )
    monkeypatch.setenv("MTAUDIT_MODELS", str(tmp_path))
    with pytest.raises(ModelError, match="model file not found: .*de-nouns-wiktionary.npz"):
        NounMorphology()
    (tmp_path / COMPILED_TABLE).write_bytes(bytes(damaged))
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        NounMorphology()
