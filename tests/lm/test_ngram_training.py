"""The n-gram training text (scripts/train_ngram.py): the right-to-left text is the left-to-right text
with each sentence's tokens reversed, nothing else changed."""

from __future__ import annotations

PARAGRAPH = "Der Bundestag tagt heute. Am 3. Mai 2024 sprach „die Ministerin“ – kurz – über 12,5 Mio. Euro!"


def test_the_reversed_text_is_each_sentence_backwards():
    from scripts.train_ngram import prepare_paragraph

    forward = prepare_paragraph(PARAGRAPH).split("\n")
    backward = prepare_paragraph(PARAGRAPH, reverse=True).split("\n")
    assert len(forward) == 2
    assert backward == [" ".join(reversed(line.split(" "))) for line in forward]
    assert backward[0] == ". heute tagt Bundestag Der"
