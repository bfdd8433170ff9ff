"""Plain-text helpers for building and evaluating the n-gram LM.

A simple sentence splitter and a regex word tokenizer that approximate what a caller passes
to :meth:`audit.lm.FluencyModel.score_batch`: words (incl. hyphenated compounds and internal
apostrophes), numbers with ``.``/``,`` inside, and every other non-space character as its own
token. The core package may use its own tokenizer; the LM only needs the two to agree roughly
(punctuation split off, compounds kept whole).
"""

from __future__ import annotations

import re

# numbers with internal . , : (1.000,50  12:30  3,5)  |  words with internal - ' ’ (Anti-Pakistan-Kämpfer,
# geht's)  |  any other single non-space character
TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)+|\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)

_SENT_BOUNDARY = re.compile(r"[.!?][\"“”»«'’)]*(?=\s+[\"„“»«(]?[A-ZÄÖÜ0-9])")
_ABBREV = frozenset(
    [
        "abs",
        "art",
        "bd",
        "bzw",
        "ca",
        "dr",
        "evtl",
        "fr",
        "ggf",
        "hr",
        "inkl",
        "jh",
        "jr",
        "kap",
        "lit",
        "mio",
        "mrd",
        "nr",
        "prof",
        "rd",
        "s",
        "sog",
        "st",
        "str",
        "tel",
        "usw",
        "vgl",
        "z",
        "b",
        "d",
        "h",
        "u",
        "a",
        "vs",
        "bspw",
        "etc",
        "abg",
        "gem",
        "lfd",
        "max",
        "min",
        "zzgl",
        "ziff",
        "bsp",
        "geb",
        "verf",
        "kl",
    ]
)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph at ``[.!?]`` + space + capital/digit, not after common abbreviations,
    single letters (initials, "z. B.") or ordinals ("3. Oktober")."""
    parts: list[str] = []
    start = 0
    for m in _SENT_BOUNDARY.finditer(paragraph):
        chunk = paragraph[start : m.end()]
        last = chunk.rstrip("\"“”»«'’)").rstrip()
        if last.endswith("."):
            word = last[:-1].rsplit(None, 1)[-1] if last[:-1].split() else ""
            word = word.lstrip('("„“»«').lower()
            if word.isdigit() or len(word) <= 1 or word in _ABBREV:
                continue
        parts.append(chunk.strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def tokenize(text: str) -> list[str]:
    """Regex word tokenizer (see module docstring)."""
    return TOKEN_RE.findall(text)
