"""Untranslated words: a single English (or Dutch, Spanish, French) word left in German text.

The word-level evidence lives here and is shared with ``mixed_language`` (runs of two or more foreign
words): every word of a sentence is classed once as strongly foreign, weakly foreign (a German word that
is also a common English one: "in", "will", "Top") or not foreign, and maximal runs of foreign words are
cut out. A run of one strongly foreign word is this module's business; longer runs are mixed-language.

What is never flagged: proper names and quoted foreign titles (``ArticleContext.is_protected``),
accepted loanwords (Hunspell de_DE, audit/lexicon/data/loanwords.txt, or frequent in our German corpus),
words German uses as often as English does (wordfreq), and cited foreign words ("englisch für ...").
Capitalised words are flagged only where German grammar makes them common nouns (after an article or
an inflected adjective) and English knows them as ordinary words, because most capitalised English
words in German news are names.

A second source of untranslated words is the mangled English word ("der belligerer Rede"): unknown to
every lexicon, but sharing a long prefix with an English word and none with a German one.

Left alone on purpose, by measurement on clean German (scripts/eval_clean.py): hybrid compounds with an
English first part ("Remote-Arbeit", "Pitch-Regelung": 0.05 false findings per 1,000 words, nearly all
established technical terms), words inside any quotation that is mostly foreign, units after numbers
("145 mph"), and foreign words next to other foreign or unknown words (a Latin or English term).
Sentences reported whole by ``foreign-sentence`` get no single-word findings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from audit.document import Finding, Sentence, Token
from audit.lexicon import Lexicon, read_word_list
from audit.lexicon.sorted_lines import SortedLines
from audit.lexicon.translit import russian_reading
from audit.rules import ArticleContext, Rule, register
from audit.spans import SpanIndex

STRONG, WEAK, NONE = "F", "W", "-"

# Minimum wordfreq Zipf frequency for a word to count as a common word of a source language, and the
# margin by which a non-English language must exceed German (Dutch and German share many spellings).
MIN_ZIPF = {"en": 3.0, "nl": 3.5, "es": 3.5, "fr": 3.5}
MARGIN_OVER_DE = {"en": 0.5, "nl": 1.5, "es": 1.5, "fr": 1.5}
# A German word that is also this common in English may join (not start) a foreign run.
WEAK_MIN_ZIPF_EN = 4.0
# Counts in our German corpus from which a word counts as established German usage.
ESTABLISHED_COUNT = 25

# Words that, right before a foreign word, say it is being cited rather than translated badly.
CITATION_CUES = frozenset(
    [
        "englisch",
        "englischen",
        "englischer",
        "engl",
        "niederländisch",
        "niederl",
        "spanisch",
        "span",
        "französisch",
        "franz",
        "italienisch",
        "ital",
        "lateinisch",
        "lat",
        "Originaltitel",
        "Titel",
        "Motto",
        "Slogan",
        "Schlagwort",
        "Begriff",
        "Ausdruck",
        "Wort",
        "sogenannte",
        "sogenannten",
        "sogenannter",
        "so-genannte",
        "genannt",
        "genannte",
        "genannten",
        "heißt",
        "bezeichnet",
    ]
)
# Articles and other determiners after which a capitalised word is a common noun, not a name.
DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
        "dieser",
        "diese",
        "dieses",
        "diesem",
        "diesen",
        "jeder",
        "jede",
        "jedes",
        "jedem",
        "jeden",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "seiner",
        "seines",
        "ihr",
        "ihre",
        "ihren",
        "ihrem",
        "ihrer",
        "ihres",
        "unser",
        "unsere",
        "unseren",
        "unserem",
        "unserer",
        "unseres",
    ]
)
_ADJECTIVE_ENDING = re.compile(r"[a-zäöüß]{3,}(?:e|en|em|er|es)$")
# Endings of Latin terms (cloud genera, species, anatomy), which look like mangled English to a prefix test.
LATIN_ENDING = re.compile(r"(?:us|um|is|ae|orum|arum|ibus|atus|ata|osa|ens)$")
_LETTERS = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)?$")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Closed-class words of the source languages that German does not have (the, of, het, para...)."""
    return read_word_list("mixed_function_words.txt")


