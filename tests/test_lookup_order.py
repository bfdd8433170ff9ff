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


class _WholeWordsAtRandom:
    """The real lexicon, with Hunspell's answers on the words asked directly drawn at random (the
    same for the same word) and recorded; the compound parts that ``compound_split`` asks about keep
    their real answers."""

    def __init__(self, seed: int, german: float):
        from audit.lexicon import get_lexicon

        self.real, self.seed, self.german = get_lexicon(), seed, german
        self.asked: list[str] = []

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def hunspell_de(self, word: str) -> bool:
        self.asked.append(word)
        return random.Random(f"{self.seed}:{word}").random() < self.german


def _implausible_before(rule, lexicon, word: str):
    """``ImplausibleCompoundRule.diagnose`` as it was: Hunspell asked about the word and its pairs
    before the linking elements were looked at (that check, ``_wrong_link``, is unchanged)."""
    if not word[0].isupper() or "-" in word:
        return None
    if lexicon.corpus_count(word) >= 1 or lexicon.hunspell_de(word):
        return None
    parts = lexicon.compound_split(word)
    if not parts or len(parts) < 3:
        return None
    for a, b in zip(parts, parts[1:], strict=False):
        pair = (a + b).capitalize()
        if lexicon.corpus_count(pair) >= 1 or lexicon.hunspell_de(pair):
            return None
    return rule._wrong_link(lexicon, parts)


def test_implausible_compound_asks_hunspell_last_and_gives_the_answers_it_gave_before():
    from types import SimpleNamespace

    from audit.rules.garbled import ImplausibleCompoundRule

    rule = ImplausibleCompoundRule()
    rng = random.Random(17)
    stems = "zug haus wald stadt bahn kraft werk arbeit wind blatt winkel schule garten markt land wasser"
    stems += " trichter parade rotor steuerung verstellung tier heim sport feld bild geld"
    links = ("", "", "s", "es", "e", "en", "n", "er")
    words = {"Zugestrichterparade", "Blattwinkelverstellung", "Raketenstartplatz"}
    while len(words) < 1500:
        parts = rng.sample(stems.split(), rng.randint(2, 4))
        words.add("".join(p + rng.choice(links) for p in parts[:-1]).capitalize() + parts[-1])
    found = asked_before = asked_now = 0
    for seed, german in ((5, 0.0), (6, 0.3), (7, 0.8)):
        for word in sorted(words):
            before, now = _WholeWordsAtRandom(seed, german), _WholeWordsAtRandom(seed, german)
            expected = _implausible_before(rule, before, word)
            token = SimpleNamespace(text=word, kind="word")
            assert rule.diagnose(SimpleNamespace(lexicon=now), token) == expected, word
            found += expected is not None
            asked_before += len(before.asked)
            asked_now += len(now.asked)
    assert found >= 50  # the comparison covers the rule's findings, not only its silence
    assert asked_now < asked_before * 0.7, (asked_now, asked_before)
    # ordinary compounds of unseen text (1,463 in 100,000 words of news) cost Hunspell nothing now
    for word in ("Blattwinkelverstellung", "Körperschallentkopplung", "Wissenserwerbsstrategien"):
        lexicon = _WholeWordsAtRandom(8, 1.0)
        assert lexicon.corpus_count(word) == 0 and len(lexicon.compound_split(word)) == 3
        assert (
            rule.diagnose(SimpleNamespace(lexicon=lexicon), SimpleNamespace(text=word, kind="word")) is None
        )
        assert lexicon.asked == [], word


def test_a_long_compound_of_two_corpus_words_is_german_without_asking_hunspell(monkeypatch):
    from audit.lexicon import COMPOUND_FIRST_LENGTH, get_lexicon

    lexicon = get_lexicon()
    asked: list[str] = []
    real = lexicon.hunspell_de
    monkeypatch.setattr(lexicon, "hunspell_de", lambda word: asked.append(word) or real(word))
    # Hunspell takes milliseconds on each (and rejects the first two, which are German all the same)
    for word in ("Windpockenerkrankungen", "Plattformstrategien", "Forschungsträgerorganisationen"):
        assert len(word) >= COMPOUND_FIRST_LENGTH and lexicon.corpus_count(word) < 3
        assert lexicon.is_german(word), word
        assert word not in asked  # (its parts are asked about: short words, answered at once)
    # Hunspell decides: a split into three parts no two of which make a corpus word (a garbled word
    # may look so), a hyphenated word (each part on its own), a word shorter than the bound
    for word, german in (("Zugestrichterparade", False), ("Neu-Ruppin", False), ("Blattkante", True)):
        assert lexicon.is_german(word) is german, word
        assert word in asked


def test_the_garbled_rules_share_one_scan_of_the_article(auditor, monkeypatch):
    """Four of the five rules report the word doctor's diagnoses: the article's words are scanned and
    diagnosed once for them (it was once for each), and once for the implausible-compound rule."""
    from audit.rules import garbled

    scans: list[int] = []
    real = garbled._candidate_tokens

    def counted(ctx):
        scans.append(1)
        return real(ctx)

    monkeypatch.setattr(garbled, "_candidate_tokens", counted)
    report = auditor.check("Die Behorden prüften das ostliche Gebiet. Er hat letztwochen angerufen.")
    assert {f.rule for f in report.findings} >= {"lost-umlaut", "fused-words"}
    assert len(scans) == 2


HYPHENATED = [
    "Faustball-Weltmeisterschaften",
    "Neu-Ruppin",
    "Al-Qaida-Ableger",
    "E-Mail",
    "EU-Kommission",
    "EU-1",
    "EU-31",
    "E.-AG",
    "BFS-Nr.",
    "Onshore-Windenergieanlagen",
    "US-Präsident",
    "Kim-Jong-un",
    "Corona-Pandemie",
    "Ost-West-Konflikt",
    "Rüstungsgüter-Konglomerat",
    "Xyzq-Haus",
    "Haus-Xyzq",
    "a-b-c-d-e-f-g-h-i-j-k",
    "-Haus",
    "Haus-",
    "Haus--Boot",
    "MMRV-Kombinationsimpfstoff",
    "Hubdach-Wohnwagen",
    "Berlin-Mitte",
    "Baden-Württemberg",
    "Nordrhein-Westfalen",
    "ADGB-Vorsitzender",
    "Magen-Darm-Komplikationen",
    "Reiz-Reaktions-Mechanismen",
    "UN-Sicherheitsrat",
    "Vize-Ministerpräsident",
    "Covid-19-Pandemie",
    "haus-boot",
    "HAUS-BOOT",
    "Haus-boot",
    "Mc-Donald's",
    "Haus-BOOT",
    "HAUS-Boot",
    "EU-KOMMISSION",
    "NATO-Gipfel",
    "NATO-GIPFEL",
    "Ärzte-Kammer",
    "ÄRZTE-KAMMER",
    "über-all",
    "Über-All",
]


def test_hyphenated_words_get_hunspells_own_answers():
    from audit.lexicon import Lexicon, _spell

    lexicon = Lexicon()  # its own caches: each word is decided here, not remembered from another test
    for word in HYPHENATED:
        assert lexicon.hunspell_de(word) == _spell(lexicon._hunspell_de, word), word
