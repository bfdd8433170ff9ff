"""Suggestions and applicability of findings, after enrichment: dictionary and inflection for untranslated
words, repairs of garbled words, and the deterministic, safe fixes of the mechanical rules. Small
snippets in the style of the seeds (never the seed files)."""

from __future__ import annotations

import pytest

from audit.correct.inflect import adjective_form, inflect_adjective, inflect_noun, read_slot
from audit.segment import make_article


@pytest.fixture(scope="module")
def no_lm_auditor():
    from audit import Auditor

    return Auditor(lm=None)


def finding(auditor, text: str, flagged: str, rule: str | None = None):
    matches = [f for f in auditor.check(text).findings if f.text == flagged and rule in (None, f.rule)]
    assert matches, [(f.rule, f.text) for f in auditor.check(text).findings]
    return matches[0]


# (text, flagged text, rule, first suggestion, applicability)
CASES = [
    # mechanical fixes: safe
    ("Russland will die Zusammenarbeit stets fortzuführen .", " .", "space-before-punctuation", ".", "safe"),
    ("Die Lage  bleibt angespannt.", "  ", "double-space", " ", "safe"),
    ("Er lobte Selensky's Friedensplan.", "Selensky's", "english-possessive", "Selenskys", "safe"),
    ("Der Start erfolgte vom Сosmodrom Wostotschny.", "Сosmodrom", "mixed-script-word", "Cosmodrom", "safe"),
    ("Die Stadt liegt in der NÃ¤he der Grenze.", "Ã¤", "mojibake", "ä", "safe"),
    (
        "Er sprach über Nordkorea Nordkorea und Russland.",
        "Nordkorea Nordkorea",
        "repeated-word",
        "Nordkorea",
        "safe",
    ),
    (
        "Putin traf Kim Jong-un. Sie sprachen mit Kim Jong-unals Gastgeber über Raketen.",
        "Jong-unals",
        "glued-function-word",
        "Jong-un als",
        "safe",
    ),
    (
        "Russland will die Munitionsproduktion erhöhenGETTY",
        "erhöhenGETTY",
        "glued-case-change",
        "erhöhen",
        "safe",
    ),
    (
        "Putin und Kim trafen sich in der Amur-Region.MIKHAIL METZEL – POOL",
        "Amur-Region.MIKHAIL METZEL – POOL",
        "glued-sentence",
        "Amur-Region.",
        "safe",
    ),
    ("Hören\nPutin reist nach Nordkorea. Das wurde am Montag bekannt.", "Hören", "ui-phrase", "", "safe"),
    ("Putin reist nach Nordkorea.\nLeave a Reply\nDas ist alles.", "Leave a Reply", "ui-phrase", "", "safe"),
    ("Das ostliches Ende der Halbinsel ist abgelegen.", "ostliches", "lost-umlaut", "östliches", "safe"),
    (
        "Er sprach mit dem russische präsident über die Lage.",
        "präsident",
        "lowercase-noun",
        "Präsident",
        "safe",
    ),
    # word choices: unsafe
    (
        "Die Parade fand am Abend eines lokalen Wednesdays in der Hauptstadt statt.",
        "Wednesdays",
        "untranslated-word",
        "Mittwochs",
        "unsafe",
    ),
    (
        "Die Lage hat sich letztwochen deutlich verschlechtert.",
        "letztwochen",
        "fused-words",
        "letzte Woche",
        "unsafe",
    ),
    (
        "Die Soldaten forderten die Abzug der Truppen aus dem Land.",
        "die Abzug",
        "article-noun-agreement",
        "den Abzug",
        "unsafe",
    ),
]


@pytest.mark.parametrize("text, flagged, rule, first, applicability", CASES)
def test_suggestion_and_applicability(auditor, text, flagged, rule, first, applicability):
    f = finding(auditor, text, flagged, rule)
    assert f.applicability == applicability
    if first is not None:
        assert f.suggestions[0] == first


def test_repeated_headline_is_deleted_safely(auditor):
    headline = "Putin ist verzweifelt auf der Suche nach Munition"
    text = f"{headline}\n{headline}\nDer russische Präsident traf Kim Jong-un. Es ging um Munition.\n"
    f = [f for f in auditor.check(text).findings if f.rule == "repeated-line"]
    assert len(f) == 1 and f[0].suggestions == ("",) and f[0].applicability == "safe"


@pytest.mark.parametrize(
    "text, flagged, expected, shape",
    [
        # an adjective after a noun-less predicate stays bare
        (
            "Trotz jahrelanger internationaler Sanktionen bleibt Kim defiant.",
            "defiant",
            "trotzig",
            str.islower,
        ),
        # a mangled English adjective between article and noun is declined to fit ("der ... Rede")
        (
            "Kim hielt vor dem Parlament eine Rede, der belligerer Rede folgten Drohungen.",
            "belligerer",
            None,
            lambda s: s.endswith("en"),
        ),
        ("Die Lage hat sich letztwochen deutlich verschlechtert.", "letztwochen", "letzte Wochen", None),
    ],
)
def test_word_choice_candidates(auditor, text, flagged, expected, shape):
    f = finding(auditor, text, flagged)
    assert f.applicability == "unsafe"
    assert f.suggestions
    if expected is not None:
        assert expected in f.suggestions
    if shape is not None:
        assert all(shape(s) for s in f.suggestions), f.suggestions


