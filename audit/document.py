"""The data model: articles, their paragraphs, sentences and tokens, and findings, all with offsets.

Every offset is a Unicode code-point index into ``Article.text``, end exclusive, so that
``article.text[x.start:x.end] == x.text`` holds for every finding, and
``article.prose[x.start:x.end] == x.text`` for every paragraph, sentence and token: ``Article.prose``
is ``Article.text`` but in a Markdown or HTML file, whose paragraphs' line breaks and inner markup it
holds as spaces.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

SEVERITIES = ("minor", "major", "critical")

CATEGORIES = (
    "untranslated",
    "mixed-language",
    "garbled",
    "glued",
    "duplicate",
    "boilerplate",
    "casing",
    "typography",
    "encoding",
    "inconsistency",
    "grammar",
    "disfluent",
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number, punctuation mark or symbol. ``kind`` is one of word, number, punct, symbol."""

    start: int
    end: int
    text: str
    kind: str

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence, or a headline, caption or other line without final punctuation."""

    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    paragraph: int
    index_in_paragraph: int

    @property
    def words(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.kind in ("word", "number"))

    @property
    def has_final_punctuation(self) -> bool:
        stripped = self.text.rstrip(" \"'“”„«»‘’)")
        return stripped.endswith((".", "!", "?", "…", ":"))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text: one non-empty line of the input (articles put headlines and captions on lines
    of their own); in a Markdown file, a paragraph of Markdown, over its soft line breaks, a heading, a
    list item or a table cell (``audit.markup.markdown_blocks``); in an HTML file, a block
    (``audit.markup.html_blocks``). Its ``text`` is as rules read it (``Article.prose``)."""

    start: int
    end: int
    text: str
    index: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """One input document: a text file or one JSONL record. Its paragraphs, sentences and tokens are
    segmented from ``text`` on first use (``audit.segment.make_article`` builds articles): a process
    that only reads articles and hands them to worker processes (``audit.parallel``) never pays for
    it, and a pickled article leaves them out (segmenting again costs half as much as pickling and
    unpickling the tokens)."""

    id: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    source: str | None = None
    reference: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: spans that are not article text (Markdown front matter, code, comments: ``audit.markup``);
    #: no paragraph lies wholly inside one, and no finding overlaps one
    markup: tuple[tuple[int, int], ...] = ()
    #: where a JSONL record came from: (the file as named, its line number); None for a text file
    record: tuple[str, int] | None = None
    #: the line number of the text's first line: 1, but for a window of a longer article
    #: (``audit.window``), whose rules name lines of the article in their messages
    first_line: int = 1
    #: the paragraphs once segmented (``paragraphs``), and the word count once counted: caches of
    #: what ``text`` and ``markup`` determine, so equality leaves them out, and ``dataclasses.replace``
    #: does not carry them over (not init fields), since a replaced text or markup would make them wrong
    _paragraphs: tuple[Paragraph, ...] | None = field(default=None, init=False, compare=False, repr=False)
    _word_count: int | None = field(default=None, init=False, compare=False, repr=False)
    _prose: str | None = field(default=None, init=False, compare=False, repr=False)

    def __getstate__(self) -> tuple:
        return tuple(
            None if f.name in ("_paragraphs", "_prose") else getattr(self, f.name) for f in fields(self)
        )

    def __setstate__(self, state: tuple) -> None:
        for f, value in zip(fields(self), state, strict=True):
            object.__setattr__(self, f.name, value)  # the object is frozen

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs with their sentences and tokens (``audit.segment.segment``)."""
        paragraphs = self._paragraphs
        if paragraphs is None:
            from audit.markup import structure_of
            from audit.segment import segment  # which imports this module

            paragraphs = segment(self.text, self.markup, structure_of(self.path))
            object.__setattr__(self, "_paragraphs", paragraphs)  # a cache: the object is frozen
        return paragraphs

    @property
    def prose(self) -> str:
        """``text`` as the rules read it: the same but in a Markdown or HTML file, where a paragraph's
        line breaks and the markup inside it (inline code, a link's tag) are spaces, as they are
        rendered (a hard-wrapped sentence reads as one line), at the same offsets (one space for each
        character)."""
        prose = self._prose
        if prose is None:
            from audit.markup import structure_of

            prose = self.text
            if structure_of(self.path) != "lines":
                pieces, position = [], 0
                for p in self.paragraphs:
                    pieces += (prose[position : p.start], p.text)
                    position = p.end
                pieces.append(prose[position:])
                prose = "".join(pieces)
            object.__setattr__(self, "_prose", prose)  # a cache: the object is frozen
        return prose

    @property
    def label(self) -> str:
        """How reports name the article: its id, after its JSONL file for a record of a named file
        (``feed.jsonl#42``), so that records of two files with the same ids stay apart."""
        if self.record is not None and self.record[0] != "<stdin>":
            return f"{self.record[0]}#{self.id}"
        return self.id

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(t for s in self.sentences for t in s.tokens)

    @property
    def word_count(self) -> int:
        count = self._word_count
        if count is None:
            count = sum(1 for t in self.tokens if t.kind in ("word", "number"))
            object.__setattr__(self, "_word_count", count)  # a cache, kept when pickled
        return count

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset (the column counted from the text's start
        on its first line, which for a window cut inside a line is not the line's start)."""
        line = self.text.count("\n", 0, offset) + self.first_line
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a rule: where it is, what it is, how bad, and what to do about it."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    confidence: float = 1.0
    #: how far ``suggestions[0]`` (a replacement for ``text``) can be trusted: "safe" (mechanical and
    #: certain: applied by ``mtaudit fix`` by default) or "unsafe" (needs judgement: only with ``--unsafe``)
    applicability: str = "unsafe"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "confidence": round(self.confidence, 3),
            "applicability": self.applicability,
        }


class TokenQualities(Sequence):
    """The quality estimator's error probability of each token of a sentence: a sequence of
    ``(start, end, probability)`` triples, held in one array of doubles (offsets up to 2**53 are
    exact). A tuple of tuples cost about 150 bytes a token, this 24: a long article's report was
    mostly these, and they travel back from every worker of ``--jobs``."""

    __slots__ = ("_values",)

    def __init__(self, triples: Iterable[tuple[int, int, float]] = ()):
        values = array("d")
        for start, end, probability in triples:
            values.extend((start, end, probability))
        self._values = values

    def shifted(self, offset: int) -> TokenQualities:
        """The same probabilities with their offsets moved by ``offset``."""
        out = TokenQualities()
        values = array("d", self._values)
        for k in range(0, len(values), 3):
            values[k] += offset
            values[k + 1] += offset
        out._values = values
        return out

    def __len__(self) -> int:
        return len(self._values) // 3

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("token index out of range")
        v = self._values
        return int(v[3 * index]), int(v[3 * index + 1]), v[3 * index + 2]

    def __iter__(self) -> Iterator[tuple[int, int, float]]:
        v = self._values
        for k in range(0, len(v), 3):
            yield int(v[k]), int(v[k + 1]), v[k + 2]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenQualities):
            return self._values == other._values
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"TokenQualities({list(self)!r})"

    def __reduce__(self):
        return _token_qualities, (self._values.tobytes(),)


def _token_qualities(data: bytes) -> TokenQualities:
    out = TokenQualities()
    out._values = array("d", data) if data else array("d")
    return out


@dataclass(frozen=True, slots=True)
class SentenceReport:
    start: int
    end: int
    score: float
    fluency: float | None
    findings: int
    #: the proposed corrected sentence, when the sentence has findings with a fix (None otherwise)
    correction: str | None = None
    #: the quality estimator's error probability of each token, ``(start, end, probability)``
    #: (None when the run has no quality estimator: ``--lm none`` or another language model)
    quality: TokenQualities | None = None
    #: the span of the source this sentence is aligned with (None: no source, or no counterpart)
    source: tuple[int, int] | None = None
    #: the sentence's scores against its aligned reference (``audit.bitext.reference.SegmentScores``)
    reference: Any = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "fluency": self.fluency,
            "score": self.score,
            "findings": self.findings,
        }
        if self.correction is not None:
            out["correction"] = self.correction
        if self.quality is not None:
            out["quality"] = [list(t) for t in self.quality]
        if self.source is not None:
            out["source_span"] = list(self.source)
        if self.reference is not None:
            seg = self.reference
            out["reference_scores"] = {
                "chrf": seg.chrf,
                "bleu": seg.bleu,
                "ter": seg.ter,
                "reference_span": list(seg.reference) if seg.reference else None,
            }
        return out


