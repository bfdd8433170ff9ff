"""Property tests over hostile input (issue 15): arbitrary Unicode (lone surrogates included),
German-like text with machine-translation artifacts inserted, and JSONL feeds of any shape. The
auditor never raises, offsets are exact, scores stay in range, ``fix`` is idempotent, and every
input line is either an article or a one-line error."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.correct.apply import fix_article
from audit.errors import InputError
from audit.ingest import read_jsonl
from audit.segment import LONE_SURROGATE, make_article

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# every code point, surrogates too (hypothesis leaves them out unless asked)
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=200)

GERMAN = [
    "Der Präsident besuchte am Mittwoch die Hauptstadt.",
    "Die Regierung hat das Gesetz beschlossen, sagte ein Sprecher.",
    "Nach Angaben der Polizei wurden drei Menschen verletzt.",
    "Im Jänner stiegen die Preise für Strom und Gas.",
    "„Wir sind bereit“, sagte die Ministerin in Berlin.",
]
ARTIFACTS = [
    " eines lokalen Wednesdays ",
    " Leave a Reply ",
    "  ",
    " Сosmodrom ",  # Cyrillic С
    " ist ist ",
    " Kim Jong-unals ",
    " mit die Regierung ",
    " Read more ",
    " .",
    "\u200b",
    "\ud800",
    "\n\n",
    " Gestern der Minister sagte ",
]


@st.composite
def german_with_artifacts(draw) -> str:
    parts = draw(st.lists(st.sampled_from(GERMAN), min_size=1, max_size=6))
    text = " ".join(parts)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ARTIFACTS)) + text[at:]
    return text


def _check_report(text: str, report) -> None:
    seen = LONE_SURROGATE.sub("\ufffd", text)  # what the auditor reads (same length)
    assert len(seen) == len(text) and report.article.text == seen
    assert 0.0 <= report.score <= 100.0
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert seen[f.start : f.end] == f.text, f
    for s in report.sentences:
        assert 0 <= s.start <= s.end <= len(text) and 0.0 <= s.score <= 100.0
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # every report can be written


@given(ANY_TEXT)
@SETTINGS
def test_arbitrary_unicode_never_breaks_the_auditor(auditor, text):
    _check_report(text, auditor.check(text))


@given(german_with_artifacts())
@SETTINGS
def test_german_with_artifacts_offsets_scores_and_idempotent_fix(auditor, text):
    report = auditor.check(text)
    _check_report(text, report)
    result = fix_article(auditor, make_article(text), unsafe=True)
    if result.stable:
        again = fix_article(auditor, make_article(result.text), unsafe=True)
        assert again.text == result.text


RECORD = st.one_of(
    st.builds(lambda t: json.dumps({"text": t}), ANY_TEXT),
    st.builds(lambda t, i: json.dumps({"id": i, "text": t}), st.sampled_from(GERMAN), st.integers()),
    st.just('{"text": "Der Satz \\ud800 endet."}'),
    st.just('{"text": 5}'),
    st.just("[1, 2]"),
    st.just('{"text": "x", "n": NaN}'),
    st.just("{broken"),
    st.just('{"text": "U+2028 \u2028 und U+0085 \u0085 im Text."}'),
    st.just(""),
)


@given(st.lists(RECORD, max_size=30), st.sampled_from(["\n", "\r\n"]))
@SETTINGS
def test_every_jsonl_line_is_an_article_or_a_one_line_error(lines, newline):
    data = newline.join(lines).encode("utf-8")
    if not data.strip():
        return
    items = list(read_jsonl(data, "feed.jsonl"))
    non_blank = [n for n, line in enumerate(newline.join(lines).split("\n"), start=1) if line.strip()]
    assert len(items) == len(non_blank)
    for number, item in zip(non_blank, items, strict=True):
        if isinstance(item, InputError):
            assert item.where == f"feed.jsonl:{number}" and "\n" not in str(item)
        else:
            assert item.text.strip()
            assert not LONE_SURROGATE.search(item.text)
