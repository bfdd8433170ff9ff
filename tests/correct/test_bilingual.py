"""The English -> German dictionary: the committed file and its metadata, look-up of inflected English
forms, and the Ding parser of scripts/build_bilingual.py on small entries."""

from __future__ import annotations

import hashlib
import json
import sys

import pytest

from audit.lexicon.bilingual import english_headwords, get_dictionary
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_bilingual  # noqa: E402

DICT_DIR = ROOT / "models" / "dict"


def test_committed_file_matches_its_metadata():
    meta = json.loads((DICT_DIR / "metadata.json").read_text(encoding="utf-8"))
    data = (DICT_DIR / meta["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == meta["sha256"]
    assert len(data) == meta["bytes"] < 5_000_000  # a few MB at most
    assert "GPL" in meta["licence"] and "trans-de-en" in meta["source"]["url"]
    assert (DICT_DIR / "README.md").exists()


@pytest.mark.parametrize(
    "form, expected, absent",
    [
        ("wednesdays", ("wednesday", True), None),
        ("allies", ("ally", True), None),
        ("kim's", ("kim", False), None),
        ("stopped", ("stopp", False), None),
        ("defiant", ("defiant", False), ("defian", True)),
        ("glass", ("glass", False), ("glas", True)),  # -ss is no plural
        ("bus", ("bus", False), ("bu", True)),  # too short to strip
    ],
)
def test_english_headwords(form, expected, absent):
    headwords = english_headwords(form)
    assert headwords[0] == (form, False)
    assert expected in headwords
    if absent is not None:
        assert absent not in headwords


@pytest.mark.parametrize(
    "english, german, pos, plural",
    [
        ("Wednesday", "Mittwoch", "m", False),
        ("Wednesdays", "Mittwoch", "m", True),
        ("defiant", "trotzig", "adj", False),  # from the adverb "defiantly"
        ("stubborn", "stur", "adj", False),
        ("scholarship", "Stipendium", "n", False),
    ],
)
def test_lookup(english, german, pos, plural):
    found = get_dictionary().lookup(english)
    assert any(e.german == german and e.pos == pos and e.plural == plural for e in found), found


@pytest.mark.parametrize("english", ["xqzvtt", "", "Mittwoch"])
def test_lookup_of_unknown_words_is_empty(english):
    assert get_dictionary().lookup(english) == []


def test_plural_lookup_offers_only_nouns():
    assert all(e.is_noun for e in get_dictionary().lookup("Wednesdays"))


# --- the build script's parser ----------------------------------------------------------------------

DING = [
    "Mittwoch {m} /Mi/ :: Wednesday /Wed/",
    "Aalbestand {m} | Aalbestände {pl} :: eel stock | eel stocks",
    "kämpferisch; streitlustig {adj} :: belligerent; combative",
    "trotzig {adv} :: defiantly",
    "aufmüpfig [Ös.]; widerspenstig {adj} :: defiant",
    "jdm. etw. entgegenschleudern {vt} :: to hurl sth. at sb.",
    "antworten {vi} :: to reply",
    "# a comment :: not an entry",
]


@pytest.mark.parametrize(
    "key, german, pos",
    [
        ("wednesday", "Mittwoch", "m"),
        ("eel stock", "Aalbestand", "m"),
        ("eel stocks", "Aalbestände", "pl"),  # aligned sub-entries
        ("belligerent", "streitlustig", "adj"),  # the tag at the end covers the list
        ("combative", "kämpferisch", "adj"),
        ("defiantly", "trotzig", "adv"),
        ("defiant", "widerspenstig", "adj"),
        ("reply", "antworten", "v"),  # "to" dropped from verbs
    ],
)
def test_parse_keeps(key, german, pos):
    table = build_bilingual.parse(DING)
    assert (german, pos) in table[key]


@pytest.mark.parametrize(
    "key, german",
    [
        ("defiant", "aufmüpfig"),  # Austrian
        ("hurl sth. at sb.", "jdm. etw. entgegenschleudern"),  # placeholders
        ("a comment", "# a comment"),
    ],
)
def test_parse_drops(key, german):
    table = build_bilingual.parse(DING)
    assert all(g != german for g, _ in table.get(key, {}))


def test_rank_gives_adjectives_their_adverbs():
    ranked = build_bilingual.rank(
        build_bilingual.parse(DING), per_key=8, min_zipf_en=0.0, min_zipf_phrase=0.0
    )
    assert {("trotzig", "adj"), ("widerspenstig", "adj")} <= set(ranked["defiant"])
    assert ("aufmüpfig", "adj") not in ranked["defiant"]


@pytest.mark.parametrize(
    "text, parts",
    [
        ("a; b", ["a", " b"]),
        ("trotz {prp; +Gen.}; b", ["trotz {prp; +Gen.}", " b"]),
        ("x (y; z) | w", ["x (y; z) | w"]),
    ],
)
def test_split_top_ignores_separators_in_brackets(text, parts):
    assert build_bilingual.split_top(text, ";") == parts
