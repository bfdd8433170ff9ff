"""The compiled wordfreq table (models/wordfreq/zipf.npz) gives the Zipf frequency wordfreq itself gives,
for every word of every list and for the odd inputs rules send (digits, several tokens, upper case); the
helpers of wordfreq (and ftfy) restated in audit.lexicon.frequency, so that a start need not import
wordfreq, are checked against the originals."""

from __future__ import annotations

import json
import random
import re
import string
import subprocess
import sys
from importlib.metadata import version

import pytest
import regex
from ftfy.fixes import uncurl_quotes
from wordfreq import get_frequency_list
from wordfreq import zipf_frequency as wordfreq_zipf
from wordfreq.language_info import get_language_info
from wordfreq.numbers import digit_freq, smash_numbers
from wordfreq.tokens import TOKEN_RE, lossy_tokenize

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.lexicon.frequency import (
    _TOKEN_EXPR,
    _UNCURL,
    LANGUAGES,
    TABLE,
    WordList,
    _digit_freq,
    _lossy_tokenize,
    _plain_token,
    _regexes,
    _smash_numbers,
    word_list,
    zipf_frequency,
)

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
    "µm",
    "ªº",
    "İstanbul",
    "ǅemal",
    "naïve",
    "’s",
    "rock’n’roll",
    "2019/2020",
    "1.000.000",
    "٣٤٥",
    "東京タワー",
    "ภาษาไทย",
    "@s",
    "amig@s",
    "qu'un",
    "e\u0301t\u0301e",
    "😀",
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
    words += [w.capitalize() for w in words[::5]] + [w.upper() for w in words[::11]]
    plain = [w for w in words + ODD if _plain_token(w)]
    assert len(plain) > 1000
    for word in plain:
        assert _plain_token(word) == lossy_tokenize(word, lang), (lang, word)
    assert [_plain_token(w) for w in ("Berlin", "STRASSE", "straße", "café", "µm")] == [
        ["berlin"],
        ["strasse"],
        ["strasse"],
        ["café"],
        ["μm"],
    ]
    odd = ("x1y2", "e-mail", "", "don't", "Сosmodrom", "ﬁnal", "İstanbul", "e\u0301te", "’s")
    assert [_plain_token(w) for w in odd] == [None] * len(odd)


def test_every_latin1_letter_and_pair_is_one_token():
    letters = [chr(c) for c in range(256) if chr(c).isalpha()]
    assert len(letters) > 100
    for lang in LANGUAGES:
        for a in letters:
            assert _plain_token(a) == lossy_tokenize(a, lang), (lang, a)
    for a in letters:  # the languages' settings are the same (below)
        for b in letters:
            assert _plain_token(a + b) == lossy_tokenize(a + b, "de"), a + b


def test_the_restated_tokenizer_is_wordfreqs():
    # wordfreq's verbose expression without its comments and spacing (it has neither "#" nor spaces in
    # its character classes, nor escaped spaces); ours has none
    bare = "".join(re.sub(r"#[^\n]*", "", TOKEN_RE.pattern).split())
    compiled = _regexes()[0]
    assert compiled.pattern == _TOKEN_EXPR == bare
    assert compiled.flags == TOKEN_RE.flags
    for lang in LANGUAGES:
        assert get_language_info(lang) == {
            "script": "Latn",
            "tokenizer": "regex",
            "normal_form": "NFC",
            "remove_marks": False,
            "dotless_i": False,
            "diacritics_under": None,
            "transliteration": None,
            "lookup_transliteration": None,
        }, lang
    assert not any(c.isspace() or c == "#" for c in _TOKEN_EXPR)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tokens_match_wordfreq(lang):
    rng = random.Random(lang)
    alphabet = (
        string.ascii_letters + "äöüßÄÖÜéèçñœ'’‘‚“”\"-–.,:;!?@#/0123456789٣߁ ̈\u0301\u200d東京タワーภาษาΣσςİı😀"
    )
    words = [w for bucket in get_frequency_list(lang) for w in bucket][3::101]
    words += ["".join(rng.choices(alphabet, k=rng.randint(1, 10))) for _ in range(5000)]
    for word in words + ODD:
        assert _lossy_tokenize(word) == lossy_tokenize(word, lang), (lang, word)


def test_uncurled_quotes_match_ftfy():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert every.translate(_UNCURL) == uncurl_quotes(every)


def test_digits_match_wordfreq():
    rng = random.Random(13)
    numbers = [str(n) for n in range(0, 2200)] + ["007", "3,5", "1.000.000", "12,5%", "x1y22", "٣٤٥", "𑥑𑥒"]
    numbers += ["".join(rng.choices("0123456789.,-a٣", k=rng.randint(1, 9))) for _ in range(5000)]
    for text in numbers:
        assert _smash_numbers(text) == smash_numbers(text), text
        try:
            expected = digit_freq(text)
        except ValueError:  # a digit Python's int() does not know: wordfreq fails alike
            with pytest.raises(ValueError):
                _digit_freq(text)
        else:
            assert _digit_freq(text) == expected, text
    # the regex module's digits, not re's (they differ by the Unicode version of each)
    assert _regexes()[1].pattern == regex.compile(r"\d").pattern


def test_frequencies_need_no_wordfreq():
    code = (
        "import sys\n"
        "from audit.lexicon.frequency import zipf_frequency\n"
        "values = [zipf_frequency(w, l) for w in ('Straße', 'e-mail', '2024', 'don’t', '東京') for l in"
        " ('de', 'en')]\n"
        "assert all(v >= 0 for v in values)\n"
        "print(sorted(m for m in ('wordfreq', 'langcodes') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


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
