from __future__ import annotations

import pytest

from tests.conftest import findings_of


@pytest.mark.parametrize(
    "text, rule, flagged",
    [
        ("Die Geschichte der Freundschaft stets fortzuführen .", "space-before-punctuation", " ."),
        ("Er kam , sah und siegte.", "space-before-punctuation", " ,"),
        ("Die Rakete  hat eine Reichweite von 700 Kilometern.", "double-space", "  "),
        ("Die Unterstützung für Selensky's Friedensvision wuchs.", "english-possessive", "Selensky's"),
        ('Verhandlungen wären „Kapitulationsmonolog" für Kiew.', "unbalanced-quotes", '"'),
        ("Er sagte „sinnlos” und ging.", "unbalanced-quotes", "”"),
        ("Lächerlich“: Abgeordneter reagiert auf die Reise.", "unbalanced-quotes", "“"),
        ('Die Regierung werde den Plan prüfen, sagte der Sprecher. "', "stray-quote", '"'),
        ("” Die Sitzung beginnt um neun Uhr.", "stray-quote", "”"),
    ],
)
def test_positive(auditor, text, rule, flagged):
    assert [f.text for f in findings_of(auditor, text, rule)] == [flagged]


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte: „Wir kommen.“ Dann ging er.",
        "Man nennt ihn den «Godfather of British Blues».",
        "Das Buch »Der Process« erschien 1925.",
        "Die Firma McDonald's eröffnete eine Filiale.",  # a brand name with an apostrophe stays
        "Sie heirateten in der St Margaret's Church in Westminster.",
        "Bei einem Unwetter in Odessa ... Read more »",
        "Die Kosten betragen 3 % des Umsatzes.",
        "Er fragte: Warum? Niemand wusste es.",
        "Die Zeile endet mit einer Ellipse …",
        'Er sagte: "Wir kommen." Dann ging er.',
        'Der Bildschirm misst 27" in der Diagonale.',
        '"Wir bleiben", sagte sie, "und wir kämpfen."',
    ],
)
def test_negative(auditor, text):
    found = findings_of(auditor, text, "typography")
    assert found == [], [f.text for f in found]


def test_unbalanced_quotes_visits_only_quotation_marks(monkeypatch):
    """The rule looks only at the quotation marks of a paragraph: the same findings as visiting every
    character (what it did before), on random paragraphs of marks, letters and spaces."""
    import random
    import re

    from audit.rules import make_context, typography
    from audit.segment import make_article

    def found(texts):
        rule = typography.UnbalancedQuotesRule()
        return [
            [(f.start, f.end, f.message) for f in rule.check(make_context(make_article(t, id="t")))]
            for t in texts
        ]

    rng = random.Random(7)
    alphabet = "„“”\"»«‚‘’' ab."
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    texts = [t for t in texts if t.strip()]
    fast = found(texts)
    monkeypatch.setattr(typography, "_PAIRED_QUOTE_RE", re.compile("(?s)."))
    assert found(texts) == fast
    assert sum(map(len, fast)) > 1000


def test_quote_marks_equal_the_character_loop():
    """``quote_marks`` finds the marks by one search: the same marks as testing every character."""
    import random

    from audit.rules.typography import _SPACE, DOUBLE_QUOTES, quote_marks

    def plain(text):
        out = []
        for i, ch in enumerate(text):
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch in DOUBLE_QUOTES and not (
                (ch == '"' and before.isdigit()) or (ch in "«»" and before in _SPACE and after in _SPACE)
            ):
                out.append((i, ch))
        return out

    rng = random.Random(11)
    texts = [
        "".join(rng.choice('„“”"»«‚‘ a1\u00a0.') for _ in range(rng.randint(0, 25))) for _ in range(3000)
    ]
    assert all(quote_marks(t) == plain(t) for t in texts)
    assert sum(len(quote_marks(t)) for t in texts) > 5000
