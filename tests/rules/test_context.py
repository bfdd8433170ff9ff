"""``ArticleContext.shared``: an analysis a rule module needs for several rules is computed once per
article, and never leaks from one article to the next."""

from __future__ import annotations

from audit.rules import duplicate, make_context
from audit.segment import make_article

REPEATED = (
    "Kim traf Putin in Wladiwostok.\n\nKim traf Putin in Wladiwostok.\n\nDas Treffen dauerte zwei Stunden."
)


def test_computed_once_per_key_even_when_empty_or_none(auditor):
    ctx = make_context(make_article("Ein Satz."), auditor.lexicon)
    calls = []
    for value in ([], None, 0):
        key = f"k{value!r}"
        for _ in range(3):
            assert ctx.shared(key, lambda v=value: calls.append(v) or v) == value
    assert calls == [[], None, 0]


def test_each_article_computes_its_own(auditor):
    first = make_context(make_article("Ein Satz."), auditor.lexicon)
    second = make_context(make_article("Ein anderer Satz."), auditor.lexicon)
    assert first.shared("text", lambda: first.text) == "Ein Satz."
    assert second.shared("text", lambda: second.text) == "Ein anderer Satz."


def test_two_rules_share_the_repeated_lines(auditor, monkeypatch):
    calls = []
    real = duplicate._repeated_lines

    def counted(ctx):
        calls.append(ctx)
        return real(ctx)

    monkeypatch.setattr(duplicate, "_repeated_lines", counted)
    ctx = make_context(make_article(REPEATED), auditor.lexicon)
    lines = list(duplicate.RepeatedLineRule().check(ctx))
    sentences = list(duplicate.RepeatedSentenceRule().check(ctx))
    assert len(calls) == 1
    assert [f.rule for f in lines] == ["repeated-line"]
    assert sentences == []  # the repeated line is reported once, as a line
