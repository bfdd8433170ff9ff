"""Casing rules: lower-cased lines and nouns, adjectives capitalised mid-sentence."""

from __future__ import annotations

import pytest

from audit.rules import make_context
from audit.rules.casing import CapitalisedAdjectiveRule, LowercaseLineRule, LowercaseNounRule, recase
from audit.segment import make_article

pytest.importorskip("german_nouns", reason="the casing rules read noun forms from the german-nouns table")


def found(rule, text: str) -> list[str]:
    ctx = make_context(make_article(text))
    findings = list(rule().check(ctx))
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert 0 <= f.confidence <= 1
    return [f.text for f in findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Putin will nach Nordkorea\n\nverhältnis immer enger: wladimir putin will nach nordkorea reisen\n\nDer Text.",
            ["verhältnis immer enger: wladimir putin will nach nordkorea reisen"],
        ),
        (
            "die bundesregierung plant neue regeln für die rente",
            ["die bundesregierung plant neue regeln für die rente"],
        ),
        ("angela merkel besucht paris", ["angela merkel besucht paris"]),
        # Negatives: normal capitalisation, short lines, URLs, lower-case lines without nouns.
        ("Die Bundesregierung plant neue Regeln für die Rente.", []),
        ("zum inhalt", []),
        ("www.example.com/politik/nordkorea-reise", []),
        ("und so weiter und so fort", []),
        ("read more about the summit here", []),
    ],
)
def test_lowercase_line(text: str, expected: list[str]) -> None:
    assert found(LowercaseLineRule, text) == expected


def test_lowercase_line_suggestion() -> None:
    ctx = make_context(make_article("verhältnis immer enger: wladimir putin will nach nordkorea reisen"))
    (finding,) = LowercaseLineRule().check(ctx)
    assert finding.suggestions == ("Verhältnis immer enger: Wladimir Putin will nach Nordkorea reisen",)


def test_recase_keeps_verbs_and_adjectives() -> None:
    from audit.lexicon import get_lexicon

    assert recase("die regierung will reisen", get_lexicon()) == "Die Regierung will reisen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("„Bald“ wird der russische präsident den Gefallen erwidern.", ["präsident"]),
        ("Er kommt am donnerstagmorgen in Berlin an.", ["donnerstagmorgen"]),
        ("Die neue regierung in Den Haag hat das beschlossen.", ["regierung"]),
        ("Wir sprachen mit dem bürgermeister über die Pläne.", ["bürgermeister"]),
        ("Am Ende sprachen wir mit dem bürgermeister.", ["bürgermeister"]),
        ("Der Artikel erschien am Donnerstag lokalzeit früh.", ["lokalzeit"]),
        ("Er zitiert: annum totum in duo tempora, hyemis videlicet et aestatis.", []),
        ("Man darf nicht nach rechts wegkippen und nichts vollbauen.", []),
        ('Das Virus wird übertragen ("Wind"pocken).', []),
        # Negatives: words that are German in lower case, adverbs, verbs, names, technical strings.
        ("Er kommt morgen nach Berlin.", []),
        ("Sie hat recht, und er hat angst.", []),
        ("Wir essen abends gemeinsam.", []),
        ("Das ist das beste, was wir tun können.", []),
        ("Mehr dazu unter www.tagesschau.de/inland/regierung.html im Netz.", []),
        ("Er nutzt das update für die Software.", []),
        ("Dies ist eine alkoholschwere, raue Reise.", []),
        ("Es geht um Metriken, welche diesen wiederspiegeln und stützen.", []),
        ("Er gelangte als Synonym für den Titel basileus in die Sprache.", []),
        ("Das Wall Street Journal berichtet über Kim Jong-un.", []),
        # a foreign phrase after an article (MLQE-PE dev)
        ("Er fügte zum nota bene eine Bemerkung hinzu.", []),
    ],
)
def test_lowercase_noun(text: str, expected: list[str]) -> None:
    assert found(LowercaseNounRule, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Straßen sind mit Russischen Flaggen geschmückt.", ["Russischen"]),
        ("Putin erlangte sein Fünftes Mandat in einer Wahl.", ["Fünftes"]),
        ("Der US-Nationaler Sicherheitssprecher John Kirby sprach.", ["Nationaler"]),
        ("Das Programm umfasste Tests von interkontinentalen Ballistischen Raketen.", ["Ballistischen"]),
        ("Er lobte seinen Französischen Wein.", ["Französischen"]),
        ("Die Firma verkauft Französischen Käse in Berlin.", []),  # after a verb: could be a brand
        # Negatives: set phrases and names the corpus writes capitalised, nominalised adjectives,
        # sentence starts, polite possessives, after a colon, words written either way.
        ("Pjöngjang und Moskau waren während des Kalten Krieges Verbündete.", []),
        ("Er reiste in die Vereinigten Staaten.", []),
        ("Die Ermittlungen des Internationalen Strafgerichtshofs laufen.", []),
        ("Russische Soldaten zogen ab.", []),
        ("Im Wesentlichen geht es um Geld.", []),
        ("Die Symptome sind im Wesentlichen Fieber und Husten.", []),
        ("Sie legitimieren das mit Ihren Spielereien.", []),
        ("Er sagte: Russische Truppen greifen an.", []),
        ("Die Ukraine erhielt Tausende Granaten.", []),
        ("Der Verband der Technischen Überwachungs-Vereine (VdTÜV) warnt.", []),
        ("Die Deutsch-Britische Parlamentariergruppe tagte.", []),
        ("Die Grünen Abgeordneten stimmten zu.", []),
        ("Das fragte der Abgeordnete Malte Kaufmann.", []),
        ("Er war im Camp der sogenannten Sozialistischen Arbeiterjugend.", []),
        ("Die Ähnlichkeit zu Indischen Wölfen (Canis lupus pallipes) ist groß.", []),
    ],
)
def test_capitalised_adjective(text: str, expected: list[str]) -> None:
    assert found(CapitalisedAdjectiveRule, text) == expected


def test_capitalised_adjective_suggestion() -> None:
    ctx = make_context(make_article("Die Straßen sind mit Russischen Flaggen geschmückt."))
    (finding,) = CapitalisedAdjectiveRule().check(ctx)
    assert finding.suggestions == ("russischen",)
    assert finding.category == "casing"


def test_capitalised_term_used_twice_is_not_flagged() -> None:
    text = "War ein Kleines Wertpapierinstitut zuvor tätig, gilt das. Für ein Kleines Wertpapierinstitut gilt es nicht."
    assert found(CapitalisedAdjectiveRule, text) == []
