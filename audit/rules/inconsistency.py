"""Inconsistency: one name spelled several ways in one article.

Machine translation transliterates a Russian or Korean name afresh in each sentence, from whichever
source spelling it met: ``Wostotschny`` (German), ``Wostochny`` (half English), ``Vostotsjny`` (Dutch);
``Pjöngjang`` beside ``Pyongyang``; ``Kiew`` beside ``Kyiv``. Spellings are joined by a transliteration
key (case, diacritics, w/v, j/y, tsch/tch/ch/tsj, sch/sh/sj, -yj/-y/-i endings ignored) and by a short
hand-written list of exonyms (data/inconsistency_exonyms.txt). The rarer spellings are flagged with
the article's most frequent one as the suggestion.

Precision: only capitalised name-like words are compared; a word whose lower-case form is German
(``Über`` at a sentence start) is not a name; two spellings that German both knows (``Mutter`` /
``Mütter``) are two words, not one name misspelt, unless the exonym list joins them; genitive -s is
stripped (``Putin``/``Putins``); names in parentheses (``Kiew (ukrainisch Kyjiw)``) or after "auch",
"englisch" and the like are deliberate alternatives and are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from audit.document import Finding
from audit.lexicon import Lexicon
from audit.rules import ArticleContext, Rule, register

MIN_LETTERS = 5

# Replacements, in order, that map spellings of one sound from German, English and Dutch
# transliteration onto one symbol. "c" stands for the sound of German "tsch".
_KEY_REPLACEMENTS = (
    ("tsch", "c"),
    ("tsj", "c"),
    ("tch", "c"),
    ("tsh", "c"),
    ("sch", "s"),
    # "sh" after a vowel (Shoigu, Poroshenko); after a consonant it spans two syllables (Towns-hend).
    ("sh", "s"),
    ("sj", "s"),
    ("zh", "s"),
    ("kh", "h"),
    ("ch", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("tz", "s"),
    ("z", "s"),
    ("oe", "o"),
    ("ue", "u"),
    ("ae", "a"),
    ("ou", "u"),
    ("w", "v"),
    ("j", "y"),
)
# Name endings -y, -i, -ij, -yj, -yy, -iy are one ending in different transliterations (Selenskyj,
# Zelensky, Zelenskyy). Inside a word y and i stay apart: Corbyn and Corbin, Tennys and Tennis are
# different names; doubled letters too (Ravana, Ravanna).
_ENDING_RE = re.compile(r"[iy]+$")
_SYLLABLE_SH_RE = re.compile(r"(?<=[bdfgklmnprvwxz])sh")
# Words before a name that announce an alternative spelling on purpose ("auch Kyjiw", "englisch Kyiv").
_ALTERNATIVE_MARKERS = frozenset(
    str.split(
        "auch oder bzw alias genannt eigentlich früher heute ehemals vormals englisch ukrainisch russisch "
        "polnisch tschechisch koreanisch chinesisch niederländisch französisch spanisch italienisch "
        "transkribiert transliteriert transliteration transkription aussprache schreibweise wiss "
        # Romance and Dutch particles: "Ecole de Winterthour" is a French name, not a misspelling.
        "de du la le del della van"
    )
)
_LATIN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+")


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def transliteration_key(word: str) -> str:
    """A key that spellings of one name in German, English and Dutch transliteration share.

    >>> transliteration_key("Wostotschny") == transliteration_key("Vostotsjny") == transliteration_key("Wostochny")
    True
    """
    s = _strip_diacritics(word.casefold().replace("ß", "ss"))
    s = _SYLLABLE_SH_RE.sub("s-h", s)  # kept apart from the digraph by the hyphen
    for old, new in _KEY_REPLACEMENTS:
        s = s.replace(old, new)
    return _ENDING_RE.sub("i", s)


@lru_cache(maxsize=1)
def exonym_groups() -> dict[str, tuple[int, int]]:
    """Case-folded spelling -> (group number, rank in its group) from data/inconsistency_exonyms.txt."""
    raw = (
        resources.files("audit.rules")
        .joinpath("data", "inconsistency_exonyms.txt")
        .read_text(encoding="utf-8")
    )
    groups: dict[str, tuple[int, int]] = {}
    number = 0
    for line in raw.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) < 2:
            continue
        number += 1
        for rank, word in enumerate(words):
            groups.setdefault(word.casefold(), (number, rank))
    return groups


@dataclass(frozen=True, slots=True)
class NameOccurrence:
    """One occurrence of a name-like word: its spelling without genitive -s, and where that stands."""

    start: int
    end: int
    spelling: str
    suffix: str  # "s", "'s" or "" (kept when the suggestion replaces the spelling)


@lru_cache(maxsize=50_000)  # every answer that can be cached at 50,000 (issue 15's measurement)
def _ordinary_word(lexicon: Lexicon, word: str) -> bool:
    """A German word that is capitalised only at a sentence start (Über, Wenn, Jede)."""
    lower = word.lower()
    return lower != word and lexicon.is_german(lower)


@lru_cache(maxsize=10_000)
def _known_word(lexicon: Lexicon, word: str) -> bool:
    """German knows the word, or it is a compound of German words."""
    return lexicon.is_german(word) or lexicon.compound_split(word) is not None


def _name_parts(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of capitalised Latin-letter word parts (hyphenated compounds split)."""
    for sentence in ctx.sentences:
        if sentence.paragraph in ctx.residue_lines:
            continue  # "1694609902 Putin verhaetschelt Kim Jong un": boilerplate's, not a spelling
        tokens = sentence.tokens
        depth = 0
        for i, token in enumerate(tokens):
            if token.text in "([":
                depth += 1
            elif token.text in ")]":
                depth = max(0, depth - 1)
            if token.kind != "word" or depth:
                continue  # a name in parentheses is a deliberate alternative
            before = [t.text.lower().rstrip(".") for t in tokens[max(0, i - 4) : i] if t.kind == "word"][-3:]
            if any(w in _ALTERNATIVE_MARKERS for w in before):
                continue
            offset = 0
            for part in token.text.split("-"):
                start = token.start + offset
                offset += len(part) + 1
                latin = _LATIN_RE.fullmatch(part.replace("'", "").replace("’", ""))
                if latin and part[:1].isupper() and not part[1:].isupper():  # not an acronym
                    yield start, start + len(part), part


