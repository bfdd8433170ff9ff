"""The HTML report: snapshot, escaping, well-formed nesting of overlapping highlights, the marks' text,
offline (no external URLs, a CSP with the inline assets' hashes), summary order and corrections."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import Finding
from audit.report import RenderOptions
from audit.report.html import diff_pair, highlight, render
from tests.report.conftest import assert_golden, finding, report

VOID = {"meta", "br", "input", "img", "hr", "link", "wbr"}


class Page(HTMLParser):
    """Checks that tags balance and collects, per ``data-fid``, the text inside that finding's marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.marks: dict[str, list[int]] = {}  # fid -> number of <mark> parts
        self.text: dict[str, str] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        fid = attributes.get("data-fid") if tag == "mark" else None
        if fid is not None:
            self.marks.setdefault(fid, []).append(1)
            self.text.setdefault(fid, "")
        self.stack.append((tag, fid))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        open_tag, _ = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)
        for _, fid in self.stack:
            if fid is not None:
                self.text[fid] += data


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


def test_snapshot(reports, options):
    assert_golden("report.html", render(reports, options))


def test_marks_hold_exactly_the_findings(reports, options):
    page = parse(render(reports, options))
    expected = {f"f{i}-{k}": f.text for i, r in enumerate(reports) for k, f in enumerate(r.findings)}
    assert page.text == {fid: text.replace("\r", "") for fid, text in expected.items()}
    # only partial overlaps split a finding into parts: here "lokalen Wednesdays" / "Wednesdays Markt"
    split = {fid for fid, parts in page.marks.items() if len(parts) > 1}
    assert {expected[fid] for fid in split} == {"Wednesdays Markt"}


def test_everything_is_escaped(reports, options):
    page = render(reports, options)
    assert page.count("<script") == 1  # ours, at the end; the article's is text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&amp; <mark" in page and ">&quot;Freunde&quot;</mark>" in page
    assert "news/artikel, 1: neu.txt" in page
    parsed = parse(page)
    assert parsed.text["f0-4"] == '<script>alert("x")</script>'


def test_self_contained_offline(reports, options):
    page = render(reports, options)
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        assert "src" not in attrs
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
    assert not re.search(r"url\(|@import|https?://", "".join(parsed.styles) + "".join(parsed.scripts))
    # the CSP allows exactly the inline style and script, by hash
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    for source in ("".join(parsed.styles), "".join(parsed.scripts)):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


def test_accessible_basics(reports, options):
    parsed = parse(render(reports, options))
    html = next(a for t, a in parsed.tags if t == "html")
    assert html["lang"] == "de"
    inputs = [a for t, a in parsed.tags if t == "input"]
    assert inputs and all(a["type"] in ("checkbox", "search") for a in inputs)  # each inside its <label>
    marks = [a for t, a in parsed.tags if t == "mark"]
    assert all(a["title"] and a["tabindex"] == "0" for a in marks)


def test_summary_is_worst_first_and_linked(reports, options):
    page = render(reports, options)
    rows = re.findall(
        r'<tr data-id="[^"]*" data-section="a\d+"><th scope="row"><a href="#(a\d+)">([^<]*)</a>', page
    )
    order = sorted(range(len(reports)), key=lambda i: reports[i].score)
    assert [anchor for anchor, _ in rows] == [f"a{i}" for i in order]
    for anchor, _ in rows:
        assert f'<section id="{anchor}"' in page


def test_corrections_beside_the_original(reports, options):
    page = render(reports, options)
    assert "Proposed corrections" in page
    assert "<td>Putin trifft Kim Jong-<del>unals</del> Partner</td>" in page
    assert "<td>Putin trifft Kim Jong-<ins>un als</ins> Partner</td>" in page


def test_line_breaks_and_title_of_a_mark(reports, options):
    page = render(reports, options)
    assert "Lesen Sie auch:\nWeiterlesen</mark>" in page  # pre-wrap keeps the article's lines
    assert 'title="major · untranslated · untranslated-word\nWord left untranslated\n„Wednesdays“\n' in page
    assert "suggestion: „Mittwochs“" in page


