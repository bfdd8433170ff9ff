"""Garbled words: forms that are not German and that we can explain as damage to a German word.

German coins compounds and derivations freely, and clean encyclopedia text is full of Latin names,
dialect and rare coinages, so "unknown to the lexicon" alone is far too weak (about one token in
a thousand on clean text). A word is flagged only when no source knows it well (Hunspell, our
corpus), it is not a regular compound, prefix derivation or graded adjective of known words
(``audit.lexicon.morph``), it is not a word of a source language, and there is positive evidence
of what went wrong:

- ``lost-umlaut``: restoring umlauts (a->ä, o->ö, u->ü, ss->ß) gives a known word (ostliches), or a
  form web text knows only because umlaut-stripped writing is common there, next to a hundred times
  more frequent umlaut form (moglich);
- ``impossible-word-form``: a past-participle prefix on a present participle (getrennenden), or a
  derivational suffix swapped for another (unbeugbare for unbeugsame);
- ``fused-words``: a lower-case word that is two known words run together (letztwochen);
- ``misspelled-word``: one edit away from a frequent German word (auchs -> auch), not counting the
  spelling variants writers choose (linking -s-, pre-1996 triple consonants, c/z).

Capitalised words are names until proven otherwise: they are reported only for a lost umlaut or a
near-miss of a frequent Hunspell word, when they occur once in the article, and when no other word
of their name span is foreign (Wolodymyr Selensky stays alone), with lower confidence. Words glued to
function words (Militäreinrichtungenund) belong to the ``glued`` family.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from audit.document import Finding, Token
from audit.lexicon import LINKING_ELEMENTS, Lexicon
from audit.lexicon.morph import PREFIXES, Morphology, edit_distance, edits1, get_morphology
from audit.rules import ArticleContext, Rule, register

SOURCE_LANGUAGES = ("en", "nl", "es", "fr")
# Lower-case German words do not end like this; Latin epithets and most foreign words do.
FOREIGN_ENDING_RE = re.compile(r"(?:us|is|ii|um|ae|[aoiyjuq])$")
PRESENT_PARTICIPLE_RE = re.compile(r"end(?:e|en|er|es|em)?$")
# Derivational suffixes that translation systems swap (unbeugbare for unbeugsame), each with the
# inflection endings an attributive adjective can carry.
DERIVATION_SUFFIXES = ("bar", "sam", "lich", "ig", "isch", "haft", "los")
INFLECTIONS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What is wrong with one word: the rule id that reports it, how sure, and the corrections."""

    rule: str
    confidence: float
    suggestions: tuple[str, ...]
    message: str = ""


