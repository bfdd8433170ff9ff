"""Bitext rules: copied source words, untranslated sentences and number mismatches, with a source text."""

from __future__ import annotations

import pytest

from audit.auditor import Auditor
from audit.segment import make_article

BITEXT_RULES = [
    "source-copied",
    "source-untranslated-sentence",
    "source-number-mismatch",
    "source-omission",
    "source-bracket-mismatch",
    "source-currency-mismatch",
]


@pytest.fixture(scope="module")
def bitext():
    return Auditor(lm="none", select=BITEXT_RULES, quality=False)


def found(auditor, source: str | None, target: str, rule: str):
    report = auditor.check_article(make_article(target, source=source))
    return [f for f in report.findings if f.rule == rule]


@pytest.mark.parametrize(
    "source, target, flagged",
    [
        (
            "The government was reluctant to sign the agreement.",
            "Die Regierung war reluctant, das Abkommen zu unterzeichnen.",
            "reluctant",
        ),
        (
            "He said the talks had been a failure.",
            "Er sagte, die Gespräche seien ein failure gewesen.",
            "failure",
        ),
        (
            "The meeting is planned for next Tuesday in Berlin.",
            "Das Treffen ist für den kommenden Tuesday in Berlin geplant.",
            "Tuesday",
        ),
        (
            "The minister remained defiant despite the sanctions.",
            "Der Minister blieb trotz der Sanktionen defiant.",
            "defiant",
        ),
        (
            "El ministro dijo que la situación era muy grave.",
            "Der Minister sagte, die situación sei sehr ernst.",
            "situación",
        ),
    ],
)
def test_copied_positive(bitext, source, target, flagged):
    findings = found(bitext, source, target, "source-copied")
    assert [f.text for f in findings] == [flagged]
    assert findings[0].category == "untranslated" and findings[0].confidence >= 0.8


@pytest.mark.parametrize(
    "source, target",
    [
        # names, loanwords, German words the source shares
        (
            "The Wall Street Journal reported the deal first.",
            "Das Wall Street Journal berichtete zuerst über den Deal.",
        ),
        ("She appeared on a talk show in London.", "Sie trat in einer Talkshow in London auf."),
        ("The team had a meeting about the update.", "Das Team hatte ein Meeting zum Update."),
        ("Fiddes said Jackson was a genius.", "Fiddes sagte, Jackson sei ein Genie gewesen."),
        # quoted titles and quotations kept in the original, URLs and handles
        (
            'The documentary "Leaving Neverland" was aired in March.',
            "Der Dokumentarfilm „Leaving Neverland“ wurde im März ausgestrahlt.",
        ),
        (
            "Read more at www.example.com/breaking-news today.",
            "Mehr unter www.example.com/breaking-news heute.",
        ),
        ("Follow @breakingnews for updates.", "Folgen Sie @breakingnews für Neuigkeiten."),
        # a unit after a number
        ("The storm reached 145 mph.", "Der Sturm erreichte 145 mph."),
        # a weekday inside a name
        ("The Mail on Sunday can reveal the plan.", "Die Mail on Sunday kann den Plan enthüllen."),
    ],
)
def test_copied_negative(bitext, source, target):
    assert found(bitext, source, target, "source-copied") == []


def test_untranslated_sentence(bitext):
    source = "The minister resigned. He said that he was tired of all the lies."
    target = "Der Minister trat zurück. He said that he was tired of all the lies."
    findings = found(bitext, source, target, "source-untranslated-sentence")
    assert [f.text for f in findings] == ["He said that he was tired of all the lies."]
    assert findings[0].severity == "critical"
    # the words of that sentence are not reported once more one by one
    assert found(bitext, source, target, "source-copied") == []


@pytest.mark.parametrize(
    "source, target",
    [
        ("Donald Trump meets Kim Jong Un", "Donald Trump trifft Kim Jong Un"),  # names: German enough
        ("Manchester United beat Real Madrid", "Manchester United schlägt Real Madrid"),
        ("Leave it.", "Leave it."),  # too short to tell
    ],
)
def test_untranslated_sentence_negative(bitext, source, target):
    assert found(bitext, source, target, "source-untranslated-sentence") == []


