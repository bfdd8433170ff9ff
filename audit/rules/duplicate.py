"""Duplicates: a word said twice (``Nordkorea Nordkorea``), and sentences, headlines, captions and
paragraphs that occur again later in the article, exactly or nearly so.

Scraped and machine-translated pages repeat their headline (once as the title, once as the page
heading, once in lower case from the URL), give a photo caption twice with small differences, or
paste a paragraph twice. The first copy stays; each later copy is flagged with a deletion and the
line it repeats. Near copies are measured on word trigrams: a later line most of whose trigrams
are in an earlier one (containment >= 0.9) says nothing new.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from audit.document import Finding
from audit.rules import ArticleContext, Rule, register

# Words that German doubles grammatically ("die, die ..." without its comma is still read so in
# titles; "dass das das Ziel ist"; "wenn sie sie sieht"; "was was kostet") or in speech ("sehr sehr",
# "ja ja", "na na"), or in idioms ("dass Recht Recht bleibt"). A doubled one of these is not flagged.
LEGITIMATE_DOUBLES = frozenset(
    str.split(
        """
    der die das den dem des sie es ihr ihre ihren ihrem ihrer ihres er wir man was wer wen wem wie
    so ja nein na nun gut sehr ganz viel viele immer noch mehr lange weit nie hin her klein tief
    ha he hm oh ah aha bla tja ne nee jaja halt mal wieder schon zu recht
    """
    )
)

RARE_NAME_COUNT = 50  # a doubled capitalised word rarer than this is a name (Duran Duran, Bora Bora)
MIN_SENTENCE_WORDS = (
    10  # shorter sentences repeat by nature ("Vielen Dank.", "Damit ist der Antrag angenommen.")
)
MIN_LINE_WORDS = 5  # exact repeats of shorter lines are headings, labels or photo credits
MIN_NEAR_WORDS = 8  # near copies need enough words for the trigram measure to mean something
CONTAINMENT = 0.9

_WORD_RE = re.compile(r"[^\W_]+")
# Sentences that repeat by design: a question with its answer ("Wer stimmt dagegen? – Das sind ..."),
# formula markup ("{\displaystyle h}").
FORMULA_RE = re.compile(r"\?\s*[–—-]|[{}\\]")
# Photo credits repeat under every picture: "Foto: Kay Nietfeld/dpa", "Bild: picture alliance / AP".
CREDIT_RE = re.compile(
    r"^(?:Foto|Fotos|Bild|Bilder|Quelle|Grafik|Karte|Video|Photo|Image|Credit)s?\s*:|©", re.IGNORECASE
)


def norm_words(text: str) -> tuple[str, ...]:
    """The words of ``text``, case-folded, punctuation and spacing ignored."""
    return tuple(_WORD_RE.findall(text.casefold()))


def trigrams(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) < 3:
        return {words}
    return {words[i : i + 3] for i in range(len(words) - 2)}


@dataclass(slots=True)
class _Unit:
    """A line or a sentence, with its normalised words."""

    start: int
    end: int
    words: tuple[str, ...]
    paragraph: int


def _line_of(ctx: ArticleContext, offset: int) -> int:
    return ctx.article.line_col(offset)[0]


def _is_teaser_of(earlier: tuple[str, ...], earlier_text: str, later: tuple[str, ...]) -> bool:
    """The earlier line is a teaser cut off with "..." whose words begin the later one (boilerplate's case)."""
    return earlier_text.rstrip().endswith(("...", "…")) and later[: len(earlier)] == earlier


def repeated_lines(ctx: ArticleContext) -> list[tuple[int, int, int, float]]:
    """(paragraph index, earlier paragraph index, kind, confidence) for lines repeating an earlier line.

    kind 0: the same words (case and punctuation aside); kind 1: most of its trigrams are in the earlier
    line and it has no word that line lacks. Found once per article (two rules ask; the list is shared).
    """
    return ctx.shared("repeated_lines", lambda: _repeated_lines(ctx))


def _repeated_lines(ctx: ArticleContext) -> list[tuple[int, int, int, float]]:
    paragraphs = ctx.article.paragraphs
    # Residue lines (a timestamped slug of the headline, "Kommentare" twice) are boilerplate's to flag.
    residue = ctx.residue_lines
    words = [
        () if i in residue or CREDIT_RE.search(p.text) else norm_words(p.text)
        for i, p in enumerate(paragraphs)
    ]
    grams = [trigrams(w) for w in words]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    first_exact: dict[tuple[str, ...], int] = {}
    out = []
    for i, w in enumerate(words):
        if not w:
            continue
        if len(w) >= MIN_LINE_WORDS and w in first_exact:
            out.append((i, first_exact[w], 0, 0.95))
        elif len(w) >= MIN_NEAR_WORDS:
            counts: dict[int, int] = defaultdict(int)
            for g in grams[i]:
                for j in index.get(g, ()):
                    counts[j] += 1
            best = max(counts, key=lambda j: (counts[j], -j), default=None)
            # A near copy adds no word of its own: "... nach § 7;" after "... nach § 5;" is the next
            # item of a list, not a repeat.
            if (
                best is not None
                and counts[best] / len(grams[i]) >= CONTAINMENT
                and set(w) <= set(words[best])
            ):
                out.append((i, best, 1, 0.85))
        first_exact.setdefault(w, i)
        for g in grams[i]:
            index[g].append(i)
    return out


@register
class RepeatedWordRule(Rule):
    id = "repeated-word"
    category = "duplicate"
    severity = "minor"
    message = "Word repeated"
    description = (
        "The same word twice in a row with nothing but a space between (Nordkorea Nordkorea). "
        "Grammatical doublings (die die, das das, sie sie) and names (Duran Duran) are left alone."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        text = ctx.text
        for sentence in ctx.sentences:
            tokens = sentence.tokens
            for a, b in zip(tokens, tokens[1:], strict=False):
                if a.kind != "word" or b.kind != "word" or a.text.casefold() != b.text.casefold():
                    continue
                gap = text[a.end : b.start]
                if not gap or gap.strip(" \u00a0"):
                    continue  # "die, die" or a line break: not a doubling
                word = a.text.casefold()
                if word in LEGITIMATE_DOUBLES or len(word) == 1 or (a.text[:1].isupper() and len(word) <= 3):
                    continue  # short capitalised doubles are names and titles: La La Land, Mo Mo
                if ctx.overlaps_protected(a.start, b.end) or (
                    a.text[:1].isupper() and ctx.lexicon.corpus_count(a.text) < RARE_NAME_COUNT
                ):
                    continue  # a reduplicated name: Duran Duran, Bora Bora, Walla Walla, Sirhan Sirhan
                yield self.finding(
                    ctx,
                    a.start,
                    b.end,
                    suggestions=[a.text],
                    confidence=0.9 if a.text[:1].isupper() else 0.8,
                    applicability="safe",  # the doublings German uses are excluded above
                )


@register
class RepeatedLineRule(Rule):
    id = "repeated-line"
    category = "duplicate"
    severity = "major"
    message = "Line repeated"
    description = (
        "A headline, caption or paragraph that occurs again later, exactly (ignoring case and punctuation) "
        "or nearly (90% of its word trigrams are in the earlier line, and no word of its own). "
        "The later copy is flagged."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        paragraphs = ctx.article.paragraphs
        for i, j, kind, confidence in repeated_lines(ctx):
            p, q = paragraphs[i], paragraphs[j]
            how = "repeats" if kind == 0 else "nearly repeats"
            yield self.finding(
                ctx,
                p.start,
                p.end,
                message=f"Line {how} line {_line_of(ctx, q.start)}",
                suggestions=[""],
                confidence=confidence,
                # an exact copy goes without loss; a near copy has words of its own
                applicability="safe" if kind == 0 else "unsafe",
            )


@register
class RepeatedSentenceRule(Rule):
    id = "repeated-sentence"
    category = "duplicate"
    severity = "major"
    message = "Sentence repeated"
    description = (
        "A sentence of ten or more words that occurs again later in the article (ignoring case and "
        "punctuation): on another line, or right after itself. Whole repeated lines are left to repeated-line."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        paragraphs = ctx.article.paragraphs
        repeated = {i for i, _, _, _ in repeated_lines(ctx)}
        seen: dict[tuple[str, ...], _Unit] = {}
        previous_end = -1
        for sentence in ctx.sentences:
            words = norm_words(sentence.text)
            unit = _Unit(sentence.start, sentence.end, words, sentence.paragraph)
            match = None
            if (
                sentence.paragraph not in repeated
                and len(words) >= MIN_SENTENCE_WORDS
                and not FORMULA_RE.search(sentence.text)
                and sentence.paragraph not in ctx.residue_lines
            ):
                match = seen.get(words)
            if match is not None and self._counts(match, sentence, previous_end):
                earlier = paragraphs[match.paragraph]
                later = paragraphs[sentence.paragraph]
                if not _is_teaser_of(norm_words(earlier.text), earlier.text, norm_words(later.text)):
                    start, end = self._deletion_span(ctx, sentence.start, sentence.end, sentence.paragraph)
                    yield self.finding(
                        ctx,
                        start,
                        end,
                        message=f"Sentence repeats a sentence of line {_line_of(ctx, match.start)}",
                        suggestions=[""],
                        confidence=0.9,
                        applicability="safe",
                    )
            previous_end = sentence.end
            seen.setdefault(words, unit)

    @staticmethod
    def _counts(match: _Unit, sentence, previous_end: int) -> bool:
        """A repeat within one paragraph counts only right after its copy: speakers repeat a sentence
        for rhetoric ("Du suchst Arbeit? Dann ist ... schlecht für dich. Du bist Beschäftigter? Dann ist ...")."""
        if match.paragraph != sentence.paragraph:
            return True
        return match.end == previous_end

    @staticmethod
    def _deletion_span(ctx: ArticleContext, start: int, end: int, paragraph_index: int) -> tuple[int, int]:
        """The sentence with the space after it (or before it, at the end of its line), so that deleting leaves clean text."""
        paragraph = ctx.article.paragraphs[paragraph_index]
        text = ctx.text
        if end < paragraph.end:
            while end < paragraph.end and text[end] in " \t\u00a0":
                end += 1
        else:
            while start > paragraph.start and text[start - 1] in " \t\u00a0":
                start -= 1
        return start, end