@dataclass(frozen=True, slots=True)
class Report:
    """The audit of one article: findings sorted by position, sentence and article scores."""

    article: Article
    findings: tuple[Finding, ...]
    sentences: tuple[SentenceReport, ...]
    score: float
    fluency: float | None
    penalty: float
    #: the quality estimator's output (``audit.quality.Quality``) when it scored the article
    quality: Any = None
    #: the source's language and alignment (``audit.bitext.SourceAnalysis``) when the article has one
    source: Any = None
    #: chrF, BLEU and TER against the reference (``audit.bitext.reference.ReferenceScores``)
    reference: Any = None

    @property
    def id(self) -> str:
        return self.article.id

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    def to_dict(self, listing: Callable[[Sequence, Callable], Any] | None = None) -> dict[str, Any]:
        """The report as INTERFACE.md's JSON object. ``listing(items, to_dict)`` makes the lists of
        sentences and findings (default: lists of the items' dicts; ``audit.report.json`` passes
        lists that make each dict only when the encoder reaches it, for a very long article)."""
        listing = listing or _listed
        article = self.article
        out: dict[str, Any] = {
            "id": article.id,
            "score": self.score,
            "fluency": self.fluency,
            "words": article.word_count,
            "sentences": listing(self.sentences, SentenceReport.to_dict),
            "findings": listing(self.findings, Finding.to_dict),
        }
        if self.quality is not None:
            out["quality_spans"] = [
                {"start": a, "end": b, "text": article.text[a:b], "probability": p}
                for a, b, p in self.quality.spans()
            ]
        for key, value in article.extra.items():  # unknown JSONL keys are carried through
            out.setdefault(key, value)
        if article.path is not None:
            out["path"] = article.path
        if article.encoding != "utf-8":
            out["encoding"] = article.encoding
        if article.record is not None:
            out["record"] = {"file": article.record[0], "line": article.record[1]}
        if article.markup:
            out["markup_spans"] = [list(span) for span in article.markup]
        if article.source is not None:
            out["source"] = article.source
        if article.reference is not None:
            out["reference"] = article.reference
        if self.source is not None:
            out["source_analysis"] = self.source.to_dict()
        if self.reference is not None:
            out["reference_scores"] = self.reference.to_dict()
        return out


def _listed(items: Sequence, to_dict: Callable) -> list:
    return [to_dict(x) for x in items]
