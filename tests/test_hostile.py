"""Hostile and large input (issue 15): each numbered case of the issue has a regression test here."""

from __future__ import annotations

import json
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from audit.segment import split_sentences


@contextmanager
def linear_or_fail(seconds: int, what: str):
    """Fails the test when ``what`` runs longer than ``seconds``: a guard against quadratic work on
    inputs sized so that linear code takes a few seconds and quadratic code many minutes (not a speed
    measurement: that is `make bench`)."""

    def expire(signum, frame):
        raise AssertionError(f"{what} ran over {seconds} s: not linear in the input")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- 1. one long word ---------------------------------------------------------------------------


def test_a_long_word_is_not_analysed_and_does_not_crash(auditor):
    # 1,500 letters exhausted the recursion limit in the derivation analysis; 100,000 took minutes
    for word in ("a" * 1500, "Haus" * 5000, "x" * 20_000):
        report = auditor.check(f"Der Minister sagte {word} und ging.")
        assert 0 <= report.score <= 100


def test_long_words_are_not_split_into_compounds(auditor):
    from audit.lexicon import MAX_WORD_LENGTH, get_lexicon

    lexicon = get_lexicon()
    assert lexicon.compound_split("Hausboot") is not None
    assert lexicon.compound_split("Haus" * (MAX_WORD_LENGTH // 4 + 1)) is None


# --- 2. a long line -----------------------------------------------------------------------------


def test_sentences_of_a_long_line_are_split_as_in_a_short_one():
    sentence = "Der Minister kam um 10 Uhr an. Er sprach mit Dr. Meier über die 3. Lesung. "
    short = split_sentences(sentence)
    line = sentence * 12_000  # 900,000 characters in one line: quadratic before (31 s for 200,000)
    with linear_or_fail(60, "splitting one 900,000-character line"):
        spans = split_sentences(line)
    assert len(spans) == len(short) * 12_000
    width = len(sentence)
    for i, span in enumerate(spans):
        start, end = short[i % len(short)]
        shift = (i // len(short)) * width
        assert (span[0] - shift, span[1] - shift) == (start, end)


# --- 3. large articles: the span questions are bisections, not scans ----------------------------

N_SPANS = 40_000  # quadratic code takes many minutes on this many spans, linear code a few seconds


def _article_with_many_sentences():
    from audit.segment import make_article

    return make_article("Ab cd. " * N_SPANS)


def test_scores_and_corrections_of_many_findings_are_not_quadratic():
    from audit.correct.apply import sentence_corrections
    from audit.correct.edits import edits_from_findings, resolve_overlaps
    from audit.document import Finding
    from audit.score import counted, score_sentences

    article = _article_with_many_sentences()
    findings = [
        Finding("r", "typography", "minor", 7 * i + 3, 7 * i + 5, "cd", "m", ("ef",), applicability="safe")
        for i in range(N_SPANS)
    ]
    with linear_or_fail(90, f"scoring and correcting {N_SPANS:,} findings"):
        assert len(counted(findings)) == N_SPANS
        assert len(resolve_overlaps(edits_from_findings(findings, unsafe=True))) == N_SPANS
        sentences = score_sentences(article, findings)
        corrections = sentence_corrections(article, findings)
    assert len(sentences) == N_SPANS and all(s.findings == 1 for s in sentences)
    assert set(corrections) == {"Ab ef."}


def test_name_and_sentence_lookups_of_a_large_article_are_not_quadratic():
    from audit.rules import make_context

    article = _article_with_many_sentences()
    ctx = make_context(article)
    ctx.__dict__["name_spans"] = [(7 * i, 7 * i + 2) for i in range(N_SPANS)]  # every "Ab"
    ctx.__dict__["quoted_foreign_spans"] = []
    with linear_or_fail(90, f"looking up {N_SPANS:,} tokens among {N_SPANS:,} names"):
        hits = [
            (
                ctx.is_protected(t.start, t.end),
                ctx.overlaps_protected(t.start, t.end),
                ctx.sentence_at(t.start),
            )
            for s in article.sentences
            for t in s.tokens
            if t.kind == "word"
        ]
    assert [h[:2] for h in hits[:2]] == [(True, True), (False, False)]
    assert all(h[2] is not None for h in hits)


def test_hunspell_answers_are_kept_for_a_bounded_number_of_words(monkeypatch):
    """A feed's vocabulary grows without end; the per-word caches must not (the tagger's: in
    tests/syntax/test_tagger.py), and a word asked again after it left the cache gets the same answer."""
    import audit.lexicon
    from audit.lexicon import HUNSPELL_CACHE_SIZE, Lexicon, get_lexicon

    assert 10_000 <= HUNSPELL_CACHE_SIZE <= 500_000
    assert get_lexicon().hunspell_de.cache_info().maxsize == HUNSPELL_CACHE_SIZE
    monkeypatch.setattr(audit.lexicon, "HUNSPELL_CACHE_SIZE", 30)
    monkeypatch.setattr(audit.lexicon, "ENGLISH_CACHE_SIZE", 30)
    lexicon = Lexicon()
    words = [
        "Haus",
        "Windkraftanlagen",
        "house",
        "Zugestrichterparade",
        *(f"Xqvz{i}wort" for i in range(100)),
    ]
    for _ in range(2):
        assert [lexicon.hunspell_de(w) for w in words] == [get_lexicon().hunspell_de(w) for w in words]
        assert [lexicon.is_english(w) for w in words] == [get_lexicon().is_english(w) for w in words]
        assert lexicon.hunspell_de.cache_info().currsize <= 30
        assert lexicon.is_english.cache_info().currsize <= 30
    assert lexicon.hunspell_de("Haus") and not lexicon.hunspell_de("Xqvz1wort")


# --- 1. one input that trips a bug costs only itself -------------------------------------------

FIXABLE = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen .\n"


def run(args, input=None):
    from click.testing import CliRunner

    from audit.cli import cli

    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


@pytest.fixture
def one_bad_article(monkeypatch):
    """Auditing any article with BOOM in it fails as an unforeseen bug would."""
    from audit.auditor import Auditor

    real = Auditor.check_article

    def check_article(self, article, *args, **kwargs):
        if "BOOM" in article.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, article, *args, **kwargs)

    monkeypatch.setattr(Auditor, "check_article", check_article)


def test_check_reports_the_other_inputs_when_one_fails(tmp_path, one_bad_article):
    for name, text in {"a.txt": FIXABLE, "b.txt": "BOOM " + FIXABLE, "c.txt": FIXABLE}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = tmp_path / "r.json"
    result = run(["check", str(tmp_path), "--lm", "none", "--format", "json", "-o", str(report)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "b.txt" in errors[0] and "RecursionError" in errors[0]
    audited = [a["id"] for a in json.loads(report.read_text())["articles"]]
    assert [Path(i).name for i in audited] == ["a.txt", "c.txt"]


def test_check_jsonl_reports_the_other_records_when_one_fails(tmp_path, one_bad_article):
    feed = tmp_path / "feed.jsonl"
    records = [{"id": "1", "text": FIXABLE}, {"id": "2", "text": "BOOM"}, {"id": "3", "text": FIXABLE}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run(["check", str(feed), "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 2
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "3"]


def test_fix_write_fixes_the_other_files_when_one_fails(tmp_path, one_bad_article):
    bad = "BOOM " + FIXABLE
    for name, text in {"a.txt": FIXABLE, "b.txt": bad, "c.txt": FIXABLE}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run(["fix", "--write", "--lm", "none", str(tmp_path)])
    assert result.exit_code == 2
    assert "b.txt" in result.stderr and "RecursionError" in result.stderr
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == bad
    for name in ("a.txt", "c.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == FIXABLE.replace(" .", ".")


# --- 6 and 7. reports never replace an input; unwritable report paths -----------------------------


def test_check_refuses_to_write_its_report_over_an_input(tmp_path):
    feed = tmp_path / "feed.jsonl"
    original = json.dumps({"id": "1", "text": FIXABLE}) + "\n"
    feed.write_text(original, encoding="utf-8")
    for args in (
        ["check", str(feed), "-o", str(feed)],
        ["check", str(tmp_path), "-o", str(feed)],  # the input found in a folder
        ["check", str(feed), "--write-baseline", str(feed)],
        ["fix", str(feed), "--format", "jsonl", "-o", str(feed)],
    ):
        result = run([*args, "--lm", "none"])
        assert result.exit_code == 2, args
        assert "one of the inputs" in result.stderr
        assert feed.read_text(encoding="utf-8") == original


def test_check_refuses_a_report_over_an_input_by_another_name(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(text)
    result = run(["check", str(text), "--lm", "none", "-o", str(tmp_path / "link.txt")])
    assert result.exit_code == 2 and "one of the inputs" in result.stderr
    assert text.read_text(encoding="utf-8") == FIXABLE


def test_fix_output_in_a_missing_folder_is_a_one_line_error(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(FIXABLE, encoding="utf-8")
    result = run(
        ["fix", str(text), "--lm", "none", "--format", "jsonl", "-o", str(tmp_path / "no" / "r.jsonl")]
    )
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if "error" in line] == [
        f"mtaudit: error: --output {tmp_path / 'no' / 'r.jsonl'}: cannot write it (No such file or directory)"
    ]


# --- 4. lone surrogates ---------------------------------------------------------------------------


def test_a_lone_surrogate_is_reported_not_fatal(auditor):
    report = auditor.check("Der Minister \ud800 kam an.")
    assert [f.rule for f in report.findings if f.start == 13] == ["control-character"]
    assert auditor.check("\udfff").score >= 0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "html", "sarif", "junit", "github"])
def test_a_lone_surrogate_in_jsonl_reaches_every_report(tmp_path, fmt):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "1", "text": "Der Minister \\ud800 kam an.", "note": "\\udc00"}\n{"id": "2", "text": "Gut."}\n',
        encoding="utf-8",
    )
    result = run(["check", str(feed), "--lm", "ngram", "--format", fmt, "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert "\ufffd" in result.stdout or fmt in ("junit", "sarif")
    if fmt in ("json", "jsonl"):
        if fmt == "json":
            ids = [a["id"] for a in json.loads(result.stdout)["articles"]]
        else:
            ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
        assert ids == ["1", "2"]


def test_fix_keeps_records_with_a_lone_surrogate(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "1", "text": "Der Minister \\ud800 kam an ."}\n', encoding="utf-8")
    result = run(["fix", str(feed), "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "Der Minister \ufffd kam an."


# --- 5. JSONL lines end at \n only ------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x1c", "\x0b", "\x0c"])
def test_jsonl_records_are_not_split_inside_strings(tmp_path, separator):
    from audit.ingest import read_inputs

    feed = tmp_path / "feed.jsonl"
    records = [{"id": "a", "text": f"Erster Satz.{separator}Zweiter Satz."}, {"text": "Dritter Satz."}]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    articles = list(read_inputs([str(feed)]))
    assert [a.id for a in articles] == ["a", f"{feed}:2"]
    assert articles[0].text == records[0]["text"]


def test_jsonl_keeps_line_numbers_with_crlf_and_blank_lines(tmp_path):
    from audit.ingest import read_inputs

    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "Eins."}\r\n\r\n{"text": "Zwei\xe2\x80\xa8."}\r\n{"text": 3}\r\n')
    items = list(read_inputs([str(feed)]))
    assert [getattr(i, "id", None) or i.where for i in items] == [f"{feed}:1", f"{feed}:3", f"{feed}:4"]


# --- 6. paths ----------------------------------------------------------------------------------------


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("mtaudit: error:")]


@pytest.mark.parametrize("command", ["check", "fix"])
def test_fifos_devices_and_link_loops_are_one_line_errors_and_the_rest_is_audited(tmp_path, command):
    import os

    good = tmp_path / "good.txt"
    good.write_text(FIXABLE, encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it blocked forever
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    args = [str(fifo), "/dev/zero", str(tmp_path / "loop1.txt"), str(good)]  # /dev/zero: MemoryError
    result = run([command, *args, "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 2
    errors = _errors(result)
    assert len(errors) == 3
    assert "pipe.txt: not a regular file" in errors[0] and "/dev/zero: not a regular file" in errors[1]
    assert "loop1.txt: a symbolic link that leads nowhere" in errors[2]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [str(good)]


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path, monkeypatch):
    import os

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "b.txt").write_text(FIXABLE, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # the tests run as root, who may read any folder: deny it here
        if os.fspath(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(["check", str(tmp_path), "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 2
    assert _errors(result) == [f"mtaudit: error: {tmp_path / 'secret'}: folder not read: Permission denied"]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [str(tmp_path / "ok" / "a.txt")]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "html", "sarif", "junit", "github"])
def test_a_file_name_that_is_not_utf8_is_audited_and_reported(tmp_path, fmt):
    import os

    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "w", encoding="utf-8") as handle:
        handle.write(FIXABLE)
    (tmp_path / "ok.txt").write_text(FIXABLE, encoding="utf-8")
    report = tmp_path / "report.out"
    result = run(["check", str(tmp_path), "--lm", "none", "--format", fmt, "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert "caf\ufffd.txt" in report.read_text(encoding="utf-8") or fmt in ("junit", "sarif")


def test_fix_writes_a_file_whose_name_is_not_utf8(tmp_path):
    import os

    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(FIXABLE)
    result = run(["fix", "--write", str(tmp_path), "--lm", "none"])
    assert result.exit_code == 0, result.output
    with open(name, encoding="utf-8") as handle:
        assert handle.read() == FIXABLE.replace(" .", ".")


@pytest.mark.parametrize("command", ["check", "fix"])
def test_closed_standard_input_is_a_one_line_error(command):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "audit", command, "-", "--lm", "none"],
        capture_output=True,
        text=True,
        close_fds=True,
        preexec_fn=lambda: __import__("os").close(0),
    )
    assert result.returncode == 2
    assert "mtaudit: error: <stdin>: standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


# --- 8. a nearly-UTF-8 file -----------------------------------------------------------------------

NEARLY_UTF8 = "Die Bürger wählen.\nDer Minister kam \xff an.\n"


def _nearly_utf8(path: Path) -> bytes:
    data = NEARLY_UTF8.replace("\xff", "").encode("utf-8").replace(b"kam  an", b"kam \xff an")
    path.write_bytes(data)
    return data


def test_a_stray_byte_in_utf8_is_reported_with_its_place_not_decoded_as_cp1252(tmp_path):
    bad = tmp_path / "a.txt"
    _nearly_utf8(bad)
    (tmp_path / "b.txt").write_text(FIXABLE, encoding="utf-8")
    result = run(["check", str(tmp_path), "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 2
    assert _errors(result) == [
        f"mtaudit: error: {bad}: not valid UTF-8: byte 0xff at line 2, column 18 (the rest is UTF-8): "
        "fix that byte; the file is left as it is"
    ]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [str(tmp_path / "b.txt")]


def test_fix_write_leaves_a_nearly_utf8_file_as_it_is(tmp_path):
    bad = tmp_path / "a.txt"
    data = _nearly_utf8(bad)
    result = run(["fix", "--write", str(bad), "--lm", "none"])
    assert result.exit_code == 2 and "byte 0xff at line 2" in result.stderr
    assert bad.read_bytes() == data


def test_cp1252_files_are_still_decoded(tmp_path):
    from audit.ingest import read_inputs

    path = tmp_path / "a.txt"
    path.write_bytes("Die Bürger wählen über Gebühren.\n".encode("cp1252"))
    (article,) = read_inputs([str(path)])
    assert article.encoding == "cp1252" and "Bürger" in article.text


def test_a_stray_byte_in_a_jsonl_feed_costs_only_its_record(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "1", "text": "Die Bürger wählen."}, ensure_ascii=False).encode(),
        b'{"id": "2", "text": "Der Minister \xff kam an."}',
        json.dumps({"id": "3", "text": "Über Gebühren."}, ensure_ascii=False).encode(),
    ]
    feed.write_bytes(b"\n".join(lines) + b"\n")
    result = run(["check", str(feed), "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 2
    assert _errors(result) == [
        f"mtaudit: error: {feed}:2: not valid UTF-8: byte 0xff at column 35 (the rest is UTF-8): fix that byte"
    ]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "3"]


# --- 10. smaller ------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named_not_called_binary(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes("Die Bürger wählen.\n".encode(encoding))
    result = run(["check", str(path), "--lm", "none"])
    assert result.exit_code == 2
    assert _errors(result) == [
        f"mtaudit: error: {path}: UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)"
    ]


@pytest.mark.parametrize(
    "record, message",
    [
        ('{"id": 1.5, "text": "Gut."}', 'a JSONL record "id" must be a string or an integer'),
        ('{"id": "1", "text": "Gut.", "weight": NaN}', "invalid JSON (NaN is not standard JSON)"),
        ('{"id": "1", "text": "Gut.", "w": -Infinity}', "invalid JSON (-Infinity is not standard JSON)"),
        ('{"id": "1", "text": "  "}', "empty input (nothing to audit)"),
    ],
)
def test_jsonl_records_that_cannot_be_audited_as_they_are(tmp_path, record, message):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(record + "\n", encoding="utf-8")
    result = run(["check", str(feed), "--lm", "none"])
    assert result.exit_code == 2
    assert _errors(result) == [f"mtaudit: error: {feed}:1: {message}"]


def test_duplicate_ids_get_one_warning(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"id": "7", "text": "Gut."}) + "\n" for _ in range(1000)), encoding="utf-8"
    )
    result = run(["check", str(feed), "--lm", "none", "--format", "jsonl"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"mtaudit: warning: 1000 articles share 1 id(s): '{feed}#7' (1000x); reports, baselines and fixed"
        " records are matched by id"
    ]


def test_include_patterns_that_match_nothing_fail(tmp_path):
    (tmp_path / "a.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / ".mtaudit.toml").write_text('include = ["*.mdx"]\n', encoding="utf-8")
    result = run(["check", str(tmp_path), "--lm", "none"])
    assert result.exit_code == 2
    assert _errors(result) == [
        f"mtaudit: error: {tmp_path}: include/exclude in the configuration leave none of its 1 text file(s)"
    ]


def test_a_configuration_file_that_is_a_folder_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / ".mtaudit.toml").mkdir()
    result = run(["check", str(tmp_path), "--lm", "none"])
    assert result.exit_code == 2
    assert _errors(result) == [
        f"mtaudit: error: {tmp_path / '.mtaudit.toml'}: a configuration file must be a regular file"
    ]


def test_a_report_to_a_fifo_or_through_a_symlink_keeps_the_node(tmp_path):
    import os
    import threading

    text = tmp_path / "a.txt"
    text.write_text(FIXABLE, encoding="utf-8")
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)  # as -o /dev/null or /dev/stdout: renaming over it would replace the node
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run(["check", str(text), "--lm", "none", "--format", "jsonl", "-o", str(fifo)])
    reader.join(30)
    assert result.exit_code == 0
    assert json.loads(received[0])["id"] == str(text)
    assert fifo.is_fifo()
    real = tmp_path / "real.json"
    real.write_text("", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(real)
    assert (
        run(
            ["check", str(text), "--lm", "none", "--format", "json", "-o", str(tmp_path / "link.json")]
        ).exit_code
        == 0
    )
    assert (tmp_path / "link.json").is_symlink() and json.loads(real.read_text())["articles"]
