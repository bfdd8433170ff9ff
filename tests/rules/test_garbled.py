"""Garbled words: lost umlauts, impossible forms, fused words, one-letter misspellings; and the many
unknown-but-fine words of clean German (compounds, derivations, names, Latin, English) left alone."""

from __future__ import annotations

import pytest

from tests.conftest import findings_of


@pytest.fixture(scope="module")
def garbled_auditor():
    from audit import Auditor

    return Auditor(select=["garbled"])


@pytest.mark.parametrize(
    "text, rule, flagged, suggestion",
    [
        # from the seeds
        ("Er reiste in Russlands ostliches Gebiet.", "lost-umlaut", "ostliches", "östliches"),
        (
            'Kirby bezeichnete die Reise als "Charmoffensive" nach der Wahl.',
            "misspelled-word",
            "Charmoffensive",
            "Charmeoffensive",
        ),
        (
            "Die Zone trennt die getrennenden beiden Staaten.",
            "impossible-word-form",
            "getrennenden",
            "trennenden",
        ),
        (
            "Sie bekräftigten ihre unbeugbare Unterstützung.",
            "impossible-word-form",
            "unbeugbare",
            "unbeugsame",
        ),
        (
            "Ein Sprecher antwortete letztwochen, dass nichts geschehe.",
            "fused-words",
            "letztwochen",
            "letzte Woche",
        ),
        ("Er stärkte die Beziehungen, darunter auchs Iran und Syrien.", "misspelled-word", "auchs", "auch"),
        (
            "Kirby nannte die Reise eine Charmoffensive nach der Wahl.",
            "misspelled-word",
            "Charmoffensive",
            "Charmeoffensive",
        ),
        # not from the seeds
        ("Die Gebuhren für die Schule steigen.", "lost-umlaut", "Gebuhren", "Gebühren"),
        ("Das ist moglich, sagte er.", "lost-umlaut", "moglich", "möglich"),
        ("Die Rechtsanwalte des Klägers widersprachen.", "lost-umlaut", "Rechtsanwalte", "Rechtsanwälte"),
        ("Das sind grossere Probleme als gedacht.", "lost-umlaut", "grossere", "größere"),
        ("Der Fluss ist eine gefließende Grenze.", "impossible-word-form", "gefließende", "fließende"),
        ("Der ehemaige Minister trat zurück.", "misspelled-word", "ehemaige", "ehemalige"),
        ("Die Lage ist wahsinnig kompliziert.", "misspelled-word", "wahsinnig", "wahnsinnig"),
        ("Die Diskussinen werden nicht beibehalten.", "misspelled-word", "Diskussinen", "Diskussionen"),
        ("Das US-Prufungsamt widersprach.", "lost-umlaut", "Prufungsamt", "Prüfungsamt"),
    ],
)
def test_positive(garbled_auditor, text, rule, flagged, suggestion):
    found = findings_of(garbled_auditor, text, "garbled")
    assert [(f.rule, f.text) for f in found] == [(rule, flagged)]
    assert found[0].suggestions[0] == suggestion
    assert text[found[0].start : found[0].end] == flagged


@pytest.mark.parametrize(
    "text",
    [
        # productive compounds and derivations
        "Das Kosmodrom ist ein neuer russischer Raketenstartplatz.",
        "Nordkorea gilt als einer der größten Waffenlieferanten der Welt.",
        "Das ist eine krankheitsähnliche, rudelfremde und unkontroverse Erscheinung.",
        "Eine eigenständigere Rolle wäre wünschenswert.",
        "Die Forscher nennen das wissenschaftsethischen Fragen.",
        "Das ist nicht rauszustreichen, sagte sie.",
        # names, foreign words, Latin epithets, acronyms, numbers
        "Der Politologe Nikolai Starikow sprach in einer Talkshow.",
        "Die Art Ursus thibetanus lebt in Asien.",
        "Man nennt ihn den «Godfather of British Blues».",
        "Trotz der Sanktionen bleibt Kim defiant.",
        'Das Programm heißt "Wanderlust" und die Serie "Succession".',
        "Die Sängerin Nadine Norelle und Wolfgango Montanari traten auf.",
        "Das Unternehmen Planet Labs lieferte die Bilder.",
        "Die KN-23 hat eine Reichweite von 700 Kilometern.",
        "Das ist der Deal, sagte der Mann beim Update.",
        "Die Windpocken (vgl. französisch petite verole volante) wurden abgegrenzt.",
        # old or Swiss spellings the corpus knows
        "Das gab keinen Anlaß zur Sorge.",
        "Die grosse Mehrheit stimmte zu.",
        "Er sah Herrn Muller und Frau Moller.",
        "Der ukrainische Präsident Wolodymyr Selensky nahm teil.",  # a name variant, not a typo
        # legal and pre-1996 spellings, inflected compounds
        "Sie schließen sich zu einem Verbande zusammen.",
        "Die Neuordnung der Schiffahrtsverwaltung des Bundes.",
        "Der Schutz der Zahlungsdienstenutzer vor Risiken.",
        "Man entwickelt Konzepte, Resilienzstrategien werden verabschiedet.",
        "Das funktioniert ausserdem auf der Strasse.",
        "Sie fordern eine Vermögen- und Milliardärsteuer.",
        # parts of hyphenated words
        "Man unterscheidet ein-eiige und zwei-eiige Zwillinge.",
        "Weitere Ringe hängen an das Steran-Gerüst an.",
        "Es gibt eine ‚ethnisch-kulturelleʼ Volkszugehörigkeit.",
        "Die Ost-West-Beziehung und die CDU-Fraktion.",
        "Zum Frühstück gab es Frühstückscerealien.",
    ],
)
def test_negative(garbled_auditor, text):
    found = findings_of(garbled_auditor, text, "garbled")
    assert found == [], [(f.rule, f.text) for f in found]


def test_confidence_calibrated(garbled_auditor):
    """A lower-case umlaut loss is surer than a capitalised near-miss, which may be a name."""
    umlaut = findings_of(garbled_auditor, "Er reiste in Russlands ostliches Gebiet.", "garbled")[0]
    capital = findings_of(garbled_auditor, "Die Diskussinen werden nicht beibehalten.", "garbled")[0]
    assert umlaut.confidence > capital.confidence
    assert all(0 <= f.confidence <= 1 for f in (umlaut, capital))


@pytest.mark.parametrize(
    "text, flagged",
    [
        (
            "Luftbilder zeigen Vorbereitungen für ein großes Zugestrichterparade im Zentrum.",
            ["Zugestrichterparade"],
        ),
        ("Der Lokführer zog am Zugesbremsenhebel.", ["Zugesbremsenhebel"]),
        # real compounds, attested linking elements, neighbouring parts that form known words
        ("Der Tagesordnungspunkt wurde auf morgen vertagt.", []),
        ("Das Heizungsbevormundungsgesetz wurde im Bundestag heftig kritisiert.", []),
        ("Die Raketenstartplatzanlage liegt im Osten.", []),
        ("Das Bundeswehrverwaltungsamt prüft die Anträge.", []),
        ("Das Wohnungsbauförderungsgesetz tritt in Kraft.", []),
    ],
)
def test_implausible_compound(auditor, text, flagged):
    found = [f.text for f in auditor.check(text).findings if f.rule == "implausible-compound"]
    assert found == flagged
