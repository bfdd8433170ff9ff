"""Glued words: a missing space between two words, or a photo credit run into the caption.

Web scraping and MT drop spaces at markup boundaries: a caption's last word runs into the credit
(``erhöhenGETTY``, ``Amur-Region.MIKHAIL METZEL – POOL``), one sentence into the next
(``zu sehen.Pressedienst``), a word into the function word that follows it
(``Kim Jong-unals``, ``Militäreinrichtungenund``) or an article into its noun (``Dietollwut``), and
a word into its own repetition (``BeratungBeratung``). Each check demands that the token is unknown as a
whole and that both pieces are known words (or, for names, a form the article uses elsewhere),
so brand names in camel case (YouTube, BahnCard), domains (t-online.de), abbreviations (z.B., U.S.)
and real compounds are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from audit.document import Finding, Paragraph
from audit.lexicon import SOURCE_LANGUAGES
from audit.lexicon.morph import Morphology, get_morphology
from audit.rules import ArticleContext, Rule, register
from audit.segment import ABBREVIATIONS

# Closed-class words that MT output glues to the end of the preceding word, longest first. Endings
# that are mostly word endings (-in: Lehrerin, -en, -er, -es, -an, -um) are left out; the whole
# token must be unknown, so Journalist or Verein never get here.
_FUNCTION_SUFFIXES_TEXT = """
    und oder aber als so wie dass zum zur mit von vom für auf bei beim nach im am zu der die das den
    dem des ein eine einen einem einer ist sind war wird hat nicht auch sich durch über gegen ohne
    seit bis