@pytest.mark.parametrize(
    "original, corrected, left, right",
    [
        (
            "die Abzug begann",
            "der Abzug begann",
            "<del>die</del> Abzug begann",
            "<ins>der</ins> Abzug begann",
        ),
        ("fortzuführen .", "fortzuführen.", "fortzuführen<del> </del>.", "fortzuführen."),
        ("a <b> & c", "a <b> c", "a &lt;b&gt; <del>&amp; </del>c", "a &lt;b&gt; c"),
    ],
)
def test_diff_pair(original, corrected, left, right):
    assert diff_pair(original, corrected) == (left, right)


def test_empty_findings_get_an_empty_mark():
    text = "Das ist gut"
    f = Finding("space-before-punctuation", "typography", "minor", 11, 11, "", "Missing full stop")
    parsed = parse(highlight(text, [f], "0"))
    assert parsed.text == {"f0-0": ""}


def test_empty_report_list():
    parse(render([], RenderOptions()))


@st.composite
def spans(draw):
    text = draw(st.text(alphabet='ab<&"\n ', min_size=1, max_size=30))
    n = draw(st.integers(0, 6))
    found = []
    for _ in range(n):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        found.append(Finding("repeated-word", "duplicate", "minor", start, end, text[start:end], "m"))
    return text, sorted(found, key=lambda f: (f.start, f.end))


@settings(max_examples=300, deadline=None)
@given(spans())
def test_any_overlap_is_well_formed(case):
    text, findings = case
    parsed = parse(highlight(text, findings, "0"))
    assert parsed.text == {f"f0-{k}": f.text for k, f in enumerate(findings)}


def test_seed_article(seed_reports):
    reports = list(seed_reports.values())
    parsed = parse(render(reports, RenderOptions()))
    expected = {f"f{i}-{k}": f.text for i, r in enumerate(reports) for k, f in enumerate(r.findings)}
    assert parsed.text == expected


def test_report_in_summary_only_once(reports, options):
    r = report(
        "Leave a Reply", [finding("Leave a Reply", "Leave a Reply", "foreign-span", "major")], 50, id="x"
    )
    assert render([r], options).count('href="#a0"') == 1


def test_findings_left_out_by_the_policy_are_counted(reports):
    page = render(reports, RenderOptions(dropped={"baselined": 2, "inline": 1}))
    assert "not shown: 2 in the baseline, 1 suppressed inline" in page
    assert "not shown" not in render(reports, RenderOptions())


def test_a_feed_at_a_glance_search_sort_and_dark_mode(reports, options):
    page = render(reports, options)
    histogram = re.search(r'<table class="histogram">.*?</table>', page, re.DOTALL).group(0)
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td><td><meter', histogram)]
    assert sum(counts) == len(reports)  # every article in one bin
    rules = re.findall(
        r'<tr><td><code>([^<]+)</code></td><td><span class="sev [a-z]+">[a-z]+</span></td>'
        r'<td class="num">(\d+)</td></tr>',
        page,
    )
    assert sum(int(n) for _, n in rules) == sum(len(r.findings) for r in reports)
    assert [int(n) for _, n in rules] == sorted((int(n) for _, n in rules), reverse=True)
    assert 'id="search"' in page and page.count('class="sortable') == 7
    assert "@media (prefers-color-scheme: dark)" in page
    assert "run 2026" not in page  # no date unless the run gives one
    dated = render(reports, replace(options, generated="2026-12-04 20:00 UTC"))
    assert '<p class="meta">run 2026-12-04 20:00 UTC · <code>' in dated
    one = render(reports[:1], options)
    assert 'id="search"' not in one and 'class="histogram"' not in one  # nothing to find or bin in one


def test_corrections_say_whether_fix_applies_them(reports, options):
    page = render(reports, options)
    rows = re.findall(r'<tr class="correction (safe|unsafe)">.*?<td lang="en">([^<]+)</td></tr>', page)
    assert rows and {kind for kind, _ in rows} == {"safe", "unsafe"}
    assert all(label.startswith(kind) for kind, label in rows)


def test_articles_follow_the_summary_and_fold_in_a_large_feed(reports, options):
    page = render(reports, options)
    order = sorted(range(len(reports)), key=lambda i: (reports[i].score, i))
    assert re.findall(r'<section id="(a\d+)"', page) == [f"a{i}" for i in order]
    assert page.count('<details class="article" open>') == len(reports)
    many = render(list(reports) * 20, options)  # 60 articles: folded, the summary's links unfold them
    assert '<details class="article" open>' not in many and many.count('<details class="article">') == 60
    parse(many)
