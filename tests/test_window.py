"""Very long articles audited a window at a time (audit/window.py): where they are cut, and that the
merged report is the article's report (offsets, sentences, scores), with --jobs 1 and 2, in every
format and in ``fix``. The windows are made small here (a few thousand characters) so that the seeds
are a "very long" article."""

from __future__ import annotations

import json
import pickle

import pytest
from click.testing import CliRunner

from audit import score, window
from audit.cli import cli
from audit.errors import InputError
from audit.parallel import audit_stream, isolate_all
from audit.policy import Policy
from audit.segment import make_article, paragraph_spans, split_sentences

from .conftest import SEEDS

#: rules that compare parts of an article, and so may find more (or other) things in the whole
ARTICLE_LEVEL = {"inconsistency", "duplicate"}


@pytest.fixture
def small_windows(monkeypatch):
    monkeypatch.setattr(window, "WINDOW_ABOVE", 5_000)
    monkeypatch.setattr(window, "WINDOW_CHARS", 4_000)


@pytest.fixture(scope="module")
def seeds_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def test_cuts_at_line_breaks_and_keeps_every_paragraph(seeds_text):
    bounds = window.cuts(seeds_text, 4_000)
    assert bounds[0] == 0 and bounds[-1] == len(seeds_text) and len(bounds) > 5
    assert all(0 < b - a <= 4_000 for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(seeds_text[b - 1] == "\n" for b in bounds[1:-1])
    pieces = [
        (a + s, a + e)
        for a, b in zip(bounds, bounds[1:], strict=False)
        for s, e in paragraph_spans(seeds_text[a:b])
    ]
    assert pieces == paragraph_spans(seeds_text)


def test_a_line_longer_than_a_window_is_cut_at_a_sentence_start():
    line = " ".join(f"Der {k}. Satz steht hier, Dr. Meier sagt es." for k in range(200))
    bounds = window.cuts(line, 1_000)
    assert len(bounds) > 5
    starts = {s for s, _ in split_sentences(line)}
    assert all(b in starts for b in bounds[1:-1])


def test_a_line_without_sentences_is_cut_after_white_space_or_at_the_size():
    words = "wort " * 1_000
    assert all(words[b - 1] == " " for b in window.cuts(words, 999)[1:-1])
    assert window.cuts("x" * 2_500, 1_000) == [0, 1_000, 2_000, 2_500]


def test_what_is_audited_whole(seeds_text, small_windows):
    assert window.plan(make_article("Kurz.")) is None
    assert window.plan(make_article(seeds_text)) is not None
    assert window.plan(make_article(seeds_text, source="The source.")) is None
    assert window.plan(make_article(seeds_text, reference="Die Referenz.")) is None
    directive = seeds_text + "\n<!-- mtaudit: ignore-file casing -->\n"
    assert window.plan(make_article(directive)) is None
    assert window.plan(make_article(seeds_text), Policy(changed_lines={})) is None


def test_windowed_report_is_the_article_report(auditor, seeds_text, small_windows):
    whole = auditor.check_whole(make_article(seeds_text, id="big"))
    article = make_article(seeds_text, id="big")
    merged = auditor.check_article(article)
    assert merged.article is article
    assert [(s.start, s.end) for s in merged.sentences] == [(s.start, s.end) for s in whole.sentences]
    assert merged.article.word_count == whole.article.word_count
    assert all(seeds_text[f.start : f.end] == f.text for f in merged.findings)
    assert list(merged.findings) == sorted(merged.findings, key=lambda f: (f.start, f.end, f.rule))
    for s in merged.sentences:  # every token's probability sits inside its sentence
        assert all(s.start <= a < b <= s.end for a, b, _ in s.quality)
    # the findings differ only where a rule compares parts of the article
    key = {(f.start, f.end, f.rule, f.message): f.category for f in whole.findings}
    other = {(f.start, f.end, f.rule, f.message): f.category for f in merged.findings}
    assert {key[k] for k in key.keys() - other.keys()} <= ARTICLE_LEVEL
    assert {other[k] for k in other.keys() - key.keys()} <= ARTICLE_LEVEL
    # the score is the article's predicted points over its words, as for an article audited whole
    quality = merged.quality
    assert len(quality.sentences) == len(merged.sentences)
    assert quality.weights.sum() == whole.quality.weights.sum()
    assert merged.score == quality.score
    assert abs(merged.score - whole.score) < 1.0
    assert abs(merged.fluency - whole.fluency) <= 0.1
    assert [s.score for s in merged.sentences] == [q.score for q in quality.sentences]
    listed = tuple(quality.sentences)  # a view over the spilled sentences: their token tuples, once
    assert quality.sentences[-1] == listed[-1] and quality.sentences[3:5] == listed[3:5]
    assert all(q.tokens == s.quality for q, s in zip(listed, merged.sentences, strict=True))
    assert pickle.loads(pickle.dumps(quality.sentences)) == listed
    assert merged.findings == tuple(merged.findings)
    assert pickle.loads(pickle.dumps(merged)).to_dict() == merged.to_dict()  # as tuples, to another process
    spans = quality.spans()
    assert all(merged.sentences[0].start <= a < b <= len(seeds_text) for a, b, _ in spans)


def test_windowed_report_without_the_estimator(seeds_text, small_windows):
    from audit import Auditor

    auditor = Auditor(lm="none")
    article = make_article(seeds_text, id="big")
    bounds = window.plan(article)
    parts = [auditor.check_whole(window.part(article, *bound)) for bound in bounds]
    merged = auditor.check_article(article)
    assert merged.quality is None and merged.fluency is None
    assert merged.penalty == pytest.approx(sum(p.penalty for p in parts), abs=1e-3)
    assert merged.score == score.combined_score(sum(p.penalty for p in parts), article.word_count)
    assert len(merged.findings) == sum(len(p.findings) for p in parts)


def test_windows_on_two_workers_give_the_same_reports(auditor, seeds_text, small_windows):
    def articles():
        return [
            make_article("Ein kurzer Text vorweg.", id="a"),
            make_article(seeds_text, id="big"),
            make_article("Noch ein Text danach.", id="c"),
        ]

    one = [(item.id, report.to_dict()) for item, report in audit_stream(auditor, articles(), 1)]
    two = [(item.id, report.to_dict()) for item, report in audit_stream(auditor, articles(), 2, min_words=0)]
    assert [i for i, _ in one] == ["a", "big", "c"]
    assert one == two
    assert one[1][1] == auditor.check_article(make_article(seeds_text, id="big")).to_dict()


def test_a_window_that_fails_fails_its_article_alone(auditor, seeds_text, small_windows, monkeypatch):
    real = type(auditor).check_whole

    def fragile(self, article):
        if "Nordkorea" in article.text:
            raise RuntimeError("boom")
        return real(self, article)

    monkeypatch.setattr(type(auditor), "check_whole", fragile)
    outcomes = list(
        audit_stream(
            auditor,
            [make_article(seeds_text, id="big"), make_article("Ein Text.", id="b")],
            1,
            isolate_all,
        )
    )
    assert [item.id for item, _ in outcomes] == ["big", "b"]
    assert isinstance(outcomes[0][1], InputError) and "boom" in str(outcomes[0][1])
    assert outcomes[1][1].score > 90


def test_windowed_markup_stays_out_of_the_report(auditor, small_windows, tmp_path):
    code = "```\n" + "print('hello world, this is not German')\n" * 200 + "```\n"
    text = "# Titel\n\n" + ("Der Minister kam am Montag in Berlin an.\n\n" * 80) + code + "Ende des Textes.\n"
    path = tmp_path / "lang.md"
    path.write_text(text, encoding="utf-8")
    article = make_article(text, id=str(path), path=str(path))
    assert window.plan(article) is not None and article.markup
    report = auditor.check_article(article)
    whole = auditor.check_whole(make_article(text, id=str(path), path=str(path)))
    assert [(s.start, s.end) for s in report.sentences] == [(s.start, s.end) for s in whole.sentences]
    start, end = article.markup[-1]
    assert not any(f.start < end and f.end > start for f in report.findings)
    assert report.to_dict()["markup_spans"] == whole.to_dict()["markup_spans"]


def test_cli_check_and_fix_of_a_windowed_file(seeds_text, small_windows, tmp_path):
    path = tmp_path / "lang.txt"
    path.write_text(seeds_text, encoding="utf-8")
    runner = CliRunner()
    for fmt in ("jsonl", "json", "text", "sarif", "html", "github"):
        result = runner.invoke(cli, ["check", str(path), "--format", fmt, "--jobs", "2"])
        assert result.exit_code in (0, 1), result.output
    line = runner.invoke(cli, ["check", str(path), "--format", "jsonl"]).stdout
    record = json.loads(line)
    assert record["words"] == make_article(seeds_text).word_count
    assert all(seeds_text[f["start"] : f["end"]] == f["text"] for f in record["findings"])
    serial = runner.invoke(cli, ["fix", str(path), "--jobs", "1"]).stdout
    pooled = runner.invoke(cli, ["fix", str(path), "--jobs", "2"]).stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(window, "WINDOW_ABOVE", 10**9)
        whole = runner.invoke(cli, ["fix", str(path), "--jobs", "1"]).stdout
    assert serial == pooled == whole and whole.strip()


def test_fix_write_of_a_windowed_file_on_two_workers(seeds_text, small_windows, tmp_path, monkeypatch):
    from audit import parallel

    forked = []
    real = parallel._pooled

    def watched(*args, **kwargs):
        forked.append(True)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(parallel, "_pooled", watched)
    path, copy = tmp_path / "lang.txt", tmp_path / "whole.txt"
    path.write_text(seeds_text, encoding="utf-8")
    copy.write_text(seeds_text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["fix", str(path), "--write", "--jobs", "2"]).exit_code == 0
    assert forked  # the windows went to the pool
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(window, "WINDOW_ABOVE", 10**9)
        assert runner.invoke(cli, ["fix", str(copy), "--write", "--jobs", "2"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == copy.read_text(encoding="utf-8") != seeds_text
    # fixed: nothing more to do, on the pool too
    again = runner.invoke(cli, ["fix", str(path), "--jobs", "2"])
    assert again.exit_code == 0 and not again.stdout


def test_token_qualities_are_a_compact_sequence_of_triples():
    import pickle

    from audit.document import TokenQualities

    triples = [(0, 3, 0.125), (4, 9, 0.5), (10, 2**40, 0.999)]
    q = TokenQualities(triples)
    assert len(q) == 3 and list(q) == triples and q[1] == (4, 9, 0.5) and q[-1] == triples[-1]
    assert q == tuple(triples) and q == TokenQualities(triples) and q != TokenQualities(triples[:2])
    assert all(isinstance(x, int) for s, e, _ in q for x in (s, e))
    assert q[1:] == tuple(triples[1:])
    assert pickle.loads(pickle.dumps(q)) == q and hash(q) == hash(tuple(triples))
    assert list(q.shifted(100)) == [(s + 100, e + 100, p) for s, e, p in triples]
    assert list(q) == triples  # shifted made a copy
    assert pickle.loads(pickle.dumps(TokenQualities())) == ()
    with pytest.raises(IndexError):
        q[3]


def test_a_long_report_is_written_in_pieces_with_the_same_text(auditor, seeds_text, monkeypatch):
    from audit.report import RenderOptions
    from audit.report import json as json_report

    article = make_article(
        seeds_text, id="big", extra={"feed": 1.5, "tags": ["ä", None]}, record=("feed.jsonl", 3)
    )
    report = auditor.check_article(article)
    stream = json_report.LineStream(RenderOptions())
    line = stream.add(report)
    monkeypatch.setattr(json_report, "PIECEWISE_SENTENCES", 10)
    monkeypatch.setattr(json_report, "PIECE_CHARS", 1_000)
    pieces = list(stream.pieces(report))
    assert len(pieces) > 10 and "".join(pieces) == line
    record = json.loads(line)
    assert record["sentences"][0]["quality"] and record["tags"] == ["ä", None]


def test_no_room_for_a_windowed_report_fails_that_article_alone(
    seeds_text, small_windows, tmp_path, monkeypatch
):
    import errno

    from audit import spill

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spill.Spilled, "extend", full)
    (tmp_path / "a-long.txt").write_text(seeds_text, encoding="utf-8")
    (tmp_path / "b-short.txt").write_text("Der Minister kam am Montag in Berlin an.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if "error" in x]
    assert "a-long.txt: its report could not be kept in" in line and "No space left on device" in line
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [str(tmp_path / "b-short.txt")]
    with pytest.raises(InputError, match="No space left on device"):
        from audit.auditor import Auditor

        Auditor(lm="none").check_article(make_article(seeds_text, id="long"))
