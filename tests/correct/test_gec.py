"""LM-guided local edits (Bryant & Briscoe 2018): confusion sets, edit choice with margins, corrections
with the shipped model, and the Falko-MERLIN evaluation (slow, needs ../shared/data)."""

from __future__ import annotations

import math
import sys

import pytest

from audit.correct.gec import (
    MARGINS,
    TokenEdit,
    adjective_family,
    choose_edits,
    correct_tokens,
    determiner_family,
    insert_edits,
    noun_family,
    token_edits,
)
from audit.lexicon import get_lexicon
from tests.conftest import ROOT, shared_path


@pytest.mark.parametrize(
    "word, includes, excludes",
    [
        ("die", {"der", "das", "den", "dem", "des"}, {"die"}),
        ("Die", {"Der", "Das"}, {"der"}),
        ("einen", {"ein", "eine", "einem", "einer", "eines"}, {"einen"}),
        ("seine", {"sein", "seinen", "seinem"}, set()),
        ("dieser", {"diese", "dieses", "diesem", "diesen"}, {"dies"}),
        ("Haus", set(), {"Hause"}),  # not a determiner
        ("und", set(), {"und"}),
    ],
)
def test_determiner_family(word, includes, excludes):
    family = set(determiner_family(word))
    assert includes <= family
    assert not excludes & family


@pytest.mark.parametrize(
    "word, includes",
    [
        ("russischen", {"russische", "russischer", "russisches", "russischem"}),
        ("gestern", set()),
        ("und", set()),
    ],
)
def test_adjective_family(word, includes):
    family = set(adjective_family(get_lexicon(), word))
    assert includes <= family
    if not includes:
        assert family == set()


@pytest.mark.parametrize(
    "word, includes", [("Studenten", {"Student"}), ("Häusern", {"Haus", "Häuser"}), ("Kim", set())]
)
def test_noun_family(word, includes):
    assert includes <= set(noun_family(word))


def test_token_edits_kinds():
    edits = token_edits(get_lexicon(), ["Ich", "habe", "der", "Buch", "gelesen"], local_edits=True)
    kinds = {e.kind for e in edits}
    assert {"determiner", "swap"} <= kinds
    assert MARGINS["delete"] == math.inf and "delete" not in kinds  # no margin made deletions pay off
    tuning = token_edits(get_lexicon(), ["Ich", "habe", "der", "Buch", "gelesen"], True, all_kinds=True)
    assert TokenEdit(2, 3, (), "delete") in tuning


@pytest.mark.parametrize(
    "sentence, includes, excludes",
    [
        ("Ich habe Buch gelesen .", {"Ich habe das Buch gelesen ."}, {"Ich das habe Buch gelesen ."}),
        ("Er versucht das Problem lösen .", {"Er versucht das Problem zu lösen ."}, set()),
        (
            "Wir freuen auf den Sommer .",
            {"Wir freuen sich auf den Sommer ."},
            {"Wir freuen auf in den Sommer ."},
        ),
        (
            "Ich habe das Buch gelesen .",
            set(),
            {"Ich habe das das Buch gelesen .", "Ich habe das der Buch gelesen ."},
        ),
    ],
)
def test_insert_edits(sentence, includes, excludes):
    words = sentence.split()
    edits = insert_edits(get_lexicon(), words)
    assert all(e.i == e.j and len(e.tokens) == 1 and e.kind == "insert" for e in edits)
    results = {" ".join(e.apply(words)) for e in edits}
    assert includes <= results
    assert not excludes & results


def test_local_kinds_switched_on_and_off():
    lexicon = get_lexicon()
    words = ["Gestern", "der", "Präsident", "besuchte", "Berlin", "."]
    assert MARGINS["delete"] == math.inf  # never raised the tuning F0.5: off
    assert MARGINS["insert"] < math.inf
    kinds = {e.kind for e in token_edits(lexicon, words, local_edits=True)}
    assert "insert" in kinds and "delete" not in kinds
    kinds = {e.kind for e in token_edits(lexicon, words, True, all_kinds=True)}
    assert "delete" in kinds
    assert "verb-second" not in MARGINS  # word order is the syntax layer's (rules/syntax.py)


def test_choose_edits_respects_margins_and_overlaps():
    a = TokenEdit(2, 3, ("das",), "determiner")
    b = TokenEdit(2, 3, ("den",), "determiner")
    c = TokenEdit(4, 5, ("x",), "noun")
    d = TokenEdit(3, 5, ("y", "z"), "swap")
    margins = {"determiner": 1.0, "noun": 1.0, "swap": 1.0, "delete": math.inf}
    chosen = choose_edits([(a, -10.0), (b, -11.5), (c, -12.0), (d, -10.5)], base=-13.0, margins=margins)
    assert chosen == [a, d]  # best first; b overlaps a, c overlaps d
    assert choose_edits([(a, -12.5)], base=-13.0, margins=margins) == []  # below the margin


