"""untranslated-word: single foreign words in German sentences, and what must never be flagged."""

from __future__ import annotations

import pytest

from tests.conftest import findings_of


@pytest.mark.parametrize(
    "text, flagged, suggestion",
    [
        ("Trotz der Sanktionen bleibt Kim defiant.", "defiant", None),
        ("Die Regierung reagierte am Montag eher reluctant auf die Vorwürfe.", "reluctant", None),
        ("Die Polizei nahm ihn nach kurzer Verfolgung fest, obwohl er heftig struggled.", "struggled", None),
        ("Der Besuch beginnt am Morgen eines lokalen Wednesdays in Pjöngjang.", "Wednesdays", "Mittwochs"),
        ("Die Delegation traf am frühen Morgen eines kalten Thursdays ein.", "Thursdays", "Donnerstags"),
        ("Das Treffen ist für den kommenden Tuesday geplant.", "Tuesday", "Dienstag"),
        ("Wegen der belligerer Rede des Präsidenten stiegen die Spannungen.", "belligerer", None),
        ("Die Minister haben sich unfortunately nicht einigen können.", "unfortunately", None),
        ("Der Präsident wirkte sehr tired nach der langen Reise.", "tired", None),
        ("Die Zuschauer waren begeistert, obwohl das Wetter awful war.", "awful", None),
    ],
)
def test_positive(auditor, text, flagged, suggestion):
    found = findings_of(auditor, text, "untranslated-word")
    assert [f.text for f in found] == [flagged]
    assert found[0].severity == "major" and 0 < found[0].confidence <= 1
    if suggestion:
        assert suggestion in found[0].suggestions


@pytest.mark.parametrize(
    "text",
    [
        # accepted loanwords
        "Ein Deal zwischen den Ländern würde gegen bestehende Sanktionen verstoßen.",
        "Der Politologe sagte in einer Talkshow, das Update komme bald.",
        "Er beschwerte sich, weil man ihm den falschen Hamburger gab.",
        "Der Minister sagte, die Lage sei tough, aber lösbar.",
        "Das Meeting mit dem Team fand im Homeoffice statt.",
        # proper names
        "Moskaus Priorität ist der Erfolg, sagte James Nixey von Chatham House.",
        "Das sagte ein Sprecher der Nachrichtenagentur Yonhap News.",
        "Luftbilder von Planet Labs und Maxar Technologies zeigen Vorbereitungen.",
        "Die Firma Apple stellte in Cupertino ein neues Telefon vor.",
        "Er las die New York Times und den Economist.",
        "Die Zeitung The Guardian berichtete zuerst über den Fall.",
        # quoted foreign titles, cited words, units, established phrases
        "Man nennt ihn den «Godfather of British Blues».",
        "Der Begriff stammt vom englischen Wort „mindset“ ab.",
        "Der Sturm erreichte Windgeschwindigkeiten von 145 mph.",
        "Er ist de facto der Chef der Partei.",
        "Das ist eine Industriepolitik à la carte.",
        # Latin and other foreign terms in scholarly text
        "Der Braunbär (Ursus arctos) lebt in Wäldern.",
        "Das Wort geht auf germ. *wintru zurück.",
        "Die Wolke heißt Cumulus congestus, der Artname (congestus) steht allein.",
        "Saint-Saëns setzte das Xylophon erstmals im Danse macabre ein.",
        "Der CEO von Tesla, Elon Musk, twitterte am Abend.",
        "Die Firma bietet Coaching und Consulting für Start-ups an.",
        "Die Werbetafel von oOh!media steht am Flughafen.",  # brands in mixed case
    ],
)
def test_negative(auditor, text):
    found = findings_of(auditor, text, "untranslated")
    assert found == [], [f.text for f in found]


def test_seed_examples(seed_reports):
    texts = {f.text for r in seed_reports.values() for f in r.findings if f.category == "untranslated"}
    assert {"Wednesdays", "defiant", "belligerer"} <= texts


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Er sagte nur spasibo und ging nach Hause.", ["spasibo"]),
        ("Die Soldaten sprachen von der wojna im Osten.", ["wojna"]),
        ("Sie nannten es segodnja und lachten darüber.", ["segodnja"]),
        # names written in Latin letters are capitalised and stay; German words never read as Russian
        ("Der Sender Rossija 1 zeigte eine Talkshow über Prawda.", []),
        ("Er ging nach Hause und schlief sofort ein.", []),
        ("Die Delegation reiste nach Wladiwostok und Chabarowsk.", []),
    ],
)
def test_transliterated_russian(auditor, text, flagged):
    found = [f.text for f in auditor.check(text).findings if f.rule == "untranslated-word"]
    assert found == flagged
