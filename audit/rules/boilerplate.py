"""Boilerplate: residue of the web page that is not article text.

Scrapers leave navigation and prompts (``Hören``, ``zum Inhalt``, ``Schreibe einen Kommentar``,
``PREV …``/``NEXT …`` links, ``… Read more »``), image file names, URL slugs behind a Unix timestamp,
tracking codes, separator lines, and teasers of other articles cut off with "...". Each of these is
recognised only where it stands on a line of its own or at a line's edge: inside a sentence "Hören"
is a verb and "Aktuelles" a noun. The UI phrases are data (``data/boilerplate_phrases.txt``); the
shapes (file names, slugs, codes, separators) are patterns here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from audit.document import Finding, Paragraph
from audit.rules import ArticleContext, Rule, register

# Characters that may frame a phrase without being part of it ("Lesen Sie auch:", "Read more »").
_EDGE_CHARS = " \t:»›>…|·•-–—."
_ELLIPSIS_RE = re.compile(r"(?:\.{3}|…)$")

FILE_EXTENSIONS = (
    "jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic|mp4|mp3|m4a|mov|avi|webm|pdf|docx?|xlsx?|html?|php|aspx?"
)
# A file name: no spaces, an extension from the list; machine-made names carry _ or digits.
FILE_NAME_RE = re.compile(rf"(?<!\S)[\w\-.]*[\w\-]\.(?:{FILE_EXTENSIONS})(?!\S)", re.IGNORECASE)
URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$")
# A Unix timestamp (2001-2033) and a headline slug in plain ASCII: "1694609902 Putin verhaetschelt Kim ...".
TIMESTAMP_SLUG_RE = re.compile(r"^1[0-9]{9}[ _-]+[A-Za-z0-9][A-Za-z0-9 _-]*$")
# A URL slug on its own line: four or more lower-case ASCII words joined by hyphens.
HYPHEN_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){3,}$")
# A tracking or placement code on its own line: "ttn-de-23", "ad_slot_3" (lower case, with a digit).
TRACKING_CODE_RE = re.compile(r"^(?=[^\s]*\d)[a-z]{2,8}(?:[-_][a-z0-9]{1,10}){1,3}$")
# A line made only of rule characters: "-", "___", "***", "* * *", "=====".
SEPARATOR_RE = re.compile(r"^[\-_*=~#•·–—]+(?:[ \t]*[\-_*=~#•·–—]+)*$")

# Words after which a sentence cannot stop: a teaser cut off by the page ("… auf der...", "… zu...").
CUT_WORDS = frozenset(
    str.split(
        """
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
    mein meine meinen meinem meiner sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer
    ihres unser unsere unseren unserem unserer euer eure dieser diese diesen diesem dieses jener jene
    an auf aus bei bis durch für gegen hinter in mit nach neben ohne seit über um unter von vor zu zum
    zur zwischen wegen trotz während laut gemäß samt sowie und oder aber sondern denn dass ob wenn als
    weil damit sodass wie wo the a an of to and for with in on at by from
    """
    )
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One UI phrase of the data file: where on a line it must stand, and its normalised text."""

    where: str  # "line", "section", "start" or "end"
    text: str
    key: str
    case_sensitive: bool