def test_choose_edits_insertions():
    margins = {"determiner": 1.0, "insert": 1.0}
    ins_a = TokenEdit(2, 2, ("das",), "insert")
    ins_b = TokenEdit(2, 2, ("ein",), "insert")
    sub = TokenEdit(2, 3, ("Bücher",), "determiner")
    chosen = choose_edits([(ins_a, -10.0), (ins_b, -10.5), (sub, -11.0)], base=-13.0, margins=margins)
    assert chosen == [ins_a, sub]  # one insertion per gap; an insertion before a replaced word is fine
    out = ["Ich", "habe", "Buch", "gelesen"]
    for edit in reversed(chosen):
        out = edit.apply(out)
    assert out == ["Ich", "habe", "das", "Bücher", "gelesen"]


@pytest.mark.parametrize(
    "sentence, corrected",
    [
        ("Ich habe der Buch gestern gelesen .", "Ich habe das Buch gestern gelesen ."),
        (
            "Er wohnt in einem großen Haus mit seine Familie .",
            "Er wohnt in einem großen Haus mit seiner Familie .",
        ),
        # correct German stays as it is
        ("Die Regierung hat den Plan gestern vorgestellt .", None),
        ("Wir sprechen mit den Studenten über das neue Gesetz .", None),
    ],
)
def test_correct_tokens_with_the_shipped_model(auditor, sentence, corrected):
    words = sentence.split()
    out, edits = correct_tokens(auditor.fluency.model, get_lexicon(), words)
    assert " ".join(out) == (corrected or sentence)
    assert bool(edits) == (corrected is not None)


@pytest.mark.parametrize(
    "sentence, corrected, kind",
    [
        ("Sie wohnt in Stadt .", "Sie wohnt in der Stadt .", "insert"),
        ("Das ist Problem .", "Das ist das Problem .", "insert"),
        # correct German stays as it is
        ("Sie wohnt in der Stadt .", None, None),
        ("Er hat angefangen , Deutsch zu lernen .", None, None),
        ("Gestern besuchte der Präsident Berlin .", None, None),
        ("Diese Woche reist Putin nach Nordkorea .", None, None),
        ("Weil er krank war , kam der Arzt schnell .", None, None),
        ("Wir sprechen mit den Studenten über das neue Gesetz .", None, None),
    ],
)
def test_local_edits_with_the_shipped_model(auditor, sentence, corrected, kind):
    """Insertions at the shipped margin, with swaps off so that the insertion alone makes the edit."""
    words = sentence.split()
    margins = {**MARGINS, "swap": math.inf}
    out, edits = correct_tokens(auditor.fluency.model, get_lexicon(), words, margins, local_edits=True)
    assert " ".join(out) == (corrected or sentence)
    assert [e.kind for e in edits] == ([kind] if kind else [])


def test_read_m2(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_gec import read_m2

    m2 = tmp_path / "x.m2"
    m2.write_text(
        "S Ich habe der Buch gelesen .\n"
        "A 2 3|||R:DET:FORM|||das|||REQUIRED|||-NONE-|||0\n"
        "A 2 3|||R:DET:FORM|||ein|||REQUIRED|||-NONE-|||1\n\n"
        "S Gut .\nA -1 -1|||noop|||-NONE-|||REQUIRED|||-NONE-|||0\n",
        encoding="utf-8",
    )
    data = read_m2(m2)
    assert data == [
        (["Ich", "habe", "der", "Buch", "gelesen", "."], {(2, 3, ("das",))}, 1),
        (["Gut", "."], set(), 0),
    ]


@pytest.mark.slow
def test_falko_merlin_held_out_precision(capsys):
    path = shared_path("data", "gec", "falko-merlin", "fm-dev.m2")
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_gec

    assert eval_gec.main(["--m2", str(path)]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("held-out half, shipped"))
    precision = float(line.split("precision ")[1].split("%")[0])
    assert precision >= 30.0, line


def test_span_variants_insert():
    from audit.correct import gec
    from audit.rules import ArticleContext
    from audit.segment import make_article

    text = "Gestern  der Präsident besuchte Berlin. Sie wohnt in Stadt."
    ctx = ArticleContext(make_article(text), get_lexicon())
    assert ("Sie wohnt in der Stadt", "insert") in gec.span_variants(ctx, 40, 58, local_edits=True)
    assert all(k != "verb-second" for _, k in gec.span_variants(ctx, 0, 31, local_edits=True))
