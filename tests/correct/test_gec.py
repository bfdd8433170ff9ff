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


def test_choose_edits_respects_margins_and_overlaps():
    a = TokenEdit(2, 3, ("das",), "determiner")
    b = TokenEdit(2, 3, ("den",), "determiner")
    c = TokenEdit(4, 5, ("x",), "noun")
    d = TokenEdit(3, 5, ("y", "z"), "swap")
    margins = {"determiner": 1.0, "noun": 1.0, "swap": 1.0, "delete": math.inf}
    chosen = choose_edits([(a, -10.0), (b, -11.5), (c, -12.0), (d, -10.5)], base=-13.0, margins=margins)
    assert chosen == [a, d]  # best first; b overlaps a, c overlaps d
    assert choose_edits([(a, -12.5)], base=-13.0, margins=margins) == []  # below the margin


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
