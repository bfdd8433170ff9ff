"""Duplicate detectors: repeated words, sentences and lines."""

from __future__ import annotations

import pytest

from audit.rules import make_context
from audit.rules.duplicate import RepeatedLineRule, RepeatedSentenceRule, RepeatedWordRule
from audit.segment import make_article
from tests.conftest import SEEDS


def run(rule_cls, text: str):
    return list(rule_cls().check(make_context(make_article(text))))


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("Die Technologie, die Nordkorea Nordkorea seit langem begehrt.", "Nordkorea Nordkorea", "Nordkorea"),
        ("Der Minister hat hat am Montag erklärt, er trete zurück.", "hat hat", "hat"),
        ("Die Regierung will die Steuern in in diesem Jahr senken.", "in in", "in"),
        ("Der Bahnhof Bahnhof liegt im Zentrum der Stadt.", "Bahnhof Bahnhof", "Bahnhof"),
        ("Sie sagte, dass das das Ziel der Reform sei.", None, None),  # dass das das: grammatical
        ("Die Frauen, die die Petition unterschrieben, kamen aus Kiel.", None, None),
        ("Wenn sie sie sieht, freut sie sich.", None, None),
        ("Das war sehr sehr knapp, sagte der Trainer.", None, None),
        ("Die Band Duran Duran spielte in Berlin.", None, None),  # a reduplicated name
        ("Der Film La La Land gewann sechs Oscars.", None, None),
        ("Wir fahren nach Baden-Baden und Bora Bora.", None, None),
        ("Das Recht muss Recht bleiben, sagte die Ministerin.", None, None),  # an idiom
        ("Er sagte: Nordkorea, Nordkorea und nochmals Nordkorea.", None, None),  # punctuation between
        ("Die Zahl stieg von 10 10 auf 12.", None, None),  # numbers are left to others
    ],
)
def test_repeated_word(text, flagged, suggestion):
    findings = run(RepeatedWordRule, text)
    if flagged is None:
        assert findings == []
    else:
        assert [f.text for f in findings] == [flagged]
        assert findings[0].suggestions == (suggestion,)
        assert text[findings[0].start : findings[0].end] == flagged


HEADLINE = "Wladimir Putin sucht Hilfe bei den Arsenalen von Kim Jong-un"
BODY = "Putin war das letzte Mal im Jahr 2000 in Nordkorea, als er das Land als erster russischer Führer besuchte."


