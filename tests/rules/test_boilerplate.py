"""Boilerplate detectors: UI phrases, page artefacts, truncated teasers."""

from __future__ import annotations

import pytest

from audit.rules import make_context
from audit.rules.boilerplate import (
    PageArtifactRule,
    TruncatedTeaserRule,
    UIPhraseRule,
    load_phrases,
    ui_phrase_span,
)
from audit.segment import make_article
from tests.conftest import SEEDS

BODY = "Putin war das letzte Mal im Jahr 2000 in Nordkorea, als er das Land besuchte."


def run(rule_cls, text: str):
    return list(rule_cls().check(make_context(make_article(text))))


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("Hören", "Hören"),
        ("zum Inhalt", "zum Inhalt"),
        ("Lesen Sie auch:", "Lesen Sie auch:"),
        (
            "Lesen Sie auch: Warum Kim Jong-un Putin braucht",
            "Lesen Sie auch: Warum Kim Jong-un Putin braucht",
        ),
        ("Schreibe einen Kommentar", "Schreibe einen Kommentar"),
        ("Leave a Reply", "Leave a Reply"),
        ("Kommentare", "Kommentare"),
        ("KOMMENTARE", "KOMMENTARE"),
        ("Aktuelles", "Aktuelles"),
        ("Kommentare (12)", "Kommentare (12)"),
        ("Comments 4", "Comments 4"),
        ("Über den Autor", "Über den Autor"),
        ("Mitglieder Öffentlichkeit", "Mitglieder Öffentlichkeit"),
        ("Lernen Sie das Trust Project kennen", "Lernen Sie das Trust Project kennen"),
        ("Das könnte Sie auch interessieren", "Das könnte Sie auch interessieren"),
        ("Artikel teilen", "Artikel teilen"),
        ("Skip to main content", "Skip to main content"),
        (
            "PREV Dieser 20. Juni gilt als der längste Tag des Jahres",
            "PREV Dieser 20. Juni gilt als der längste Tag des Jahres",
        ),
        (
            "NEXT Video: Er beschwerte sich über den Hamburger",
            "NEXT Video: Er beschwerte sich über den Hamburger",
        ),
        # at the end of a headline: only the phrase
        ("Kim verspricht Putin Unterstützung. Verfolgen Sie die neuesten", " Verfolgen Sie die neuesten"),
        # a teaser of another article cut off before "Read more »": the whole line
        (
            "Die Ukraine soll Nato-Mitglied werden. Das hat Stoltenberg ... Read more »",
            " ... Read more »",
        ),
        # inside a sentence the same words are text
        ("Hören Sie auf, sagte der Minister.", None),
        ("Die Bürger hören zum Inhalt der Reform wenig.", None),
        ("Aktuelles aus der Forschung zeigt, dass der Trend anhält.", None),
        ("Die Kommentare der Leser waren überwiegend kritisch.", None),
        ("Kommentare 2024 zur Lage der Nation", None),
        ("Die Next Generation EU ist ein Aufbauprogramm.", None),
        ("Der Prev-Wert ist gestiegen.", None),
        ("Er las das Buch und lud zum Weiterlesen ein", None),
        ("Das Buch heißt Leave a Reply und erschien 2019.", None),
    ],
)
def test_ui_phrase(line, flagged):
    text = f"{BODY}\n\n{line}\n\n{BODY}"
    findings = run(UIPhraseRule, text)
    if flagged is None:
        assert findings == []
    else:
        assert [f.text for f in findings] == [flagged]
        assert findings[0].suggestions == ("",)


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("still_20719608_8542.219_still.jpg", "still_20719608_8542.219_still.jpg"),
        ("IMG_4711.JPG", "IMG_4711.JPG"),
        ("Putin und Kim in Wladiwostok. afp_2023_09_13.jpg", "afp_2023_09_13.jpg"),
        (
            "1694609902 Putin verhaetschelt Kim Jong un in der Hoffnung auf mehr Munition",
            "1694609902 Putin verhaetschelt Kim Jong un in der Hoffnung auf mehr Munition",
        ),
        ("putin-will-nach-nordkorea-reisen", "putin-will-nach-nordkorea-reisen"),
        ("ttn-de-23", "ttn-de-23"),
        ("-", "-"),
        ("___", "___"),
        ("***", "***"),
        ("* * *", "* * *"),
        (
            "https://www.example.com/politik/putin-nordkorea-123.html",
            "https://www.example.com/politik/putin-nordkorea-123.html",
        ),
        # real text
        ("Die Datei bericht.pdf liegt dem Ausschuss vor und wird geprüft.", None),
        ("Im Jahr 1694 wurde die Stadt gegründet und 1702 erweitert.", None),
        ("KN-23", None),
        ("Die Modelle KN-23 und KN-24 haben eine Reichweite von 700 Kilometern.", None),
        ("Die Ergebnisse der Wahl - ein Überblick", None),
        ("COVID-19", None),
    ],
)
def test_page_artifact(line, flagged):
    text = f"{BODY}\n\n{line}\n\n{BODY}"
    findings = run(PageArtifactRule, text)
    if flagged is None:
        assert findings == []
    else:
        assert [f.text for f in findings] == [flagged]


