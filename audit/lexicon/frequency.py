"""wordfreq's Zipf frequencies for German and the source languages, from a compiled table.

``wordfreq.zipf_frequency`` builds a Python dict of a language's whole word list on its first lookup:
0.8 s at every start for the five languages the rules ask about (1.9 million words), more than the rest
of a one-sentence check. ``scripts/build_wordfreq_table.py`` (``make lexicon``) compiles the same lists
into ``models/wordfreq/zipf.npz``: per language the words, sorted, as one UTF-8 block, the centibel
bucket of each word, and the byte offset of every ``BLOCK``-th word. A lookup bisects the first words of
the blocks (a short list built at load) and then one block of ``BLOCK`` words; loading is a read.

``zipf_frequency`` is wordfreq's own computation (its tokenizer, digit handling, rounding), with the word
list read from the table, so every value is the one wordfreq returns; tests/test_frequency.py compares
the two for every word of every list. The few helpers it needs from wordfreq are restated here rather
than imported: ``import wordfreq`` costs 0.15-0.25 s at every start, mostly ``langcodes`` (which only
maps a language code to settings that are the same for all five languages here). The tests check each
restatement against wordfreq: the tokenizer's expression and language settings, and its tokens, digit
handling and values on every word of the lists and on odd inputs.
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from functools import lru_cache

#: the languages the table holds: German and the source languages (audit.lexicon.SOURCE_LANGUAGES)
LANGUAGES = ("de", "en", "nl", "es", "fr")
#: words per block: a lookup searches the bytes of one block (a few hundred)
BLOCK = 64
TABLE = "wordfreq/zipf.npz"


class WordList:
    """One language's word list: ``bucket(token)`` is its centibel bucket (frequency 10**(-bucket/100))."""

    def __init__(self, words, buckets, offsets: list[int], firsts: list[str]):
        # every word, sorted, each between two newlines: "\nw0\nw1\n...\nwN\n", so that the word at
        # byte offset o of ``words`` is preceded by the newline at o and followed by one (``words``: bytes or
        # numpy's uint8 array, joined without a copy of its own: German's is 7 MB)
        self._lines = b"".join((b"\n", words, b"\n"))
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


def block_offsets(words: list[str]) -> list[int]:
    """The byte offset of every ``BLOCK``-th word of ``words`` joined by newlines, then the joined
    length + 1: the ``offsets`` of a ``WordList`` (scripts/build_wordfreq_table.py stores them)."""
    offsets, position = [], 0
    for i, word in enumerate(words):
        if i % BLOCK == 0:
            offsets.append(position)
        position += len(word.encode("utf-8")) + 1
    offsets.append(position)
    return offsets


@lru_cache(maxsize=len(LANGUAGES))
def word_list(lang: str) -> WordList:
    """The word list of ``lang``, loaded on first use (each language once per process)."""
    import numpy as np

    from audit.models import model_file

    with np.load(model_file(TABLE)) as data:
        return WordList(
            data[f"{lang}_words"],
            data[f"{lang}_buckets"],
            data[f"{lang}_offsets"].tolist(),
            data[f"{lang}_firsts"].tobytes().decode("utf-8").split("\n"),
        )


def zipf_frequency(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)`` (the ``best`` list, minimum 0) for a language of the table."""
    plain = _plain_token(word)
    if plain is not None:  # one token of letters: its value is a function of its bucket alone
        return _bucket_zipf(word_list(lang).bucket(plain[0]))
    # wordfreq.freq_to_zipf: log10 of the frequency per billion words
    return round(math.log(_word_frequency(word, lang, _MINIMUM), 10) + 9, 2)


@lru_cache(maxsize=1024)  # a bucket is centibels, below 1,000 in every list (a few hundred occur)
def _bucket_zipf(bucket: int | None) -> float:
    """``zipf_frequency`` of a word that is one token of letters in ``bucket`` (None: in no list), by
    the arithmetic of ``_word_frequency`` for one such token, computed once per bucket: most of the
    words rules ask about are new to the word caches, and the logarithms, powers and roundings were a
    third of each look-up."""
    frequency = _MINIMUM if bucket is None else _combined([10 ** (-bucket / 100)], _MINIMUM)
    return round(math.log(frequency, 10) + 9, 2)


#: ``wordfreq.zipf_to_freq(0.0)``: the frequency of Zipf 0, ``zipf_frequency``'s minimum
_MINIMUM = 1e-9


def _plain_token(word: str) -> list[str] | None:
    """``lossy_tokenize(word, lang)`` for the table's languages where it is known without running it, in a
    fraction of the time: a word of Latin-1 letters (ASCII, umlauts, accents, ß) is one token, case-folded.
    NFC leaves these letters as they are, case folding turns them into letters again (ß into ss, µ into
    Greek mu), and Unicode puts no word boundary between two letters (tests/test_frequency.py: every
    such letter and pair of them, and the words of the lists)."""
    return [word.casefold()] if word.isalpha() and max(word) <= "\xff" else None


#: wordfreq's ``TOKEN_RE`` (wordfreq/tokens.py, whose comments explain each case) without its comments and
#: spacing, compiled on first use with the ``regex`` module as wordfreq does (``re`` has no \X, \p{Script=}
#: or Unicode word boundaries; ``regex`` is wordfreq's own dependency)
_TOKEN_EXPR = (
    # runs of the scripts written without spaces (its SPACELESS_EXPR)
    r"[\p{IsIdeo}\p{Script=Hira}\p{Script=Kana}\p{Script=Khmr}\p{Script=Lana}\p{Script=Laoo}"
    r"\p{Script=Mymr}\p{Script=Tale}\p{Script=Talu}\p{Script=Thai}ー々〻〆]+"
    r"|@s\b"  # the gender-neutral ending "@s" as a word
    # a Unicode word (graphemes up to a word boundary, or "@s") that does not begin like French "l'avis"
    r"|(?=[\w\p{So}])(?!\w\w?'[AEHIOUYÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÅÏÖŒaehiouyáéíóúàèìòùâêîôûåïöœ])\X+?(?:@s?(?!\w)|\b)"
    r"|\w\w?'"  # a French particle: l', qu'
)
#: ftfy's ``uncurl_quotes`` (wordfreq's last step) as a table: its SINGLE_QUOTE_RE and DOUBLE_QUOTE_RE
_UNCURL = str.maketrans(
    {"\u02bc": "'"}
    | dict.fromkeys(map(chr, range(0x2018, 0x201C)), "'")
    | dict.fromkeys(map(chr, range(0x201C, 0x2020)), '"')
)


@lru_cache(maxsize=1)
def _regexes():
    """wordfreq's token expression and those of wordfreq/numbers.py, compiled (the ``regex`` module's \\d
    is Unicode's current decimal digits, which differ from ``re``'s by the Python version's Unicode)."""
    import regex

    return (
        regex.compile(_TOKEN_EXPR, regex.V1 | regex.WORD | regex.VERBOSE),
        regex.compile(r"\d"),
        regex.compile(r"\d[\d.,]+"),
        regex.compile(r"\d+"),
    )


