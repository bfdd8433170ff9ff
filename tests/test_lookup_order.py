"""Warm throughput (issue 13): look-ups asked in an order that skips the slow ones whose answer cannot
change the result, with the same results as before. Hunspell de_DE takes 1-70 ms on a long
capitalised compound (it runs a suggestion search on every compound of three or more parts it
accepts) and the wordfreq table is read for every word type in five languages."""

from __future__ import annotations

import random

import numpy as np

from audit.lexicon.frequency import BLOCK, WordList, block_offsets
from audit.lexicon.morph import Morphology
from audit.rules import grammar


class FakeLexicon:
    """Hunspell and corpus answers drawn at random (the same for the same word), and every Hunspell
    question recorded."""

    def __init__(self, seed: int, german: float = 0.5, counts: dict[str, int] | None = None):
        self.seed = seed
        self.german = german
        self.counts = counts or {}
        self.asked: list[str] = []

    def hunspell_de(self, word: str) -> bool:
        self.asked.append(word)
        return random.Random(f"{self.seed}:{word}").random() < self.german

    def corpus_count(self, word: str) -> int:
        return self.counts.get(word, 0)


def _inflected_adjective_before(lexicon, word: str) -> str | None:
    """``grammar.inflected_adjective`` as it was: Hunspell asked before the ending was looked at."""
    if (
        not word.isalpha()
        or not word.islower()
        or word in grammar.NOT_ADJECTIVES
        or word in grammar.QUANTIFIERS
    ):
        return None
    if grammar.determiner(word) is not None:
        return None
    if not lexicon.hunspell_de(word):
        return None
    for ending in grammar.ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if (
                lexicon.hunspell_de(stem)
                and lexicon.hunspell_de(stem + "e")
                and lexicon.hunspell_de(stem + "en")
            ):
                if lexicon.hunspell_de(stem[:1].upper() + stem[1:]) and not lexicon.hunspell_de(stem + "es"):
                    return None
                return ending
            return None
    return None


def test_inflected_adjective_asks_hunspell_only_about_words_with_an_adjective_ending():
    lexicon = FakeLexicon(seed=1, german=0.0)
    for word in ("schnell", "heute", "mit", "dort", "kaum"):
        assert grammar.inflected_adjective.__wrapped__(lexicon, word) is None
    assert lexicon.asked == ["heute"]  # the only one with an ending (-e) and a stem of three letters


def test_inflected_adjective_gives_the_answers_it_gave_before():
    rng = random.Random(13)
    letters = "abcdeilmnorstuäöü"
    words = ["".join(rng.choices(letters, k=rng.randint(1, 10))) for _ in range(3000)]
    words += ["russischen", "teuren", "teure", "leben", "ende", "neues", "kleinem", "alle", "den", "Große"]
    for seed, german in ((1, 0.5), (2, 0.9), (3, 1.0)):
        for word in words:
            expected = _inflected_adjective_before(FakeLexicon(seed, german), word)
            assert grammar.inflected_adjective.__wrapped__(FakeLexicon(seed, german), word) == expected, word


def test_umlaut_restorations_above_a_count_skip_hunspell_and_keep_the_same_words():
    counts = {"Müllar": 40, "Mullär": 25, "Müllär": 3, "Möllar": 2, "Mollär": 60, "Möllär": 100}
    for word in ("Mullar", "Mollar", "Muller"):
        every = Morphology(FakeLexicon(seed=4, counts=counts)).umlaut_restorations(word)
        for min_count in (2, 20, 50):
            lexicon = FakeLexicon(seed=4, counts=counts)
            kept = Morphology(lexicon).umlaut_restorations(word, min_count=min_count)
            assert kept == [c for c in every if counts.get(c, 0) >= min_count]
            assert lexicon.asked == []
    assert Morphology(FakeLexicon(seed=4, counts=counts)).umlaut_restorations("Mullar", 20) == [
        "Müllar",
        "Mullär",
    ]
    assert Morphology(FakeLexicon(seed=4, counts=counts)).umlaut_restorations("Mollar", 50) == [
        "Möllär",
        "Mollär",
    ]


def _table(words: list[str]) -> WordList:
    """A WordList laid out as scripts/build_wordfreq_table.py writes it."""
    buckets = np.arange(len(words), dtype=np.uint16) + 7
    return WordList("\n".join(words).encode("utf-8"), buckets, block_offsets(words), words[::BLOCK])


def test_word_list_finds_every_word_at_every_place_of_its_block():
    rng = random.Random(15)
    words = sorted({"".join(rng.choices("abcäöüßéz", k=rng.randint(1, 8))) for _ in range(1000)})
    table = _table(words)
    for i, w in enumerate(words):
        assert table.bucket(w) == i + 7, w
    known = set(words)
    for probe in ["", "\n", "a\nb", f"{words[0]}\n{words[1]}", "\ud800", "zzzzzzzzz", " ", "ab c"]:
        if probe not in known:
            assert table.bucket(probe) is None, repr(probe)
    for w in words[:200]:
        for probe in (w + "a", w[:-1], w.upper(), "a" + w):
            assert table.bucket(probe) == (words.index(probe) + 7 if probe in known else None), probe


def test_token_rows_search_the_findings_only_in_sentences_that_have_some(auditor, monkeypatch):
    from audit.quality import features
    from audit.spans import SpanIndex

    searched: list[tuple[int, int]] = []

    class CountingIndex(SpanIndex):
        def overlapping(self, start: int, end: int):
            searched.append((start, end))
            return super().overlapping(start, end)

    monkeypatch.setattr(features, "SpanIndex", CountingIndex)

    def token_searches(report) -> int:  # (sentences are searched too, once each)
        tokens = {(t.start, t.end) for s in report.article.sentences for t in s.tokens}
        return sum(1 for span in searched if span in tokens)

    clean = auditor.check("Der Minister kam gestern in Berlin an. Er sprach mit der Presse.")
    assert clean.quality is not None and not clean.findings
    assert token_searches(clean) == 0  # it was one search per token (14 here)
    searched.clear()
    broken = auditor.check("Der Minister kam gestern in Berlin an. Er reiste in Russlands ostliches Gebiet.")
    assert broken.findings
    assert token_searches(broken) == len(broken.article.sentences[1].tokens)
