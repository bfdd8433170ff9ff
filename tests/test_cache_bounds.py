"""Issue 15: the per-process caches keyed by word stay within bounds chosen by measured hit rate (the
figures are beside each bound), so a worker's memory does not grow with a feed's vocabulary."""

from __future__ import annotations

import audit.lexicon
import audit.lexicon.morph
from audit.lexicon import (
    COMPOUND_CACHE_SIZE,
    ENGLISH_CACHE_SIZE,
    HUNSPELL_CACHE_SIZE,
    ZIPF_CACHE_SIZE,
    get_lexicon,
    names,
)
from audit.lexicon.bilingual import get_dictionary
from audit.lexicon.frequency import zipf_frequency
from audit.lexicon.morph import Morphology
from audit.lexicon.morphology import noun_readings
from audit.lexicon.translit import russian_reading


def test_the_word_caches_have_the_measured_bounds():
    lexicon = get_lexicon()
    assert lexicon.hunspell_de.cache_info().maxsize == HUNSPELL_CACHE_SIZE <= 100_000
    assert lexicon.is_english.cache_info().maxsize == ENGLISH_CACHE_SIZE <= 20_000
    assert lexicon._compound_parts.cache_info().maxsize == COMPOUND_CACHE_SIZE <= 20_000
    assert audit.lexicon._zipf.cache_info().maxsize == ZIPF_CACHE_SIZE <= 50_000
    assert names._is_german.cache_info().maxsize == names.NAME_CACHE_SIZE <= 50_000
    for cache in (names._foreign_common, names._more_german):
        assert cache.cache_info().maxsize == names.WORD_CACHE_SIZE <= 20_000
    morphology = Morphology(lexicon)
    for cache in (morphology.known, morphology.known_exact, morphology.plausible):
        assert cache.cache_info().maxsize == audit.lexicon.morph.CACHE_SIZE <= 20_000
    assert noun_readings.cache_info().maxsize <= 20_000
    assert russian_reading.cache_info().maxsize <= 10_000


def test_the_frequency_cache_stays_within_its_bound_and_answers_the_same():
    lexicon = get_lexicon()
    words = [f"qzx{i}" for i in range(ZIPF_CACHE_SIZE + 500)] + ["haus", "the"]
    assert all(lexicon.zipf(w, "de") == 0.0 for w in words[:-2])
    assert audit.lexicon._zipf.cache_info().currsize == ZIPF_CACHE_SIZE
    for word in ("haus", "the", "qzx0"):  # "qzx0" left the cache: asked again, the same answer
        assert lexicon.zipf(word, "de") == zipf_frequency(word, "de")


def test_morphology_caches_stay_within_their_bound(monkeypatch):
    monkeypatch.setattr(audit.lexicon.morph, "CACHE_SIZE", 30)
    small, full = Morphology(get_lexicon()), Morphology(get_lexicon())
    words = ["haus", "unkontrovers", "krankheitsähnlichen", *(f"xqv{i}haus" for i in range(100))]
    for _ in range(2):
        assert [small.known(w) for w in words] == [full.known(w) for w in words]
        assert [small.known_exact(w) for w in words] == [full.known_exact(w) for w in words]
        assert [small.plausible(w) for w in words] == [full.plausible(w) for w in words]
    for cache in (small.known, small.known_exact, small.plausible):
        assert cache.cache_info().currsize <= 30


def test_the_bilingual_table_is_loaded_with_the_dictionary():
    """``audit.auditor.PRELOAD`` calls get_dictionary before the workers fork: the table must be loaded
    then, or each worker reads its own copy (38 MB) on its first untranslated word."""
    dictionary = get_dictionary.__wrapped__()  # a fresh one, as PRELOAD's call makes the first time
    assert dictionary._table is not None and len(dictionary._table) > 100_000
    assert get_dictionary()._table is not None


def test_the_untranslated_rule_caches_have_the_measured_bounds():
    from audit.rules import untranslated

    assert untranslated.word_class.cache_info().maxsize <= 50_000
    assert untranslated.known_german.cache_info().maxsize <= 50_000
    assert untranslated.hunspell_german.cache_info().maxsize <= 20_000
    assert untranslated.established_german.cache_info().maxsize <= 20_000
    # asked only when word_class misses, with word_class's key: a cache of it never answered
    assert not hasattr(untranslated.foreign_language, "cache_info")


def test_the_rule_and_language_model_caches_have_the_measured_bounds():
    from audit.lm import lm_token
    from audit.rules import casing, grammar, inconsistency

    assert lm_token.cache_info().maxsize <= 50_000
    assert grammar.inflected_adjective.cache_info().maxsize <= 50_000
    assert grammar._english_loan.cache_info().maxsize <= 20_000
    assert inconsistency._ordinary_word.cache_info().maxsize <= 50_000
    assert casing._capital_only.cache_info().maxsize <= 20_000


def test_the_kenlm_unigram_cache_is_a_bounded_lru_that_answers_the_same(monkeypatch):
    """It was a dict that stopped growing only at a million words (100+ MB in each worker)."""
    from audit.lm import DEFAULT_NGRAM_MODEL, ngram

    monkeypatch.setattr(ngram, "UNIGRAM_CACHE_SIZE", 25)
    small = ngram.KenLMModel(DEFAULT_NGRAM_MODEL)
    monkeypatch.setattr(ngram, "UNIGRAM_CACHE_SIZE", 10_000)
    full = ngram.KenLMModel(DEFAULT_NGRAM_MODEL)
    words = ["".join(chr(97 + (i // 26**k) % 26) for k in range(3)) for i in range(60)] + ["Haus", "der"]
    for _ in range(2):
        assert small.unigram_logprobs(words) == full.unigram_logprobs(words)
    assert small._unigram.cache_info().currsize == 25 and small._unigram.cache_info().maxsize == 25


def test_no_cache_in_the_package_is_unbounded():
    """Every functools cache of a module-level function has a bound (maxsize=None grows with the input)."""
    import importlib
    import pkgutil

    import audit

    unbounded = []
    for module_info in pkgutil.walk_packages(audit.__path__, "audit."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if callable(info) and info().maxsize is None:
                unbounded.append(f"{module_info.name}.{name}")
    assert unbounded == []


def test_a_cached_compound_split_is_the_callers_own_list():
    lexicon = get_lexicon()
    parts = lexicon.compound_split("Raketenstartplatz")
    assert parts == ["raketen", "startplatz"]
    parts.append("changed")
    assert lexicon.compound_split("Raketenstartplatz") == ["raketen", "startplatz"]