def test_without_a_language_model_candidates_keep_their_order(no_lm_auditor):
    f = finding(no_lm_auditor, "Trotz aller Sanktionen bleibt Kim defiant.", "defiant")
    assert f.suggestions[0] == "trotzig"  # the dictionary's first equivalent
    f = finding(no_lm_auditor, "Die Parade fand am Abend eines lokalen Wednesdays statt.", "Wednesdays")
    assert f.suggestions[0] == "Mittwochs"


@pytest.mark.parametrize(
    "text",
    [
        "Der Gast Kim Jong-un kam am Mittwoch in Wladiwostok an.",  # names are never touched
        "Das Wall Street Journal berichtete über den Besuch.",
        "Der Film «Godfather of British Blues» lief im Kino.",
        "Die Regierung hat den Plan am Mittwoch vorgestellt.",
    ],
)
def test_clean_text_and_names_get_no_suggestions(auditor, text):
    assert [f for f in auditor.check(text).findings if f.suggestions] == []


def test_protected_spans_get_no_candidates(auditor):
    from audit.correct.candidates import enrich_findings
    from audit.document import Finding
    from audit.rules import make_context

    text = "Der Film «Godfather of British Blues» lief im Kino."
    ctx = make_context(make_article(text), lm=auditor.fluency.model)
    start = text.index("Godfather")
    fake = Finding("untranslated-word", "untranslated", "major", start, start + 9, "Godfather", "m")
    assert ctx.is_protected(fake.start, fake.end)
    assert enrich_findings(ctx, [fake])[0].suggestions == ()


# --- inflection ---------------------------------------------------------------------------------------


def _slot(text: str, word: str):
    from audit.lexicon import get_lexicon

    article = make_article(text)
    words = [t for t in article.sentences[0].tokens if t.kind == "word"]
    index = next(k for k, t in enumerate(words) if t.text == word)
    return read_slot(words, index, get_lexicon(), text)


@pytest.mark.parametrize(
    "text, word, lemma, gender, plural, expected",
    [
        ("am Abend eines lokalen XX statt", "XX", "Mittwoch", "m", True, ["Mittwochs", "Mittwoches"]),
        ("mit dem XX sprechen", "XX", "Staat", "m", False, ["Staat", "Staate"]),
        ("mit den XX sprechen", "XX", "Staat", "m", True, ["Staaten"]),
        ("trotz der XX", "XX", "Antwort", "f", False, ["Antwort"]),
    ],
)
def test_inflect_noun(text, word, lemma, gender, plural, expected):
    forms = inflect_noun(lemma, gender, _slot(text, word), plural)
    assert forms[: len(expected)] == expected


@pytest.mark.parametrize(
    "text, word, base, expected",
    [
        ("Er zeigte eine XX Haltung.", "XX", "trotzig", ["trotzige"]),
        ("Er bleibt XX und schweigt.", "XX", "trotzig", ["trotzig"]),
        ("Mit XX Worten drohte er.", "XX", "trotzig", ["trotzigen"]),
        ("XX bleibt er.", "XX", "trotzig", ["Trotzig"]),  # sentence start
    ],
)
def test_inflect_adjective(text, word, base, expected):
    from audit.lexicon import get_lexicon

    assert inflect_adjective(get_lexicon(), base, _slot(text, word)) == expected


@pytest.mark.parametrize(
    "base, ending, form",
    [
        ("trotzig", "e", "trotzige"),
        ("dunkel", "en", "dunklen"),
        ("leise", "en", "leisen"),
        ("schnell", "", "schnell"),
    ],
)
def test_adjective_form(base, ending, form):
    assert adjective_form(base, ending) == form


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("Er wohnt in einem großen Haus mit seine Familie.", "mit seine Familie", "mit seiner Familie"),
        ("Ich habe der Buch gestern gelesen.", "habe der Buch", "habe das Buch"),
        ("Die Regierung hat den Plan gestern vorgestellt.", "hat den Plan", None),  # nothing beats it
    ],
)
def test_disfluent_spans_get_local_edits_only_past_the_margin(auditor, text, span, expected):
    from audit.correct.candidates import enrich_findings
    from audit.document import Finding
    from audit.rules import make_context

    ctx = make_context(make_article(text), lm=auditor.fluency.model)
    start = text.index(span)
    fake = Finding("disfluent-span", "disfluent", "minor", start, start + len(span), span, "m")
    suggestions = enrich_findings(ctx, [fake])[0].suggestions
    assert (suggestions[0] if suggestions else None) == expected
    no_lm = enrich_findings(make_context(make_article(text)), [fake])[0]
    assert no_lm.suggestions == ()  # without a model no edit can show it beats the original