@pytest.mark.parametrize(
    ("text", "flagged_lines"),
    [
        # the headline three times: the second and third copies, not the first
        (f"{HEADLINE}\n\n{HEADLINE}\n{HEADLINE}\n\n{BODY}", [3, 4]),
        # in lower case from a URL
        (
            "Verhältnis immer enger: Putin will nach Nordkorea reisen\n\nverhältnis immer enger: putin will nach nordkorea reisen\n\n"
            + BODY,
            [3],
        ),
        # a caption repeated with different spacing and punctuation
        (
            "Putin und Kim schütteln sich im Kosmodrom die Hand.  Bild AFP\n\nText.\n\nPutin und Kim schütteln sich im Kosmodrom die Hand.Bild AFP",
            [5],
        ),
        # a long caption repeated shorter: nearly all of its trigrams are in the earlier one
        (
            "Ein Foto zeigt, dass Kim Jong Un an einer Zeremonie teilnimmt, nachdem er die Grenze zu Russland überquert hat. "
            "Unabhängige Journalisten hatten keinen Zugang.\n\nAndere Zeile hier.\n\n"
            "Ein Foto zeigt, dass Kim Jong Un an einer Zeremonie teilnimmt, nachdem er die Grenze zu Russland überquert hat.",
            [5],
        ),
        # photo credits repeat under every picture
        (
            "Foto: Kay Nietfeld/dpa/picture alliance\n\n"
            + BODY
            + "\n\nFoto: Kay Nietfeld/dpa/picture alliance",
            [],
        ),
        # items of a list that differ in a number
        (
            "die Datensätze und Angaben zu den Merkmalen aus den Erhebungen nach § 5;\n"
            "die Datensätze und Angaben zu den Merkmalen aus den Erhebungen nach § 7;\n"
            "die Datensätze und Angaben zu den Merkmalen aus den Erhebungen nach § 9;",
            [],
        ),
        # short lines repeat by nature (headings, labels)
        ("Hintergrund\n\n" + BODY + "\n\nHintergrund\n\nDer Krieg dauert an.", []),
        # different lines sharing a phrase
        (
            "Die Regierung hat am Montag neue Sanktionen gegen Russland beschlossen.\n\n"
            "Die Regierung hat am Dienstag neue Hilfen für die Ukraine beschlossen.",
            [],
        ),
    ],
)
def test_repeated_line(text, flagged_lines):
    article = make_article(text)
    findings = list(RepeatedLineRule().check(make_context(article)))
    assert [article.line_col(f.start)[0] for f in findings] == flagged_lines
    for f in findings:
        assert f.suggestions == ("",)
        assert "line" in f.message


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "Putins seltener Besuch in Nordkorea trägt zur Verschärfung der Spannungen bei. Das sagen Experten.\n\n"
            "Er reist am Dienstag. Putins seltener Besuch in Nordkorea trägt zur Verschärfung der Spannungen bei.",
            " Putins seltener Besuch in Nordkorea trägt zur Verschärfung der Spannungen bei.",  # with the space before
        ),
        (
            "Die Gespräche dauerten am Mittwoch mehr als vier Stunden in Wladiwostok. Die Gespräche dauerten am Mittwoch mehr als vier Stunden in Wladiwostok. Dann reiste er ab.",
            "Die Gespräche dauerten am Mittwoch mehr als vier Stunden in Wladiwostok. ",
        ),
        # rhetorical repetition inside one paragraph, not adjacent: a speaker's device
        (
            "Du suchst eine Arbeit? Dann ist die Grundsicherung schlecht für dich. Du bist Beschäftigter? "
            "Dann ist die Grundsicherung schlecht für dich.",
            None,
        ),
        # short sentences repeat by nature
        ("Vielen Dank.\n\nDas ist richtig.\n\nVielen Dank.", None),
        # voting formulas of a parliament: question and answer
        (
            "Wer stimmt dagegen? – Das sind Bündnis 90/Die Grünen und die Fraktion Die Linke.\n\n"
            "Wer stimmt dagegen? – Das sind Bündnis 90/Die Grünen und die Fraktion Die Linke.",
            None,
        ),
        # a teaser cut off with "..." before the full text is boilerplate, not a repeated sentence
        (
            "Kongressabgeordneter reagiert auf Putins Reise nach Nordkorea. Wladimir Putin wird zu...\n"
            "Kongressabgeordneter reagiert auf Putins Reise nach Nordkorea. Wladimir Putin wird zu einem Besuch reisen.",
            None,
        ),
    ],
)
def test_repeated_sentence(text, flagged):
    findings = run(RepeatedSentenceRule, text)
    if flagged is None:
        assert findings == []
    else:
        assert [f.text for f in findings] == [flagged]
        assert findings[0].suggestions == ("",)


def seed_findings(name: str, rule_cls):
    article = make_article((SEEDS / name).read_text(encoding="utf-8"))
    return article, list(rule_cls().check(make_context(article)))


@pytest.mark.parametrize(
    ("seed", "lines"),
    [
        ("000_84034a147dd17175.txt", [3, 4]),  # the headline three times
        ("001_7e51165f312b1a93.txt", [29]),  # a long caption repeated shorter
        ("002_d0ac46d8fcb0287c.txt", [10]),  # "Putins seltener Besuch ..." twice
        ("003_dd451717206f8973.txt", [3]),  # the headline again in lower case
        ("004_3af81b5f3be5d335.txt", [23]),  # a caption twice, differently spaced
    ],
)
def test_seed_repeated_lines(seed, lines):
    article, findings = seed_findings(seed, RepeatedLineRule)
    assert [article.line_col(f.start)[0] for f in findings] == lines


def test_seed_repeated_word():
    _, findings = seed_findings("000_84034a147dd17175.txt", RepeatedWordRule)
    assert [f.text for f in findings] == ["Nordkorea Nordkorea"]


def test_repeated_lines_found_once_per_article(monkeypatch):
    """The repeated-line and repeated-sentence rules share one search for repeated lines."""
    from audit.rules import duplicate

    calls = []
    search = duplicate._repeated_lines
    monkeypatch.setattr(duplicate, "_repeated_lines", lambda ctx: calls.append(1) or search(ctx))
    line = "Die Regierung hat am Montag in Berlin einen neuen Plan für die Schulen vorgestellt."
    ctx = make_context(make_article(f"{line}\n\nDazwischen steht ein anderer Satz.\n\n{line}\n", id="t"))
    lines = list(RepeatedLineRule().check(ctx))
    list(RepeatedSentenceRule().check(ctx))
    assert len(lines) == 1 and calls == [1]
