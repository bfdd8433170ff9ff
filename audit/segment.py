"""Paragraphs, sentences and tokens with exact code-point offsets, for German news text.

Paragraphs are the non-empty lines of the input: web articles put headlines, captions and credits on
lines of their own, so a line is the unit a reader sees. Sentences are split at ., ! and ? (and …)
followed by white space and an upper-case letter, digit or opening quote, except after abbreviations
(Dr., z. B., u. a., Nr.), ordinals before month names or other lower-case continuations (3. Okt.,
18. und 19. Juni) and initials (Paul P. Murphy). A line without final punctuation is one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from audit.document import Article, Paragraph, Sentence, Token
from audit.errors import printable
from audit.markup import blocks_of, has_prose, markup_of, structure_of, trimmed
from audit.spans import SpanIndex

# Abbreviations that end with a period but do not end a sentence (lower-cased, without the period).
ABBREVIATIONS = frozenset(
    [
        "dr",
        "prof",
        "hr",
        "fr",
        "frl",
        "nr",
        "st",
        "str",
        "bzw",
        "ca",
        "evtl",
        "ggf",
        "gegr",
        "geb",
        "gest",
        "inkl",
        "insb",
        "jh",
        "jhd",
        "jhs",
        "mio",
        "mrd",
        "max",
        "min",
        "mind",
        "usw",
        "vgl",
        "sog",
        "z",
        "b",
        "u",
        "a",
        "d",
        "h",
        "o",
        "ä",
        "s",
        "v",
        "chr",
        "co",
        "corp",
        "inc",
        "ltd",
        "jr",
        "sr",
        "mr",
        "mrs",
        "ms",
        "abs",
        "art",
        "bd",
        "bde",
        "bsp",
        "dt",
        "dipl",
        "engl",
        "franz",
        "ital",
        "lat",
        "span",
        "russ",
        "griech",
        "etc",
        "ebd",
        "f",
        "ff",
        "hrsg",
        "kap",
        "lt",
        "ltd",
        "mwst",
        "nachm",
        "vorm",
        "okt",
        "nov",
        "dez",
        "jan",
        "feb",
        "febr",
        "mär",
        "apr",
        "aug",
        "sep",
        "sept",
        "tel",
        "u.a",
        "z.b",
        "d.h",
        "u.ä",
        "s.o",
        "s.u",
        "v.a",
        "o.ä",
        "bzgl",
        "zzgl",
        "allg",
        "begr",
        "best",
        "bspw",
        "ehem",
        "eigtl",
        "erg",
        "etw",
        "gen",
        "inh",
        "kath",
        "ev",
        "luth",
        "jun",
        "sen",
        "urspr",
        "verh",
        "verw",
        "vs",
        "zit",
        "zt",
        "röm",
    ]
)

MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "Jan|Feb|Febr|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez"
)

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
# A word: letters and digits with internal hyphens, apostrophes and dots between single letters
# (kept together: "Kim Jong-un", "O’Brien", "G-7-Gipfel"); an optional trailing hyphen for
# suspended compounds ("Staats- und") and a leading one for "-technologie".
TOKEN_RE = re.compile(
    rf"""
    (?P<number>\d+(?:[.,:]\d+)*(?:[-–]\d+)?(?!{_LETTER}))
  | (?P<word>(?:(?<=\s)-(?={_LETTER}))?{_ALNUM}+(?:['’\-]{_ALNUM}+)*(?:-(?=[\s,/]))?)
  | (?P<punct>[.,;:!?…"'„“”‚‘’«»‹›()\[\]{{}}\-–—/])
  | (?P<symbol>\S)
    """,
    re.VERBOSE,
)

_LETTER_RE = re.compile(_LETTER)  # compiled once: re.search(pattern, ...) looks its cache up per token
_SENTENCE_END = re.compile(r"(?:[.!?]+|…)[\"'“”»«’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'„“«»‚‘(\[]?[A-ZÄÖÜ0-9]")
_ORDINAL_BEFORE = re.compile(rf"\s+(?:{MONTHS})\b|\s+(?:und|bis|oder)\s+\d+\.|\s+[a-zäöüß]")


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (the text's position in the article)."""
    tokens = []
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup or "symbol"
        value = m.group()
        if kind == "word" and not _LETTER_RE.search(value):
            kind = "number"
        tokens.append(Token(offset + m.start(), offset + m.end(), value, kind))
    return tuple(tokens)


_WORD_BEFORE = re.compile(r"([^\s.]+(?:\.[^\s.]+)*)$")
_LOOKBACK = 100  # longer than any abbreviation, initial or ordinal the checks below look for


def _is_boundary(text: str, end: int, mark_start: int) -> bool:
    """Whether the sentence-final mark ending at ``end`` (beginning at ``mark_start``) ends a sentence."""
    if not _NEXT_START.match(text, end):
        return False
    mark = text[mark_start:end].rstrip("\"'“”»«’)]")
    if mark != ".":
        return True
    # Only the word before the mark matters: a bounded window keeps a long line linear (searching all
    # of text[:mark_start] at every full stop made a 200,000-character line take 31 s).
    before = _WORD_BEFORE.search(text, max(0, mark_start - _LOOKBACK), mark_start)
    if before is None:
        return True
    word = before.group(1)
    if word.lower() in ABBREVIATIONS or word.lower().rstrip(".") in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "Paul P. Murphy"
    # an ordinal, not a sentence end: "am 18. und 19. Juni", "3. Okt."
    return not (word.isdigit() and len(word) <= 2 and _ORDINAL_BEFORE.match(text, end))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of one paragraph, white space trimmed."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _is_boundary(text, m.end(), m.start()):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, without its line ending or surrounding white space."""
    spans = (trimmed(text, m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text))
    return [span for span in spans if span is not None]


#: a line break inside a paragraph: read as one space (a CRLF as " \r", two characters of which only one
#: is a space, so that it is no double space)
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def _line_break(m: re.Match) -> str:
    return " \r" if len(m.group()) == 2 else " "


def _rendered(ptext: str, base: int, index) -> str:
    """A Markdown or HTML paragraph (at ``base``) as rules read it, one character for each: its soft
    line breaks and the markup inside it (inline code, a link's tag with its quoted attributes) are
    spaces, as a reader sees prose there, not a quotation mark of ``href="..."``."""
    ptext = _LINE_BREAK.sub(_line_break, ptext)
    if index is None:
        return ptext
    inside = [
        (max(s, base), min(e, base + len(ptext))) for s, e in index.overlapping(base, base + len(ptext))
    ]
    if not inside:
        return ptext
    chars = list(ptext)
    for s, e in inside:
        chars[s - base : e - base] = " " * (e - s)
    return "".join(chars)


def segment(
    text: str, skip: tuple[tuple[int, int], ...] = (), structure: str = "lines"
) -> tuple[Paragraph, ...]:
    """The paragraphs of ``text`` with their sentences and tokens: its non-empty lines, or with
    ``structure`` "markdown" or "html" the blocks of that markup (``audit.markup.blocks_of``), which
    run over soft line breaks (read as spaces: a hard-wrapped sentence is one sentence). Lines that lie
    wholly inside one of the ``skip`` spans (markup, ``audit.markup``) are not paragraphs, and tokens
    inside one are no tokens (inline code is not counted, scored or checked as words)."""
    blocks = blocks_of(text, structure, skip)
    lines = paragraph_spans(text) if blocks is None else blocks
    index = None
    if skip:
        index = SpanIndex(skip)
        lines = [(s, e) for s, e in lines if has_prose(text, s, e, index)]
    paragraphs = []
    for p_index, (ps, pe) in enumerate(lines):
        ptext = text[ps:pe]
        if blocks is not None:
            ptext = _rendered(ptext, ps, index)
        sentences = []
        for ss, se in split_sentences(ptext):
            start, end = ps + ss, ps + se
            tokens = tokenize(ptext[ss:se], start)
            if index is not None:
                tokens = tuple(t for t in tokens if not index.overlaps(t.start, t.end))
                if not tokens:  # a "sentence" of inline code alone
                    continue
            sentences.append(Sentence(start, end, ptext[ss:se], tokens, p_index, len(sentences)))
        paragraphs.append(Paragraph(ps, pe, ptext, p_index, tuple(sentences)))
    return tuple(paragraphs)


def segment_like(article, text: str) -> tuple[Paragraph, ...]:
    """``text`` (the source or reference of ``article``) segmented as the article is: as Markdown or
    HTML, with its own markup, when the article is such a file (the files are paired by name), so
    that their paragraphs can be paired; else a line at a time."""
    structure = structure_of(article.path)
    if structure == "lines":
        return segment(text)
    return segment(text, markup_of(text, article.path), structure)


#: a surrogate code point on its own (a valid pair is one character in a Python string)
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def runs(lengths: Sequence[int], size: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` ranges of consecutive items (sentences) whose ``lengths`` (tokens) add up to about
    ``size`` each, a longer item alone: how a long article is worked through a run of sentences at a
    time (the tagger, the quality estimator). One range for a short article, none for an empty one."""
    out, lo, total = [], 0, 0
    for k, n in enumerate(lengths):
        if k > lo and total + n > size:
            out.append((lo, k))
            lo, total = k, 0
        total += n
    if lo < len(lengths):
        out.append((lo, len(lengths)))
    return out


def make_article(text: str, id: str = "-", **kwargs) -> Article:
    """An Article of ``text``, segmented (``segment``) when its paragraphs are first asked for (lone
    surrogates in it become U+FFFD, see ``audit.ingest.scrub``; ``id`` and ``path`` are made
    printable, see ``audit.errors.printable``; a Markdown or HTML file's markup is found by
    ``audit.markup`` unless ``markup`` is given)."""
    text, id = LONE_SURROGATE.sub("\ufffd", text), printable(id)
    if kwargs.get("path") is not None:  # a file name that is not UTF-8, as reports can hold it
        kwargs["path"] = printable(kwargs["path"])
    if "markup" not in kwargs:
        kwargs["markup"] = markup_of(text, kwargs.get("path"))
    return Article(id=id, text=text, **kwargs)