def name_occurrences(ctx: ArticleContext) -> list[NameOccurrence]:
    """Name-like words of the article with genitive -s split off where the bare form is attested."""
    parts = [
        p
        for p in _name_parts(ctx)
        if not ctx.quoted_foreign.contains(p[0], p[1]) and not _in_foreign_name(ctx, p[0], p[1])
    ]
    forms = {text for _, _, text in parts}
    keys = {transliteration_key(text) for text in forms}
    occurrences = []
    for start, end, text in parts:
        spelling, suffix = text, ""
        for apostrophe in ("'s", "’s"):
            if text.endswith(apostrophe):
                spelling, suffix = text[:-2], apostrophe
        if not suffix and text.endswith("s") and not text.endswith("ss"):
            bare = text[:-1]
            # A known German word keeps its s unless the bare form stands in the article too
            # ("Antriebsstranges" is not "Antriebsstrange" + s).
            joined = transliteration_key(bare) in keys or bare.casefold() in exonym_groups()
            if bare in forms or (joined and not ctx.lexicon.is_german(text)):
                spelling, suffix = bare, "s"
        exonym = spelling.casefold() in exonym_groups()
        if (len(spelling) < MIN_LETTERS and not exonym) or _ordinary_word(ctx.lexicon, spelling):
            continue
        occurrences.append(NameOccurrence(start, end - len(suffix), spelling, suffix))
    return occurrences


def _in_foreign_name(ctx: ArticleContext, start: int, end: int) -> bool:
    """Inside a multi-word name with an English word in it ("Kyiv Independent", "Pyongyang Times"):
    the name of a newspaper or company keeps its own spelling."""
    for s, e in ctx.names.containing(start, end):
        if (s, e) != (start, end):
            for m in _LATIN_RE.finditer(ctx.text, s, e):
                word = m.group()
                if (
                    m.start() != start
                    and not ctx.lexicon.hunspell_de(word)
                    and _english_word(ctx.lexicon, word.lower())
                ):
                    return True
    return False


@lru_cache(maxsize=10_000)
def _english_word(lexicon: Lexicon, word: str) -> bool:
    return len(word) > 2 and lexicon.is_english(word)