@lru_cache(maxsize=1)
def calendar_words() -> dict[str, tuple[str, str]]:
    """Foreign weekday and month names (lower-cased) -> (German nominative, German -s form)."""
    text = (
        resources.files("audit.lexicon")
        .joinpath("data", "untranslated_calendar.tsv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        foreign, nominative, s_form = line.split("\t")
        table[foreign.lower()] = (nominative, s_form)
    return table


def calendar_suggestion(word: str) -> str | None:
    """German for a foreign weekday or month name, also in the English plural/genitive ("Wednesdays")."""
    table = calendar_words()
    lower = word.lower()
    if lower in table:
        return table[lower][0]
    for suffix in ("s", "'s", "’s"):
        if lower.endswith(suffix) and lower[: -len(suffix)] in table:
            return table[lower[: -len(suffix)]][1]
    return None


# --- word classes, cached per lexicon and word -----------------------------------------------------
# Bounds by measured hit rate (issue 15; they were 300,000 each, some 150 bytes an entry): on 20,000
# one-sentence records ``word_class`` had 705,000 look-ups of 55,600 words (92.1% answered at 50,000,
# 90.8% at 20,000), ``known_german`` 218,000 of 30,900 (all that can be at 50,000), ``hunspell_german``
# and ``established_german`` 2,500 and 850. ``foreign_language`` is asked only by ``word_class`` when
# that misses, so its cache never answered (51,900 look-ups of 51,900 words): it has none.


@lru_cache(maxsize=20_000)
def hunspell_german(lexicon: Lexicon, word: str) -> bool:
    """Hunspell de_DE knows the word as written, capitalised or lower-cased."""
    variants = {word, word[:1].upper() + word[1:], word[:1].lower() + word[1:]}
    if word.isupper():
        variants.add(word.capitalize())
    return any(lexicon.hunspell_de(v) for v in variants)


@lru_cache(maxsize=20_000)
def established_german(lexicon: Lexicon, word: str) -> bool:
    """German usage: Hunspell de_DE, our loanword list, frequent in our corpus, or as common in German as in English."""
    if hunspell_german(lexicon, word) or lexicon.is_loanword(word):
        return True
    lower = word.lower()
    count = sum(lexicon.corpus_count(v) for v in {word, lower, lower.capitalize()})
    if count >= ESTABLISHED_COUNT:
        return True
    return lexicon.zipf(lower, "de") >= 3.0 and lexicon.zipf(lower, "de") >= lexicon.zipf(lower, "en") - 0.5


def foreign_language(lexicon: Lexicon, word: str) -> str | None:
    """The source language in which ``word`` is a common word (ignoring German), or None."""
    lower = word.lower()
    if lower in function_words():
        return "en"
    de = lexicon.zipf(lower, "de")
    best, best_zipf = None, 0.0
    for lang, floor in MIN_ZIPF.items():
        z = lexicon.zipf(lower, lang)
        if z >= floor and z >= de + MARGIN_OVER_DE[lang] and z > best_zipf:
            best, best_zipf = lang, z
    if best == "en" and not lexicon.is_english(lower):
        return (
            None  # a proper noun (Thompson, Europe) or a word Hunspell en_US does not know as a common word
        )
    return best


@lru_cache(maxsize=50_000)
def word_class(lexicon: Lexicon, word: str) -> str:
    """STRONG: a foreign word German does not have; WEAK: German, but also common English; NONE."""
    if not _LETTERS.match(word) or word.isupper() and len(word) <= 3:
        return NONE  # numbers, hyphenated compounds, acronyms (US, BBC, AFP)
    if not word.isupper() and any(c.isupper() for c in word[1:]):
        return NONE  # a brand or name in mixed case (oOh, iPhone, McCain)
    lower = word.lower()
    if word.isupper() and not (lexicon.is_english(lower) and lexicon.zipf(lower, "en") >= 3.0):
        return NONE  # an acronym (NATO, KCNA), not an English word in capitals ("OTHER NEWS")
    if lower in function_words() and word in (lower, lower.capitalize(), word.upper()):
        return STRONG
    if calendar_suggestion(word) and not hunspell_german(lexicon, word):
        return STRONG
    # Frequencies first: most German words are rare in English, and Hunspell is the slow part.
    language = foreign_language(lexicon, word)
    common_english = lexicon.zipf(lower, "en") >= WEAK_MIN_ZIPF_EN
    if language is None and not common_english:
        return NONE
    if hunspell_german(lexicon, word) or lexicon.is_loanword(word):
        return WEAK if common_english and lexicon.is_english(lower) else NONE
    return STRONG if language else NONE


@lru_cache(maxsize=50_000)
def known_german(lexicon: Lexicon, word: str) -> bool:
    """``Lexicon.is_german``, cached."""
    return lexicon.is_german(word)


# --- mangled English words ---------------------------------------------------------------------------


#: the wordfreq lists ``mangled_english`` reads: (language, number of its most frequent words)
TOP_WORDS = (("en", 100_000), ("de", 200_000))


def top_words_file(lang: str, n: int) -> str:
    """The file of ``models/wordlists/`` that holds ``sorted(wordfreq.top_n_list(lang, n))``."""
    return f"{lang}-top-{n}.txt"


@lru_cache(maxsize=len(TOP_WORDS))
def _sorted_words(lang: str, n: int) -> SortedLines:
    """``sorted(wordfreq.top_n_list(lang, n))`` as compiled by scripts/build_wordlists.py: read in a
    few ms as one bytes object (wordfreq's own list took 0.4 s and 70 MB to load), a sorted sequence
    of strings to ``bisect``."""
    from audit.models import model_file

    return SortedLines(model_file(f"wordlists/{top_words_file(lang, n)}").read_bytes())


def _longest_prefix(words: Sequence[str], word: str) -> tuple[int, list[str]]:
    """Length of the longest prefix of ``word`` that begins some word of ``words``, and those words."""
    lo, hi = 0, len(word)
    found: list[str] = []
    while lo < hi:  # binary search over the prefix length
        mid = (lo + hi + 1) // 2
        prefix = word[:mid]
        i = bisect.bisect_left(words, prefix)
        if i < len(words) and words[i].startswith(prefix):
            lo = mid
        else:
            hi = mid - 1
    if lo:
        prefix = word[:lo]
        i = bisect.bisect_left(words, prefix)
        while i < len(words) and words[i].startswith(prefix) and len(found) < 50:
            found.append(words[i])
            i += 1
    return lo, found


def _edit_distance(a: str, b: str, limit: int = 3) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=100_000)
def mangled_english(lexicon: Lexicon, word: str) -> str | None:
    """The English word that an unknown lower-case ``word`` is a mangled form of ("belligerer" ->
    "belligerent"), when the word shares most of its letters with a common English word and German
    has no word beginning the same way."""
    if len(word) < 7 or not word.isalpha() or not word.islower():
        return None
    if (
        known_german(lexicon, word)
        or known_german(lexicon, word.capitalize())
        or lexicon.compound_split(word)
    ):
        return None
    en_len, en_words = _longest_prefix(_sorted_words("en", 100_000), word)
    de_len, _ = _longest_prefix(_sorted_words("de", 200_000), word)
    if en_len < max(6, int(0.7 * len(word))) or en_len < de_len + 3:
        return None
    best = None
    for candidate in en_words:
        if (
            candidate.isalpha()
            and lexicon.zipf(candidate, "en") >= 2.5
            and lexicon.zipf(candidate, "de") < 2.0
        ):
            distance = _edit_distance(word, candidate)
            if distance <= 2 and (best is None or distance < best[0]):
                best = (distance, candidate)
    return best[1] if best else None


# --- foreign runs of a sentence ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ForeignRun:
    """Adjacent foreign words of one sentence (trimmed of weak words at both ends)."""

    sentence: Sentence
    tokens: tuple[Token, ...]
    classes: tuple[str, ...]
    german_words: int  # German words of the sentence outside the run

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def strong(self) -> int:
        return self.classes.count(STRONG)


def foreign_runs(ctx: ArticleContext) -> list[ForeignRun]:
    """All foreign runs of the article, computed once per context."""
    return ctx.shared(
        "foreign_runs", lambda: [run for sentence in ctx.sentences for run in _sentence_runs(ctx, sentence)]
    )


def _sentence_runs(ctx: ArticleContext, sentence: Sentence) -> Iterator[ForeignRun]:
    lexicon = ctx.lexicon
    tokens = [t for t in sentence.tokens if t.kind in ("word", "number")]
    classes = [word_class(lexicon, t.text) if t.kind == "word" else NONE for t in tokens]
    for i, t in enumerate(tokens):  # "a" is German only as an abbreviation ("a. D.", "Frankfurt a. M.")
        if t.text == "a" and not ctx.text.startswith(".", t.end):
            classes[i] = STRONG
    if STRONG not in classes:
        return  # every run needs a strongly foreign word; most sentences stop here
    german = sum(
        1
        for t, c in zip(tokens, classes, strict=False)
        if c == NONE and t.kind == "word" and known_german(lexicon, t.text)
    )
    i, n = 0, len(tokens)
    while i < n:
        if classes[i] == NONE:
            i += 1
            continue
        j = i + 1
        while (
            j < n and classes[j] != NONE and ctx.text[tokens[j - 1].end : tokens[j].start] in (" ", "\u00a0")
        ):
            j += 1
        a, b = i, j
        whole_line = a == 0 and b == n  # a line such as "OTHER NEWS" keeps its weak words
        while not whole_line and a < b and classes[a] == WEAK:
            a += 1
        while not whole_line and b > a and classes[b - 1] == WEAK:
            b -= 1
        if a < b:
            run_german = sum(1 for t in tokens[a:b] if known_german(lexicon, t.text))
            yield ForeignRun(sentence, tuple(tokens[a:b]), tuple(classes[a:b]), german - run_german)
        i = j


def cited(ctx: ArticleContext, tokens: list[Token] | tuple[Token, ...], first: Token) -> bool:
    """Whether a citation cue ("englisch", "sogenannte", "Titel") stands within three words before ``first``."""
    words = [t for t in tokens if t.kind == "word"]
    index = next((k for k, t in enumerate(words) if t.start == first.start), 0)
    return any(t.text.rstrip(".") in CITATION_CUES for t in words[max(0, index - 3) : index])


def in_parenthesis(ctx: ArticleContext, start: int, end: int) -> bool:
    """Whether [start, end) stands inside a pair of round brackets on its line."""
    line_start = ctx.text.rfind("\n", 0, start) + 1
    before = ctx.text[line_start:start]
    return (
        before.count("(") > before.count(")")
        and ")" in ctx.text[end : ctx.text.find("\n", end) % (len(ctx.text) + 1)]
    )


@lru_cache(maxsize=1)
def _established_phrases() -> re.Pattern[str]:
    text = (
        resources.files("audit.lexicon")
        .joinpath("data", "mixed_established_phrases.txt")
        .read_text(encoding="utf-8")
    )
    phrases = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    alternatives = "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)


def established_phrase_overlap(ctx: ArticleContext, start: int, end: int) -> bool:
    """Whether [start, end) overlaps a foreign phrase established in German ("à la carte", "de facto")."""
    spans = ctx.shared(
        "established_phrases", lambda: SpanIndex(m.span() for m in _established_phrases().finditer(ctx.text))
    )
    return spans.overlaps(start, end)


def _repeated_capitalised(ctx: ArticleContext, word: str) -> bool:
    return len(re.findall(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", ctx.text)) >= 2


# --- the rule ---------------------------------------------------------------------------------------------


@register
class UntranslatedWordRule(Rule):
    id = "untranslated-word"
    category = "untranslated"
    severity = "major"
    message = "Word left untranslated"
    description = (
        'A single English, Dutch, Spanish or French word inside a German sentence ("bleibt Kim defiant", '
        '"eines lokalen Wednesdays"), an English word mangled by the translation ("belligerer"), or a '
        'Russian word left in Latin transliteration ("spasibo"). '
        "Names, quoted foreign titles and accepted loanwords are not flagged."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        from audit.rules.mixed_language import foreign_sentences  # imports this module

        lexicon = ctx.lexicon
        foreign = {s.start for s in foreign_sentences(ctx)}  # reported whole by mixed-language
        for run in foreign_runs(ctx):
            if len(run.tokens) != 1 or run.strong != 1 or run.sentence.start in foreign:
                continue
            token = run.tokens[0]
            finding = self._single(ctx, run, token)
            if finding is not None:
                yield finding
        for sentence in ctx.sentences:
            if sentence.start in foreign:
                continue
            words = [t for t in sentence.tokens if t.kind == "word"]
            for k, token in enumerate(words):
                if not token.text.islower() or len(token.text) < 7 or k == 0:
                    continue
                if LATIN_ENDING.search(token.text) or not self._german_frame(ctx, words, k):
                    continue
                english = mangled_english(lexicon, token.text)
                if english and not ctx.overlaps_protected(token.start, token.end) and len(words) >= 4:
                    yield self.finding(
                        ctx,
                        token.start,
                        token.end,
                        message=f"English word left untranslated and mangled (English: {english})",
                        confidence=0.6,
                    )
            yield from self._transliterated_russian(ctx, words)

    def _transliterated_russian(self, ctx: ArticleContext, words: list[Token]) -> Iterator[Finding]:
        """A lower-case word German and the Latin-script source languages do not know, which reads as a
        common Russian word when transliterated back ("prawda", "spasibo"), between German words."""
        lexicon = ctx.lexicon
        for k, token in enumerate(words):
            word = token.text
            if k == 0 or len(words) < 4 or not word.isalpha() or not word.islower() or len(word) < 4:
                continue
            if known_german(lexicon, word) or known_german(lexicon, word.capitalize()):
                continue
            if word_class(lexicon, word) != NONE or lexicon.zipf(word, "en") >= 2.5:
                continue
            if not self._german_frame(ctx, words, k) or ctx.overlaps_protected(token.start, token.end):
                continue
            reading = russian_reading(word)
            if reading:
                yield self.finding(
                    ctx,
                    token.start,
                    token.end,
                    message=f"Russian word left untranslated in transliteration ({reading[0]})",
                    confidence=0.7,
                )

    @staticmethod
    def _german_frame(ctx: ArticleContext, words: list[Token], k: int) -> bool:
        """The word stands between lower-case German words (or at the sentence end), outside brackets:
        "der belligerer Rede", not "Cumulus congestus" or "(congestus)"."""
        lexicon = ctx.lexicon
        before = words[k - 1]
        if not before.text.islower() or not known_german(lexicon, before.text):
            return False
        if k + 1 < len(words) and not known_german(lexicon, words[k + 1].text):
            return False
        return not in_parenthesis(ctx, words[k].start, words[k].end)

    def _single(self, ctx: ArticleContext, run: ForeignRun, token: Token) -> Finding | None:
        lexicon = ctx.lexicon
        word = token.text
        words = [t for t in run.sentence.tokens if t.kind == "word"]
        if len(word) < 3 or run.german_words < 3 or run.german_words < 0.5 * len(words):
            return None  # not a German sentence, or too short to tell
        if established_german(lexicon, word) or ctx.overlaps_protected(token.start, token.end):
            return None
        if cited(ctx, run.sentence.tokens, token) or in_parenthesis(ctx, token.start, token.end):
            return None
        if self._in_foreign_phrase(ctx, run, token) or not self._german_neighbours(ctx, run, token):
            return None
        if established_phrase_overlap(ctx, token.start, token.end):
            return None
        calendar = calendar_suggestion(word)
        if calendar:
            return self.finding(
                ctx,
                token.start,
                token.end,
                message=f"{self.message}: {word}",
                suggestions=[calendar],
                confidence=0.9,
            )
        if word.lower() in function_words():
            return None  # a lone "the" or "of" is more often a stray title fragment than a translation error
        if word[:1].islower():
            return self.finding(ctx, token.start, token.end, confidence=0.8)
        if ctx.is_sentence_initial(token) or not self._common_noun_position(ctx, run, token):
            return None
        return self.finding(ctx, token.start, token.end, confidence=0.6)

    @staticmethod
    def _german_neighbours(ctx: ArticleContext, run: ForeignRun, token: Token) -> bool:
        """The words on either side (where there are any) are German: a foreign word inside a German
        sentence, not one of a quotation in Latin or another language. A word directly followed by a
        period inside the sentence is an abbreviation ("germ. *wintru")."""
        words = [t for t in run.sentence.tokens if t.kind == "word"]
        index = words.index(token)
        if index + 1 < len(words) and ctx.text.startswith(".", token.end):
            return False
        tokens = run.sentence.tokens
        position = tokens.index(token)
        if position > 0 and tokens[position - 1].kind == "number":
            return False  # a unit after a number ("145 mph", "3 cu ft")
        neighbours = words[max(0, index - 1) : index] + words[index + 1 : index + 2]
        return all(
            known_german(ctx.lexicon, t.text) or known_german(ctx.lexicon, t.text.capitalize())
            for t in neighbours
        )

    @staticmethod
    def _in_foreign_phrase(ctx: ArticleContext, run: ForeignRun, token: Token) -> bool:
        """Part of a longer foreign term: after a capitalised word German does not know ("Verole volante",
        "Ursus arctos") or next to lower-case words that are also English ("horizontal axis wind turbine")."""
        tokens = run.sentence.tokens
        index = tokens.index(token)
        lexicon = ctx.lexicon
        for k in (index - 1, index + 1):
            if not 0 <= k < len(tokens) or tokens[k].kind != "word":
                continue
            neighbour = tokens[k].text
            if k < index and neighbour[:1].isupper() and not known_german(lexicon, neighbour):
                return True
            # A lower-case word German has but rarely writes in lower case ("wind", "turbine"); frequent
            # German words that English shares ("in", "also", "will") say nothing.
            if (
                neighbour.islower()
                and word_class(lexicon, neighbour) == WEAK
                and lexicon.corpus_count(neighbour) < 50
            ):
                return True
        return False

    @staticmethod
    def _common_noun_position(ctx: ArticleContext, run: ForeignRun, token: Token) -> bool:
        """A capitalised English word used as a German noun: after an article or an inflected adjective,
        not followed by another capitalised word, and an ordinary (lower-case) English word."""
        lexicon = ctx.lexicon
        lower = token.text.lower()
        if (
            not lexicon.is_english(lower)
            or lexicon.zipf(lower, "en") < 3.5
            or lexicon.zipf(lower, "de") >= 2.0
        ):
            return False  # not an ordinary English word, or one German writers use too (Fetus, Summary)
        tokens = run.sentence.tokens
        index = tokens.index(token)
        before = tokens[index - 1] if index > 0 else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before is None or before.kind != "word" or before.end + 1 != token.start:
            return False
        if after is not None and after.kind == "word" and after.text[:1].isupper():
            return False
        if _repeated_capitalised(ctx, token.text):
            return False  # a word the article keeps writing capitalised is more likely a name ("die beiden Olds")
        prev = before.text
        if prev in DETERMINERS:
            return True
        return bool(_ADJECTIVE_ENDING.match(prev)) and known_german(lexicon, prev)
