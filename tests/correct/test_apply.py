"""Applying edits, widening whole-line deletions, composing rounds, the fix loop, sentence corrections."""

from __future__ import annotations

import pytest

from audit.correct.apply import (
    apply_edits,
    compose,
    expand_line_deletions,
    fix_article,
    sentence_corrections,
)
from audit.correct.edits import Edit
from audit.document import Finding
from audit.segment import make_article


def edit(start, end, replacement="", rule="r"):
    return Edit(start, end, replacement, rule, "boilerplate", "safe")


@pytest.mark.parametrize(
    "text, edits, expected",
    [
        ("Kim Jong-unals Teil", [(11, 11, " ")], "Kim Jong-un als Teil"),
        ("Nordkorea Nordkorea liegt", [(0, 10, "")], "Nordkorea liegt"),
        ("das Сosmodrom", [(4, 5, "C")], "das Cosmodrom"),
        ("fortzuführen .", [(12, 14, ".")], "fortzuführen."),
        ("a  b  c", [(1, 3, " "), (4, 6, " ")], "a b c"),
        ("abc", [], "abc"),
    ],
)
def test_apply_edits(text, edits, expected):
    assert apply_edits(text, [edit(*e) for e in edits]) == expected


@pytest.mark.parametrize("edits", [[(0, 3), (2, 4)], [(1, 1), (1, 1)], [(0, 9)]])
def test_apply_edits_refuses_conflicts_and_spans_beyond_the_text(edits):
    with pytest.raises(ValueError):
        apply_edits("abcdef", [edit(*e, "x") for e in edits])


def _delete(text: str, *phrases: str) -> list[Edit]:
    return [edit(text.index(p), text.index(p) + len(p), "", p) for p in phrases]


@pytest.mark.parametrize(
    "text, phrases, expected",
    [
        # a line between paragraphs goes with its separator; the one before it stays
        ("Titel\n\nHören\n\nSEOUL.- Text.\n", ["Hören"], "Titel\n\nSEOUL.- Text.\n"),
        ("Titel\nHören\nText.\n", ["Hören"], "Titel\nText.\n"),
        # the first line
        ("zum Inhalt\n\nTitel\n", ["zum Inhalt"], "Titel\n"),
        # the last line: the separator before it goes, the final line break stays
        ("Text.\n\nLeave a Reply\n", ["Leave a Reply"], "Text.\n"),
        ("Text.\n\nLeave a Reply", ["Leave a Reply"], "Text."),
        # a run of lines, blank lines between them included
        ("Text.\n\n-\n\nHören\n\nMehr.\n", ["-", "Hören"], "Text.\n\nMehr.\n"),
        ("Text.\nPREV a\nNEXT b", ["PREV a", "NEXT b"], "Text."),
        # two deletions that empty one line together, with the space between them
        ("Text.\n- Hören\nMehr.\n", ["-", "Hören"], "Text.\nMehr.\n"),
        # CRLF
        ("Titel\r\n\r\nHören\r\n\r\nText.\r\n", ["Hören"], "Titel\r\n\r\nText.\r\n"),
        # part of a line: only the span goes
        ("Text. Read more »\nMehr.\n", [" Read more »"], "Text.\nMehr.\n"),
        # the whole text
        ("Hören\n", ["Hören\n"], ""),
    ],
)
def test_expand_line_deletions(text, phrases, expected):
    edits = _delete(text, *phrases)
    widened = expand_line_deletions(text, edits)
    assert apply_edits(text, widened) == expected
    assert sorted(e.rule for e in widened) == sorted(phrases)  # each deletion keeps its rule


def test_a_line_with_another_edit_is_not_removed():
    text = "Text.\nHören  jetzt\nMehr.\n"
    edits = [edit(6, 11, ""), edit(11, 13, " "), edit(13, 18, "")]
    assert apply_edits(text, expand_line_deletions(text, edits)) == "Text.\n \nMehr.\n"


@pytest.mark.parametrize(
    "original, done, new",
    [
        ("abcdef", [], [(1, 2, "X")]),
        ("abcdef", [(1, 2, "XY")], [(4, 5, "Z")]),  # after an earlier edit: shifted back
        ("abcdef", [(4, 5, "Z")], [(1, 2, "")]),  # before it
        ("abcdef", [(1, 2, "XY")], [(2, 3, "")]),  # inside it: merged
        ("abcdef", [(1, 3, "")], [(1, 1, "Q")]),  # at a deletion: merged
        ("abcdef", [(1, 2, "XY"), (4, 5, "Z")], [(0, 6, "W")]),  # over both
        ("abcdef", [(1, 2, "XY")], [(1, 3, "b")]),  # undone: nothing left
        ("abcdef", [(0, 1, ""), (2, 3, "")], [(0, 1, "_"), (1, 2, "")]),
    ],
)
def test_compose_does_what_both_rounds_do(original, done, new):
    done_edits = [edit(*e, rule="first") for e in done]
    new_edits = [edit(*e, rule="second") for e in new]
    middle = apply_edits(original, done_edits)
    combined = compose(original, done_edits, new_edits)
    assert apply_edits(original, combined) == apply_edits(middle, new_edits)


