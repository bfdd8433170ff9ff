"""Rules: one module per detector family, each rule a small class registered under a stable id.

A rule sees an ``ArticleContext`` (the segmented article, the shared lexicon and the analyses that
several rules need, such as proper-name spans) and yields Findings. It knows nothing of output formats.
A rule whose behaviour changes in a way users would notice bumps its ``version``.

The registry is a plain dict (``RULES``) that the CLI builds its choices from.
"""

from __future__ import annotations

import importlib
import pkgutil
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, TypeVar

from audit.document import CATEGORIES, SEVERITIES, Article, Finding, Sentence, Token
from audit.lexicon import Lexicon, get_lexicon
from audit.spans import SpanIndex

T = TypeVar("T")


class Rule:
    """Base class. Subclasses set the class attributes and implement ``check``."""

    id: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[str]
    message: ClassVar[str]
    description: ClassVar[str] = ""
    version: ClassVar[int] = 1
    #: a rule that reads the quality estimator's output (``ctx.quality``): it runs after the other
    #: rules and the scoring, and its findings do not change the scores (the estimator already counted
    #: what they say)
    after_quality: ClassVar[bool] = False

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: ArticleContext,
        start: int,
        end: int,
        *,
        message: str | None = None,
        suggestions: Iterable[str] = (),
        confidence: float = 1.0,
        severity: str | None = None,
        applicability: str = "unsafe",
    ) -> Finding:
        """A Finding of this rule over ``ctx.text[start:end]``; its ``text`` is the input's own
        (``article.text[start:end]``, as INTERFACE.md promises), line breaks where ``ctx.text`` reads a
        Markdown or HTML paragraph's line breaks as spaces."""
        return Finding(
            rule=self.id,
            category=self.category,
            severity=severity or self.severity,
            start=start,
            end=end,
            text=ctx.article.text[start:end],
            message=message or self.message,
            suggestions=tuple(dict.fromkeys(s for s in suggestions if s != ctx.text[start:end])),
            confidence=confidence,
            applicability=applicability,
        )


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry, checking its id, category and severity."""
    if cls.category not in CATEGORIES:
        raise ValueError(f"rule {cls.id}: unknown category {cls.category!r}")
    if cls.severity not in SEVERITIES:
        raise ValueError(f"rule {cls.id}: unknown severity {cls.severity!r}")
    if cls.id in RULES and RULES[cls.id] is not cls:
        raise ValueError(f"rule id {cls.id!r} registered twice")
    RULES[cls.id] = cls
    return cls


def load_rules() -> dict[str, type[Rule]]:
    """Import every rule module of this package (each registers its rules) and return the registry."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return RULES


@dataclass
class ArticleContext:
    """What rules share about one article; the analyses are computed once, on first use."""

    article: Article
    lexicon: Lexicon
    #: the fluency language model (``audit.lm.FluencyModel``: ``score_batch``), or None when run without one
    lm: object | None = None
    #: the quality estimator's output (``audit.quality.Quality``), for the rules that read it
    #: (``Rule.after_quality``): set by the auditor once the other rules' findings are scored
    quality: object | None = None
    #: the other rules' findings, for the rules that run after the quality estimator
    earlier_findings: tuple[Finding, ...] = ()
    #: what ``shared`` has computed, by key
    _shared: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """An analysis that a rule module computes once per article for several rules (or for one
        rule's many calls): ``compute()`` the first time ``key`` is asked for, the stored value after.
        For analyses that belong to a rule module rather than to every article (the properties below)."""
        try:
            return self._shared[key]  # type: ignore[return-value]
        except KeyError:
            value = self._shared[key] = compute()
            return value

    @cached_property
    def text(self) -> str:
        """The article's text as rules read it (``Article.prose``: a Markdown or HTML paragraph's line
        breaks and inner markup are spaces), at the offsets of the input."""
        return self.article.prose

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.article.sentences

    @cached_property
    def name_spans(self) -> list[tuple[int, int]]:
        """Spans of proper names (people, organisations, places, titles of works)."""
        from audit.lexicon.names import find_name_spans

        return find_name_spans(self.article, self.lexicon)

    @cached_property
    def quoted_foreign_spans(self) -> list[tuple[int, int]]:
        """Spans of quotations whose words are mostly not German (titles such as «Godfather of British Blues»)."""
        from audit.lexicon.names import find_quoted_foreign_spans

        return find_quoted_foreign_spans(self.article, self.lexicon)

    @cached_property
    def source(self):
        """The source's language and sentence alignment (``audit.bitext.SourceAnalysis``), or None
        when the article has no source (the bitext rules then do not run)."""
        if not self.article.source or not self.article.source.strip():
            return None
        from audit.bitext import source_analysis

        return source_analysis(self.article, self.article.source)

    @cached_property
    def syntax(self):
        """Part-of-speech tags of every sentence (``audit.syntax.TaggedSentence``), in sentence order."""
        from audit.syntax import analyse

        return analyse(self.article)

    @cached_property
    def _syntax_by_start(self) -> dict[int, tuple[str, ...]]:
        return {ts.sentence.start: ts.tags for ts in self.syntax}

    def syntax_of(self, sentence: Sentence) -> tuple[str, ...] | None:
        """The tags of one of the article's sentences."""
        return self._syntax_by_start.get(sentence.start)

    @cached_property
    def names(self) -> SpanIndex:
        """``name_spans`` indexed for lookups in O(log n)."""
        return SpanIndex(self.name_spans)

    @cached_property
    def quoted_foreign(self) -> SpanIndex:
        """``quoted_foreign_spans`` indexed for lookups in O(log n)."""
        return SpanIndex(self.quoted_foreign_spans)

    @cached_property
    def _protected(self) -> SpanIndex:
        return SpanIndex(self.name_spans + self.quoted_foreign_spans)

    def is_protected(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a proper name or a quoted foreign title."""
        return self._protected.contains(start, end)

    def overlaps_protected(self, start: int, end: int) -> bool:
        return self._protected.overlaps(start, end)

    @cached_property
    def residue_lines(self) -> frozenset[int]:
        """Indices of the paragraphs that are page residue as a whole line (``is_residue_line`` of
        ``audit.rules.boilerplate``: a UI phrase, file name, slug, code), which several rules skip, most
        of them sentence by sentence: computed once."""
        from audit.rules.boilerplate import is_residue_line

        return frozenset(i for i, p in enumerate(self.article.paragraphs) if is_residue_line(p.text))

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def is_sentence_initial(self, token: Token) -> bool:
        """The first word of its sentence (possibly after an opening quote or dash)."""
        sentence = self.sentence_at(token.start)
        if sentence is None:
            return False
        for t in sentence.tokens:
            if t.kind in ("word", "number"):
                return t.start == token.start
        return False


def make_context(
    article: Article, lexicon: Lexicon | None = None, lm: object | None = None
) -> ArticleContext:
    return ArticleContext(article, lexicon or get_lexicon(), lm)