class WordDoctor:
    """Diagnoses single words; every answer is cached by word form."""

    def __init__(self, morph: Morphology):
        self.morph = morph
        self.lexicon = morph.lexicon
        # 94.5% of look-ups answered at 50,000 entries (measured on one-sentence records, issue 15)
        self.diagnose = lru_cache(maxsize=50_000)(self._diagnose)

    def _foreign(self, word: str) -> bool:
        lower = word.lower()
        if self.lexicon.is_english(word) or self.lexicon.is_english(lower):
            return True
        return max(self.lexicon.zipf(lower, lang) for lang in SOURCE_LANGUAGES) >= 2.5

    def _diagnose(self, word: str) -> Diagnosis | None:
        morph = self.morph
        # cheapest evidence first: most word types are in the corpus; Hunspell costs ~0.3 ms
        if self.lexicon.is_german(word):
            return None
        if self._foreign(word):
            return None
        if morph.known(word):
            return self._common_umlaut_loss(word)
        if word.islower():
            return self._diagnose_lower(word)
        if word[0].isupper() and word[1:].islower():
            return self._diagnose_capitalised(word)
        return None

    def _common_umlaut_loss(self, word: str) -> Diagnosis | None:
        """A word that web text (wordfreq) knows without its umlauts, because umlaut-stripped
        writing is common there (moglich, Prufung), but that Hunspell rejects, our corpus has at
        most twice, and whose umlaut form is a hundred times more frequent. ss->ß alone does not
        count: Swiss German writes ss (ausserdem, Strasse)."""
        lex = self.lexicon
        if len(word) < 4 or lex.hunspell_de(word) or lex.corpus_count(word) > 2:
            return None
        if not (word.islower() or (word[0].isupper() and word[1:].islower())):
            return None
        base = lex.zipf(word.lower(), "de")
        if word[0].isupper() and word.endswith("e") and self.morph.known_exact(word[:-1]):
            return None  # an old dative (dem Verbande), not Verbände
        restored = [
            c
            for c in self.morph.umlaut_restorations(word, min_count=50)
            if c.replace("ß", "ss") != word and lex.zipf(c.lower(), "de") - base >= 2.0
        ]
        if restored:
            return Diagnosis("lost-umlaut", 0.85 if word.islower() else 0.65, tuple(restored[:3]))
        return None

    def _diagnose_capitalised(self, word: str) -> Diagnosis | None:
        # Capitalised unknown words are mostly names: demand a string no source language knows at
        # all and a frequent German word as the correction. A surname without its umlaut (Muller)
        # is usually in the corpus already, so it never gets here.
        if max(self.lexicon.zipf(word.lower(), lang) for lang in SOURCE_LANGUAGES) > 0:
            return None
        restored = self.morph.umlaut_restorations(word, min_count=20)
        if restored:
            return Diagnosis("lost-umlaut", 0.7, tuple(restored[:3]))
        if len(word) >= 6 and not _doubled(word):
            # long words are rarely names: a rarer compound will do as the correction (Charmoffensive)
            close = self._close_words(word, min_count=200) or (
                [c for c in self._close_words(word, min_count=3, hunspell=False) if _inner_edit(word, c)]
                if len(word) >= 12
                else []
            )
            close = [c for c in close if not _old_spelling(word, c)]
            if close:
                return Diagnosis("misspelled-word", 0.5, tuple(close[:3]))
        return None

    def _diagnose_lower(self, word: str) -> Diagnosis | None:
        morph = self.morph
        if len(word) < 4:
            return None
        restored = morph.umlaut_restorations(word)
        if restored:
            return Diagnosis("lost-umlaut", 0.9, tuple(restored[:3]))
        if morph.plausible(word) or FOREIGN_ENDING_RE.search(word) or _doubled(word):
            return None  # a doubled word (bescheidbescheid) is reported by the glued family
        return self._impossible_form(word) or self._misspelled(word) or self._fused(word)

    def _impossible_form(self, word: str) -> Diagnosis | None:
        morph = self.morph
        if word.startswith("ge") and PRESENT_PARTICIPLE_RE.search(word) and morph.is_lower_word(word[2:]):
            return Diagnosis(
                "impossible-word-form",
                0.8,
                (word[2:], *self._hunspell(word, max_distance=3)),
                "Impossible word form: past-participle prefix ge- on a present participle",
            )
        for infl in INFLECTIONS:
            if not word.endswith(infl):
                continue
            base = word[: len(word) - len(infl)] if infl else word
            for suffix in DERIVATION_SUFFIXES:
                if not base.endswith(suffix) or len(base) - len(suffix) < 4:
                    continue
                stem = base[: -len(suffix)]
                swaps = [
                    stem + other + infl
                    for other in DERIVATION_SUFFIXES
                    if other != suffix and morph.is_lower_word(stem + other + infl)
                ]
                if swaps:
                    return Diagnosis(
                        "impossible-word-form",
                        0.7,
                        tuple(swaps[:3]),
                        f"Impossible word form: the suffix -{suffix} does not combine with this stem",
                    )
        return None

    def _fused(self, word: str) -> Diagnosis | None:
        """Two known words written together in lower case (letztwochen = letzte Wochen,
        menschenzutöten), where German would not form a compound of them."""
        morph = self.morph
        if morph.known(word.capitalize()):
            return None  # a noun written in lower case (donnerstagmorgen): a casing matter
        for i in range(len(word) - 3, 2, -1):  # longest right part first
            left, right = word[:i], word[i:]
            if left in PREFIXES or self.lexicon.zipf(left, "de") < 3.0:
                continue  # ver|männern is a verb with a prefix, not two words
            if morph.is_noun(right) and morph.frequency(right.capitalize()) >= 50:
                right = right.capitalize()
            elif not (morph.is_lower_word(right) and morph.frequency(right) >= 50):
                continue
            # the first word often lost its ending too (letzt|wochen = letzte Wochen)
            inflected = [f"{left}{e} {right}" for e in ("e", "en") if morph.is_lower_word(left + e)]
            if not inflected and not morph.is_lower_word(left):
                continue  # leon|dame: a name, not a word, in front
            return Diagnosis("fused-words", 0.75, (*inflected, f"{left} {right}"))
        return None

    def _misspelled(self, word: str) -> Diagnosis | None:
        if len(word) < 5:
            return None
        close = [
            c for c in self._close_words(word, min_count=100) if c.islower() and not _old_spelling(word, c)
        ]
        if close:
            return Diagnosis("misspelled-word", 0.7, tuple(close[:3]))
        return None

    def _close_words(self, word: str, min_count: int, hunspell: bool = True) -> list[str]:
        """Frequent German words one edit away (deletion, insertion, substitution, transposition),
        most frequent first. Generated and looked up in the corpus counts: Hunspell's own suggester
        costs ~100 ms a word."""
        # the corpus counts read directly (``Morphology.frequency``), once for each of the some 60 edits
        # a letter of the word has (450,000 look-ups on 100,000 words of news)
        counts = self.lexicon.corpus_counts
        found = [
            (n, c)
            for c in edits1(word)
            if (n := counts.get(c, 0)) >= min_count and (not hunspell or self.lexicon.hunspell_de(c))
        ]
        return [c for _, c in sorted(found, key=lambda fc: (-fc[0], fc[1]))]

    def _hunspell(self, word: str, max_distance: int) -> list[str]:
        """Hunspell's suggestions within ``max_distance`` edits, more frequent first (stable)."""
        out = []
        try:
            suggestions = self.lexicon.suggest_de(word, limit=10)
        except UnicodeError:  # Hunspell de_DE is Latin-1 inside
            return []
        for s in suggestions:
            if " " in s or "-" in s:
                continue
            if edit_distance(word.lower(), s.lower(), max_distance) <= max_distance:
                out.append(s)
        return sorted(out, key=lambda s: -self.lexicon.zipf(s.lower(), "de"))


