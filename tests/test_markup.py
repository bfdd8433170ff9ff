"""Markdown markup is not article text: front matter, fenced code, HTML comments and inline code get
no findings, and `fix --write` leaves them byte for byte as they were (it once deleted the front
matter fences of a Hugo post as a "safe" edit)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from audit.auditor import Auditor
from audit.cli import cli
from audit.markup import markup_spans
from audit.segment import make_article

POST = (
    '---\ntitle: "Ein Test"\ndate: 2026-01-01\n---\n\n'
    "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen .\n\n"
    '```python\nprint("hello world")  # code, please review\n```\n\n'
    "<!-- interner Kommentar:\nplease review this -->\n"
    "Es tritt im Januar mit dem Befehl `git push --force` in Kraft.\n"
)


def _spans(text: str) -> list[str]:
    return [text[s:e] for s, e in markup_spans(text)]


def test_front_matter_yaml_and_toml_and_only_when_closed():
    assert _spans("---\ntitle: x\n---\nText.\n") == ["---\ntitle: x\n---\n"]
    assert _spans("+++\ntitle = 'x'\n+++\r\nText.\n") == ["+++\ntitle = 'x'\n+++\r\n"]
    assert _spans("---\nKein Ende der Kopfzeile.\n") == []
    assert _spans("Text.\n---\ntitle: x\n---\n") == []  # front matter opens the file, nowhere else


def test_fences_comments_and_inline_code():
    text = "A\n```\ncode\n```\nB\n~~~~py\n~~~\nstill code\n~~~~\nC <!-- x --> `y` D\n```\nunclosed"
    assert _spans(text) == [
        "```\ncode\n```",
        "~~~~py\n~~~\nstill code\n~~~~",
        "<!-- x -->",
        "`y`",
        "```\nunclosed",
    ]
    assert _spans("Ein ``` `x` ``` Satz.") == ["``` `x` ```"]  # a fence's info string has no backticks


def test_nothing_in_markup_is_reported_and_the_words_are_the_prose():
    auditor = Auditor(lm="none")
    report = auditor.check_article(make_article(POST, id="post.md", path="post.md"))
    texts = [f.text for f in report.findings]
    assert texts == [" ."]
    assert report.article.word_count == 18  # `git push --force` is no words
    out = report.to_dict()
    assert [POST[s:e][:3] for s, e in out["markup_spans"]] == ["---", "```", "<!-", "`gi"]
    # the same text in a .txt file: a --- line is page residue there, and reported
    plain = auditor.check_article(make_article(POST, id="post.txt", path="post.txt"))
    assert any(f.rule == "page-artifact" for f in plain.findings)
    assert "markup_spans" not in plain.to_dict()


def test_a_line_of_inline_code_alone_is_no_paragraph():
    article = make_article("Ein Satz.\n`a` `b`\n<!-- c --> `d`\n", path="x.md")
    assert [p.text for p in article.paragraphs] == ["Ein Satz."]
    code_after = make_article("Ein Satz. `nur Code`\n", path="x.md")
    assert [t.text for t in code_after.tokens] == ["Ein", "Satz", "."]


def test_fix_write_leaves_the_markup_byte_for_byte(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    result = CliRunner().invoke(cli, ["fix", str(post), "--write", "--lm", "none"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert post.read_text(encoding="utf-8") == POST.replace("beschlossen .", "beschlossen.")
    report = CliRunner().invoke(cli, ["check", str(post), "--format", "json", "--lm", "none"])
    assert json.loads(report.stdout)["articles"][0]["findings"] == []


def test_a_named_html_file_is_read_for_its_visible_text(tmp_path):
    page = tmp_path / "a.html"
    html = (
        "<html><head><style>p { color: red }</style><script>var leave = 'a reply';</script></head>\n"
        "<body><!-- Leave a Reply -->\n<p>Der Minister sprach am Montag in in Berlin.</p></body></html>\n"
    )
    page.write_text(html, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(page), "--format", "json", "--lm", "none"])
    article = json.loads(result.stdout)["articles"][0]
    assert article["words"] == 8
    assert [f["rule"] for f in article["findings"]] == ["repeated-word"]
    assert all(html[s:e].startswith("<") for s, e in article["markup_spans"])
    folder = CliRunner().invoke(cli, ["check", str(tmp_path), "--lm", "none"])
    assert folder.exit_code == 2  # a folder is not searched for HTML: nothing to audit there
