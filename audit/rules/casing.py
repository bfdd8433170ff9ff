"""Casing: German capitalisation that machine translation gets wrong.

- ``lowercase-line``: a headline or sentence written entirely in lower case although it holds words that
  German writes only capitalised (nouns, names): ``verhältnis immer enger: wladimir putin will …``.
- ``lowercase-noun``: a noun written lower case in running text (``der russische präsident``,
  ``am donnerstagmorgen``): the lower-case form is no German word, the capitalised form is one.
- ``capitalised-adjective``: an attributive adjective capitalised mid-sentence (``mit Russischen Flaggen``,
  ``sein Fünftes Mandat``, ``US-Nationaler Sicherheitssprecher``), unless the pair is a name or set phrase
  that our corpus writes capitalised (``des Kalten Krieges``, ``der Vereinigten Staaten``).

The lexicon decides what is a word in which case (Hunspell de_DE is case-aware; the corpus counts are
case-sensitive); names and quoted foreign titles (``ArticleContext.is_protected``) are never flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from audit.document import Finding, Sentence, Token
from audit.lexicon import Lexicon
from audit.rules import ArticleContext, Rule, register

DATA = Path(__file__).with_name("data")

ADJECTIVE_ENDINGS = ("en", "er", "es", "em", "e")
NOUN_ENDINGS = ("es", "en", "er", "e", "n", "s")

# Words after which the next word is a noun (or an adjective before one): articles, determiners and
# the contractions of preposition and article.
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
        "mein",
        "meine",
        "meinen",
        "meinem",
        "meiner",
        "meines",
        "dein",
        "deine",
        "deinen",
        "deinem",
        "deiner",
        "deines",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "seiner",
        "seines",
        "ihre",
        "ihren",
        "ihrem",
        "ihrer",
        "ihres",
        "unsere",
        "unseren",
        "unserem",
        "unserer",
        "unseres",
        "eure",
        "euren",
        "eurem",
        "eurer",
        "eures",
        "dieser",
        "diese",
        "diesen",
        "diesem",
        "dieses",
        "jener",
        "jene",
        "jenen",
        "jenem",
        "jenes",
        "jeder",
        "jede",
        "jeden",
        "jedem",
        "jedes",
        "welcher",
        "welche",
        "welchen",
        "welchem",
        "welches",
        "am",
        "im",
        "zum",
        "zur",
        "beim",
        "vom",
        "ins",
        "ans",
        "aufs",
    ]
)

INDEFINITE_STEMS = ("ein", "kein", "mein", "dein", "sein", "ihr", "unser", "eur", "euer")
BARE_INDEFINITE = frozenset({"ein", "kein", "mein", "dein", "sein", "unser", "euer"})

# Characters that, next to a word, mark a URL, e-mail address, file name or hashtag, not prose.
TECHNICAL_NEIGHBOURS = set("./@_#:\\=&?%")
URLISH_RE = re.compile(r"https?://|www\.|\.(?:de|com|org|net|html?)\b|@")
OPENING_MARKS = set("„“\"'‚‘«»(–—-:•*[")
# Preposition-article contractions: a capitalised word after them is a nominalised adjective
# ("im Wesentlichen", "im Allgemeinen", "am Ende").
CONTRACTIONS = frozenset({"am", "im", "zum", "zur", "beim", "vom", "ins", "ans", "aufs", "übers", "fürs"})


def adjective_stem(word: str) -> str:
    """``Kalten`` -> ``kalt``: the lower-cased word without its adjective ending."""
    lower = word.lower()
    for ending in ADJECTIVE_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            return lower[: -len(ending)]
    return lower


def noun_key(word: str) -> str:
    """``Krieges`` -> ``Krieg``: a noun without one inflection ending, so that case forms share a key."""
    for ending in NOUN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=1)
def capitalised_phrases() -> frozenset[tuple[str, str]]:
    """(adjective stem, noun key) pairs the corpus writes capitalised mid-sentence (set phrases, names)."""
    path = DATA / "casing_capitalised_phrases.tsv"
    if not path.exists():
        return frozenset()
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            adj, _, noun = line.partition("\t")
            pairs.add((adj, noun))
    return frozenset(pairs)


@lru_cache(maxsize=20_000)  # every answer that can be cached at 20,000 (issue 15's measurement)
def _capital_only(lexicon: Lexicon, word: str) -> bool:
    """A lower-case word that German does not know in lower case but knows capitalised (a noun or name)."""
    cap = word[:1].upper() + word[1:]
    if lexicon.hunspell_de(word) or lexicon.is_loanword(word):
        return False
    lower_count = lexicon.corpus_count(word)
    if lower_count >= 3 and lower_count >= 0.01 * lexicon.corpus_count(cap):
        return False  # the corpus writes it lower case too, not only in the odd URL or typo
    return lexicon.corpus_count(cap) >= 5 or lexicon.hunspell_de(cap)  # dict first: Hunspell is slow


VERB_PREFIXES = (
    "wieder",
    "wider",
    "zurück",
    "weg",
    "voll",
    "fest",
    "frei",
    "hoch",
    "los",
    "ab",
    "an",
    "auf",
    "aus",
    "ein",
    "mit",
    "nach",
    "vor",
    "zu",
    "her",
    "hin",
    "über",
    "unter",
    "durch",
    "um",
    "be",
    "ver",
    "zer",
    "ent",
    "er",
)


@lru_cache(maxsize=50_000)
def _prefixed_verb(lexicon: Lexicon, word: str) -> bool:
    """A prefix plus a lower-case infinitive (wieder|spiegeln, voll|bauen)."""
    if not word.endswith("n"):
        return False
    return any(
        word.startswith(p)
        and len(word) - len(p) >= 4
        and lexicon.hunspell_de(word[len(p) :])
        and word[len(p) :].endswith(("en", "ln", "rn"))
        for p in VERB_PREFIXES
    )


@lru_cache(maxsize=50_000)
def _compound_adjective(lexicon: Lexicon, word: str) -> bool:
    """A compound whose last part is an inflected adjective (alkohol|schwere, sitzungs|leitendes)."""
    from audit.rules.grammar import inflected_adjective

    return any(inflected_adjective(lexicon, word[k:]) is not None for k in range(3, len(word) - 4))


def _is_technical(text: str, token: Token) -> bool:
    """Part of a URL, address or file name: a technical character glued on either side
    ("tagesschau.de/inland/regierung.html"), but not sentence punctuation ("… mit dem bürgermeister.")."""
    before = text[token.start - 1] if token.start > 0 else " "
    after = text[token.end] if token.end < len(text) else " "
    after2 = text[token.end + 1] if token.end + 1 < len(text) else " "
    if before in TECHNICAL_NEIGHBOURS or "_" in token.text:
        return True
    return after in TECHNICAL_NEIGHBOURS and (after not in ".:?!" or after2.isalnum() or after2 in "/")


def _letters(token: Token) -> bool:
    return token.kind == "word" and token.text.replace("-", "").isalpha()


def recase(text: str, lexicon: Lexicon) -> str:
    """``text`` with its first word and every lower-case word German knows only capitalised capitalised."""
    out = []
    first = True
    for m in re.finditer(r"[^\W\d_]+|[\W\d_]+", text):
        piece = m.group()
        if piece[:1].isalpha():
            if first or _capital_only(lexicon, piece) or not lexicon.is_german_any_case(piece):
                piece = piece[:1].upper() + piece[1:]
            first = False
        elif piece.strip()[-1:] in (".", "!", "?"):
            first = True
        out.append(piece)
    return "".join(out)


def _lowercase_sentence(sentence: Sentence) -> bool:
    return not any(ch.isupper() for ch in sentence.text)


@register
class LowercaseLineRule(Rule):
    id = "lowercase-line"
    category = "casing"
    severity = "minor"
    message = "Line written in lower case: German capitalises nouns, names and the first word"
    description = (
        "A sentence or headline without any capital letter that holds at least two words German writes "
        "only capitalised (nouns, names)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        lexicon = ctx.lexicon
        for sentence in ctx.sentences:
            if not _lowercase_sentence(sentence) or URLISH_RE.search(sentence.text):
                continue
            words = [t for t in sentence.tokens if _letters(t) and len(t.text) > 1]
            if len(words) < 3:
                continue
            capital_only = [t for t in words if _capital_only(lexicon, t.text)]
            if len(capital_only) < 2 or len(capital_only) < 0.25 * len(words):
                continue
            # Mostly German: a lower-case line of another language is someone else's finding.
            german = sum(1 for t in words if lexicon.is_german_any_case(t.text))
            if german < 0.6 * len(words):
                continue
            confidence = min(0.95, 0.6 + 0.1 * len(capital_only))
            yield self.finding(
                ctx,
                sentence.start,
                sentence.end,
                suggestions=[recase(sentence.text, lexicon)],
                confidence=confidence,
            )


@register
class LowercaseNounRule(Rule):
    id = "lowercase-noun"
    category = "casing"
    severity = "minor"
    message = "Noun written in lower case"
    description = (
        "A lower-case word that German knows only capitalised, after an article, determiner or inflected "
        "adjective (der russische präsident, am donnerstagmorgen)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        lexicon = ctx.lexicon
        text = ctx.text
        for sentence in ctx.sentences:
            if _lowercase_sentence(sentence):
                continue  # the whole line is lower case: lowercase-line reports it once
            tokens = sentence.tokens
            for i, token in enumerate(tokens):
                w = token.text
                if (
                    not _letters(token)
                    or not w[:1].islower()
                    or "-" in w
                    or len(w) < 4
                    or not _capital_only(lexicon, w)
                    or _is_technical(text, token)
                    or ctx.overlaps_protected(token.start, token.end)
                ):
                    continue
                confidence = 0.85
                if not self._noun_context(lexicon, tokens, i):
                    if (
                        i == 0
                        or not self._clear_noun(lexicon, w)
                        or not self._german_neighbours(ctx, tokens, i)
                    ):
                        continue
                    confidence = 0.7  # no article: rely on the word alone ("am Donnerstag lokalzeit früh")
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if w.endswith(ADJECTIVE_ENDINGS) and (
                    (nxt is not None and nxt.text[:1].isupper()) or _compound_adjective(lexicon, w)
                ):
                    continue  # "mein sitzungsleitendes Handeln", "eine alkoholschwere Reise": adjectives
                if _prefixed_verb(lexicon, w):
                    continue  # "wiederspiegeln": a verb (misspelt), not a noun
                if (
                    nxt is not None
                    and nxt.kind == "word"
                    and nxt.text[:1].islower()
                    and not lexicon.hunspell_de(nxt.text)
                    and lexicon.corpus_count(nxt.text) < 50
                ):
                    continue  # the start of a foreign phrase ("zum nota bene", "ein status quo")
                if lexicon.is_english(w) and lexicon.zipf(w, "en") >= 3.0:
                    continue  # an English word in lower case is the untranslated rules' business
                yield self.finding(
                    ctx,
                    token.start,
                    token.end,
                    suggestions=[w[:1].upper() + w[1:]],
                    confidence=confidence,
                    # after an article the noun reading is certain; without one it is a judgement
                    applicability="safe" if confidence >= 0.85 else "unsafe",
                )

    @staticmethod
    def _clear_noun(lexicon: Lexicon, word: str) -> bool:
        """Without an article: a word the corpus has often capitalised and never in lower case, that
        is no English word either."""
        from audit.lexicon.morphology import noun_readings

        cap = word[:1].upper() + word[1:]
        return (
            len(word) >= 5
            and lexicon.corpus_count(word) == 0
            and lexicon.corpus_count(cap) >= 5
            and lexicon.hunspell_de(cap)
            and not lexicon.is_english(word)
            and lexicon.zipf(word, "en") < 2.5
            and noun_readings(cap, lexicon) is not None
        )

    @staticmethod
    def _german_neighbours(ctx: ArticleContext, tokens: tuple[Token, ...], i: int) -> bool:
        """A German word and a space before, in a German sentence: not a Latin phrase or a fragment."""
        prev, token = tokens[i - 1], tokens[i]
        if prev.kind != "word" or ctx.text[prev.end : token.start] != " ":
            return False
        if not ctx.lexicon.is_german_any_case(prev.text):
            return False
        words = [t.text for t in tokens if t.kind == "word"]
        german = sum(1 for w in words if ctx.lexicon.is_german(w))
        return german >= 0.8 * len(words)  # not a Latin or English passage ("in duo tempora, hyemis")

    @staticmethod
    def _noun_context(lexicon: Lexicon, tokens: tuple[Token, ...], i: int) -> bool:
        """The word before is a determiner, or an inflected adjective (itself after a determiner or not)."""
        if i == 0:
            return False
        prev = tokens[i - 1]
        if prev.kind != "word":
            return False
        p = prev.text
        if p.lower() in DETERMINERS:
            return True
        if p[:1].islower() and p.endswith(ADJECTIVE_ENDINGS) and lexicon.is_german(p):
            # An adjective form such as "russische": its stem is a word too (not "diese", "eine").
            stem = adjective_stem(p)
            return (
                stem != p
                and (lexicon.hunspell_de(stem) or lexicon.corpus_count(stem) >= 10)
                and (i >= 2 and tokens[i - 2].text.lower() in DETERMINERS)
            )
        return False


@register
class CapitalisedAdjectiveRule(Rule):
    id = "capitalised-adjective"
    category = "casing"
    severity = "minor"
    message = "Adjective capitalised mid-sentence"
    description = (
        "A capitalised word with an adjective ending, known to German only in lower case as an adjective, "
        "mid-sentence before a noun, where the pair is not a name or set phrase the corpus writes "
        "capitalised (mit Russischen Flaggen; but: des Kalten Krieges)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        candidates = list(self._candidates(ctx, capitalised_phrases()))
        # A pair capitalised twice in one article is a term it defines ("ein Kleines Wertpapierinstitut"),
        # not a slip; machine translation capitalises an adjective here and there.
        seen = Counter((adjective_stem(adj), noun_key(noun)) for _, _, adj, noun in candidates)
        for start, end, adj, noun in candidates:
            if seen[adjective_stem(adj), noun_key(noun)] > 1:
                continue
            lower = adj[:1].lower() + adj[1:]
            yield self.finding(ctx, start, end, suggestions=[lower], confidence=0.8)

    def _candidates(
        self, ctx: ArticleContext, phrases: frozenset[tuple[str, str]]
    ) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, adjective, noun) of each capitalised adjective this rule would flag."""
        lexicon = ctx.lexicon
        for sentence in ctx.sentences:
            tokens = sentence.tokens
            words = [t for t in tokens if t.kind in ("word", "number")]
            for i, token in enumerate(tokens):
                if token.kind != "word" or i == 0 or i + 1 >= len(tokens):
                    continue
                nxt = tokens[i + 1]
                prefix, _, adj = token.text.rpartition("-")
                if not adj or not self._candidate(lexicon, adj):
                    continue
                prev = tokens[i - 1].text
                if not prefix and (
                    token.start == words[0].start or prev in OPENING_MARKS or prev.lower() in CONTRACTIONS
                ):
                    continue  # sentence start, after a colon or quote; "im Wesentlichen" is a noun
                if prefix and not prefix.isupper():
                    continue  # "US-Nationaler" is wrong, "Deutsch-Britische Parlamentariergruppe" a name
                if nxt.kind != "word" or not nxt.text[:1].isupper() or ctx.text[token.end : nxt.start] != " ":
                    continue
                if not self._noun(ctx, nxt) or (adjective_stem(adj), noun_key(nxt.text)) in phrases:
                    continue
                if ctx.is_protected(token.start, token.end) or ctx.is_protected(nxt.start, nxt.end):
                    continue
                if i + 2 < len(tokens) and tokens[i + 2].text == "(":
                    continue  # "zu Indischen Wölfen (Canis lupus pallipes)": a named kind, explained
                if _acronym_follows(tokens, i + 2):
                    continue  # "Verband der Technischen Überwachungs-Vereine (VdTÜV)": a name
                if not prefix and not self._not_a_name_context(ctx, tokens[i - 1], nxt):
                    continue
                start = token.start + len(prefix) + (1 if prefix else 0)
                yield start, token.end, adj, nxt.text

    @staticmethod
    def _not_a_name_context(ctx: ArticleContext, prev: Token, noun: Token) -> bool:
        """Contexts where a capitalised adjective + noun is hardly a name or term: after a lower-case
        adjective ("interkontinentalen Ballistischen Raketen": a name would capitalise both), after a
        possessive or indefinite determiner ("sein Fünftes Mandat"), or a bare plural after a
        preposition ("mit Russischen Flaggen"). Names and terms mostly follow a definite article
        ("der Polnischen Republik", "die Evolutionäre Erkenntnistheorie") and are not flagged."""
        from audit.lexicon.morphology import noun_readings
        from audit.rules.grammar import PREPOSITIONS, inflected_adjective

        p = prev.text
        if prev.kind != "word" or not p[:1].islower() or p.startswith(("sogenannt", "genannt")):
            return False  # "der sogenannten Sozialistischen Arbeiterjugend": a name follows
        if p.startswith(INDEFINITE_STEMS) and p in DETERMINERS | BARE_INDEFINITE:
            return True
        if inflected_adjective(ctx.lexicon, p) is not None:
            return True
        if p in PREPOSITIONS:
            # Without the lexicon: no compound heads, and no neuter infinitive reading for "Flaggen".
            readings = noun_readings(noun.text)
            return readings is not None and all(number == "p" for _, number in readings)
        return False

    @staticmethod
    def _candidate(lexicon: Lexicon, word: str) -> bool:
        if word.lower() in DETERMINERS:
            return False  # "mit Ihren Spielereien": the polite possessive is capitalised
        if len(word) < 5 or not word[:1].isupper() or not word[1:].islower():
            return False
        if not word.endswith(ADJECTIVE_ENDINGS):
            return False
        return _inflected_adjective(lexicon, word[:1].lower() + word[1:])

    @staticmethod
    def _noun(ctx: ArticleContext, token: Token) -> bool:
        from audit.lexicon.morphology import noun_readings

        w = token.text
        return not w.isupper() and noun_readings(w, ctx.lexicon) is not None


