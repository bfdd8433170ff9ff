"""Source and reference: sentence alignment, reference-based scores equal to sacrebleu's, pairing of
text files by relative path (and its errors), and what the reports carry."""

from __future__ import annotations

import json

import pytest
import sacrebleu
from click.testing import CliRunner

from audit.auditor import Auditor
from audit.bitext import source_analysis
from audit.bitext.align import align, align_lengths
from audit.bitext.reference import ReferenceTotals, score_reference
from audit.cli import cli
from audit.segment import make_article

DE = (
    "Der Präsident sagte am Montag, dass 25 Prozent der Leute gekommen sind.\n"
    "Die Regierung will das Gesetz ändern. Es soll im Januar in Kraft treten.\n"
)
EN = (
    "The president said on Monday that 25 percent of people came.\n"
    "The government wants to change the law. It is to take effect in January.\n"
)
REF = (
    "Der Präsident sagte am Montag, 25 Prozent der Menschen seien gekommen.\n"
    "Die Regierung möchte das Gesetz ändern. Es soll im Januar gelten.\n"
)


@pytest.fixture(scope="module")
def auditor():
    return Auditor(lm="none")


def _texts(text: str, other: str, alignment) -> tuple[list[str], list[str]]:
    hyps = [text[p.target[0] : p.target[1]] if p.target else "" for p in alignment.pairs]
    refs = [other[p.other[0] : p.other[1]] if p.other else "" for p in alignment.pairs]
    return hyps, refs


def test_lines_align_one_to_one_when_the_counts_agree():
    alignment = align(make_article(DE), EN)
    assert alignment.method == "lines"
    hyps, refs = _texts(DE, EN, alignment)
    assert refs == [
        "The president said on Monday that 25 percent of people came.",
        "The government wants to change the law.",
        "It is to take effect in January.",
    ]
    assert hyps[1] == "Die Regierung will das Gesetz ändern."


def test_a_reference_with_another_line_structure_is_aligned_by_sentence_length():
    other = "Der Präsident sagte am Montag, 25 Prozent der Menschen seien gekommen. Die Regierung möchte das Gesetz ändern.\nEs soll im Januar gelten.\n"
    alignment = align(make_article(DE), other)
    assert alignment.method == "sentences"
    hyps, refs = _texts(DE, other, alignment)
    assert [h[:12] for h in hyps] == ["Der Präsiden", "Die Regierun", "Es soll im J"]
    assert refs[2] == "Es soll im Januar gelten."
    assert alignment.to_dict()["unmatched_target"] == 0


def test_markdown_files_are_paired_by_markdown_paragraph_whatever_their_wrapping():
    de = "# Bericht\n\nDer Präsident sagte am Montag, dass 25 Prozent der\nLeute gekommen sind.\n"
    en = "# Report\n\nThe president said on Monday that 25\npercent of people came.\n"
    alignment = align(make_article(de, path="a.md"), en)
    assert alignment.method == "lines"
    hyps, refs = _texts(de, en, alignment)
    assert refs == ["Report", "The president said on Monday that 25\npercent of people came."]
    assert hyps[1] == "Der Präsident sagte am Montag, dass 25 Prozent der\nLeute gekommen sind."
    # the same texts as .txt: a line at a time, "# Bericht" a line of its own
    assert _texts(de, en, align(make_article(de, path="a.txt"), en))[1][0] == "# Report"


def test_gale_church_merges_a_split_sentence_and_leaves_an_omission_unmatched():
    # one long sentence translated as two
    assert align_lengths([100, 40, 60], [52, 50, 41, 61]) == [([0], [0, 1]), ([1], [2]), ([2], [3])]
    # a long sentence with no counterpart: the sentences after it still pair with their own
    assert align_lengths([50, 50, 50], [52, 48, 200, 51]) == [([0], [0]), ([1], [1]), ([], [2]), ([2], [3])]


def test_reference_scores_equal_sacrebleu_on_the_aligned_segments():
    article = make_article(DE)
    scores = score_reference(article, REF)
    hyps, refs = _texts(DE, REF, scores.alignment)
    assert scores.chrf == round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2)
    assert scores.bleu == round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2)
    assert scores.ter == round(sacrebleu.corpus_ter(hyps, [refs]).score, 2)
    for seg, hyp, ref in zip(scores.segments, hyps, refs, strict=True):
        assert seg.chrf == round(sacrebleu.sentence_chrf(hyp, [ref]).score, 2)
        assert seg.bleu == round(
            sacrebleu.sentence_bleu(hyp, [ref]).score, 2
        )  # effective order, exp smoothing
        assert seg.ter == round(sacrebleu.sentence_ter(hyp, [ref]).score, 2)
    assert "smooth:exp" in scores.to_dict()["signature"]["sentence_bleu"]


def test_the_run_totals_are_corpus_scores_over_every_segment():
    first, second = make_article(DE), make_article("Das Wetter ist heute schön.\n")
    other = "Heute ist das Wetter schön.\n"
    totals = ReferenceTotals()
    hyps, refs = [], []
    for article, reference in ((first, REF), (second, other)):
        scores = score_reference(article, reference)
        totals.add(scores)
        h, r = _texts(article.text, reference, scores.alignment)
        hyps += h
        refs += r
    out = totals.to_dict()
    assert out["articles"] == 2
    assert out["chrf"] == round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2)
    assert out["bleu"] == round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2)
    assert out["ter"] == round(sacrebleu.corpus_ter(hyps, [refs]).score, 2)


def test_a_missing_sentence_costs_the_article_score_against_its_reference():
    full = score_reference(make_article(DE), REF)
    shorter = score_reference(
        make_article(DE.split("\n")[0] + "\nDie Regierung will das Gesetz ändern.\n"), REF
    )
    assert shorter.chrf < full.chrf