def _inner_edit(word: str, candidate: str) -> bool:
    """The edit lies inside the word, away from inflection endings (Resilienzstrategien is a plural,
    not a typo), and is not one of the accepted spelling variants of compounds."""
    prefix = 0
    while prefix < min(len(word), len(candidate)) and word[prefix] == candidate[prefix]:
        prefix += 1
    if prefix >= min(len(word), len(candidate)) - 3:
        return False
    # a linking -s- or -e- more: a spelling variant (Zahlungsdienstenutzer)
    return not (len(word) == len(candidate) + 1 and word[prefix] in "se")


def _old_spelling(word: str, candidate: str) -> bool:
    """A spelling variant rather than a typo: c for z or k (Frühstückscerealien), a triple consonant
    written double, as before the 1996 reform (Schiffahrt), or a compound without the linking -s-
    (Milliardärsteuer, Angebotschocks), which writers choose either way."""
    if len(candidate) == len(word):
        pair = {a + b for a, b in zip(word.lower(), candidate.lower(), strict=True) if a != b}
        return bool(pair & {"cz", "zc", "ck", "kc"})  # Cerealien/Zerealien, Calcium/Kalzium
    if len(candidate) != len(word) + 1:
        return False
    i = next((k for k in range(len(word)) if word[k] != candidate[k]), len(word))
    if candidate[i] == "s" and 3 <= i <= len(word) - 4:
        return True
    return any(candidate[k] == candidate[k + 1] == candidate[k + 2] for k in range(len(candidate) - 2))


def _doubled(word: str) -> bool:
    half = len(word) // 2
    return len(word) % 2 == 0 and half >= 2 and word[:half].lower() == word[half:].lower()


@lru_cache(maxsize=1)
def get_doctor() -> WordDoctor:
    return WordDoctor(get_morphology())


def _candidate_tokens(ctx: ArticleContext) -> Iterator[Token]:
    """Words of four letters or more spelled with German letters, not acronyms; and the capitalised
    parts of a hyphenated word (Jahres-Kampagen, US-Prufungsamt) each on their own, as tokens of
    kind "modifier" or "head"."""
    for sentence in ctx.sentences:
        for token in sentence.tokens:
            w = token.text
            if token.kind != "word" or w.isupper() or len(w) < 4:
                continue
            if GERMAN_LETTERS_RE.fullmatch(w):
                yield token
            elif "-" in w.strip("-") and w.replace("-", "").isalpha():
                offset = token.start
                parts = w.split("-")
                for k, part in enumerate(parts):
                    kind = "head" if k == len(parts) - 1 else "modifier"
                    # lower-case parts are often bound forms (ein-eiigen); nouns stand alone
                    if (
                        len(part) >= 4
                        and part[0].isupper()
                        and not part.isupper()
                        and GERMAN_LETTERS_RE.fullmatch(part)
                    ):
                        yield Token(offset, offset + len(part), part, kind)
                    offset += len(part) + 1