@pytest.mark.parametrize(
    "source, target, message",
    [
        ("The price rose by 15 percent.", "Der Preis stieg um 51 Prozent.", "51"),
        ("About 2,500 people attended.", "Etwa 25.000 Menschen nahmen teil.", "25.000"),
        ("He paid $54 for it.", "Er bezahlte 45 Dollar dafür.", "45"),
        ("Visit travel.gov.gr for details.", "Einzelheiten finden Sie auf der Website.", "travel.gov.gr"),
    ],
)
def test_number_positive(bitext, source, target, message):
    findings = found(bitext, source, target, "source-number-mismatch")
    assert findings and any(message in f.message for f in findings)
    assert all(f.severity == "major" for f in findings)


def test_missing_number_spans_its_sentence(bitext):
    source = "The mayor spoke. He said 350 homes were destroyed."
    target = "Der Bürgermeister sprach. Er sagte, viele Häuser seien zerstört worden."
    (finding,) = found(bitext, source, target, "source-number-mismatch")
    assert finding.text == "Er sagte, viele Häuser seien zerstört worden."
    assert "350" in finding.message


@pytest.mark.parametrize(
    "source, target",
    [
        ("The rate rose to 1.5 percent.", "Die Quote stieg auf 1,5 Prozent."),
        ("About 1,000 people came.", "Etwa 1.000 Menschen kamen."),
        ("About 1,000 people came.", "Etwa 1000 Menschen kamen."),
        ("Some 20,000 fans came.", "Rund 20 000 Fans kamen."),
        ("Two people died.", "2 Menschen starben."),
        ("2 people died.", "Zwei Menschen starben."),
        ("The firm lost $3.5 million.", "Die Firma verlor 3,5 Mio. Dollar."),
        ("The firm lost $3.5 million.", "Die Firma verlor 3.500.000 Dollar."),
        ("The firm lost $2bn.", "Die Firma verlor 2 Milliarden Dollar."),
        ("The meeting starts at 3 p.m. on March 3.", "Die Sitzung beginnt am 3. März um 15 Uhr."),
        ("The flight landed at 6:19 p.m.", "Der Flug landete um 18.19 Uhr."),
        ("It happened on 12/3.", "Es geschah am 3. Dezember."),
        ("The storm brought winds of 60 miles per hour.", "Der Sturm brachte Winde von 97 km/h."),
        ("The 8-foot cable.", "Das 2,4 Meter lange Kabel."),
        ("He served 30 years in prison.", "Er saß drei Jahrzehnte im Gefängnis."),
        ("He is 25 years old.", "Er ist fünfundzwanzig Jahre alt."),
        ("In the 1960s, the lake changed.", "In den 60er Jahren veränderte sich der See."),
        ("It was the 2019-20 season.", "Es war die Saison 2019/2020."),
        ("Half of them left.", "50 Prozent von ihnen gingen."),
        ("COVID-19 cases rose.", "Die Corona-Fälle stiegen."),
        ("The shop opened in 2019.", "Das Geschäft öffnete letztes Jahr."),
        ("Cases approach 14 lakh.", "Die Fälle nähern sich 1.400.000."),
        ("Details at www.example.com.", "Einzelheiten unter www.example.com."),
        ("They must stay home for 14 days.", "Sie müssen zwei Wochen zu Hause bleiben."),
        ("It must be admitted. It is valid.", "Es muss zugelassen werden.Es ist gültig."),  # not a URL
        ("The embassy closes at 0200 GMT.", "Die Botschaft schließt um 02:00 GMT."),
    ],
)
def test_number_negative(bitext, source, target):
    assert found(bitext, source, target, "source-number-mismatch") == []


@pytest.mark.parametrize(
    "target",
    [
        "Die Regierung war reluctant. He said that he was tired of all the lies. Der Preis stieg um 51 Prozent.",
    ],
)
def test_no_source_no_findings(bitext, target):
    report = bitext.check_article(make_article(target))
    assert report.findings == ()
    assert bitext.check_article(make_article(target, source="  ")).findings == ()


def test_rules_are_registered_with_known_categories():
    from audit.rules import load_rules

    rules = load_rules()
    assert {r: (rules[r].category, rules[r].severity) for r in BITEXT_RULES} == {
        "source-copied": ("untranslated", "major"),
        "source-untranslated-sentence": ("untranslated", "critical"),
        "source-number-mismatch": ("inconsistency", "major"),
        "source-omission": ("inconsistency", "minor"),
        "source-bracket-mismatch": ("typography", "minor"),
        "source-currency-mismatch": ("inconsistency", "major"),
    }


OMISSION_SOURCE = (
    "The minister said on Monday that the new law, which had been debated for months, would come into force in January.\n"
    "The opposition criticised the plan. It called it a disaster for small businesses and farmers across the country.\n"
    "Prices rose.\n"
)


