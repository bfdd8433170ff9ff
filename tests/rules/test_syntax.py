"""Sentence-structure rules (audit/rules/syntax.py): each with the errors it must flag and the correct
German that looks like them (verb-first questions and conditionals, reported speech, appositions,
je … desto, the substitute-infinitive order, quotations, headlines, names, relative clauses)."""

from __future__ import annotations

import pytest

from audit.rules import make_context
from audit.rules.syntax import (
    BothAndRule,
    PrepositionCaseRule,
    RunOnClauseRule,
    SubjectVerbAgreementRule,
    VerbFinalRule,
    VerbSecondRule,
)
from audit.segment import make_article

SYNTAX_RULES = (
    VerbSecondRule,
    VerbFinalRule,
    PrepositionCaseRule,
    SubjectVerbAgreementRule,
    RunOnClauseRule,
    BothAndRule,
)


def findings(text: str, rules=SYNTAX_RULES):
    ctx = make_context(make_article(text))
    out = [f for rule in rules for f in rule().check(ctx)]
    for f in out:
        assert text[f.start : f.end] == f.text
    return out


# (text, rule, flagged span, first suggestion or None)
POSITIVES = [
    (
        "Gestern der Minister sagte, dass er kommt.",
        VerbSecondRule,
        "der Minister sagte",
        "sagte der Minister",
    ),
    (
        "Gestern der Präsident besuchte Berlin.",
        VerbSecondRule,
        "der Präsident besuchte",
        "besuchte der Präsident",
    ),
    ("Diese Woche Putin reist nach Nordkorea.", VerbSecondRule, "Putin reist", "reist Putin"),
    ("Leider ich habe keine Zeit.", VerbSecondRule, "ich habe", "habe ich"),
    ("Natürlich es ist schwer.", VerbSecondRule, "es ist", "ist es"),
    ("Weil er krank war, der Arzt kam schnell.", VerbSecondRule, "der Arzt kam", "kam der Arzt"),
    (
        "Als sich der Krieg in die Länge zog, Russland war dringend auf Munition angewiesen.",
        VerbSecondRule,
        "Russland war",
        "war Russland",
    ),
    (
        "Tage vor Putins Ankunft in Pjöngjang, der nordkoreanischen Hauptstadt, Der Kreml versprach Hilfe.",
        VerbSecondRule,
        "Der Kreml versprach",
        "versprach der Kreml",
    ),
    ("„Wir sind bereit“, der Minister sagte.", VerbSecondRule, "der Minister sagte", "sagte der Minister"),
    (
        "SEOUL.- Diese Woche der Präsident Wladimir Putin besuchen Nord Korea.",
        VerbSecondRule,
        "der Präsident Wladimir Putin besuchen",
        "besucht der Präsident Wladimir Putin",
    ),
    ("Er glaubt, dass die Reform wird scheitern.", VerbFinalRule, "wird scheitern", "scheitern wird"),
    ("Er glaubt, dass die Reform komme zu spät.", VerbFinalRule, "komme zu spät", "zu spät komme"),
    ("Er sagte, dass er kommt an.", VerbFinalRule, "kommt an", "ankommt"),
    (
        "Das ist das Werk, das hat die Firma gebaut.",
        VerbFinalRule,
        "hat die Firma gebaut",
        "die Firma gebaut hat",
    ),
    ("Er sprach mit die Regierung.", PrepositionCaseRule, "mit die Regierung", "mit der Regierung"),
    (
        "Er sprach über der neue Haushalt.",
        PrepositionCaseRule,
        "über der neue Haushalt",
        "über den neuen Haushalt",
    ),
    (
        "Sie besichtigte die Einrichtungen von die Fabriken.",
        PrepositionCaseRule,
        "von die Fabriken",
        "von den Fabriken",
    ),
    ("Wir trafen uns nach die Sitzung.", PrepositionCaseRule, "nach die Sitzung", "nach der Sitzung"),
    ("Er sprach mit ihn.", PrepositionCaseRule, "mit ihn", "mit ihm"),
    ("Das Geld ist für ihm.", PrepositionCaseRule, "für ihm", "für ihn"),
    ("Die Kinder spielt im Garten.", SubjectVerbAgreementRule, "Die Kinder spielt", "Die Kinder spielen"),
    (
        "Der Präsident besuchen Nordkorea.",
        SubjectVerbAgreementRule,
        "Der Präsident besuchen",
        "Der Präsident besucht",
    ),
    ("Gestern hat wir gelacht.", SubjectVerbAgreementRule, "hat wir", "haben wir"),
    ("Die Vereinigten Staaten hat reagiert.", SubjectVerbAgreementRule, "Die Vereinigten Staaten hat", None),
    (
        "Putin traf Kims Limousine, die er aus Pjöngjang mitgebracht hatte Der Panzerzug des Führers, an der Anlage.",
        RunOnClauseRule,
        "hatte Der",
        "hatte. Der",
    ),
    (
        "Sowohl Moskau als auch Pjöngjang Sie leugnen den Handel.",
        RunOnClauseRule,
        "Pjöngjang Sie",
        "Pjöngjang",
    ),
    (
        "Das Treffen fand Stunden später statt Nordkorea hat zwei Raketen abgefeuert.",
        RunOnClauseRule,
        "statt Nordkorea",
        "statt. Nordkorea",
    ),
    (
        "Beide Moskau und Pyongyang haben das verleugnet.",
        BothAndRule,
        "Beide Moskau und Pyongyang",
        "Sowohl Moskau als auch Pyongyang",
    ),
]

