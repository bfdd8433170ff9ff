from __future__ import annotations

import pytest

from audit.segment import make_article, split_sentences, tokenize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Er kam am 3. Okt. nach Berlin. Dann ging er.", ["Er kam am 3. Okt. nach Berlin.", "Dann ging er."]),
        (
            "Dr. Müller sagt z. B. nichts. Das ist u. a. gut.",
            ["Dr. Müller sagt z. B. nichts.", "Das ist u. a. gut."],
        ),
        ("Er kam im Jahr 2000. Die Reise war lang.", ["Er kam im Jahr 2000.", "Die Reise war lang."]),
        ("am 18. und 19. Juni einen Besuch abstatten.", ["am 18. und 19. Juni einen Besuch abstatten."]),
        (
            "Paul P. Murphy schrieb. Danach „Ja.“ Dann kam er.",
            ["Paul P. Murphy schrieb.", "Danach „Ja.“", "Dann kam er."],
        ),
        ("Was nun? «Niemand weiß es.» Gut!", ["Was nun?", "«Niemand weiß es.»", "Gut!"]),
        (
            "Putin tritt wieder auf der Weltbühne in Erscheinung",
            ["Putin tritt wieder auf der Weltbühne in Erscheinung"],
        ),
        ("Das kostet 6.700 Euro. Mehr nicht.", ["Das kostet 6.700 Euro.", "Mehr nicht."]),
    ],
)
def test_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("Kim Jong-un kam.", ["Kim", "Jong-un", "kam", "."]),
        ("6.700 Container, 152 mm", ["6.700", "Container", ",", "152", "mm"]),
        ("Staats- und Freundschaftsbesuch", ["Staats-", "und", "Freundschaftsbesuch"]),
        ("Weltraumwissenschaft und -technologie", ["Weltraumwissenschaft", "und", "-technologie"]),
        ("der G-7-Gipfel mit O’Brien", ["der", "G-7-Gipfel", "mit", "O’Brien"]),
        ("„Kampf“", ["„", "Kampf", "“"]),
        ("1950–53", ["1950–53"]),
    ],
)
def test_tokens(text, tokens):
    assert [t.text for t in tokenize(text)] == tokens


def test_offsets_are_exact_code_points():
    text = "Überschrift ohne Punkt\r\n\r\n„Zitat“ – 3. Okt. 2023: Ä ö ü ß.\nZweite Zeile 😀 hier."
    article = make_article(text)
    assert [p.text for p in article.paragraphs] == [
        "Überschrift ohne Punkt",
        "„Zitat“ – 3. Okt. 2023: Ä ö ü ß.",
        "Zweite Zeile 😀 hier.",
    ]
    for sentence in article.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text


def test_headline_without_punctuation_is_one_sentence():
    article = make_article("Putin kehrt wieder auf die Weltbühne zurück\n\nEr sagte das. Dann ging er.")
    assert [s.text for s in article.sentences] == [
        "Putin kehrt wieder auf die Weltbühne zurück",
        "Er sagte das.",
        "Dann ging er.",
    ]
    assert not article.sentences[0].has_final_punctuation


def test_runs_cut_consecutive_items_at_about_a_size():
    from audit.segment import runs

    assert runs([], 10) == []
    assert runs([3, 4], 10) == [(0, 2)]
    assert runs([4, 4, 4, 15, 2, 9, 1], 10) == [(0, 2), (2, 3), (3, 4), (4, 5), (5, 7)]
