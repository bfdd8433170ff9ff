"""The learned quality estimator (audit/quality, issue 11): scores from it, monotone in findings,
per-token quality in the outputs, a truthful explanation, the likely-error rule, and its model files."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from audit import Auditor
from audit.document import Finding
from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.quality import Quality, QualityModel, SentenceQuality, get_quality_model, span_score
from audit.rules import make_context
from audit.rules.quality import LikelyErrorRule
from audit.segment import make_article

CLEAN = (
    "Die Bundesregierung hat am Mittwoch einen Gesetzentwurf zur Reform der Pflegeversicherung beschlossen. "
    "Der Bundestag soll noch vor der Sommerpause darüber beraten. "
    "Nach Angaben des Gesundheitsministeriums steigen die Beiträge im kommenden Jahr leicht an."
)
BROKEN = (
    "Die Bundesregierung hat am Wednesday einen Gesetzentwurf zur Reform der Pflegeversicherung beschlossen. "
    "Der Bundestag soll noch vor der Sommerpause darüber beraten werden haben. "
    "Nach Angaben von das Gesundheitsministeriums steigen die Beitrage im kommenden Jahr leicht an an."
)


def test_the_default_check_scores_with_the_estimator(auditor):
    report = auditor.check(CLEAN)
    assert report.quality is not None
    assert "|score:qe:" in auditor.signature
    words = sum(max(len(s.words), 1) for s in report.article.sentences)
    points = sum(s.points for s in report.quality.sentences)
    assert report.score == span_score(points, words, report.quality.min_words)
    for sentence, sq in zip(report.sentences, report.quality.sentences, strict=True):
        assert sentence.score == sq.score
        assert sentence.quality == sq.tokens
        for start, end, p in sentence.quality:
            assert sentence.start <= start < end <= sentence.end and 0.0 <= p <= 1.0


def test_clean_german_scores_near_the_top_and_broken_text_lower(auditor):
    clean, broken = auditor.check(CLEAN), auditor.check(BROKEN)
    assert clean.score >= 95.0
    assert broken.score < clean.score - 3


def test_a_long_article_is_estimated_in_runs_of_sentences_with_the_same_result(auditor, monkeypatch):
    """Issue 15: the feature rows of a long article are built a run of sentences at a time (all at once
    held about 1 KB a token); every token's probability and every sentence's prediction is the same."""
    import audit.quality as quality_module

    article = make_article("\n\n".join([BROKEN, CLEAN, BROKEN + " " + CLEAN, "Kurz.", BROKEN]))
    whole = auditor.check_article(article).quality
    monkeypatch.setattr(quality_module, "BATCH_TOKENS", 25)
    assert len(quality_module.runs([len(s.tokens) for s in article.sentences], 25)) > 5
    runs = auditor.check_article(article).quality
    assert runs.sentences == whole.sentences
    assert np.array_equal(runs.rows, whole.rows) and np.array_equal(runs.linear, whole.linear)
    assert np.array_equal(runs.weights, whole.weights) and runs.score == whole.score
    assert any(s.points > 0 for s in whole.sentences)


def test_without_the_language_model_the_combination_scores():
    auditor = Auditor(lm="none")
    report = auditor.check(CLEAN)
    assert report.quality is None and all(s.quality is None for s in report.sentences)
    assert "|score:mqm-learned.v3|" in auditor.signature
    out = report.to_dict()
    assert "quality_spans" not in out and all("quality" not in s for s in out["sentences"])


EXTRA = [
    ("untranslated", "major"),
    ("grammar", "major"),
    ("grammar", "minor"),
    ("typography", "minor"),
    ("boilerplate", "minor"),
    ("disfluent", "minor"),
    ("garbled", "critical"),
]


@pytest.mark.parametrize("text", [CLEAN, BROKEN])
@pytest.mark.parametrize("category, severity", EXTRA)
def test_a_finding_added_never_raises_a_score(auditor, text, category, severity):
    article = make_article(text)
    ctx, findings = auditor.analyse(article)
    tags = [ctx.syntax_of(s) for s in article.sentences]
    model = get_quality_model()
    before = model.estimate(article, auditor.lexicon, auditor.fluency.model, tags, findings, ctx.names)
    for token in article.sentences[1].words[2:5]:  # each of a few places, one at a time
        extra = Finding(
            "test", category, severity, token.start, token.end, token.text, "test", confidence=0.9
        )
        after = model.estimate(
            article, auditor.lexicon, auditor.fluency.model, tags, [*findings, extra], ctx.names
        )
        assert after.score <= before.score
        for b, a in zip(before.sentences, after.sentences, strict=True):
            assert a.score <= b.score and a.points >= b.points - 1e-9
            assert all(pa >= pb - 1e-9 for (_, _, pb), (_, _, pa) in zip(b.tokens, a.tokens, strict=True))


def test_the_estimator_never_asks_hunspell(auditor, monkeypatch):
    """The word features come from the corpus counts, frequencies, the language model and the tags:
    the estimator does not depend on Hunspell (the ``german`` feature that asked it carried nothing)."""
    # rare words in lower case: the rules' own Hunspell answers (cached) do not cover them
    article = make_article(
        BROKEN + " Die Rate der Verbände sank grundwasserneubildungsartig und pflegeheimhaft."
    )
    ctx, findings = auditor.analyse(article)
    tags = [ctx.syntax_of(s) for s in article.sentences]

    def no_hunspell(word: str) -> bool:
        raise AssertionError(f"Hunspell asked about {word!r}")

    monkeypatch.setattr(auditor.lexicon, "hunspell_de", no_hunspell)
    quality = get_quality_model().estimate(
        article, auditor.lexicon, auditor.fluency.model, tags, findings, ctx.names
    )
    assert len(quality.sentences) == len(article.sentences)


def test_the_json_output_carries_token_quality_and_spans(auditor):
    out = auditor.check(BROKEN).to_dict()
    text = BROKEN
    for sentence in out["sentences"]:
        assert all(len(t) == 3 and 0 <= t[2] <= 1 for t in sentence["quality"])
    for span in out["quality_spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["probability"] >= get_quality_model().span_threshold
    json.dumps(out)


def test_the_explanation_adds_up_to_the_score(auditor):
    from audit.quality import explain

    report = auditor.check(BROKEN)
    quality = report.quality
    denominator = max(float(quality.weights.sum()), quality.min_words)
    parts = quality.contributions.sum(axis=0) * -100.0 / denominator
    assert 100.0 + parts.sum() == pytest.approx(report.score, abs=0.06)
    text = explain(report)
    assert "learned quality estimator" in text and f"-> score {report.score}" in text
    assert "findings: untranslated" in text or "findings: mixed-language" in text


def _quality(tokens: list[tuple[int, int, float]], threshold: float) -> Quality:
    sentence = SentenceQuality(100.0, 0.0, tuple(tokens))
    return Quality((sentence,), np.zeros((1, 2)), np.zeros((1, 2)), np.ones(1), 0.5, threshold)


def test_the_likely_error_rule_reports_sure_spans_no_other_rule_covers():
    text = "Der Minister Zugblablub hat gestern wurde gesagt."
    article = make_article(text)
    ctx = make_context(article)
    sure = {"Minister": 0.85, "Zugblablub": 0.9, "wurde": 0.95, "gesagt": 0.7}
    tokens = [(t.start, t.end, sure.get(t.text, 0.1)) for t in article.sentences[0].tokens]
    ctx.quality = _quality(tokens, threshold=0.8)
    garbled = text.index("Zugblablub")
    ctx.earlier_findings = (
        Finding("garbled-word", "garbled", "major", garbled, garbled + 10, "Zugblablub", "x"),
    )
    found = list(LikelyErrorRule().check(ctx))
    # "Minister Zugblablub" is one run that the garbled finding covers; "gesagt" is not sure enough
    assert [(f.text, f.confidence) for f in found] == [("wurde", 0.95)]
    assert found[0].category == "disfluent" and "0.95" in found[0].message
    ctx.quality = None
    assert list(LikelyErrorRule().check(ctx)) == []


def test_the_html_report_has_a_heat_map(auditor):
    from audit.report import RenderOptions
    from audit.report.html import render

    page = render([auditor.check(BROKEN)], RenderOptions())
    assert 'class="heat"' in page and "error probability" in page


@pytest.mark.parametrize("name", ["word.lgb.txt", "sentence.lgb.txt", "pos-trigram.npz"])
def test_a_damaged_or_missing_model_file_is_an_error(tmp_path, name):
    folder = tmp_path / "quality"
    shutil.copytree(models_dir() / "quality", folder)
    QualityModel(folder)  # the copy loads
    data = bytearray((folder / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / name).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        QualityModel(folder)
    (folder / name).unlink()
    with pytest.raises(ModelError, match="model file not found"):
        QualityModel(folder)


def test_with_a_source_the_bitext_findings_lower_the_estimated_score(auditor):
    text = "Die Regierung will im kommenden Jahr 45 Millionen Euro in neue Schulen investieren."
    source = "The government wants to invest 30 million euros in new schools next year."
    alone = auditor.check(text)
    paired = auditor.check_article(make_article(text, source=source))
    # 45 is not in the source and 30 is not in the translation
    assert {f.rule for f in paired.findings if f.rule.startswith("source-")} == {"source-number-mismatch"}
    assert not any(f.rule.startswith("source-") for f in alone.findings)
    assert paired.quality is not None and paired.score < alone.score


def _plain_row(lexicon, sentence, score, unigram, sentence_tags, pos, findings, names, i):
    """One token's row by the definition of each feature (what ``token_rows`` fills by columns)."""
    import math

    from audit.quality.features import FINDING_FEATURES, KINDS, _cost

    tokens, n, lps = sentence.tokens, len(sentence.tokens), score.token_logprobs
    orders = score.ngram_orders or (0,) * n
    ids = [pos.index.get(t, pos.start) for t in sentence_tags]
    pos_lp = pos.sentence(sentence_tags)
    token, text = tokens[i], tokens[i].text
    word = token.kind == "word"
    in_sentence = [f for f in findings if f.start < sentence.end and sentence.start < f.end]
    finding = dict.fromkeys(FINDING_FEATURES, 0.0)
    for f in in_sentence:
        if f.start < token.end and token.start < f.end:  # shares a character (SpanIndex.overlapping)
            finding[f"finding_{f.category}"] = max(finding[f"finding_{f.category}"], _cost(f))
    return [
        lps[i], lps[i - 1] if i else 0.0, lps[i + 1] if i + 1 < n else score.eos_logprob,
        lps[i + 2] if i + 2 < n else 0.0, orders[i], orders[i + 1] if i + 1 < n else 0, unigram[i],
        lps[i] - unigram[i], float((score.oov or (False,) * n)[i]), KINDS.get(token.kind, 3),
        min(len(text), 40), float(text[:1].isupper()), float(len(text) > 1 and text.isupper()),
        float(i == 0), i / max(n - 1, 1), n, float(names.overlaps(token.start, token.end)),
        math.log1p(lexicon.corpus_count(text) if word else 0),
        lexicon.zipf(text.lower(), "de") if word else 0.0, lexicon.zipf(text.lower(), "en") if word else 0.0,
        ids[i], ids[i - 1] if i else pos.start, ids[i + 1] if i + 1 < n else pos.start,
        pos_lp[i], pos_lp[i + 1] if i + 1 < n else 0.0, score.mean_logprob,
        *finding.values(), sum(_cost(f) for f in in_sentence),
    ]  # fmt: skip


