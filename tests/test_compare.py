"""`mtaudit compare`: paired bootstrap over documents, equal to sacrebleu's figures, reproducible,
honest about differences it cannot tell apart, and strict about unpaired documents."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sacrebleu
from click.testing import CliRunner

from audit.auditor import Auditor
from audit.cli import cli
from audit.compare import SystemScores, compare
from audit.segment import make_article

GOOD = [
    "Das Wetter ist heute schön, sagte der Sprecher am Montag.",
    "Die Regierung will das Gesetz im Januar ändern.",
    "Der Präsident traf sich mit den Ministern in Berlin.",
    "Die Preise für Strom sind im Herbst stark gestiegen.",
    "Die Polizei hat den Verdächtigen am Abend festgenommen.",
    "Der Verein gewann das Spiel mit zwei zu eins.",
]
BAD = [
    "Das Wetter is today nice, said the spokesman on Monday.",
    "Die Regierung wants das Gesetz im January ändern.",
    "Der Präsident met with the ministers in Berlin.",
    "Die Preise for electricity sind im Herbst stark gestiegen.",
    "Die Polizei hat den suspect am Abend arrested.",
    "Der Verein won das Spiel mit two zu one.",
]
REFS = [
    "Heute ist das Wetter schön, sagte der Sprecher am Montag.",
    "Die Regierung möchte das Gesetz im Januar ändern.",
    "Der Präsident kam in Berlin mit den Ministern zusammen.",
    "Die Strompreise sind im Herbst kräftig gestiegen.",
    "Die Polizei nahm den Verdächtigen am Abend fest.",
    "Der Verein hat das Spiel zwei zu eins gewonnen.",
]


@pytest.fixture(scope="module")
def auditor():
    return Auditor(lm="none")


def _system(auditor, name, texts, refs=REFS):
    reports = [
        auditor.check_article(make_article(t + "\n", id=str(i), reference=r + "\n"))
        for i, (t, r) in enumerate(zip(texts, refs, strict=True))
    ]
    return SystemScores.of(name, reports)


def test_system_figures_equal_sacrebleu_corpus_scores(auditor):
    good = _system(auditor, "good", GOOD)
    assert good.value("chrf") == pytest.approx(sacrebleu.corpus_chrf(GOOD, [REFS]).score)
    assert good.value("bleu") == pytest.approx(sacrebleu.corpus_bleu(GOOD, [REFS]).score)
    assert good.value("ter") == pytest.approx(sacrebleu.corpus_ter(GOOD, [REFS]).score)


def test_the_better_system_wins_every_metric_with_an_interval_off_zero(auditor):
    result = compare([_system(auditor, "bad", BAD), _system(auditor, "good", GOOD)])
    by_metric = {p["metric"]: p for p in result["pairs"]}
    assert set(by_metric) == {"score", "chrf", "bleu", "ter"}
    for metric, pair in by_metric.items():
        assert pair["better"] == "good", metric
        assert pair["wins"] + pair["ties"] + pair["losses"] == len(GOOD)
        lo, hi = pair["ci"]
        assert (lo <= pair["delta"] <= hi) and (hi < 0 if metric != "ter" else lo > 0)
    assert by_metric["chrf"]["delta"] == pytest.approx(
        sacrebleu.corpus_chrf(BAD, [REFS]).score - sacrebleu.corpus_chrf(GOOD, [REFS]).score, abs=0.01
    )
    assert [e["system"] for e in result["ranking"]] == ["good", "bad"]
    assert [e["rank"] for e in result["ranking"]] == [1, 2]


def test_systems_that_cannot_be_told_apart_share_a_rank(auditor):
    one, two = _system(auditor, "one", GOOD), _system(auditor, "two", GOOD)
    result = compare([one, two])
    for pair in result["pairs"]:
        assert pair["better"] is None and pair["delta"] == 0 and pair["ties"] == len(GOOD)
    assert [e["rank"] for e in result["ranking"]] == [1, 1]


def test_the_bootstrap_is_seeded_and_reproducible(auditor):
    systems = [_system(auditor, "bad", BAD), _system(auditor, "good", GOOD)]
    assert compare(systems) == compare(systems)
    assert compare(systems, seed=1)["pairs"][0]["ci"] != compare(systems, seed=2)["pairs"][0]["ci"]


def test_the_interval_is_the_percentiles_of_resampled_mean_differences():
    a = SystemScores("a", np.array([90.0, 80.0, 70.0, 100.0]), {})
    b = SystemScores("b", np.array([85.0, 85.0, 60.0, 95.0]), {})
    pair = compare([a, b], samples=500, seed=7)["pairs"][0]
    rows = np.random.default_rng(7).choice(4, size=(500, 4), replace=True)
    diffs = a.scores[rows].mean(1) - b.scores[rows].mean(1)
    assert pair["ci"] == [round(float(x), 2) for x in np.percentile(diffs, [2.5, 97.5])]
    assert pair["delta"] == 3.75 and (pair["wins"], pair["ties"], pair["losses"]) == (3, 0, 1)


def _folders(tmp_path, systems):
    for name, texts in systems.items():
        (tmp_path / name).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / name / f"d{i}.txt").write_text(text + "\n", encoding="utf-8")
    return [str(tmp_path / name) for name in systems]


def _run(args):
    return CliRunner().invoke(cli, ["compare", *args, "--lm", "none"], catch_exceptions=False)


def test_compare_folders_with_references_in_json(tmp_path):
    a, b, refs = _folders(tmp_path, {"a": GOOD, "b": BAD, "refs": REFS})
    result = _run([a, b, "--reference", refs, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["systems"] == [a, b] and data["documents"] == len(GOOD)
    assert data["metric"] == "chrf"  # the default with references; the score without them
    assert json.loads(_run([a, b, "--format", "json"]).stdout)["metric"] == "score"
    assert {"a", "b", "metric", "delta", "ci", "wins", "ties", "losses", "better"} <= set(data["pairs"][0])
    assert data["ranking"][0]["system"] == a and data["ranking"][0]["chrf"] > data["ranking"][1]["chrf"]
    text = _run([a, b, "--reference", refs])
    assert "is better" in text.stdout and "bootstrap: 1000 samples, seed 12345" in text.stdout
    html = _run([a, b, "--format", "html"])
    assert '<section id="ranking">' in html.stdout and '<section id="pairs">' in html.stdout


def test_compare_jsonl_systems_by_id(tmp_path):
    for name, texts in (("a", GOOD), ("b", BAD)):
        records = [
            {"id": f"n{i}", "text": t, "reference": r}
            for i, (t, r) in enumerate(zip(texts, REFS, strict=True))
        ]
        if name == "b":
            records.reverse()  # paired by id, not by order
        (tmp_path / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
        )
    result = _run(
        [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--metric", "chrf", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metric"] == "chrf" and data["ranking"][0]["system"].endswith("a.jsonl")
    assert data["ranking"][0]["chrf"] == pytest.approx(sacrebleu.corpus_chrf(GOOD, [REFS]).score, abs=0.01)


def test_unpaired_documents_and_bad_options_are_one_line_errors(tmp_path):
    a, b = _folders(tmp_path, {"a": GOOD, "b": BAD[:-1]})
    result = _run([a, b])
    assert result.exit_code == 2
    assert f"{b}: 1 document(s) missing, that {a} has: d5.txt" in result.stderr
    no_ref = _run([a, a + "/../a", "--metric", "bleu"])
    assert no_ref.exit_code == 2 and "needs a reference for every document" in no_ref.stderr
    into_input = _run([a, b, "-o", str(tmp_path / "a" / "d0.txt")])
    assert into_input.exit_code == 2 and "that is one of the inputs" in into_input.stderr
    assert (tmp_path / "a" / "d0.txt").read_text(encoding="utf-8") == GOOD[0] + "\n"
    alone = _run([a])
    assert alone.exit_code == 2 and "at least two systems" in alone.stderr
    assert "Traceback" not in result.output + no_ref.output + alone.output


def test_compare_help_says_what_it_does():
    result = CliRunner().invoke(cli, ["compare", "--help"])
    assert "paired bootstrap" in result.output and "wins/ties/losses" in result.output


def test_compare_gives_the_same_result_with_any_number_of_jobs(tmp_path, monkeypatch):
    import audit.parallel

    monkeypatch.setattr(audit.parallel, "POOL_MIN_WORDS", 0)
    a, b, refs = _folders(tmp_path, {"a": GOOD, "b": BAD, "refs": REFS})
    one = _run([a, b, "--reference", refs, "--format", "json", "--jobs", "1"])
    two = _run([a, b, "--reference", refs, "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)