def test_compose_keeps_the_earlier_rule_when_merging():
    (merged,) = compose("abcdef", [edit(1, 2, "XY", rule="first")], [edit(2, 3, "", rule="second")])
    assert (merged.start, merged.end, merged.replacement, merged.rule) == (1, 2, "X", "first")


def test_fix_loop_applies_safe_edits_until_stable(regex_checker):
    text = "Sie sprach am Wednesdays  über Nordkorea Nordkorea Nordkorea .\n\nRead more »\n"
    result = fix_article(regex_checker, make_article(text))
    assert result.text == "Sie sprach am Wednesdays über Nordkorea.\n"
    assert result.stable and result.rounds == 2  # "Nordkorea Nordkorea Nordkorea" takes two rounds
    assert apply_edits(text, result.edits) == result.text  # edits are in the original's offsets
    assert {e.rule for e in result.edits} == {
        "double-space",
        "repeated-word",
        "space-before-punctuation",
        "ui-phrase",
    }
    assert result.unsafe_available == 1  # Wednesdays
    again = fix_article(regex_checker, make_article(result.text))
    assert again.text == result.text and not again.edits


def test_fix_loop_with_unsafe(regex_checker):
    result = fix_article(regex_checker, make_article("am Wednesdays"), unsafe=True)
    assert result.text == "am Mittwochs"
    assert [e.applicability for e in result.edits] == ["unsafe"]


def test_fix_loop_is_bounded():
    class Growing:
        """A checker that always wants one more character: the loop must stop."""

        def check_article(self, article):
            from audit.document import Report

            f = Finding("grow", "typography", "minor", 0, 0, "", "m", ("x",), applicability="safe")
            return Report(article, (f,), (), 100.0, None, 0.0)

    result = fix_article(Growing(), make_article("abc"), max_rounds=3)
    assert result.text == "xxxabc" and result.rounds == 3 and not result.stable


def test_line_breaks_in_replacements_follow_the_file(regex_checker):
    class Splitter:
        def check_article(self, article):
            from audit.document import Report

            i = article.text.find(".Bild")
            findings = ()
            if i >= 0:
                findings = (
                    Finding(
                        "glued-sentence", "glued", "minor", i, i + 1, ".", "m", (".\n",), applicability="safe"
                    ),
                )
            return Report(article, findings, (), 100.0, None, 0.0)

    result = fix_article(Splitter(), make_article("Wostotschny.Bild ANP\r\nText.\r\n"))
    assert result.text == "Wostotschny.\r\nBild ANP\r\nText.\r\n"


def test_sentence_corrections():
    text = "Sie sprach am Wednesdays über Nordkorea Nordkorea. Hören\nDas ist gut."
    article = make_article(text)
    i = text.index("Nordkorea Nordkorea")
    w = text.index("Wednesdays")
    h = text.index("Hören")
    findings = [
        Finding("untranslated-word", "untranslated", "major", w, w + 10, "Wednesdays", "m", ("Mittwochs",)),
        Finding(
            "repeated-word",
            "duplicate",
            "minor",
            i,
            i + 19,
            text[i : i + 19],
            "m",
            ("Nordkorea",),
            applicability="safe",
        ),
        Finding("ui-phrase", "boilerplate", "minor", h, h + 5, "Hören", "m", ("",), applicability="safe"),
    ]
    sentences = [s.text for s in article.sentences]
    corrections = dict(zip(sentences, sentence_corrections(article, findings), strict=True))
    assert corrections == {
        "Sie sprach am Wednesdays über Nordkorea Nordkorea.": "Sie sprach am Mittwochs über Nordkorea.",
        "Hören": "",
        "Das ist gut.": None,
    }


def test_public_fix_api(auditor):
    import audit

    result = audit.fix("Die Bürger  äußerten Sorge über das Сosmodrom .", auditor=auditor, unsafe=True)
    assert result.text == "Die Bürger äußerten Sorge über das Cosmodrom."
    assert {e.category for e in result.edits} == {"typography", "encoding"}
    assert result.stable and result.changed
