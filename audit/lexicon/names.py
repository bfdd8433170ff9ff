"""Proper-name evidence: spans of an article that are names or quoted titles, not translatable text.

German capitalises every noun, so capitalisation alone says little. The evidence used here:
- runs of two or more capitalised words (connectors such as "for", "of", "and", "&", "de", "von" may
  stand inside) that contain at least one word German does not know ("Wall Street Journal",
  "Royal United Services Institute", "Asian Institute for Policy Studies", "Planet Labs"); leading
  German words are not part of the name ("Das | Wall Street Journal"), and a German connector joins
  only words German does not know ("Thursdays in Berlin" is no name);
- a capitalised run ending in an organisation head noun ("... House", "... News", "... Technologies");
- single capitalised words that German does not know and that are not common words of another
  language either (surnames and places: "Nixey", "Yonhap", "Kozlov");
- words written capitalised everywhere in the article and never lower-cased, that are unknown to
  German and appear at least twice (a name the article keeps using).
Quoted foreign titles are quotations whose words are mostly not German, a word counting as German when
German knows it and uses it at least as often as English, Dutch, Spanish or French do (wordfreq), so
that «Godfather of British Blues» and „Blues Breakers“ are foreign and „Wir werden das schaffen“ is not.
Lexicon look-ups are cached per word: Hunspell is slow on unknown words.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from audit.document import Article, Token
from audit.lexicon import Lexicon, read_word_list

NAME_CONNECTORS = frozenset(
    {
        "for",
        "of",
        "and",
        "&",
        "the",
        "on",
        "in",
        "de",
        "del",
        "della",
        "di",
        "da",
        "van",
        "von",
        "der",
        "den",
        "du",
        "la",
        "le",
        "al",
        "bin",
        "ibn",
        "y",
        "zu",
        "und",
        "für",
    }
)
GERMAN_CONNECTORS = frozenset({"in", "der", "den", "und", "für", "zu"})
# Particles that belong to a name only when a capitalised name word stands right before them.
NAME_PARTICLES = frozenset(
    {"de", "del", "della", "di", "da", "van", "von", "du", "la", "le", "al", "bin", "ibn"}
)

QUOTE_PAIRS = (("„", "“"), ("«", "»"), ("»", "«"), ("“", "”"), ('"', '"'), ("‚", "‘"))


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    return read_word_list("org_heads.txt")


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


# The bounds of the word caches below, on 20,000 one-sentence records: ``_is_german`` had 538,000
# look-ups of 56,000 words (89.6% answered at 50,000, 87.9% at 20,000, 85.5% at 10,000; 90.0% if
# all are kept), ``_foreign_common`` and ``_more_german`` 6,200 and 11,500 look-ups of 4,700 and
# 5,600 words. They were 300,000 each (some 150 bytes an entry).
NAME_CACHE_SIZE = 50_000
WORD_CACHE_SIZE = 20_000


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _is_german(lexicon: Lexicon, word: str) -> bool:
    """``Lexicon.is_german``, cached."""
    return lexicon.is_german(word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _foreign_common(lexicon: Lexicon, word: str) -> bool:
    """A common word of a likely source language (so an unknown capitalised word is not just a surname)."""
    lower = word.lower()
    return max(lexicon.zipf(lower, lang) for lang in ("en", "nl", "es", "fr")) >= 3.0


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _more_german(lexicon: Lexicon, word: str) -> bool:
    """At least as frequent in German as in any source language ("wir", "das"; not "of", "Blues")."""
    lower = word.lower()
    return lexicon.zipf(lower, "de") >= max(lexicon.zipf(lower, lang) for lang in ("en", "nl", "es", "fr"))


def _repeated_names(article: Article, lexicon: Lexicon) -> frozenset[str]:
    """Words the article writes capitalised at least twice, never in lower case, and German does not know."""
    counts: Counter[str] = Counter()
    lower_seen: set[str] = set()
    for token in article.tokens:
        if token.kind != "word":
            continue
        if is_capitalised(token.text):
            counts[token.text] += 1
        else:
            lower_seen.add(token.text.lower())
    return frozenset(
        w
        for w, n in counts.items()
        if n >= 2
        and w.lower() not in lower_seen
        and not w.isupper()
        and not _is_german(lexicon, w)
        and not lexicon.is_loanword(w)
    )


def find_name_spans(article: Article, lexicon: Lexicon) -> list[tuple[int, int]]:
    heads = _org_heads()
    repeated = _repeated_names(article, lexicon)
    spans: list[tuple[int, int]] = []
    for sentence in article.sentences:
        words = [t for t in sentence.tokens if t.kind in ("word", "number")]
        spans.extend(_capitalised_runs(words, article.prose, lexicon, heads))
        for i, token in enumerate(words):
            w = token.text
            if not is_capitalised(w) or _is_german(lexicon, w) or _is_german(lexicon, w.split("-")[0]):
                continue
            if lexicon.is_loanword(w):
                continue
            if not _foreign_common(lexicon, w) or w.isupper() or w in repeated:
                spans.append((token.start, token.end))
            elif (
                i > 0
                and is_capitalised(words[i - 1].text)
                and not _foreign_common(lexicon, words[i - 1].text)
            ):
                spans.append((token.start, token.end))  # "Pak Thae Song": a name continues
    return _merge(spans)


def _capitalised_runs(words: list[Token], text: str, lexicon: Lexicon, heads: frozenset[str]):
    i = 0
    n = len(words)
    while i < n:
        if not is_capitalised(words[i].text):
            i += 1
            continue
        j = i + 1
        while j < n:
            w = words[j].text
            adjacent = text[words[j - 1].end : words[j].start].strip() in ("", "-")
            if not adjacent:
                break
            if (
                is_capitalised(w)
                or w.isdigit()
                or (
                    w in NAME_CONNECTORS
                    and j + 1 < n
                    and is_capitalised(words[j + 1].text)
                    # a German connector joins a word German does not know to a German institution
                    # word or to a name of two words already: "Institut für Xyz", "Nadine Norelle und
                    # Wolfgango Montanari" may be names; "Thursdays in Berlin" and "Zugestrichterparade
                    # in Pyongyangs" are not
                    and (
                        w not in GERMAN_CONNECTORS
                        or (
                            not _is_german(lexicon, words[j + 1].text)
                            and (j - i >= 2 or _is_german(lexicon, words[j - 1].text))
                        )
                    )
                )
            ):
                j += 1
            else:
                break
        run = words[i:j]
        # Leading German words are not part of the name: "Das Wall Street Journal", "Londoner Royal
        # United Services Institute" (but "Wall" stays: it is a common English word).
        while len(run) > 2 and _is_german(lexicon, run[0].text) and _more_german(lexicon, run[0].text):
            run = run[1:]
        caps = [t for t in run if is_capitalised(t.text)]
        if len(caps) >= 2:
            unknown = [t for t in caps if not _is_german(lexicon, t.text)]
            last = run[-1].text
            if unknown or last in heads:
                spans_start, spans_end = run[0].start, run[-1].end
                yield (spans_start, spans_end)
        i = j if j > i else i + 1


def find_quoted_foreign_spans(article: Article, lexicon: Lexicon) -> list[tuple[int, int]]:
    spans = []
    text = article.prose
    for open_q, close_q in QUOTE_PAIRS:
        pattern = re.compile(
            re.escape(open_q) + r"([^\n" + re.escape(open_q + close_q) + r"]{2,200})" + re.escape(close_q)
        )
        for m in pattern.finditer(text):
            inner = m.group(1)
            words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", inner)
            if not words:
                continue
            german = sum(1 for w in words if lexicon.is_german_any_case(w) and _more_german(lexicon, w))
            if german / len(words) < 0.5:
                spans.append((m.start(), m.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
