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
    # unclosed, or not at the start: no front matter, and each --- line a thematic break or a setext
    # heading's underline (markup of its own), the lines between them prose
    assert _spans("---\nKein Ende der Kopfzeile.\n") == ["---"]
    assert _spans("Text.\n---\ntitle: x\n---\n") == ["---", "---"]
    article = make_article("Text.\n---\ntitle: x\n---\n", path="a.md")
    assert [p.text for p in article.paragraphs] == ["Text.", "title: x"]


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


# ------------------------------------------------------------------------------------------------
# Markdown's blocks: a paragraph runs over its soft line breaks; headings, list items, quotes and
# table cells are blocks of their own, their markers and a table's pipes markup
# ------------------------------------------------------------------------------------------------
WRAPPED = (
    "# Einleitung\n\n"
    "Der Ausschuss hat am Donnerstag nach langer Debatte\n"
    "beschlossen, den Bericht zu veröffentlichen. Die\n"
    "Vorsitzende sagte: „Wir haben lange darüber\n"
    "gesprochen.“\n\n"
    "- Der erste Punkt ist wichtig und wird hier\n"
    "  fortgesetzt.\n"
    "- Der zweite Punkt.\n"
    "1. Schritt eins.\n\n"
    "Die Tagung begann im Jahr\n"
    "2023. Sie war gut besucht.\n\n"
    "> Ein Zitat, das über\n"
    "> zwei Zeilen geht.\n\n"
    "***\n"
)


def _paragraphs(text: str) -> list[str]:
    return [p.text for p in make_article(text, path="a.md").paragraphs]


def test_a_paragraph_runs_over_soft_line_breaks():
    assert _paragraphs(WRAPPED) == [
        "Einleitung",
        "Der Ausschuss hat am Donnerstag nach langer Debatte beschlossen, den Bericht zu veröffentlichen."
        " Die Vorsitzende sagte: „Wir haben lange darüber gesprochen.“",
        "Der erste Punkt ist wichtig und wird hier   fortgesetzt.",  # the line break and its indentation
        "Der zweite Punkt.",
        "Schritt eins.",
        # only a list starting at 1 interrupts a paragraph (CommonMark): "2023." goes on with it
        "Die Tagung begann im Jahr 2023. Sie war gut besucht.",
        "Ein Zitat, das über   zwei Zeilen geht.",  # the second "> " is markup, read as spaces
    ]
    article = make_article(WRAPPED, path="a.md")
    sentence = article.sentences[1]
    assert sentence.text.startswith("Der Ausschuss") and sentence.text.endswith("veröffentlichen.")
    assert article.text[sentence.start : sentence.end].count("\n") == 1  # offsets are the file's
    assert len(article.prose) == len(WRAPPED)
    changed = [i for i, (x, y) in enumerate(zip(WRAPPED, article.prose, strict=True)) if x != y]
    # six soft line breaks and the ">" of the quote's second line
    assert "".join(WRAPPED[i] for i in changed) == "\n" * 6 + ">"
    assert all(article.prose[i] == " " for i in changed)
    for x in (*article.paragraphs, *article.sentences, *article.tokens):
        assert article.prose[x.start : x.end] == x.text
    assert _spans(WRAPPED) == ["# ", "- ", "- ", "1. ", "> ", "> ", "***"]


def test_the_same_text_in_a_txt_file_is_read_a_line_at_a_time():
    article = make_article(WRAPPED, path="a.txt")
    assert [p.text for p in article.paragraphs][:3] == [
        "# Einleitung",
        "Der Ausschuss hat am Donnerstag nach langer Debatte",
        "beschlossen, den Bericht zu veröffentlichen. Die",
    ]
    assert article.prose is article.text


def test_a_table_cell_is_a_paragraph_and_its_pipes_are_markup():
    table = "Text davor.\n\n| Fehler | Bedeutung |\n|:---|---:|\n| E404 | Datei `a|b` fehlt |\n| E500 | Absturz\n\nDanach.\n"
    assert _paragraphs(table) == [
        "Text davor.",
        "Fehler",
        "Bedeutung",
        "E404",
        "Datei       fehlt",  # inline code is markup, read as spaces
        "E500",
        "Absturz",
        "Danach.",
    ]
    assert _spans(table) == ["|", "|", "|", "|:---|---:|", "|", "|", "`a|b`", "|", "|", "|"]
    # without the delimiter row a pipe is text
    assert _paragraphs("Ein | Strich.\n") == ["Ein | Strich."]


def test_a_fence_inside_a_paragraph_ends_it():
    assert _paragraphs("Erste Zeile\n```\ncode\n```\nzweite Zeile\n") == ["Erste Zeile", "zweite Zeile"]