@lru_cache(maxsize=50_000)
def _inflected_adjective(lexicon: Lexicon, lower: str) -> bool:
    """A lower-case inflected adjective form (``russischen``): common in lower case, its stem a word,
    and the capitalised form no noun of its own (``Abgeordneten``, ``Grünen`` are nouns too)."""
    from audit.lexicon.morphology import get_morphology

    if lexicon.corpus_count(lower) < 10 or not lexicon.hunspell_de(lower):
        return False
    stem = adjective_stem(lower)
    if stem == lower or not (lexicon.hunspell_de(stem) or lexicon.corpus_count(stem) >= 10):
        return False
    cap = lower[:1].upper() + lower[1:]
    morphology = get_morphology()
    if morphology.is_noun(cap) or morphology.is_name(cap):
        return False  # "Abgeordneten", "Grünen" decline like adjectives; "Malte" is a first name
    # Words the corpus often writes capitalised (sentence starts aside) are names or set phrases
    # ("Europäischen", "Roten"), or may be written either way ("Tausende", "Hunderte").
    return lexicon.corpus_count(cap) < 0.5 * lexicon.corpus_count(lower)


def _acronym_follows(tokens: tuple[Token, ...], i: int) -> bool:
    """An acronym in parentheses within the next few tokens: the words before it are a name."""
    for j in range(i, min(i + 5, len(tokens) - 1)):
        if tokens[j].text == "(":
            inner = tokens[j + 1].text
            return inner[:1].isupper() and sum(ch.isupper() for ch in inner) >= 2
        if tokens[j].kind == "punct":
            return False
    return False