def test_token_rows_equal_each_features_definition(auditor):
    """The word rows, filled a column at a time, against each token's row by definition, cast to
    float32 the same way: every value of every seed token and of a broken text."""
    from audit.quality.features import WORD_FEATURES, token_rows
    from tests.conftest import SEEDS

    model = get_quality_model()
    lm = auditor.fluency.model
    # and sentences of one and two tokens, where the shifted columns are empty
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*"))] + [BROKEN, "Ja.", "Hallo"]
    checked = 0
    for text in texts:
        article = make_article(text)
        ctx, findings = auditor.analyse(article)
        sentences = article.sentences
        tags = [ctx.syntax_of(s) for s in sentences]
        words = [[t.text for t in s.tokens] for s in sentences]
        scores, unigrams = lm.score_batch(words), [lm.unigram_logprobs(w) for w in words]
        rows = token_rows(sentences, auditor.lexicon, scores, unigrams, tags, model.pos, findings, ctx.names)
        plain = [
            _plain_row(auditor.lexicon, s, sc, u, t, model.pos, findings, ctx.names, i)
            for s, sc, u, t in zip(sentences, scores, unigrams, tags, strict=True)
            for i in range(len(s.tokens))
        ]
        expected = np.asarray(plain, dtype=np.float32).reshape(len(plain), len(WORD_FEATURES))
        assert rows.features.dtype == np.float32
        assert rows.features.tobytes() == expected.tobytes()
        checked += len(plain)
    assert checked > 2000
