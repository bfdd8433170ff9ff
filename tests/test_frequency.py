"""The compiled wordfreq table (models/wordfreq/zipf.npz) gives the Zipf frequency wordfreq itself gives,
for every word of every list and for the odd inputs rules send (digits, several tokens, upper case)."""

from __future__ import annotations

import json
import random
import string
from importlib.metadata import version

import pytest
from wordfreq import get_frequency_list
from wordfreq import zipf_frequency as wordfreq_zipf
from wordfreq.tokens import lossy_tokenize

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.lexicon.frequency import LANGUAGES, TABLE, WordList, _plain_token, word_list, zipf_frequency

ODD = [
    "",
    " ",
    "Berlin",
    "BERLIN",
    "don't",
    "2024",
    "3,5",
    "1990er",
    "U.S.A.",
    "l'homme",
    "Straße",
    "STRASSE",
    "e-mail",
    "x1y2",
    "über-all",
    "Zugestrichterparade",
    "hello world",
    "—",
    "Kim Jong-unals",
    "erhöhenGETTY",
    "Сosmodrom",
    "café",
    "ﬁnal",
    "aaaa",
    "zzzzzzz",
    "\u00e9t\u00e9",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sample_and_odd_inputs_match_wordfreq(lang):
    words = [w for bucket in get_frequency_list(lang) for w in bucket]
    sample = words[::211] + [w.capitalize() for w in words[5::997]] + ODD
    for word in sample:
        assert zipf_frequency(word, lang) == wordfreq_zipf(word, lang), (lang, word)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_word_matches_wordfreq(lang):
    table = word_list(lang)
    for bucket in get_frequency_list(lang):
        for word in bucket:
            assert zipf_frequency(word, lang) == wordfreq_zipf(word, lang), (lang, word)
            assert table.bucket(word) is not None, (lang, word)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plain_words_skip_the_tokenizer_with_the_same_tokens(lang):
    words = [w for bucket in get_frequency_list(lang) for w in bucket][::7]
    rng = random.Random(lang)
    words += ["".join(rng.choices(string.ascii_letters + "-'0 ", k=rng.randint(1, 12))) for _ in range(3000)]
    plain = [w for w in words + ODD if _plain_token(w)]
    assert len(plain) > 1000
    for word in plain:
        assert _plain_token(word) == lossy_tokenize(word, lang), (lang, word)
    assert [_plain_token(w) for w in ("Berlin", "straße", "café", "x1y2", "e-mail", "", "don't")] == [
        None
    ] * 7


def test_word_list_edges():
    table = WordList(b"alpha\nbeta\ngamma", [3, 4, 5], [0, 17], ["alpha"])
    assert [table.bucket(w) for w in ("alpha", "beta", "gamma")] == [3, 4, 5]
    assert [table.bucket(w) for w in ("", "aaa", "alphas", "delta", "zeta")] == [None] * 5


def test_the_table_records_its_source():
    meta = json.loads((models_dir() / "wordfreq" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["source"]["package"] == f"wordfreq=={version('wordfreq')}"
    assert meta["licence"].startswith("CC BY-SA 4.0")
    assert set(meta["files"]["zipf.npz"]["words"]) == set(LANGUAGES)


def test_a_missing_table_is_a_model_error(tmp_path, monkeypatch):
    (tmp_path / "wordfreq").mkdir()
    (tmp_path / "wordfreq" / "metadata.json").write_bytes(
        (models_dir() / "wordfreq" / "metadata.json").read_bytes()
    )
    monkeypatch.setenv("MTAUDIT_MODELS", str(tmp_path))
    word_list.cache_clear()
    try:
        with pytest.raises(ModelError, match=f"model file not found: .*{TABLE}"):
            word_list("de")
    finally:
        word_list.cache_clear()
