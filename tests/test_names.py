"""Proper-name evidence: name spans and quoted foreign titles that other rules must leave alone."""

from __future__ import annotations

import pytest

from audit.lexicon import get_lexicon
from audit.lexicon.names import find_name_spans, find_quoted_foreign_spans
from audit.segment import make_article


def _names(text: str) -> list[str]:
    return [text[s:e] for s, e in find_name_spans(make_article(text), get_lexicon())]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Das Wall Street Journal zitiert die Mitarbeiterin.", "Wall Street Journal"),
        ("Sie arbeitet am Londoner Royal United Services Institute.", "Royal United Services Institute"),
        ("Das sagte James Nixey von Chatham House.", "Chatham House"),
        ("Luftbilder von Planet Labs zeigen die Vorbereitungen.", "Planet Labs"),
        ("Er sagte das gegenüber Yonhap News.", "Yonhap News"),
        (
            "Ein Experte am Asian Institute for Policy Studies sagte das.",
            "Asian Institute for Policy Studies",
        ),
        ("Kim wurde von Pak Thae Song begleitet.", "Pak Thae Song"),
        ("Er traf Minister Kozlov in Wladiwostok.", "Kozlov"),
        ("Das Wall Street Journal zitiert sie.", "Wall Street Journal"),
        # a name the article keeps using, even if it is also an English word
        ("Die beiden Olds ritten los. Später sahen die Olds das Lager.", "Olds"),
    ],
)
def test_name_spans(text, name):
    start = text.index(name)
    spans = find_name_spans(make_article(text), get_lexicon())
    assert any(s <= start and start + len(name) <= e for s, e in spans), _names(text)


@pytest.mark.parametrize(
    "text, not_name",
    [
        ("Der Besuch fiel auf einen Wednesdays in Berlin.", "Wednesdays in Berlin"),
        ("Der Besuch fiel auf einen Wednesdays in Berlin.", "Wednesdays"),
        ("Die Regierung beschloss das Gesetz am Montag.", "Regierung"),
        ("Das Wall Street Journal zitiert sie.", "Das Wall Street Journal"),
    ],
)
def test_not_names(text, not_name):
    assert not_name not in _names(text)


@pytest.mark.parametrize(
    "text, quoted, expected",
    [
        ("Man nennt ihn den «Godfather of British Blues».", "«Godfather of British Blues»", True),
        ("Sein Album „Blues Breakers“ erschien 1966.", "„Blues Breakers“", True),
        ("Er sagte: „Wir werden das schaffen.“", "„Wir werden das schaffen.“", False),
    ],
)
def test_quoted_foreign(text, quoted, expected):
    spans = [text[s:e] for s, e in find_quoted_foreign_spans(make_article(text), get_lexicon())]
    assert (quoted in spans) is expected