"""
FUNCTION_SUFFIXES = tuple(sorted(_FUNCTION_SUFFIXES_TEXT.split(), key=len, reverse=True))
# Endings that are often the real end of a word (Kinder, Schweden, Verlauf): split off only after a
# frequent noun of five letters or more, and only when the rest is no compound of its own.
_RISKY_SUFFIXES_TEXT = "der die das den dem des ein eine einen einem einer zu im am bei auf"
RISKY_SUFFIXES = frozenset(_RISKY_SUFFIXES_TEXT.split())
# Articles and conjunctions that get glued to the start of the next word (Dietollwut).
_START_WORDS_TEXT = "der die das den dem des eine einen einem einer und oder aber dass"
START_WORDS = frozenset(_START_WORDS_TEXT.split())
_START_WORD_PREFIXES = tuple(START_WORDS)  # for str.startswith, which takes a tuple

DOT_GLUE_RE = re.compile(r"(?<![\w.@/])([^\W\d_][\w'’-]*[a-zäöüß])\.([A-ZÄÖÜ][\w'’-]*)")
CAMEL_RE = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def credit_words() -> frozenset[str]:
    text = resources.files("audit.rules").joinpath("data", "glued_credits.txt").read_text(encoding="utf-8")
    return frozenset(w.lower() for line in text.splitlines() for w in line.split("#", 1)[0].split())


# Photo agencies and pool credits among the credit words: a credit naming one of them is certainly a
# credit, so removing it from the caption is a safe fix ("Bild", "Foto", "Quelle" alone are words).
AGENCIES = frozenset(
    [
        "afp",
        "ap",
        "anp",
        "dpa",
        "epa",
        "reuters",
        "getty",
        "imago",
        "keystone",
        "pool",
        "sputnik",
        "tass",
        "xinhua",
        "yonhap",
        "kcna",
        "aap",
        "ansa",
        "efe",
        "belga",
        "shutterstock",
        "istock",
        "alamy",
        "bloomberg",
        "ullstein",
    ]
)


def names_agency(credit: str) -> bool:
    """Whether a credit line names a photo agency (GETTY, MIKHAIL METZEL – POOL, Bild ANP / EPA)."""
    return any(w.lower() in AGENCIES for w in WORD_RE.findall(credit))


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


class Glue:
    """Per-article helpers: word knowledge plus the forms the article itself uses."""

    def __init__(self, ctx: ArticleContext, morph: Morphology):
        self.ctx = ctx
        self.morph = morph
        self.lexicon = morph.lexicon
        self.forms = Counter(t.text for t in ctx.article.tokens if t.kind == "word")

    def known(self, word: str) -> bool:
        return self.morph.known(word) or _english(self.lexicon, word)

    def word_or_name(self, word: str, min_len: int = 3) -> bool:
        """A known German or English word, or a form this article uses as a token of its own."""
        if len(word) < min_len:
            return self.forms[word] > 0 and len(word) >= 2
        last = word.rsplit("-", 1)[-1]
        return self.known(word) or (len(last) >= 3 and self.known(last)) or self.forms[word] > 0

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for p in self.ctx.article.paragraphs:
            if p.start <= offset <= p.end:
                return p
        return None

    def credit_tail(self, start: int) -> int | None:
        """End of a credit line that starts at ``start`` and runs to the end of its paragraph
        (MIKHAIL METZEL – POOL, Bild ANP / EPA, GETTY), or None."""
        paragraph = self.paragraph_at(start)
        if paragraph is None:
            return None
        tail = self.ctx.text[start : paragraph.end].rstrip()
        words = WORD_RE.findall(tail)
        if not words or len(words) > 6 or tail.endswith((".", "!", "?", ":", ",")):
            return None
        credits = credit_words()
        first = words[0]
        if (
            _is_acronym(first)
            or first.lower() in credits
            or any(_is_acronym(w) and w.lower() in credits for w in words)
        ):
            return start + len(tail)
        return None


@lru_cache(maxsize=100_000)
def _english(lexicon, word: str) -> bool:
    return lexicon.is_english(word)


def _foreign(glue: Glue, word: str) -> bool:
    """A word of a source language as well (Share, Park, List), whatever German makes of it."""
    lower = word.lower()
    return (
        _english(glue.lexicon, word)
        or max(glue.lexicon.zipf(lower, lang) for lang in SOURCE_LANGUAGES) >= 2.5
    )


@register
class GluedSentenceRule(Rule):
    id = "glued-sentence"
    category = "glued"
    severity = "minor"
    message = "Missing space after the full stop"
    description = (
        "A sentence end glued to the next word (zu sehen.Pressedienst), or a caption glued to its "
        "photo credit (Amur-Region.MIKHAIL METZEL – POOL). Abbreviations, initials, domains and "
        "numbers are left alone; both words must be known words or names the article uses."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        glue: Glue | None = None
        text = ctx.text
        for m in DOT_GLUE_RE.finditer(text):
            left, right = m.group(1), m.group(2)
            if "." in text[m.end() : m.end() + 1] or text[m.start() - 1 : m.start()] == "-":
                continue  # a domain or dotted identifier (t-online.de, Bild.De.Sport)
            last = left.rsplit("-", 1)[-1]
            if len(last) < 3 or last.lower() in ABBREVIATIONS or right.lower() in ABBREVIATIONS:
                continue  # z.B., Dr.Müller, Chr.Geb.
            glue = glue or Glue(ctx, get_morphology())
            right_word = right.rsplit("-", 1)[0] if right.endswith("-") else right
            if not glue.word_or_name(left) or not (_is_acronym(right_word) or glue.word_or_name(right_word)):
                continue
            credit_end = glue.credit_tail(m.start(2))
            if credit_end is not None:
                credit = text[m.start(2) : credit_end]
                yield self.finding(
                    ctx,
                    m.start(1),
                    credit_end,
                    message="Photo credit glued to the caption",
                    suggestions=[f"{left}.", f"{left}. {credit}"],
                    confidence=0.85,
                    applicability="safe" if names_agency(credit) else "unsafe",
                )
            else:
                yield self.finding(
                    ctx,
                    m.start(1),
                    m.end(2),
                    suggestions=[f"{left}. {right}"],
                    confidence=0.75,
                    applicability="safe",  # both sides are known words: the space is all that is missing
                )


@register
class GluedCaseChangeRule(Rule):
    id = "glued-case-change"
    category = "glued"
    severity = "minor"
    message = "Missing space: a lower-case word runs into a capitalised one"
    description = (
        "Inside one token a lower-case letter is followed by a capital that starts a known word, "
        "a name of the article, or an upper-case credit (erhöhenGETTY, ihnKim). Camel-case brands "
        "known as a whole (YouTube, BahnCard) are skipped."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        glue: Glue | None = None
        for token in ctx.article.tokens:
            w = token.text
            if token.kind != "word" or not CAMEL_RE.search(w) or any(ch.isdigit() for ch in w):
                continue
            glue = glue or Glue(ctx, get_morphology())
            if glue.known(w):
                continue
            if _doubled(w):
                continue  # GluedDoubledWordRule
            split = next(iter(m.start() for m in CAMEL_RE.finditer(w)))
            left, right = w[:split], w[split:]
            finding = self._judge(ctx, glue, token.start, left, right)
            if finding:
                yield finding

    def _judge(self, ctx: ArticleContext, glue: Glue, start: int, left: str, right: str) -> Finding | None:
        left_last = re.split(r"[-'’]", left)[-1]
        if len(left_last) < 3 or not left_last[-2:].islower():
            return None  # iPhone, eBay, McDonald, BaFin
        right_word = re.split(r"[-'’]", right)[0]
        if len(right_word) < 2:
            return None  # GmbH
        if not glue.word_or_name(left):
            return None
        end = start + len(left) + len(right)
        if right_word.isupper():
            # erhöhenGETTY: an upper-case credit glued to the caption's last word. After a noun
            # only a known agency will do: law abbreviations run nouns into capitals (ZahlVGJG).
            if left[:1].isupper() and right_word.lower() not in credit_words():
                return None
            credit_end = glue.credit_tail(start + len(left))
            if credit_end is None and not (len(right_word) >= 3 and right_word.lower() in credit_words()):
                return None
            if credit_end is not None:
                credit = ctx.text[start + len(left) : credit_end]
                return self.finding(
                    ctx,
                    start,
                    credit_end,
                    message="Photo credit glued to the caption",
                    suggestions=[left, f"{left} {credit}"],
                    confidence=0.85,
                    applicability="safe" if names_agency(credit) else "unsafe",
                )
            return self.finding(ctx, start, end, suggestions=[f"{left} {right}"], confidence=0.75)
        if not right_word[1:].islower():
            return None  # ProSiebenSat, DaimlerChrysler-like brands
        if left[:1].isupper():
            # two capitalised words: only when both are common German words (ÖffentlichkeitVerhältnis),
            # not brand halves (BahnCard, ThyssenKrupp)
            # German camel-case brands have short halves (BahnCard, StadtRad), English ones English
            # halves (QuickList, HotJobs); a headline run into the next line has long German words.
            if len(left) < 7 or len(right_word) < 5:
                return None
            for part in (left, right_word):
                if (
                    not glue.morph.known_exact(part)
                    or glue.morph.frequency(part) < 20
                    or _foreign(glue, part)
                ):
                    return None
        elif not glue.word_or_name(right_word):
            return None
        return self.finding(
            ctx, start, end, suggestions=[f"{left} {right}"], confidence=0.8, applicability="safe"
        )


@register
class GluedFunctionWordRule(Rule):
    id = "glued-function-word"
    category = "glued"
    severity = "minor"
    message = "Missing space before a function word"
    description = (
        "A word glued to the closed-class word that follows it (Kim Jong-unals, "
        "Militäreinrichtungenund, Kurzstreckenraketenso): the token is unknown as a whole, it ends "
        "in a function word, and what comes before is a known word or a name the article uses."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        glue: Glue | None = None
        for token in ctx.article.tokens:
            w = token.text
            if token.kind != "word" or len(w) < 5 or not w[-2:].islower() or not w.replace("-", "").isalpha():
                continue
            end_word = w.endswith(FUNCTION_SUFFIXES)
            start_word = "-" not in w and w.lower().startswith(_START_WORD_PREFIXES)
            if not end_word and not start_word:
                continue
            glue = glue or Glue(ctx, get_morphology())
            if glue.known(w) or glue.known(w.rsplit("-", 1)[-1]) or _doubled(w):
                continue
            found = (self._split(glue, w) if end_word else None) or (
                self._split_start(glue, w) if start_word else None
            )
            if found is None:
                continue
            first, second, confidence = found
            yield self.finding(
                ctx,
                token.start,
                token.end,
                message="Missing space after a function word" if first.lower() in START_WORDS else None,
                suggestions=[f"{first} {second}"],
                confidence=confidence,
                # the risky endings (-der, -den, -ein...) and glued articles need judgement
                applicability="safe" if confidence >= 0.8 else "unsafe",
            )

    def _split_start(self, glue: Glue, w: str) -> tuple[str, str, float] | None:
        """An article or conjunction glued to the noun after it (Dietollwut, dassdie)."""
        morph = glue.morph
        if morph.plausible(w.lower()):
            return None
        for word in sorted(START_WORDS, key=len, reverse=True):
            if not w.lower().startswith(word):
                continue
            rest = w[len(word) :]
            noun = rest[:1].upper() + rest[1:]
            if len(rest) >= 4 and rest[1:].islower() and morph.is_noun(rest) and morph.frequency(noun) >= 50:
                return w[: len(word)], noun, 0.7
        return None

    def _split(self, glue: Glue, w: str) -> tuple[str, str, float] | None:
        for suffix in FUNCTION_SUFFIXES:
            if not w.endswith(suffix):
                continue
            prefix = w[: -len(suffix)]
            last = prefix.rsplit("-", 1)[-1]
            if glue.forms[prefix] > 0 and len(last) >= 2:
                return prefix, suffix, 0.85  # the article writes the name on its own elsewhere
            if len(last) < 4 or not last[-1].isalpha():
                continue
            if not glue.morph.known_exact(last) or glue.morph.frequency(last) < 3:
                continue
            if suffix in RISKY_SUFFIXES and (
                not last[0].isupper()  # ethnisieren|den is a participle, -enden
                or len(last) < 5  # Rein|der is a name
                or (
                    glue.morph.frequency(last) < 100
                    and not (len(last) >= 10 and glue.lexicon.hunspell_de(last))
                )
                or glue.morph.plausible(w.rsplit("-", 1)[-1].lower())
            ):
                continue
            return prefix, suffix, 0.8 if suffix not in RISKY_SUFFIXES else 0.65
        return None


def _doubled(word: str) -> bool:
    half = len(word) // 2
    return len(word) % 2 == 0 and half >= 2 and word[:half].lower() == word[half:].lower()


@register
class GluedDoubledWordRule(Rule):
    id = "glued-doubled-word"
    category = "glued"
    severity = "minor"
    message = "A word written twice without a space"
    description = (
        "A token that is one known word twice over (BeratungBeratung, dassdass), unknown as a whole."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        morph = get_morphology()
        for token in ctx.article.tokens:
            w = token.text
            if token.kind != "word" or not _doubled(w) or not w.isalpha():
                continue
            half = w[: len(w) // 2]
            if morph.known(w) or _english(morph.lexicon, w) or not morph.known_exact(half):
                continue  # Bonbon, Tamtam, Kuckuck are words
            if len(half) < 3 and morph.frequency(half) < 1000:
                continue
            if w[:1].isupper() and morph.frequency(half) < 200:
                continue  # reduplicated names (Tuotuo, Pagopago): the half is no common word
            yield self.finding(
                ctx,
                token.start,
                token.end,
                suggestions=[half, f"{half} {w[len(half) :]}"],
                confidence=0.85,
                applicability="safe",
            )
