"""``Article`` segments its text on first use, keeps the result, and pickles without it: the parent of
``--jobs`` workers only reads articles and never pays for their tokens."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from audit.markup import structure_of
from audit.segment import make_article, segment

TEXTS = [
    ("Der Minister kam an. Er sprach mit der Presse.\nZweite Zeile ohne Punkt\n", None),
    ("---\ntitle: Test\n---\nDer Text mit `code` darin.\n\n```\nx = 1\n```\nEnde.\n", "post.md"),
    ("Am 3. Okt. traf Dr. Müller die Vertreter der U.S.-Regierung.", None),
]


@pytest.mark.parametrize(("text", "path"), TEXTS)
def test_an_article_is_segmented_on_first_use_as_segment_does(text, path):
    article = make_article(text, id="a", path=path)
    assert article._paragraphs is None and article._word_count is None
    assert article.paragraphs == segment(article.text, article.markup, structure_of(path))
    assert article.paragraphs is article.paragraphs  # kept
    assert article.word_count == sum(1 for t in article.tokens if t.kind in ("word", "number"))


@pytest.mark.parametrize(("text", "path"), TEXTS)
def test_a_pickled_article_leaves_its_tokens_out_and_keeps_its_word_count(text, path):
    article = make_article(text, id="a", path=path, extra={"lang": "de"}, record=("feed.jsonl", 3))
    words, prose = article.word_count, article.prose
    data = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(data)
    assert back._paragraphs is None and back._prose is None and back._word_count == words
    assert back.prose == prose
    assert len(data) < len(pickle.dumps(article.text)) + 300
    assert back == article and back.paragraphs == article.paragraphs
    assert (back.id, back.path, back.extra, back.record, back.markup) == (
        article.id,
        article.path,
        article.extra,
        article.record,
        article.markup,
    )


def test_equality_and_replace_do_not_depend_on_the_caches():
    segmented, fresh = (
        make_article("Ein Satz. Noch einer.", id="a"),
        make_article("Ein Satz. Noch einer.", id="a"),
    )
    assert segmented.paragraphs and fresh._paragraphs is None
    assert segmented == fresh
    moved = replace(segmented, path="b.txt")
    assert moved.paragraphs == segmented.paragraphs and moved != segmented
    # a replaced text is segmented afresh, never read from the old article's cache
    retold = replace(segmented, text="Ganz anders hier.")
    assert retold.word_count == 3 and retold.paragraphs == segment("Ganz anders hier.", ())
