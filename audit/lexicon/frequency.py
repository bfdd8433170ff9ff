"""wordfreq's Zipf frequencies for German and the source languages, from a compiled table.

``wordfreq.zipf_frequency`` builds a Python dict of a language's whole word list on its first lookup:
0.8 s at every start for the five languages the rules ask about (1.9 million words), more than the rest
of a one-sentence check. ``scripts/build_wordfreq_table.py`` (``make lexicon``) compiles the same lists
into ``models/wordfreq/zipf.npz``: per language the words, sorted, as one UTF-8 block, the centibel
bucket of each word, and the byte offset of every ``BLOCK``-th word. A lookup bisects the first words of
the blocks (a short list built at load) and then one block of ``BLOCK`` words; loading is a read.

``zipf_frequency`` is wordfreq's own computation (its tokenizer, digit handling, rounding: the same
helpers are called), with only the word list read from the table, so every value is the one wordfreq
returns; tests/test_frequency.py compares the two for every word of every list.
"""

from __future__ import annotations

import bisect
import math
from functools import lru_cache

#: the languages the table holds: German and the source languages (audit.lexicon.SOURCE_LANGUAGES)
LANGUAGES = ("de", "en", "nl", "es", "fr")
#: words per block: a lookup decodes one block (a few hundred bytes)
BLOCK = 64
TABLE = "wordfreq/zipf.npz"


class WordList:
    """One language's word list: ``bucket(token)`` is its centibel bucket (frequency 10**(-bucket/100))."""

    def __init__(self, words: bytes, buckets, offsets: list[int], firsts: list[str]):
        # every word, sorted, each between two newlines: "\nw0\nw1\n...\nwN\n", so that the word at
        # byte offset o of ``words`` is preceded by the newline at o and followed by one
        self._lines = b"\n" + words + b"\n"
        self._buckets = buckets  # uint16 array: the bucket of each word
        self._offsets = offsets  # byte offset of the first word of each block, then len(words) + 1
        self._firsts = firsts  # the first word of each block

    def bucket(self, token: str) -> int | None:
        block = bisect.bisect_right(self._firsts, token) - 1
        if block < 0:
            return None
        # The word is in this block if anywhere (the blocks are sorted). It is found as "\nTOKEN\n" among
        # the block's bytes, its index as the newlines before it: a byte search, several times faster
        # than decoding and splitting the block's 64 words for a bisection (UTF-8 keeps the code-point
        # order, and a word contains no newline: a token with one is in no list).
        needle = token.encode("utf-8", "surrogatepass")
        if b"\n" in needle:
            return None
        start = self._offsets[block]  # the newline before the block's first word
        at = self._lines.find(b"\n" + needle + b"\n", start, self._offsets[block + 1] + 1)
        if at < 0:
            return None
        return int(self._buckets[block * BLOCK + self._lines.count(b"\n", start, at)])


@lru_cache(maxsize=len(LANGUAGES))
def word_list(lang: str) -> WordList:
    """The word list of ``lang``, loaded on first use (each language once per process)."""
    import numpy as np

    from audit.models import model_file

    with np.load(model_file(TABLE)) as data:
        return WordList(
            data[f"{lang}_words"].tobytes(),
            data[f"{lang}_buckets"],
            data[f"{lang}_offsets"].tolist(),
            data[f"{lang}_firsts"].tobytes().decode("utf-8").split("\n"),
        )


def zipf_frequency(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)`` (the ``best`` list, minimum 0) for a language of the table."""
    from wordfreq import freq_to_zipf

    return round(freq_to_zipf(_word_frequency(word, lang, _MINIMUM)), 2)


#: ``wordfreq.zipf_to_freq(0.0)``: the frequency of Zipf 0, ``zipf_frequency``'s minimum (1e-09)
_MINIMUM = 10**0.0 / 1e9


def _plain_token(word: str) -> list[str] | None:
    """``lossy_tokenize(word, lang)`` for the table's languages where it is known without running it: a
    word of lower-case ASCII letters is its own one token (NFC, case folding, marks and the word
    boundaries leave it as it is), the common case, in a quarter of the time (tests/test_frequency.py)."""
    return [word] if word.isascii() and word.isalpha() and word.islower() else None


def _word_frequency(word: str, lang: str, minimum: float) -> float:
    """wordfreq's ``_word_frequency``, line for line, with the word list read from the table."""
    from wordfreq import cB_to_freq
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    tokens = _plain_token(word) or lossy_tokenize(word, lang)
    if not tokens:
        return minimum
    words = word_list(lang)
    one_over_result = 0.0
    for token in tokens:
        # a token of letters only has no digits to smash (a regular expression substitution saved)
        smashed = token if token.isalpha() else smash_numbers(token)
        bucket = words.bucket(smashed)
        if bucket is None:
            return minimum
        freq = cB_to_freq(-bucket)
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    freq = 1.0 / one_over_result
    # (wordfreq's factor for inferred word breaks applies to Chinese only, not to these languages)
    unrounded = max(freq, minimum)
    if unrounded == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(unrounded, leading_zeroes + 3)