NEGATIVES = [
    # verb first: questions, imperatives, conditionals
    "Kommt er morgen, feiern wir.",
    "Kommt er nicht, gehen wir.",
    "Geh nach Hause!",
    "Was hast du gesagt?",
    "Hätte er das gewusst, wäre er gekommen.",
    "Kaum war er da, ging es los.",
    # conjunctions that take a main clause
    "Er kommt, denn er hat Zeit.",
    "Denn die Regierung hat versagt.",
    "Aber die Opposition sieht das anders.",
    # reported speech without dass
    "Er sagte, die Wirtschaft sei stark.",
    "Die Abgeordneten sagten, die Lage sei ernst.",
    "Der Minister sagte gestern, er komme morgen.",
    # a participle that is also a form of another verb (gehört: hören / gehören)
    "Als ich gehört habe, Sie wollen über die Rente reden, da habe ich gelacht.",
    # "was ... für": the case comes from the clause; gemäß with the genitive of official prose
    "Was ist das für ein Unsinn!",
    "Betreiber sollen gemäß der Transformationspläne der EU Maßnahmen vorhalten.",
    "Als ich das las, die Regierung wolle sparen, war ich überrascht.",
    # an apposition or parenthetical in the first position
    "Putin, der russische Präsident, besuchte Nordkorea.",
    "Im Gegenteil, die Lage ist ernst.",
    "Mit anderen Worten, wir haben verloren.",
    # je … desto, the substitute infinitive, comparisons, zu-infinitives
    "Je mehr er arbeitet, desto reicher wird er.",
    "Er sagte, dass er nicht habe kommen können.",
    "Ich hoffe, dass er das Spiel hat gewinnen können.",
    "Er ist größer, als sein Bruder es je war.",
    "Er tat so, als wäre nichts geschehen.",
    "Wir hoffen, dass er versucht zu fliehen.",
    # quotations followed by sagte X
    "„Wir sind bereit“, sagte der Minister.",
    "„Wir sind bereit“, so der Minister.",
    # headlines, captions, lists
    "Heute die Regierung, morgen das Volk",
    "Erst der Krieg, dann die Inflation.",
    "Meiner Meinung nach die beste Lösung.",
    # names that look like determiners or verbs, titles
    "Er las die Zeitung Die Welt.",
    "Lernen Sie das Trust Project kennen.",
    "Ein Interview mit Frau von der Leyen.",
    "Wenn Putin Sie einlädt, kommen Sie.",
    # focus particles, fronted objects, a fronted phrase with a genitive, a name in apposition
    "Auch der Minister sagte nichts.",
    "Die Kinder sieht er jeden Tag.",
    "Nach Angaben der Regierung starben drei Menschen.",
    "Im Land Brandenburg gibt es viele Seen.",
    "Gestern Abend sagte er nichts.",
    "Mit der Regierung sprach er lange.",
    # agreement look-alikes: coordination, copula with a plural predicate, quantities, plural names
    "Putin und Kim besuchen Moskau.",
    "Das Problem sind die Kosten.",
    "Die Hälfte der Befragten sind dagegen.",
    "Die USA haben reagiert.",
    "Die Vereinigten Staaten haben reagiert.",
    "Es kommen viele Menschen.",
    "Diese Frage müssen sich CDU und FDP stellen.",
    # clauses opened by words that are also prepositions
    "Während die Regierung tagt, warten wir.",
    "Während dieser Zeit wurden viele Städte zerstört.",
    "Er wartete, bis sie kam.",
    "Seit er hier ist, geht es besser.",
    # relative and demonstrative pronouns
    "Das ist der Mann, der gestern kam.",
    "Das Haus, in dem ich wohne, ist alt.",
    "Eine Gesellschaft, in der Menschen Angst haben, ist krank.",
    "Es gibt eine Behörde, die Straftaten aufklärt.",
    "Wer das verdient hat, der soll dafür zahlen.",
    "Das ist die Fabrik, das hat die Firma gebaut.",
    # prepositions that govern nothing here
    "Die Pause kann bis zu eine Stunde dauern.",
    "Was für ein Wahnsinn!",
    "Die Infrastruktur ist mit ein Grund dafür.",
    "Es fehlt nach wie vor ein Überblick.",
    "Von dort aus das Referendum zu beobachten, war sein Ziel.",
    "Um diesem Umstand Abhilfe zu verschaffen, handelte er.",
    "Das waren mit die besten Jahre.",
    "Beide Länder und ihre Bürger leiden.",
    "Beide waren dagegen.",
    # the accepted dative after wegen, a circumposition, a noble name, a title in capitals
    "Wegen dem schlechten Wetter blieben wir zu Hause.",
    "Von Anfang an ein Desaster war das Projekt nicht.",
    "Ein Gespräch mit Frau von der Decken.",
    "Das berichtete gestern Der Spiegel.",
    # coordinated subjects, polite Sie, a prepositional phrase after the verb of a dass clause
    "Der Minister und die Kanzlerin besuchen Kiew.",
    "Herr Müller, kommen Sie morgen?",
    "Er sagte, dass er kommt wegen des Wetters.",
    "Ich weiß, dass er gewartet hat auf den Zug.",
]


@pytest.mark.parametrize(("text", "rule", "span", "suggestion"), POSITIVES)
def test_flags(text, rule, span, suggestion):
    hits = [f for f in findings(text, (rule,)) if f.text == span]
    assert hits, f"{rule.id} did not flag {span!r}: {[f.text for f in findings(text)]}"
    assert hits[0].category == "grammar"
    if suggestion is not None:
        assert hits[0].suggestions[:1] == (suggestion,)


@pytest.mark.parametrize("text", NEGATIVES)
def test_correct_german_is_not_flagged(text):
    assert [(f.rule, f.text) for f in findings(text)] == []


def test_each_rule_has_positives():
    assert {rule for _, rule, _, _ in POSITIVES} == set(SYNTAX_RULES)