def test_source_language_is_detected_and_an_unknown_one_is_said(auditor):
    known = source_analysis(make_article(DE), EN)
    assert known.language == "en" and known.note is None
    unknown = source_analysis(
        make_article(DE), "Президент сказал в понедельник, что пришли 25 процентов людей."
    )
    assert unknown.language is None
    assert "bitext checks skipped" in unknown.note and "'ru'" in unknown.note


def test_the_report_aligns_each_sentence_with_its_source_and_reference(auditor):
    report = auditor.check_article(make_article(DE, id="a", source=EN, reference=REF))
    out = report.to_dict()
    assert out["source_analysis"]["language"] == "en"
    assert out["source_analysis"]["alignment"] == {
        "method": "lines",
        "pairs": 3,
        "unmatched_target": 0,
        "unmatched_other": 0,
    }
    first = out["sentences"][0]
    assert EN[slice(*first["source_span"])].startswith("The president")
    assert REF[slice(*first["reference_scores"]["reference_span"])].startswith("Der Präsident")
    assert set(out["reference_scores"]) == {"chrf", "bleu", "ter", "signature", "alignment"}


def test_without_source_or_reference_the_report_has_neither(auditor):
    out = auditor.check_article(make_article(DE, id="a")).to_dict()
    assert "source_analysis" not in out and "reference_scores" not in out
    assert "source_span" not in out["sentences"][0]
    # an empty reference in a JSONL record is no reference
    assert "reference_scores" not in auditor.check_article(make_article(DE, reference=" ")).to_dict()


def _run(args):
    return CliRunner().invoke(cli, [*args, "--lm", "none"], catch_exceptions=False)


@pytest.fixture
def folders(tmp_path):
    for folder, text in (("de", DE), ("en", EN), ("ref", REF)):
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "a.txt").write_text(text, encoding="utf-8")
        (tmp_path / folder / "sub" / "b.txt").write_text(text.split("\n")[0] + "\n", encoding="utf-8")
    return tmp_path


def test_check_pairs_folders_by_relative_path(folders):
    result = _run(
        ["check", str(folders / "de"), "--source", str(folders / "en"), "--reference", str(folders / "ref")]
        + ["--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_id = {a["id"]: a for a in data["articles"]}
    b = by_id[str(folders / "de" / "sub" / "b.txt")]
    assert b["source"] == EN.split("\n")[0] + "\n"
    assert b["reference"] == REF.split("\n")[0] + "\n"
    assert data["summary"]["reference_scores"]["articles"] == 2
    table = _run(["check", str(folders / "de"), "--reference", str(folders / "ref")])
    assert "chrF   BLEU    TER" in table.stdout and "against the reference: chrF" in table.stdout


def test_a_file_without_partner_and_a_partner_without_file_are_errors(folders):
    (folders / "de" / "sub" / "b.txt").unlink()
    (folders / "de" / "c.txt").write_text(DE, encoding="utf-8")
    result = _run(["check", str(folders / "de"), "--source", str(folders / "en")])
    assert result.exit_code == 2
    assert (
        f"{folders / 'de' / 'c.txt'}: no source to pair with: {folders / 'en' / 'c.txt'} does not exist"
        in (result.stderr)
    )
    assert f"{folders / 'en' / 'sub' / 'b.txt'}: a source with no input file to pair with" in result.stderr
    assert "1 article (" in result.stdout  # the paired file is still audited


def test_pairing_errors_are_one_line_and_exit_2(folders, tmp_path):
    one_file = _run(["check", str(folders / "de"), "--source", str(folders / "en" / "a.txt")])
    assert one_file.exit_code == 2 and "a file pairs with one input file, and there are 2" in one_file.stderr
    missing = _run(["check", str(folders / "de" / "a.txt"), "--source", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    empty = _run(["check", str(folders / "de" / "a.txt"), "--source", str(tmp_path / "empty.txt")])
    assert empty.exit_code == 2 and "is empty" in empty.stderr
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "1", "text": DE}) + "\n", encoding="utf-8")
    jsonl = _run(["check", str(feed), "--reference", str(folders / "ref" / "a.txt")])
    assert jsonl.exit_code == 2 and "a JSONL record carries its own source/reference keys" in jsonl.stderr
    over_source = _run(
        ["check", str(folders / "de"), "--source", str(folders / "en"), "-o", str(folders / "en" / "a.txt")]
    )
    assert over_source.exit_code == 2 and "that is one of the inputs" in over_source.stderr
    assert (folders / "en" / "a.txt").read_text(encoding="utf-8") == EN
    assert "Traceback" not in one_file.output + missing.output + empty.output + jsonl.output


def test_jsonl_records_carry_source_and_reference(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "1", "text": DE, "source": EN, "reference": REF},
        {"id": "2", "text": DE, "source": "", "reference": ""},
        {"id": "3", "text": DE, "source": "Президент сказал в понедельник, что пришли 25 процентов людей."},
    ]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = _run(["check", str(feed), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["reference_scores"]["chrf"] > 0 and rows[0]["source_analysis"]["language"] == "en"
    assert "reference_scores" not in rows[1] and "source_analysis" not in rows[1]
    assert rows[2]["source_analysis"]["language"] is None and not rows[2]["source_analysis"]["checked"]
    assert "3: source language not one of English, Spanish, Dutch, French" in result.stderr
    junit = _run(["check", str(feed), "--format", "junit"])
    assert 'name="chrf" value=' in junit.stdout
    html = _run(["check", str(feed), "--format", "html"])
    assert "against the reference: chrF" in html.stdout