def test_omission_of_half_a_sentence_and_of_a_whole_one(bitext):
    target = (
        "Der Minister sagte am Montag, das Gesetz gelte ab Januar.\n"
        "Die Opposition kritisierte den Plan.\n"
        "Die Preise stiegen.\n"
    )
    findings = found(bitext, OMISSION_SOURCE, target, "source-omission")
    assert [f.text for f in findings] == [
        "Der Minister sagte am Montag, das Gesetz gelte ab Januar.",
        "Die Preise stiegen.",
    ]
    assert "% as long as its source" in findings[0].message
    assert "has no translation near here: «It called it a disaster" in findings[1].message
    assert all(f.category == "inconsistency" and f.severity == "minor" for f in findings)


def test_a_complete_translation_is_no_omission(bitext):
    target = (
        "Der Minister sagte am Montag, das neue Gesetz, über das monatelang debattiert worden war, werde im"
        " Januar in Kraft treten.\n"
        "Die Opposition kritisierte den Plan. Sie nannte ihn eine Katastrophe für kleine Unternehmen und"
        " Landwirte im ganzen Land.\n"
        "Die Preise stiegen.\n"
    )
    assert found(bitext, OMISSION_SOURCE, target, "source-omission") == []
    # a short source sentence left out is not reported (a headline, a dateline), nor anything without a source
    assert found(bitext, "Prices rose. They did.", "Die Preise stiegen.", "source-omission") == []
    assert found(bitext, None, "Der Minister sagte am Montag.", "source-omission") == []


@pytest.mark.parametrize(
    "source, target, flagged",
    [
        (
            "The bridge had a span of 449 ft (137 m) when it opened.",
            "Die Brücke hatte bei ihrer Eröffnung eine Spannweite von 449 ft (137 m.",
            [64],
        ),
        (
            "Travellers must fill in a form (Passenger Locator Form) before they arrive.",
            "Reisende müssen vor der Ankunft ein Formular (Passenger Locator Form ausfüllen.",
            [45],
        ),
    ],
)
def test_a_bracket_the_translation_broke(bitext, source, target, flagged):
    findings = found(bitext, source, target, "source-bracket-mismatch")
    assert [f.start for f in findings] == flagged and all(f.text == "(" for f in findings)


@pytest.mark.parametrize(
    "source, target",
    [
        # an editorial bracket dropped: a choice, not an error
        (
            "Although in retreat, (the Islamic State) remains capable.",
            "Obwohl auf dem Rückzug, bleibt der IS gefährlich.",
        ),
        # enumerators close nothing
        ("Under rule 48 (1) (b) of the code.", "Nach Regel 48 (1) b) der Ordnung."),
        # the source's own brackets do not pair up: nothing to compare with
        ("He said (and left.", "Er sagte (und ging."),
        ("Shares of HSBC (HSBA.L) fell.", "Die Aktien der HSBC (HSBA. L) fielen."),
    ],
)
def test_brackets_that_pair_up_or_were_dropped_are_no_finding(bitext, source, target):
    assert found(bitext, source, target, "source-bracket-mismatch") == []


def test_a_currency_turned_into_another(bitext):
    source = "Inter Milan are still asking for their £101m release clause to be met."
    target = (
        "Inter Mailand fordert weiterhin, dass seine Ausstiegsklausel von 101 Millionen Euro erfüllt wird."
    )
    findings = found(bitext, source, target, "source-currency-mismatch")
    assert [f.text for f in findings] == ["Euro"]
    assert "the source has pound" in findings[0].message


@pytest.mark.parametrize(
    "source, target",
    [
        ("The deal is worth $5 billion.", "Der Deal ist fünf Milliarden Dollar wert."),
        ("The deal is worth 5 billion US dollars.", "Der Deal ist 5 Milliarden US-Dollar wert."),
        ("It cost €20 a ticket.", "Ein Ticket kostete 20 Euro."),
        # the source names no currency: a converted or added price is not this rule's business
        ("Tickets sold out within minutes.", "Die Karten, je 20 Euro, waren in Minuten weg."),
        # "pounds" of weight are no currency
        ("The baby weighed seven pounds.", "Das Baby wog sieben Pfund."),
    ],
)
def test_the_same_currency_is_no_finding(bitext, source, target):
    assert found(bitext, source, target, "source-currency-mismatch") == []
