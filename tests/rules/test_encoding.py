from __future__ import annotations

import pytest

from tests.conftest import findings_of


@pytest.mark.parametrize(
    "text, rule, flagged, suggestion",
    [
        ("Die Ã¼berwiegende Mehrheit stimmte zu.", "mojibake", "Ã¼", "ü"),
        ("Er sagte: â€žNein.â€œ", "mojibake", "â€ž", "„"),
        ("Sie besuchten das Сosmodrom gestern.", "mixed-script-word", "Сosmodrom", "Cosmodrom"),
        ("Der Vertrag von Мoskau wurde unterzeichnet.", "mixed-script-word", "Мoskau", "Moskau"),
        ("Ein Satz mit\u200b unsichtbarem Zeichen.", "control-character", "\u200b", ""),
        ("Kaputt: Stra\ufffde gesperrt.", "control-character", "\ufffd", ""),
    ],
)
def test_positive(auditor, text, rule, flagged, suggestion):
    found = {f.text: f for f in findings_of(auditor, text, rule)}
    assert flagged in found
    assert found[flagged].suggestions[:1] == (suggestion,)


@pytest.mark.parametrize(
    "text",
    [
        "Die Über­prüfung läuft, sagte Müller in Köln.",  # soft hyphen is legitimate
        "Москва ist die russische Schreibweise von Moskau.",  # a whole Cyrillic word is not mixed
        "Das Ägäische Meer und die Öffentlichkeit: Ärger über Übergriffe.",
        "Die Formel lautet α + β = γ.",
    ],
)
def test_negative(auditor, text):
    assert findings_of(auditor, text, "encoding") == []


@pytest.mark.parametrize(
    "text, bad, repaired",
    [
        ("Das ist groÃƒÅ¸ und teuer.", "ÃƒÅ¸", "ß"),  # decoded wrongly twice
        ("Der Preis liegt bei 5 â‚¬ pro Stück.", "â‚¬", "€"),
        ("Die Bürger sind fÃ¼r die Reform.", "Ã¼", "ü"),
    ],
)
def test_mojibake_is_repaired_with_ftfy(auditor, text, bad, repaired):
    (finding,) = [f for f in auditor.check(text).findings if f.rule == "mojibake"]
    assert (finding.text, finding.suggestions[0], finding.applicability) == (bad, repaired, "safe")


@pytest.mark.parametrize("text", ["Die Åland-Inseln gehören zu Finnland.", "Äpfel, Öl und Übermut."])
def test_letters_that_only_look_like_mojibake_are_left_alone(auditor, text):
    assert not [f for f in auditor.check(text).findings if f.rule == "mojibake"]


def test_no_latin1_character_is_cyrillic_or_greek():
    """What lets the mixed-script rule skip a Latin-1 word unread: only Latin letters or no script."""
    from audit.rules.encoding import _script

    assert {_script(chr(c)) for c in range(256)} == {"LATIN", "OTHER"}