def _name_evidence(ctx: ArticleContext, token: Token, doctor: WordDoctor) -> bool:
    """Whether the proper-name spans give real evidence that this capitalised word is a name.

    names.py protects every capitalised word German does not know, alone or in a run of
    capitalised words; a garbled noun (Rechtsanwalte) is such a word too. It stays protected only
    when the run holds another word that is not German (Wolfgango Montanari), not when the rest of
    the run is ordinary German (Die Rechtsanwalte, Russlands Gebuhren)."""
    for s, e in ctx.names.containing(token.start, token.end):  # name spans are disjoint: one at most
        others = _other_words(ctx, s, e, token)
        hunspell = doctor.lexicon.hunspell_de
        # Hunspell, not the corpus: the corpus knows first names (Wolodymyr) as words
        return any(not (hunspell(w) or hunspell(w.lower())) for w in others)
    return False


def _other_words(ctx: ArticleContext, start: int, end: int, token: Token) -> list[str]:
    """The words of ``ctx.text[start:end]`` other than ``token``."""
    return [
        m.group()
        for m in WORD_RE.finditer(ctx.text, start, end)
        if not (m.start() < token.end and token.start < m.end())
    ]


WORD_RE = re.compile(r"[^\W\d_]+")
# What a German word is spelled with; anything else (ʼ, Cyrillic, Greek) is another rule's business.
GERMAN_LETTERS_RE = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def _neighbours(ctx: ArticleContext, token: Token) -> list[Token]:
    sentence = ctx.sentence_at(token.start)
    if sentence is None:
        return []
    words = [t for t in sentence.tokens if t.kind == "word"]
    i = next((k for k, t in enumerate(words) if t.start == token.start), None)
    if i is None:
        return []
    return words[max(0, i - 1) : i] + words[i + 1 : i + 2]


def _foreign_neighbour(ctx: ArticleContext, token: Token, doctor: WordDoctor) -> bool:
    """A neighbouring word that is a source-language word rather than German: the word in
    question is probably foreign too (petite verole volante)."""
    lexicon = doctor.lexicon
    for t in _neighbours(ctx, token):
        lower = t.text.lower()
        if lexicon.hunspell_de(t.text):
            continue
        foreign = max(lexicon.zipf(lower, lang) for lang in SOURCE_LANGUAGES)
        if foreign >= 3.0 and foreign > lexicon.zipf(lower, "de"):
            return True
    return False


def _diagnosed(ctx: ArticleContext, doctor: WordDoctor) -> list[tuple[Token, Diagnosis]]:
    """The candidate tokens the word doctor finds something wrong with, with its diagnosis: found once
    per article for the four rules that share the doctor's diagnoses, each of which reports its own."""
    return ctx.shared(
        "garbled_diagnoses",
        lambda: [
            (token, diagnosis)
            for token in _candidate_tokens(ctx)
            if (diagnosis := doctor.diagnose(token.text)) is not None
        ],
    )


class GarbledRule(Rule):
    """Shared scan: each subclass reports the diagnoses carrying its id."""

    category = "garbled"
    severity = "major"

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        doctor = get_doctor()
        forms: Counter[str] | None = None
        if type(self).diagnose is GarbledRule.diagnose:
            diagnosed = _diagnosed(ctx, doctor)
        else:
            diagnosed = [(token, self.diagnose(doctor, token)) for token in _candidate_tokens(ctx)]
        for token, diagnosis in diagnosed:
            if diagnosis is None or diagnosis.rule != self.id:
                continue
            if token.kind == "modifier" and diagnosis.rule != "lost-umlaut":
                continue  # technical first parts (Steran-Gerüst) are too often near-misses
            if token.kind == "head" and len(token.text) < 7 and diagnosis.rule != "lost-umlaut":
                continue
            if any(
                _other_words(ctx, s, e, token)
                for s, e in ctx.quoted_foreign.containing(token.start, token.end)
            ):
                continue  # a quoted title («Godfather of British Blues»), not one quoted word
            if ctx.is_protected(token.start, token.end) and (
                token.text[0].islower() or _name_evidence(ctx, token, doctor)
            ):
                continue
            if token.text[0].isupper():
                forms = forms if forms is not None else Counter(t.text for t in ctx.article.tokens)
                if forms[token.text] > 1:
                    continue  # a name the article keeps using; a slip of the keys happens once
            if _foreign_neighbour(ctx, token, doctor):
                continue  # a foreign phrase (petite verole volante)
            yield self.finding(
                ctx,
                token.start,
                token.end,
                message=diagnosis.message or None,
                suggestions=diagnosis.suggestions,
                confidence=diagnosis.confidence,
                applicability=_applicability(diagnosis, token),
            )

    def diagnose(self, doctor: WordDoctor, token: Token) -> Diagnosis | None:
        return doctor.diagnose(token.text)