def test_a_hard_wrapped_quotation_is_balanced_in_markdown():
    auditor = Auditor(lm="none")
    text = "Die Vorsitzende sagte: „Wir haben lange darüber\ngesprochen und sind uns einig.“\n"
    markdown = auditor.check_article(make_article(text, id="a.md", path="a.md"))
    assert markdown.findings == ()
    assert [s.text for s in markdown.article.sentences] == [text.strip().replace("\n", " ")]
    plain = auditor.check_article(make_article(text, id="a.txt", path="a.txt"))
    assert {f.rule for f in plain.findings} >= {"unbalanced-quotes"}  # .txt: a line is a paragraph


def test_fix_write_keeps_soft_line_breaks_and_table_pipes(tmp_path):
    text = "Der Minister kam am Montag  in Berlin an und sprach\nmit seinem Kollegen .\n\n| Ort | Berlin  Mitte |\n|---|---|\n"
    post = tmp_path / "post.md"
    post.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["fix", str(post), "--write", "--lm", "none"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert post.read_text(encoding="utf-8") == (
        "Der Minister kam am Montag in Berlin an und sprach\nmit seinem Kollegen.\n\n| Ort | Berlin Mitte |\n|---|---|\n"
    )


def test_a_finding_over_a_soft_line_break_keeps_the_input_text():
    text = "Der Minister sprach in\nin Berlin mit der Presse.\n"
    report = Auditor(lm="none").check_article(make_article(text, id="a.md", path="a.md"))
    [finding] = [f for f in report.findings if f.rule == "repeated-word"]  # found across the break
    assert finding.text == text[finding.start : finding.end] == "in\nin"  # INTERFACE.md
    assert finding.suggestions == ("in",)


def test_an_ignore_directive_covers_the_whole_wrapped_paragraph():
    text = (
        "<!-- mtaudit: ignore repeated-word -->\n"
        "Der Minister sprach in in Berlin und\n"
        "dann in in Hamburg.\n\n"
        "Später war er in in Bremen.\n"
    )
    auditor = Auditor(lm="none")

    def repeated(path: str) -> list[int]:
        report = auditor.check_article(make_article(text, id=path, path=path))
        return [text.count("\n", 0, f.start) + 1 for f in report.findings if f.rule == "repeated-word"]

    assert repeated("a.md") == [5]  # the directive's paragraph is lines 2-3
    assert repeated("a.txt") == [3, 5]  # .txt: the next line only


def test_html_paragraphs_are_its_blocks_over_line_breaks():
    page = (
        "<html><head><title>Ein Titel</title></head><body>\n"
        "<h1>Überschrift</h1>\n"
        '<p>Die Vorsitzende sagte: „Wir haben <a href="/x">lange</a> darüber\n'
        "gesprochen.“ Danach<br>ging sie.</p>\n"
        "<ul><li>Erster Punkt</li>\n<li>Zweiter\nPunkt</li></ul>\n"
        "Text ohne Tag,\nüber zwei Zeilen.\n\nEin neuer Absatz.\n"
        "</body></html>\n"
    )
    article = make_article(page, path="a.html")
    assert [p.text for p in article.paragraphs] == [
        "Ein Titel",
        "Überschrift",
        # the link's tags (and the quotes of href="/x") are markup, read as spaces
        "Die Vorsitzende sagte: „Wir haben              lange     darüber gesprochen.“ Danach",
        "ging sie.",
        "Erster Punkt",
        "Zweiter Punkt",
        "Text ohne Tag, über zwei Zeilen.",
        "Ein neuer Absatz.",
    ]
    assert [t.text for s in article.paragraphs[2].sentences for t in s.tokens][:6] == [
        "Die",
        "Vorsitzende",
        "sagte",
        ":",
        "„",
        "Wir",
    ]
    assert "href" not in [t.text for t in article.tokens]  # the tag is markup
    for x in (*article.paragraphs, *article.sentences, *article.tokens):
        assert article.prose[x.start : x.end] == x.text
    report = Auditor(lm="none").check_article(make_article(page, id="a.html", path="a.html"))
    assert [f.rule for f in report.findings if f.category == "typography"] == []  # the quote is closed


def test_a_crlf_soft_line_break_is_no_double_space(tmp_path):
    text = "Der Minister kam am Montag in Berlin an und sprach mit\r\nseinem Kollegen in der Hauptstadt.\r\n"
    for name in ("a.md", "a.html"):
        report = Auditor(lm="none").check_article(make_article(text, id=name, path=name))
        assert report.findings == ()
        assert [s.text for s in report.article.sentences] == [text.strip().replace("\r\n", " \r")]
    post = tmp_path / "a.md"
    post.write_bytes(text.encode())
    result = CliRunner().invoke(cli, ["fix", str(post), "--write", "--lm", "none"], catch_exceptions=False)
    assert result.exit_code == 0 and post.read_bytes() == text.encode()