@register
class InconsistentSpellingRule(Rule):
    id = "inconsistent-spelling"
    category = "inconsistency"
    severity = "minor"
    message = "Name spelled differently elsewhere in the article"
    description = (
        "A name written several ways in one article (Wostotschny / Wostochny / Vostotsjny, Pjöngjang / "
        "Pyongyang, Kiew / Kyiv). Spellings are joined by a transliteration key and a list of exonyms; "
        "the rarer ones are flagged with the most frequent as the suggestion."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        exonyms = exonym_groups()
        groups: dict[object, list[NameOccurrence]] = defaultdict(list)
        for occurrence in name_occurrences(ctx):
            exonym = exonyms.get(occurrence.spelling.casefold())
            group_key: object = ("exonym", exonym[0]) if exonym else transliteration_key(occurrence.spelling)
            groups[group_key].append(occurrence)
        for group_key, occurrences in groups.items():
            counts = Counter(o.spelling for o in occurrences)
            if len(counts) < 2:
                continue
            is_exonym = isinstance(group_key, tuple)
            if not is_exonym and all(_known_word(ctx.lexicon, s) for s in counts):
                continue  # two German words (Mutter / Mütter), not one name spelt twice
            if not is_exonym and len(group_key) < MIN_LETTERS:
                continue
            first = {o.spelling: o.start for o in reversed(occurrences)}
            if is_exonym:
                # The list gives the German form first: suggest it, however often the others occur.
                preferred = min(counts, key=lambda s: exonyms[s.casefold()][1])
            else:
                preferred = self._most_used(ctx, counts, first)
            for o in occurrences:
                if o.spelling == preferred:
                    continue
                times = "once" if counts[preferred] == 1 else f"{counts[preferred]} times"
                message = f"'{o.spelling}' is written '{preferred}' elsewhere in the article ({times})"
                if is_exonym:
                    message = (
                        f"'{o.spelling}' and '{preferred}' (the German form) are both used in the article"
                    )
                yield self.finding(
                    ctx,
                    o.start,
                    o.end,
                    message=message,
                    suggestions=[preferred],
                    confidence=0.7 if is_exonym else 0.8,
                )

    @staticmethod
    def _most_used(ctx: ArticleContext, counts: Counter[str], first: dict[str, int]) -> str:
        """The article's most frequent spelling; on a tie the one German knows, then the earliest."""
        return max(
            counts,
            key=lambda s: (counts[s], ctx.lexicon.is_german(s), ctx.lexicon.corpus_count(s), -first[s]),
        )


_HYPHENATED_NAME_RE = re.compile(r"([A-ZÀ-ÖØ-Þ][^\W\d_]+)-([^\W\d_]+)")


@register
class InconsistentNameFormRule(Rule):
    id = "inconsistent-name-form"
    category = "inconsistency"
    severity = "minor"
    message = "Name written with a hyphen in one place and without in another"
    description = (
        "A name joined by a hyphen in some places and by a space in others (Kim Jong-un / Kim Jong Un, "
        "Moon Jae-in / Moon Jae In); the less frequent form is flagged, the more frequent one suggested."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        text = ctx.text
        hyphenated: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        pairs = []
        for sentence in ctx.sentences:
            if sentence.paragraph in ctx.residue_lines:
                continue
            words = [t for t in sentence.tokens if t.kind == "word"]
            for t in words:
                m = _HYPHENATED_NAME_RE.fullmatch(t.text)
                # Name syllables, not compounds: Nato-Gipfel has a known word on the left,
                # Biotech-Anwendungen one on the right.
                if m and not ctx.lexicon.hunspell_de(m.group(1)) and self._name_syllable(ctx, m.group(2)):
                    hyphenated[(m.group(1).casefold(), m.group(2).casefold())].append((t.start, t.end))
            pairs.extend(zip(words, words[1:], strict=False))
        if not hyphenated:
            return
        spaced: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for a, b in pairs:
            key = (a.text.casefold(), b.text.casefold())
            if key in hyphenated and text[a.end : b.start] == " " and b.text[:1].isalpha():
                spaced[key].append((a.start, b.end))
        for key, spaced_spans in spaced.items():
            spans = hyphenated[key] + spaced_spans
            counts = Counter(text[s:e] for s, e in spans)
            first = {}
            for s, e in sorted(spans):
                first.setdefault(text[s:e], s)
            preferred = max(counts, key=lambda f: (counts[f], -first[f]))
            for s, e in sorted(spans):
                if text[s:e] != preferred and ("-" in preferred) != ("-" in text[s:e]):
                    yield self.finding(
                        ctx,
                        s,
                        e,
                        message=f"'{text[s:e]}' is written '{preferred}' elsewhere in the article",
                        suggestions=[preferred],
                        confidence=0.75,
                    )

    @staticmethod
    def _name_syllable(ctx: ArticleContext, part: str) -> bool:
        return len(part) <= 4 or not ctx.lexicon.hunspell_de(part[:1].upper() + part[1:])