def _applicability(diagnosis: Diagnosis, token: Token) -> str:
    """A lower-case word with exactly one umlaut restoration is fixed safely: of 3,561 umlaut word types
    of held-out corpus text with their umlauts stripped, every one so diagnosed got its own spelling
    back (build/helpers/D-readme.md). Everything else here is a judgement (names, word choice)."""
    if diagnosis.rule == "lost-umlaut" and len(diagnosis.suggestions) == 1 and token.text.islower():
        return "safe"
    return "unsafe"


@register
class LostUmlautRule(GarbledRule):
    id = "lost-umlaut"
    message = "Umlaut lost: the word is unknown, with its umlauts restored it is a German word"
    description = "An unknown word that becomes a known German word when a->ä, o->ö, u->ü or ss->ß is restored (ostliches -> östliches)."


@register
class ImpossibleWordFormRule(GarbledRule):
    id = "impossible-word-form"
    message = "Impossible word form"
    description = "A German stem with an inflection or derivation it cannot take: ge- on a present participle (getrennenden), a swapped suffix (unbeugbare -> unbeugsame)."


@register
class FusedWordsRule(GarbledRule):
    id = "fused-words"
    message = "Two words fused into one"
    description = (
        "A lower-case non-word made of a known word and a noun run together (letztwochen -> letzte Wochen)."
    )


@register
class MisspelledWordRule(GarbledRule):
    id = "misspelled-word"
    message = "Not a German word: one letter away from a frequent word"
    description = "A lower-case non-word, neither compound nor derivation nor foreign, one edit away from a frequent German word (auchs -> auch)."


@register
class ImplausibleCompoundRule(GarbledRule):
    id = "implausible-compound"
    message = "Implausible compound"
    description = (
        "An unknown capitalised compound of three or more known parts (Zug|es|trichter|parade) where no two "
        "neighbouring parts form a known word and a part carries a linking element that German compounds "
        "never give it, although they often use that part with other linking elements."
    )
    min_attested = 10  # compounds with the same first part and other linking elements

    def diagnose(self, doctor: WordDoctor, token: Token) -> Diagnosis | None:
        word = token.text
        lexicon = doctor.lexicon
        if token.kind != "word" or not word[0].isupper() or "-" in word:
            return None
        # Hunspell last: it takes 0.5-2 ms on a long compound it accepts (2-25 ms with the whole
        # dictionary), and most compounds that get here are ordinary ones that the cheap checks below
        # clear (tests/test_lookup_order.py)
        if lexicon.corpus_count(word) >= 1:
            return None
        parts = lexicon.compound_split(word)
        if not parts or len(parts) < 3:
            return None
        pairs = [(a + b).capitalize() for a, b in zip(parts, parts[1:], strict=False)]
        if any(lexicon.corpus_count(pair) >= 1 for pair in pairs):
            return None
        diagnosis = self._wrong_link(lexicon, parts)
        if diagnosis is None or lexicon.hunspell_de(word) or any(lexicon.hunspell_de(p) for p in pairs):
            return None
        return diagnosis

    def _wrong_link(self, lexicon: Lexicon, parts: list[str]) -> Diagnosis | None:
        """The diagnosis when a part carries a linking element that German compounds never give it."""
        for part in parts[:-1]:
            for link in sorted((x for x in LINKING_ELEMENTS if x), key=len, reverse=True):
                stem = part[: len(part) - len(link)]
                if not part.endswith(link) or not lexicon.is_compound_part(stem):
                    continue
                links = lexicon.attested_links(stem)
                if links.get(link, 0) == 0 and sum(links.values()) >= self.min_attested:
                    usual = max(links, key=links.get)
                    joined = f"with '-{usual}-'" if usual else "directly"
                    return Diagnosis(
                        self.id,
                        0.6,
                        (),
                        f"Implausible compound {'|'.join(parts)}: German compounds join '{stem}' {joined}, "
                        f"never with '-{link}-', and no two neighbouring parts form a known word",
                    )
                break
        return None