@pytest.mark.parametrize(
    ("text", "flagged_line"),
    [
        (
            "Kongressabgeordneter reagiert auf Putins Reise nach Nordkorea. Wladimir Putin wird zu...\n"
            "Kongressabgeordneter reagiert auf Putins Reise nach Nordkorea. Wladimir Putin wird zu einem Besuch reisen.",
            1,
        ),
        (
            BODY
            + "\n\nRodrigo Duterte, der Präsident der Philippinen, hält eine Rede auf einer Versammlung auf der...",
            3,
        ),
        # an ellipsis after a complete thought, or in a quotation, is text
        (BODY + "\n\nUnd dann kam alles ganz anders, als es die Planer sich vorgestellt hatten...", None),
        (BODY + "\n\n„Wir können davon ausgehen, dass die meisten Vereinbarungen geheim bleiben und …", None),
        (BODY + "\n\nUnd so weiter...", None),
    ],
)
def test_truncated_teaser(text, flagged_line):
    article = make_article(text)
    findings = list(TruncatedTeaserRule().check(make_context(article)))
    if flagged_line is None:
        assert findings == []
    else:
        assert [article.line_col(f.start)[0] for f in findings] == [flagged_line]
        assert findings[0].suggestions == ("",)


def test_phrase_file_parses():
    phrases = load_phrases()
    assert {p.where for p in phrases} == {"line", "section", "start", "end"}
    assert any(p.text == "Hören" for p in phrases)


def test_seed_boilerplate():
    rules = (UIPhraseRule(), PageArtifactRule(), TruncatedTeaserRule())
    texts = set()
    for path in sorted(SEEDS.glob("*.txt")):
        ctx = make_context(make_article(path.read_text(encoding="utf-8")))
        texts |= {f.text for rule in rules for f in rule.check(ctx)}
    for expected in (
        "Hören",
        "zum Inhalt",
        "Leave a Reply",
        "still_20719608_8542.219_still.jpg",
        "ttn-de-23",
        "Schreibe einen Kommentar",
        "Lernen Sie das Trust Project kennen",
        "News Related",
        "OTHER NEWS",
    ):
        assert expected in texts


TEASER = "Die US-Regierung hält Verhandlungen zwischen der Ukraine und Russland für sinnlos. Bei einem Unwetter in Odessa ... Read more »"


def test_read_more_flags_the_marker_not_the_teaser_text():
    (finding,) = run(UIPhraseRule, f"{BODY}\n\n{TEASER}")
    assert finding.text == " ... Read more »"


def _plain_ui_phrase(paragraph):
    """What ``ui_phrase_span`` finds by its plain definition (the count searched for in the whole key,
    every edge pattern searched): the whole line's span, or the phrase of the first edge pattern found."""
    from audit.rules.boilerplate import _COUNT_RE, _edge_patterns, _normalise, _whole_line_keys

    text = paragraph.text
    key = _normalise(text)
    if key and (key in _whole_line_keys() or _normalise(_COUNT_RE.sub("", key)) in _whole_line_keys()):
        return paragraph.start, paragraph.end, text
    return next((phrase.text for phrase, pattern in _edge_patterns() if pattern.search(text)), None)


EDGE_LINES = [
    "Kommentare (12)",
    "Kommentare ::::: (12)",
    "Kommentare 123456",
    "Kommentare [7]",
    "Die Regierung hat am Montag einen Plan vorgestellt. Weiterlesen",
    "Die Regierung hat am Montag einen Plan vorgestellt. WEITERLESEN  ",
    "Die Regierung hat am Montag einen Plan vorgestellt … Read more »",
    "Die Regierung hat am Montag einen Plan vorgestellt … Read   more \u00bb\t",
    "Die Regierung hat am Montag einen Plan vorgestellt.\u00a0Continue reading\u2003",
    "Die Regierung hat am Montag einen Plan vorgestellt: Follow the latest",
    "Er sagte: mehr »",
    "Er wollte weiterlesen",
    "PREV Dieser 20. Juni war heiß",
    "Next Generation ist ein Film",
    "Lesen Sie auch: Die Lage in Kiew",
    "»",
    "n",
]


def _same_as_plain(paragraph) -> bool:
    plain, fast = _plain_ui_phrase(paragraph), ui_phrase_span(paragraph)
    if plain is None or fast is None:
        return plain is fast
    return fast == plain if isinstance(plain, tuple) else fast[2] == plain


@pytest.mark.parametrize("line", EDGE_LINES)
def test_ui_phrase_span_equals_the_plain_search(line):
    """The shortcuts of ``ui_phrase_span`` (the count looked for at the key's end; line-end phrases tried
    only on lines ending in their last character) find what searching every pattern finds."""
    assert _same_as_plain(make_article(line, id="t").paragraphs[0])


def test_ui_phrase_span_equals_the_plain_search_on_the_seeds():
    paragraphs = [
        p for path in sorted(SEEDS.glob("*")) for p in make_article(path.read_text(), id="s").paragraphs
    ]
    assert len(paragraphs) > 50
    assert all(_same_as_plain(p) for p in paragraphs)
