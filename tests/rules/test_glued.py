"""Glued words: credits run into captions, sentences without the space after the full stop, words
glued to function words, doubled words; and abbreviations, domains, camel-case brands left alone."""

from __future__ import annotations

import pytest

from tests.conftest import findings_of


@pytest.fixture(scope="module")
def glued_auditor():
    from audit import Auditor

    return Auditor(select=["glued"])


@pytest.mark.parametrize(
    "text, rule, flagged, suggestion",
    [
        # from the seeds
        (
            "Er traf seinen Kollegen Kim Jong-unals Teil eines Prozesses. Kim Jong-un reiste ab.",
            "glued-function-word",
            "Jong-unals",
            "Jong-un als",
        ),
        (
            "Kim besichtigte Weltraum- und Militäreinrichtungenund prostete Putin zu.",
            "glued-function-word",
            "Militäreinrichtungenund",
            "Militäreinrichtungen und",
        ),
        (
            "Er zeigte Lagerhäuser voller Kurzstreckenraketenso Washington.",
            "glued-function-word",
            "Kurzstreckenraketenso",
            "Kurzstreckenraketen so",
        ),
        ("Sie wollen die Kapazität Russlands erhöhenGETTY", "glued-case-change", "erhöhenGETTY", "erhöhen"),
        (
            "Beide besuchen das Kosmodrom in der Amur-Region.MIKHAIL METZEL – POOL",
            "glued-sentence",
            "Amur-Region.MIKHAIL METZEL – POOL",
            "Amur-Region.",
        ),
        (
            "Beide besuchen das Kosmodrom Wostotschny.Bild ANP / EPA",
            "glued-sentence",
            "Wostotschny.Bild ANP / EPA",
            "Wostotschny.",
        ),
        # not from the seeds
        (
            "Er wurde wütend und erschoss ihnKim Jong Un sagte nichts.",
            "glued-case-change",
            "ihnKim",
            "ihn Kim",
        ),
        ("Die Zahl ist seit Jahren.Er sagte nichts dazu.", "glued-sentence", "Jahren.Er", "Jahren. Er"),
        (
            "Die Gespräche endeten am Abend.Reuters/Arnd Wiegmann",
            "glued-sentence",
            "Abend.Reuters/Arnd Wiegmann",
            "Abend.",
        ),
        (
            "Die Regierung hat die BeratungBeratung beendet.",
            "glued-doubled-word",
            "BeratungBeratung",
            "Beratung",
        ),
        ("Er sagte, dassdass es so sei.", "glued-doubled-word", "dassdass", "dass"),
        ("Dietollwut ist eine gefährliche Krankheit.", "glued-function-word", "Dietollwut", "Die Tollwut"),
        ("Die Anklagedes Staates wurde verlesen.", "glued-function-word", "Anklagedes", "Anklage des"),
        (
            "Die Delegation traf den Präsidenten Emmanuel Macronund seine Frau. Macron lächelte.",
            "glued-function-word",
            "Macronund",
            "Macron und",
        ),
    ],
)
def test_positive(glued_auditor, text, rule, flagged, suggestion):
    found = findings_of(glued_auditor, text, "glued")
    assert [(f.rule, f.text) for f in found] == [(rule, flagged)]
    assert found[0].suggestions[0] == suggestion
    assert text[found[0].start : found[0].end] == flagged


@pytest.mark.parametrize(
    "text",
    [
        # abbreviations, initials, domains, numbers
        "Das gilt z.B. für die U.S. Army und die U.S.A.",
        "Weitere Informationen gibt es auf t-online.de und bei Spiegel.de im Netz.",
        "Der Wert stieg um 3.5 Prozent auf 12.000 Euro.",
        "Im 19. Jh. entstand die Stadt; vgl.Abb. 3 und Dr.Müller.",
        "Der Ort St.Gallen liegt in der Schweiz.",
        "Er lebte ca.Anfang des Jahrhunderts.",
        # reduplicated names: the half is no common word (MLQE-PE dev)
        "Der Tuotuo ist der Quellfluss des Jangtse.",
        # camel-case brands and names
        "Er nutzt YouTube, WhatsApp, LinkedIn und ein iPhone bei eBay.",
        "Die BahnCard und die HotJobs-Börse gehören zu den Angeboten von McDonald und BaFin.",
        "Die Firma DaimlerChrysler und ThyssenKrupp fusionierten nicht.",
        "Die Funktion QuickList und die CampusZeitung erschienen 2006.",
        "Der Verkehr mit Gerichten und Justizbehörden (ZahlVGJG) ist geregelt.",
        # real words ending in function-word letters
        "Die Lehrerin und der Journalist kamen ebenso wie der Polizist.",
        "Die Kinder des Landes und das Verbandes-Treffen.",
        "Die ethnisierenden Zuschreibungen fehlen.",
        "Der Niederländer Reinder kam nach Berlin.",
        "Das Diadem und die Agenda lagen bereit.",
        "Die Dieselmotoren und die Einsatzkräfte sind da.",
        # a doubled word that is a word
        "Er aß ein Bonbon und hörte Tamtam und den Kuckuck.",
    ],
)
def test_negative(glued_auditor, text):
    found = findings_of(glued_auditor, text, "glued")
    assert found == [], [(f.rule, f.text) for f in found]