def _normalise(text: str) -> str:
    """Case-folded, NFC, inner white space collapsed, frame characters stripped."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split()).strip(_EDGE_CHARS)


@lru_cache(maxsize=1)
def load_phrases() -> tuple[Phrase, ...]:
    """The phrases of ``data/boilerplate_phrases.txt``."""
    raw = (
        resources.files("audit.rules").joinpath("data", "boilerplate_phrases.txt").read_text(encoding="utf-8")
    )
    phrases = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where, _, text = line.partition(":")
        if where not in ("line", "section", "start", "end") or not text.strip():
            raise ValueError(f"boilerplate_phrases.txt: bad line {line!r}")
        text = text.strip()
        # All-capital link labels (PREV, NEXT, ZURÜCK) only count in capitals: "Next Generation ..." is text.
        case_sensitive = text.isupper() and where == "start"
        phrases.append(Phrase(where, text, _normalise(text), case_sensitive))
    return tuple(phrases)


@lru_cache(maxsize=1)
def _whole_line_keys() -> frozenset[str]:
    return frozenset(p.key for p in load_phrases() if p.where in ("line", "section"))


@lru_cache(maxsize=1)
def _section_keys() -> frozenset[str]:
    return frozenset(p.key for p in load_phrases() if p.where == "section")


def is_section_header(text: str) -> bool:
    """Whether a line heads a list of other articles ("Aktuelles", "OTHER NEWS", "Lesen Sie auch:")."""
    return _normalise(text) in _section_keys()


@lru_cache(maxsize=1)
def _edge_patterns() -> tuple[tuple[Phrase, re.Pattern[str]], ...]:
    """Compiled patterns for the line-start and line-end phrases."""
    out = []
    for p in load_phrases():
        body = r"\s+".join(re.escape(w) for w in p.text.split())
        flags = 0 if p.case_sensitive else re.IGNORECASE
        if p.where == "start":
            # The label and at least one more word: "PREV Dieser 20. Juni ...".
            out.append((p, re.compile(rf"^{body}(?=\s+\S)", flags)))
        elif p.where == "end":
            # Standing after the end of the text before it (punctuation, an ellipsis) or alone.
            out.append((p, re.compile(rf"(?:^|(?<=[.!?…\"“”»«|)\-–—:]))\s*{body}\s*$", flags)))
    return tuple(out)


@lru_cache(maxsize=256)
def _edge_patterns_ending_in(last: str) -> tuple[tuple[Phrase, re.Pattern[str]], ...]:
    """The edge patterns a line whose last character (white space stripped) is ``last`` can match: every
    line-start one, and the line-end ones whose phrase ends in that character (in its case mode). An
    end pattern is a search from every position of the line (22 us on a line of 560 characters, a
    dozen of them for each line) where one character tells that most lines end in no phrase."""
    return tuple(
        (phrase, pattern)
        for phrase, pattern in _edge_patterns()
        if phrase.where != "end" or re.fullmatch(re.escape(phrase.text[-1]), last, pattern.flags)
    )


_COUNT_RE = re.compile(r"\s*[(\[]?\d{1,5}[)\]]?$")
#: the longest match of ``_COUNT_RE`` in a key (``_normalise`` leaves single spaces): " (12345)"
_COUNT_MAX = 8


def is_whole_line_phrase(text: str) -> bool:
    """Whether a line is nothing but a known UI phrase ("Hören", "Leave a Reply", "Lesen Sie auch:"),
    possibly with a count ("Kommentare (12)")."""
    key = _normalise(text)
    if not key:
        return False
    if key in _whole_line_keys():
        return True
    # The count is looked for in the key's last characters only: the same match (a search of the whole
    # key tries every position of a long line, 20 us for 560 characters)
    head, tail = key[:-_COUNT_MAX], key[-_COUNT_MAX:]
    return _normalise(head + _COUNT_RE.sub("", tail)) in _whole_line_keys()


def is_residue_line(text: str) -> bool:
    """Whether a whole line is page residue (a UI phrase, file name, slug, code or separator)."""
    return is_whole_line_phrase(text) or whole_line_artifact(text) is not None


def whole_line_artifact(text: str) -> str | None:
    """What kind of machine residue a whole line is ("separator line", "file name", ...), or None."""
    if SEPARATOR_RE.match(text):
        return "separator line"
    if FILE_NAME_RE.fullmatch(text):
        return "file name"
    if URL_LINE_RE.match(text):
        return "URL"
    if TIMESTAMP_SLUG_RE.match(text) and len(text.split()) >= 3:
        return "timestamp and URL slug of a headline"
    if HYPHEN_SLUG_RE.match(text):
        return "URL slug"
    if TRACKING_CODE_RE.match(text):
        return "tracking code"
    return None


def ui_phrase_span(paragraph: Paragraph) -> tuple[int, int, str] | None:
    """(start, end, phrase) of UI residue on this line, relative to the article, or None."""
    text = paragraph.text
    if is_whole_line_phrase(text):
        return paragraph.start, paragraph.end, text
    for phrase, pattern in _edge_patterns_ending_in(text.rstrip()[-1:]):
        m = pattern.search(text)
        if m is None:
            continue
        if phrase.where == "start":
            return paragraph.start, paragraph.end, phrase.text
        start = m.start()
        while start < len(text) and text[start].isspace():
            start += 1
        # Keep the text before; take the white space (and a "..." cut mark) before the phrase with it.
        # The teaser text itself stays unflagged: it is another article's prose, and what a reader
        # must not see flagged inside it (names, quoted titles) is judged by the other rules.
        while start > 0 and text[start - 1].isspace():
            start -= 1
        cut = _ELLIPSIS_RE.search(text[:start])
        if cut and cut.end() == start:
            start = cut.start()
            while start > 0 and text[start - 1].isspace():
                start -= 1
        return paragraph.start + start, paragraph.end, phrase.text
    return None


def _norm_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def truncated_teaser(ctx: ArticleContext, paragraph: Paragraph) -> tuple[float, str] | None:
    """(confidence, message) when the line is a teaser cut off with "...", else None.

    Cut-off evidence: the text before the ellipsis starts another, longer line of the article (the
    teaser repeats it), or the cut falls after a word a sentence cannot end on ("auf der...").
    """
    text = paragraph.text.rstrip()
    m = _ELLIPSIS_RE.search(text)
    if m is None:
        return None
    words = _norm_words(text[: m.start()])
    if len(words) < 4:
        return None
    for other in ctx.article.paragraphs:
        if other.index == paragraph.index:
            continue
        other_words = _norm_words(other.text)
        if len(other_words) > len(words) and other_words[: len(words)] == words:
            line = ctx.article.line_col(other.start)[0]
            return 0.9, f"Teaser cut off with '...' that repeats the start of line {line}"
    if len(words) >= 8 and words[-1] in CUT_WORDS and not re.search(r"[„“”\"«»]", text):
        return 0.7, "Teaser cut off with '...' in the middle of a phrase"
    return None


@register
class UIPhraseRule(Rule):
    id = "ui-phrase"
    category = "boilerplate"
    severity = "minor"
    message = "Web-page navigation or prompt left in the article"
    description = (
        "Lines that are page furniture rather than article text: 'Hören', 'zum Inhalt', 'Lesen Sie auch:', "
        "'Schreibe einen Kommentar', 'Leave a Reply', PREV/NEXT links, a trailing '… Read more »'. "
        "Only whole lines and line edges count; the phrases are in data/boilerplate_phrases.txt."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for paragraph in ctx.article.paragraphs:
            hit = ui_phrase_span(paragraph)
            if hit is None:
                continue
            start, end, phrase = hit
            whole = start == paragraph.start and end == paragraph.end
            yield self.finding(
                ctx,
                start,
                end,
                message=f"{self.message}: '{phrase}'" + ("" if whole else " at the end of the line"),
                suggestions=[""],
                confidence=0.95 if whole else 0.85,
                applicability="safe",
            )


@register
class PageArtifactRule(Rule):
    id = "page-artifact"
    category = "boilerplate"
    severity = "minor"
    message = "Page artefact left in the article"
    description = (
        "Lines that are machine residue: an image or file name (still_20719608_8542.219_still.jpg), a bare "
        "URL, a Unix timestamp with a URL slug of the headline, a tracking code (ttn-de-23), a separator line."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for paragraph in ctx.article.paragraphs:
            text = paragraph.text
            label = whole_line_artifact(text)
            if label is not None:
                yield self.finding(
                    ctx,
                    paragraph.start,
                    paragraph.end,
                    message=f"{self.message}: {label}",
                    suggestions=[""],
                    confidence=0.9,
                    severity="major" if label.startswith("timestamp") else None,
                    applicability="safe",
                )
                continue
            # A file name at the start or end of a caption line.
            for m in FILE_NAME_RE.finditer(text):
                at_edge = not text[: m.start()].strip() or not text[m.end() :].strip()
                if at_edge and self._machine_made(m.group()):
                    yield self.finding(
                        ctx,
                        paragraph.start + m.start(),
                        paragraph.start + m.end(),
                        message=f"{self.message}: file name",
                        suggestions=[""],
                        confidence=0.85,
                        applicability="safe",
                    )

    @staticmethod
    def _machine_made(name: str) -> bool:
        stem = name.rsplit(".", 1)[0]
        return "_" in stem or bool(re.search(r"\d{4,}", stem)) or stem.islower()


@register
class TruncatedTeaserRule(Rule):
    id = "truncated-teaser"
    category = "boilerplate"
    severity = "major"
    message = "Teaser cut off with '...'"
    description = (
        "A line ending in '...' that is a teaser of an article rather than text: it repeats the start of "
        "a longer line, or it breaks off after a word no sentence ends on ('… auf der...')."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for paragraph in ctx.article.paragraphs:
            if ui_phrase_span(paragraph) is not None:
                continue  # "… Read more »" lines belong to ui-phrase
            hit = truncated_teaser(ctx, paragraph)
            if hit is not None:
                confidence, message = hit
                yield self.finding(
                    ctx,
                    paragraph.start,
                    paragraph.end,
                    message=message,
                    suggestions=[""],
                    confidence=confidence,
                    # a teaser that repeats another line's start is certain; one cut mid-phrase is not
                    applicability="safe" if confidence >= 0.9 else "unsafe",
                )
