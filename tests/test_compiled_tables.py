"""The tables that load before ``--jobs`` forks, in their compact forms, answer exactly as the forms
they replaced: the bilingual dictionary and the wordfreq lists as sorted text looked up by bisection
(``audit.lexicon.sorted_lines``), the Russian frequencies as the words above the threshold, a verb's
forms by reading as a search of the verb table; and ``preload`` no longer loads wordfreq's or
langdetect's own tables."""

from __future__ import annotations

import bisect
import gzip
import subprocess
import sys

import pytest

from audit.errors import ModelError
from audit.lexicon.sorted_lines import SortedLines

WORDS = ["Bank", "Bänke", "a", "a b", "ab", "zebra", "ärger", "über", "ß", "中"]


def _table(lines: list[str]) -> SortedLines:
    return SortedLines("".join(f"{line}\n" for line in lines).encode())


@pytest.mark.parametrize("probe", [*WORDS, "", "b", "Ba", "Bankx", "zzz", "A", "\ud800"])
def test_sorted_lines_bisect_and_find_as_a_sorted_list(probe):
    words = sorted(WORDS)
    table = _table(words)
    assert list(table) == words and len(table) == len(words)
    if probe != "\ud800":
        assert bisect.bisect_left(table, probe) == bisect.bisect_left(words, probe)
    assert table.find(probe) == (words.index(probe) if probe in words else -1)


def test_sorted_lines_keys_and_rests():
    table = _table(["a\t1\t2", "b", "c\t", "d\tx|y"])
    assert list(table) == ["a", "b", "c", "d"]
    assert [table.rest(i) for i in range(4)] == ["1\t2", "", "", "x|y"]
    assert table.find("c") == 2 and table.lines() == ["a\t1\t2", "b", "c\t", "d\tx|y"]
    assert len(SortedLines(b"")) == 0 and SortedLines(b"").find("a") == -1
    with pytest.raises(ModelError):
        SortedLines(b"a\nb")


def test_the_dictionary_answers_as_the_dict_of_its_lines():
    from audit.lexicon.bilingual import BilingualDictionary

    dictionary = BilingualDictionary()
    with gzip.open(dictionary.path, "rt", encoding="utf-8") as handle:
        lines = [line.partition("\t") for line in handle.read().split("\n")]
    expected = {key: cells for key, _, cells in lines if cells}
    table = dictionary.table
    assert len(table) == len(expected)
    for key in list(expected)[::97] + ["wednesday", "the", "ally"]:
        assert table.rest(table.find(key)) == expected[key]
    assert dictionary.equivalents("Wednesday")[0] == ("Mittwoch", "m")
    assert dictionary.equivalents("no such headword") == []


def test_a_verbs_forms_are_those_of_the_whole_table():
    from audit.syntax import morph

    whole: dict[tuple[str, str], str] = {}
    for form, (lemma, codes) in morph.verb_table().items():
        for code in codes:
            whole.setdefault((lemma, code), form)
    lemmas = sorted({lemma for lemma, _ in whole})
    for lemma in lemmas[::50] + ["sein", "haben", "besuchen", "mitnehmen"]:
        assert morph._verb_forms(lemma) == {c: f for (x, c), f in whole.items() if x == lemma}
    assert morph._verb_forms("keinverb") == {}
    assert morph.conjugate("besuchen", "3s") == ["besucht", "besuche"]


def test_preload_reads_no_wordfreq_or_langdetect_table():
    """wordfreq's lists (0.8 s, 200 MB) and langdetect's profiles (0.3 s, 55 MB) are not what
    ``preload`` loads; wordfreq's own cache stays empty."""
    code = (
        "import wordfreq\n"
        "from audit.auditor import preload\n"
        "from langdetect import detector_factory\n"
        "preload()\n"
        "print(wordfreq.get_frequency_dict.cache_info().currsize, detector_factory._factory is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True"]


@pytest.mark.slow
@pytest.mark.parametrize("lang, n", [("en", 100_000), ("de", 200_000)])
def test_the_top_words_are_wordfreqs(lang, n):
    from wordfreq import top_n_list

    from audit.rules.untranslated import _sorted_words

    assert list(_sorted_words(lang, n)) == sorted(top_n_list(lang, n))


@pytest.mark.slow
def test_russian_readings_are_those_of_wordfreq():
    """Every word of wordfreq's Russian list at or above the threshold is in the table with its value;
    and for Latin spellings the rule meets, the reading is wordfreq's."""
    from wordfreq import get_frequency_dict, zipf_frequency

    from audit.lexicon import translit

    table = translit._russian_frequencies()
    above = {
        w: z for w in get_frequency_dict("ru") if (z := zipf_frequency(w, "ru")) >= translit.RUSSIAN_MIN_ZIPF
    }
    assert table == above

    def by_wordfreq(word: str):
        best = None
        for candidate in translit.cyrillic_candidates(word):
            z = zipf_frequency(candidate, "ru")
            if z >= translit.RUSSIAN_MIN_ZIPF and (best is None or z > best[1]):
                best = (candidate, z)
        return best

    words = ["prawda", "spasibo", "nasch", "wojna", "dawaj", "choroscho", "sdrawstwujte", "mir", "tschto"]
    words += ["regierung", "haus", "zhizn", "khorosho", "jolka", "yolka", "schtschi"]
    for word in words:
        assert translit.russian_reading.__wrapped__(word) == by_wordfreq(word), word


def test_the_tables_loaded_on_first_use_hold_nothing_the_garbage_collector_walks():
    """langdetect's profiles and the german-nouns rows are loaded by the few articles that need them;
    held as lists (87,000 and 100,000 of them), they were walked by every later full collection."""
    import gc

    from langdetect import detector_factory

    from audit.bitext import prepare_langdetect
    from audit.correct.inflect import _rows_by_lemma

    prepare_langdetect()
    _, rows = _rows_by_lemma()
    if not rows:
        pytest.skip("german-nouns is not installed")
    gc.collect()
    for table in (detector_factory._factory.word_lang_prob_map, rows):
        assert len(table) > 50_000
        assert not any(gc.is_tracked(value) for value in table.values())
    from audit.bitext import detect_languages

    assert detect_languages("The government said on Monday that the plan would go ahead.")[0][0] == "en"