def _lossy_tokenize(text: str) -> list[str]:
    """``wordfreq.tokens.lossy_tokenize(text, lang)`` for the table's languages, whose settings
    (``get_language_info``) are the same: Latin script, NFC, plain case folding, the regular expression
    tokenizer, no transliteration."""
    token_re = _regexes()[0]
    text = unicodedata.normalize("NFC", text).casefold()  # preprocess_text
    text = unicodedata.normalize("NFC", text)  # simple_tokenize normalises again
    return [token.strip("'").casefold().translate(_UNCURL) for token in token_re.findall(text)]


def _smash_numbers(text: str) -> str:
    """``wordfreq.numbers.smash_numbers``: each digit of a digit followed by digits, points or commas as 0."""
    _, digit, multi_digit, _ = _regexes()
    return multi_digit.sub(lambda match: digit.sub("0", match.group(0)), text)


def _digit_freq(text: str) -> float:
    """``wordfreq.numbers.digit_freq``: the estimated frequency of the digits a smashed token stood for."""
    _, _, multi_digit, pure_digit = _regexes()
    freq = 1.0
    for match in multi_digit.findall(text):
        for submatch in pure_digit.findall(match):
            freq *= _year_freq(submatch) if len(submatch) == 4 else _benford_freq(submatch)
    return freq


#: wordfreq/numbers.py's constants: the leading digit's share, and the years (a plateau 2019-2039)
_DIGIT_FREQS = [0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045]
_YEAR_LOG_PEAK = -1.9185
_NOT_YEAR_PROB = 0.1
_REFERENCE_YEAR = 2019
_PLATEAU_WIDTH = 20


def _benford_freq(text: str) -> float:
    return _DIGIT_FREQS[int(text[0])] / 10 ** (len(text) - 1)


def _year_freq(text: str) -> float:
    year = int(text)
    if year <= _REFERENCE_YEAR:
        year_log_freq = _YEAR_LOG_PEAK - 0.0083 * (_REFERENCE_YEAR - year)
    elif _REFERENCE_YEAR < year <= _REFERENCE_YEAR + _PLATEAU_WIDTH:
        year_log_freq = _YEAR_LOG_PEAK
    else:
        year_log_freq = _YEAR_LOG_PEAK - 0.2 * (year - (_REFERENCE_YEAR + _PLATEAU_WIDTH))
    return 10.0**year_log_freq + _NOT_YEAR_PROB * _benford_freq(text)


def _word_frequency(word: str, lang: str, minimum: float) -> float:
    """wordfreq's ``_word_frequency``, line for line, with the word list read from the table."""
    tokens = _plain_token(word) or _lossy_tokenize(word)
    if not tokens:
        return minimum
    words = word_list(lang)
    frequencies = []
    for token in tokens:
        # a token of letters only has no digits to smash (a regular expression substitution saved)
        smashed = token if token.isalpha() else _smash_numbers(token)
        bucket = words.bucket(smashed)
        if bucket is None:
            return minimum
        freq = 10 ** (-bucket / 100)  # wordfreq.cB_to_freq
        if smashed != token:
            freq *= _digit_freq(token)
        frequencies.append(freq)
    return _combined(frequencies, minimum)


def _combined(frequencies: list[float], minimum: float) -> float:
    """The rest of wordfreq's ``_word_frequency``: the tokens' frequencies combined, then rounded."""
    one_over_result = 0.0
    for freq in frequencies:
        one_over_result += 1.0 / freq
    freq = 1.0 / one_over_result
    # (wordfreq's factor for inferred word breaks applies to Chinese only, not to these languages)
    unrounded = max(freq, minimum)
    if unrounded == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(unrounded, leading_zeroes + 3)
