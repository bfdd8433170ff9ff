"""Inconsistent spellings of one name within an article."""

from __future__ import annotations

import pytest

from audit.rules import make_context
from audit.rules.inconsistency import InconsistentNameFormRule, InconsistentSpellingRule, transliteration_key
from audit.segment import make_article
from tests.conftest import SEEDS


def run(text: str):
    return list(InconsistentSpellingRule().check(make_context(make_article(text))))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wostotschny", "Vostotsjny"),
        ("Wostotschny", "Wostochny"),
        ("Pjöngjang", "Pyongyang"),
        ("Selenskyj", "Zelenskyy"),
        ("Tschaikowski", "Tchaikovsky"),
        ("Schoigu", "Shoigu"),
        ("Jakutsk", "Yakutsk"),
    ],
)
def test_transliteration_key_joins(a, b):
    assert transliteration_key(a) == transliteration_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Korea", "Korean"),
        ("Ukraine", "Ukrainer"),
        ("Putin", "Puten"),
        ("Corbyn", "Corbin"),  # two surnames
        ("Tennys", "Tennis"),  # a first name and a sport
        ("Ravanna", "Ravana"),
        ("Townshend", "Townsend"),
    ],
)
def test_transliteration_key_keeps_apart(a, b):
    assert transliteration_key(a) != transliteration_key(b)


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        (
            "Kim traf Putin auf dem Kosmodrom Wostotschny. Das Kosmodrom Wostochny liegt im Osten. "
            "Später besuchten sie Wostotschny erneut.",
            ["Wostochny"],
            "Wostotschny",
        ),
        (
            "Der Zug fuhr nach Jakutsk. In Yakutsk war es kalt. Jakutsk liegt an der Lena.",
            ["Yakutsk"],
            "Jakutsk",
        ),
        # exonyms: the German form is suggested, however often the other one occurs
        (
            "Die Straßen von Pyongyang sind geschmückt. Putin dankte Pyongyang. Waffen aus Pjöngjang.",
            ["Pyongyang", "Pyongyang"],
            "Pjöngjang",
        ),
        ("Selenskyj reiste nach Kyiv. In Kiew traf er Scholz.", ["Kyiv"], "Kiew"),
        # a genitive keeps its -s outside the flagged span
        ("Schoigu besuchte Moskau. Shoigus Ministerium schwieg. Schoigu reiste ab.", ["Shoigu"], "Schoigu"),
        # inflection is not inconsistency
        ("Putin reiste ab. Putins Reise dauerte zwei Tage. Kims Zug wartete auf Kim.", [], None),
        ("Russland und Russlands Nachbarn verhandeln über die Ukraine.", [], None),
        # two German words are two words (plural umlaut, sentence-initial function word)
        ("Die Mutter kam. Mütter und Väter warteten vor der Schule.", [], None),
        ("Über Uber wird viel gestritten. Über die Firma Uber schreibt die Presse.", [], None),
        # a deliberate alternative in parentheses or after "englisch"
        ("Kiew (ukrainisch Kyjiw) ist die Hauptstadt. In Kiew leben drei Millionen Menschen.", [], None),
        ("Die Hauptstadt Kiew, englisch Kyiv, liegt am Dnipro. Kiew wuchs rasch.", [], None),
        # the name of an English newspaper keeps its spelling
        ("Der Kyiv Independent berichtete aus Kiew. In Kiew fielen Bomben.", [], None),
        # different names that are close but not transliterations of each other
        ("Die Korean Air fliegt nach Korea. Korea ist geteilt.", [], None),
    ],
)
def test_inconsistent_spelling(text, flagged, suggestion):
    findings = run(text)
    assert [f.text for f in findings] == flagged
    for f in findings:
        assert f.suggestions == (suggestion,)
        assert text[f.start : f.end] == f.text


def test_seed_004_three_spellings():
    text = (SEEDS / "004_3af81b5f3be5d335.txt").read_text(encoding="utf-8")
    found = list(InconsistentSpellingRule().check(make_context(make_article(text))))
    assert {f.text for f in found} == {"Vostotsjny"}
    assert all(f.suggestions == ("Wostotschny",) for f in found)


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        (
            "Kim Jong-un reiste ab. Putin traf Kim Jong-un. Ein Foto zeigt Kim Jong Un am Bahnhof.",
            ["Jong Un"],
            "Jong-un",
        ),
        (
            "Moon Jae In sprach. Moon Jae In lächelte. Präsident Moon Jae-in reiste ab.",
            ["Jae-in"],
            "Jae In",
        ),
        # German compounds are not names: a known word before the hyphen
        ("Der Nato-Gipfel begann. Die Nato Gipfel sind selten.", [], None),
        ("Biotech Anwendungen wachsen. Biotech Anwendungen boomen. Biotech-Anwendungen auch.", [], None),
        # one form only
        ("Kim Jong-un reiste ab. Putin traf Kim Jong-un.", [], None),
        # a slug line is boilerplate's
        (
            "Kim Jong-un reiste ab.\n\n1694609902 Putin verhaetschelt Kim Jong un in der Hoffnung auf mehr Munition",
            [],
            None,
        ),
    ],
)
def test_inconsistent_name_form(text, flagged, suggestion):
    findings = list(InconsistentNameFormRule().check(make_context(make_article(text))))
    assert [f.text for f in findings] == flagged
    for f in findings:
        assert f.suggestions == (suggestion,)
