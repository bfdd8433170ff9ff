"""mixed-language: runs of foreign words, foreign sentences and Dutch articles, and English names that stay."""

from __future__ import annotations

import pytest

from tests.conftest import findings_of


@pytest.mark.parametrize(
    "text, rule, flagged",
    [
        ("Leave a Reply", "foreign-span", "Leave a Reply"),
        ("News Related", "foreign-span", "News Related"),
        ("OTHER NEWS", "foreign-span", "OTHER NEWS"),
        ("Bei einem Unwetter in Odessa ... Read more »", "foreign-span", "Read more"),
        (
            "Er sagte dem Sender: We will never give up on this, und ging.",
            "foreign-span",
            "We will never give up on this",
        ),
        ("Sign up for our newsletter", "foreign-span", "Sign up for our"),
        ("Top List in the World", "foreign-span", "Top List in the World"),
        (
            "Die Opposition kritisierte den Plan, aber de regering hield vast aan het voorstel.",
            "foreign-span",
            "regering hield vast aan het voorstel",
        ),
        (
            "Sources said the action was in line with Prime Minister Narendra Modi's address to the nation.",
            "foreign-sentence",
            "Sources said the action was in line with Prime Minister Narendra Modi's address to the nation.",
        ),
        (
            "Die Regierung hat den Haushalt vorgelegt, sagte der Sprecher of the ministry.",
            "foreign-span",
            "of the ministry",
        ),
        ("Tom Vennink verschreibt de Volkskrant über Russland.", "foreign-article", "de Volkskrant"),
        ("Die Reporterin arbeitet für de Telegraaf in Amsterdam.", "foreign-article", "de Telegraaf"),
    ],
)
def test_positive(auditor, text, rule, flagged):
    # the rule on its own: a UI phrase it finds is reported by the auditor as boilerplate instead
    # (one finding per problem, tests/test_seeds.py), so the rule is asked directly
    from audit.rules import RULES, make_context
    from audit.segment import make_article

    found = list(RULES[rule]().check(make_context(make_article(text), auditor.lexicon)))
    assert [f.text for f in found] == [flagged]
    assert found[0].category == "mixed-language" and found[0].severity == "major"


@pytest.mark.parametrize(
    "text",
    [
        # English organisation names inside German sentences
        "Das sagte Yang Uk, ein Militärexperte am südkoreanischen Asian Institute for Policy Studies.",
        "Das sagte Moon Seong Mook vom Korea Research Institute for National Strategy in Seoul.",
        "Das meldeten die südkoreanischen Joint Chiefs of Staff am Dienstag.",
        "Nordkoreas Nachrichtenagentur Korean Central News Agency berichtete darüber.",
        "Associated Press-Journalisten in Tokio trugen dazu bei.",
        "Das Wall Street Journal zitiert eine Mitarbeiterin des Royal United Services Institute.",
        "Sie arbeitet bei der Bank of America in New York.",
        "Die Veranstaltung fand im Madison Square Garden statt.",
        "Korean Central News Agency",
        # titles of works, quoted or not
        "Man nennt ihn den «Godfather of British Blues».",
        "Die Serie How to Get Away with Murder endet nach sechs Staffeln.",
        "Der Schauspieler spielte in der Serie Game of Thrones mit.",
        "Der Song Let It Be wurde 1970 veröffentlicht.",
        "Die Kampagne lief unter dem Motto „Make America Great Again“.",
        # name particles after a name word, places, established phrases
        "Bundesinnenminister Thomas de Maizière stellte den Bericht vor.",
        "Sie wurden im Bundesstaat Rio Grande do Norte gerettet.",
        "Der Däne Poul la Cour baute um 1900 eine Windmühle.",
        "Das ist eine Industriepolitik à la carte.",
        "In der Regel wird darüber nur en bloc abgestimmt.",
        "Der Begriff Fake News wurde 2017 zum Anglizismus des Jahres.",
        "Die Bewegung Fridays for Future demonstrierte am Freitag.",
        "Fridays for Future",
        "Sie studierte am Massachusetts Institute of Technology in Boston.",
        "Die Spieler der Golden State Warriors feierten den Titel.",
        "Das Unternehmen setzt auf Cloud Computing und Machine Learning.",
        "Der Film „The Wolf of Wall Street“ lief im Kino.",
        # loanwords next to each other
        "Das Ukraine-Update am Morgen bringt neue Zahlen.",
        "Ein Deal mit dem Team ist ein Hit.",
    ],
)
def test_negative(auditor, text):
    found = findings_of(auditor, text, "mixed-language")
    assert found == [], [f.text for f in found]


def test_seed_examples(seed_reports):
    texts = {f.text for r in seed_reports.values() for f in r.findings if f.category == "mixed-language"}
    assert "de Volkskrant" in texts  # the UI phrases (Leave a Reply, Read more) are boilerplate findings
    residue = {f.text for r in seed_reports.values() for f in r.findings if f.category == "boilerplate"}
    assert any("Leave a Reply" in t for t in residue) and any("Read more" in t for t in residue)
    assert not any("Institute" in t or "Agency" in t or "Chiefs" in t for t in texts)
