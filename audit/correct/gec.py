"""Language-model-guided local edits, after Bryant & Briscoe (2018), "Language Model Based Grammatical
Error Correction without Annotated Training Data".

For each word a *confusion set* of alternatives is generated from morphology alone: the other forms
of a determiner (der/die/das/den/dem/des, ein/eine/einen..., dieser/diese..., possessives), the other
endings of an inflected adjective (-e/-en/-er/-es/-em), the other case and number forms of a noun
(german-nouns), and for a disfluent span also the deletion or insertion of a small function word and the
swap of two neighbouring words. (Word order beyond neighbours, the verb-second move "Gestern der
Präsident besuchte" -> "Gestern besuchte der Präsident", is decided by the syntax layer: the
``verb-second`` rule proposes it, not an n-gram margin.) Every alternative is one edit; the LM scores each edited
sentence, and an edit is accepted only when it raises the sentence's log-probability by at least
its kind's margin (``MARGINS``) over the original. Edits are judged independently against the original and
the accepted ones that do not overlap are applied, best first (one pass; Bryant & Briscoe iterate,
which costs a model call per round for little gain on short spans).

``MARGINS`` were tuned on the first half of the Falko-MERLIN GEC dev set (learner German, M2 gold
edits) for F0.5 and are reported on the second half: ``scripts/eval_gec.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from audit.lexicon import Lexicon
from audit.lexicon.morph import FUNCTION_WORDS
from audit.rules import ArticleContext
from audit.rules.grammar import (
    BARE_EIN,
    DEFINITE,
    DER_ENDINGS,
    DER_STEMS,
    EIN_ENDINGS,
    EIN_STEMS,
    ENDINGS,
    NOT_ADJECTIVES,
    inflected_adjective,
)

#: nats of total sentence log-probability an edit of each kind must gain over the original, tuned for
#: F0.5 on the first half of Falko-MERLIN dev (scripts/eval_gec.py --local-edits). A deletion always
#: shortens the sentence, which the total log-probability rewards: no margin made deletions pay off
#: (7 of 63 right at 8 nats), so they are switched off (inf) and not generated. An insertion lengthens
#: it, which the total log-probability penalises by the inserted word's own cost, so its margin is a
#: bias the tuning may also choose negative; it chose +6 (tuning F0.5 0.220 -> 0.222).
MARGINS = {
    "determiner": 1.5,
    "adjective": 1.5,
    "noun": 2.0,
    "delete": math.inf,
    "swap": 10.0,
    "insert": 6.0,
}
# Small function words whose deletion is a candidate edit in a disfluent span.
DELETABLE = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "es",
        "sich",
        "zu",
        "dass",
        "und",
        "auch",
        "so",
    ]
)


# Small function words whose insertion is a candidate edit: the words learners (and MT) most often drop.
INSERT_ARTICLES = ("der", "die", "das", "den", "dem", "ein", "eine", "einen")
INSERT_PREPOSITIONS = ("in", "an", "auf", "mit", "für", "von", "um")
INSERT_PRONOUNS = ("sich", "es")

_PREPOSITIONS_TEXT = """
    in im an am auf aus bei beim mit nach von vom zu zum zur für über unter vor hinter neben zwischen
    durch gegen ohne um seit bis wegen trotz während
"""
PREPOSITIONS = frozenset(_PREPOSITIONS_TEXT.split())


def insert_edits(lexicon: Lexicon, words: Sequence[str]) -> list[TokenEdit]:
    """Insertions of a small function word between two words: an article before a noun or adjective
    (not after a determiner), a preposition before a determiner or noun, "zu" before an infinitive,
    "sich" and "es" after a verb-like lower-case word."""
    edits: list[TokenEdit] = []
    for p in range(1, len(words)):
        prev, nxt = words[p - 1], words[p]
        if not (nxt.isalpha() and (prev.isalpha() or prev == ",")) or determiner_family(prev):
            continue
        low = nxt.lower()
        after = words[p + 1] if p + 1 < len(words) else ""
        inserts: list[str] = []
        nominal = nxt[:1].isupper() or (after[:1].isupper() and bool(adjective_family(lexicon, nxt)))
        if nominal and not determiner_family(nxt) and low not in FUNCTION_WORDS:
            inserts += INSERT_ARTICLES
        if (determiner_family(nxt) or nxt[:1].isupper()) and prev.lower() not in PREPOSITIONS:
            inserts += INSERT_PREPOSITIONS
        if nxt.islower() and nxt.endswith("en") and prev != "zu" and lexicon.hunspell_de(nxt):
            inserts.append("zu")
        if prev.islower() and prev.isalpha() and prev not in FUNCTION_WORDS and low not in ("sich", "es"):
            inserts += INSERT_PRONOUNS
        edits.extend(TokenEdit(p, p, (w,), "insert") for w in dict.fromkeys(inserts))
    return edits


@lru_cache(maxsize=4096)
def determiner_family(word: str) -> tuple[str, ...]:
    """The other forms of a determiner (``die`` -> der, das, den, dem, des), same capitalisation."""
    lower = word.lower()
    forms: list[str] = []
    if lower in DEFINITE:
        forms = list(DEFINITE)
    else:
        for stem in sorted(DER_STEMS + EIN_STEMS, key=len, reverse=True):
            ending = lower[len(stem) :]
            if not lower.startswith(stem):
                continue
            table = DER_ENDINGS if stem in DER_STEMS else EIN_ENDINGS
            if ending not in table or (not ending and stem not in BARE_EIN):
                continue
            forms = [stem + e for e in table if e or stem in BARE_EIN]
            break
    if word[:1].isupper():
        forms = [f[:1].upper() + f[1:] for f in forms]
    return tuple(f for f in forms if f != word)


@lru_cache(maxsize=50_000)
def noun_family(word: str) -> tuple[str, ...]:
    """The other case and number forms of a noun (``Studenten`` -> Student), from german-nouns; only
    for words of six letters or more: short nouns are too often also verbs or names."""
    from audit.correct.inflect import lemmas_of, noun_forms

    if len(word) < 6:
        return ()
    forms = {f for lemma in lemmas_of(word) for fs in noun_forms(lemma).values() for f in fs}
    return tuple(sorted(forms - {word}))


@lru_cache(maxsize=50_000)
def adjective_family(lexicon: Lexicon, word: str) -> tuple[str, ...]:
    """The other endings of an inflected adjective (``russischen`` -> russische, russischer...)."""
    ending = inflected_adjective(lexicon, word)
    if ending is None or word in NOT_ADJECTIVES:
        return ()
    stem = word[: -len(ending)]
    return tuple(stem + e for e in ENDINGS if e != ending and lexicon.hunspell_de(stem + e))


def confusion_set(lexicon: Lexicon, word: str) -> tuple[str, ...]:
    """Morphological alternatives of one word: determiner, adjective or noun forms."""
    family = determiner_family(word)
    if family:
        return family
    if word[:1].islower():
        return adjective_family(lexicon, word)
    if word[:1].isupper() and word[1:].islower():
        return noun_family(word)
    return ()


@dataclass(frozen=True, slots=True)
class TokenEdit:
    """Replace tokens ``[i, j)`` with ``tokens`` (empty: delete; ``i == j``: insert before ``i``)."""

    i: int
    j: int
    tokens: tuple[str, ...]
    kind: str = "determiner"

    def apply(self, words: Sequence[str]) -> list[str]:
        return [*words[: self.i], *self.tokens, *words[self.j :]]

    def overlaps(self, other: TokenEdit) -> bool:
        """Whether two edits touch the same tokens (two insertions at one point overlap too)."""
        if self.i == other.i and (self.i == self.j or other.i == other.j):
            return self.i == self.j and other.i == other.j
        return self.i < other.j and other.i < self.j


def token_edits(
    lexicon: Lexicon,
    words: Sequence[str],
    local_edits: bool = False,
    all_kinds: bool = False,
    margins: dict[str, float] | None = None,
) -> list[TokenEdit]:
    """Every single edit of a token sequence: confusion-set substitutions, and with ``local_edits``
    deletions and insertions of small function words and swaps of neighbouring words; kinds whose margin (in ``margins``, by default
    ``MARGINS``) is infinite are not generated unless ``all_kinds`` (for tuning)."""
    margins = MARGINS if margins is None else margins

    def on(kind: str) -> bool:
        return local_edits and (all_kinds or margins.get(kind, math.inf) < math.inf)

    edits: list[TokenEdit] = []
    for i, word in enumerate(words):
        kind = "determiner" if determiner_family(word) else "adjective" if word[:1].islower() else "noun"
        for alt in confusion_set(lexicon, word):
            edits.append(TokenEdit(i, i + 1, (alt,), kind))
        if on("delete") and word.lower() in DELETABLE:
            edits.append(TokenEdit(i, i + 1, (), "delete"))
        if on("swap") and i + 1 < len(words) and words[i].isalpha() and words[i + 1].isalpha():
            edits.append(TokenEdit(i, i + 2, (words[i + 1], words[i]), "swap"))
    if on("insert"):
        edits += insert_edits(lexicon, words)
    return edits


def choose_edits(
    scored: Sequence[tuple[TokenEdit, float]], base: float, margins: dict[str, float] | None = None
) -> list[TokenEdit]:
    """Edits gaining at least their kind's margin over ``base``, best first, skipping overlaps."""
    margins = MARGINS if margins is None else margins
    chosen: list[TokenEdit] = []
    for edit, score in sorted(scored, key=lambda es: -es[1]):
        if score - base < margins[edit.kind]:
            continue
        if not any(edit.overlaps(c) for c in chosen):
            chosen.append(edit)
    return sorted(chosen, key=lambda e: (e.i, e.j))


def correct_tokens(
    lm,
    lexicon: Lexicon,
    words: Sequence[str],
    margins: dict[str, float] | None = None,
    local_edits: bool = False,
) -> tuple[list[str], list[TokenEdit]]:
    """The corrected token sequence and the edits applied (one LM batch)."""
    edits = token_edits(lexicon, words, local_edits, margins=margins)
    if not edits:
        return list(words), []
    scores = [s.total for s in lm.score_batch([list(words)] + [e.apply(words) for e in edits])]
    chosen = choose_edits(list(zip(edits, scores[1:], strict=True)), scores[0], margins)
    out = list(words)
    for edit in reversed(chosen):
        out = edit.apply(out)
    return out, chosen


def span_variants(
    ctx: ArticleContext, start: int, end: int, local_edits: bool = False
) -> list[tuple[str, str]]:
    """Replacement texts for ``ctx.text[start:end]`` with the kind of their edit, each one edit of one
    word in the span (the words' spacing kept). The caller ranks them with the LM in the sentence."""
    from audit.segment import tokenize

    span = ctx.text[start:end]
    tokens = [t for t in tokenize(span) if t.kind in ("word", "punct")]
    words = [t.text for t in tokens]
    out: list[tuple[str, str]] = []
    for edit in token_edits(ctx.lexicon, words, local_edits):
        if edit.kind == "insert":
            a = tokens[edit.i].start
            out.append((span[:a] + edit.tokens[0] + " " + span[a:], edit.kind))
        elif edit.j - edit.i == 1:
            a, b = tokens[edit.i].start, tokens[edit.i].end
            if edit.tokens:
                out.append((span[:a] + edit.tokens[0] + span[b:], edit.kind))
            else:  # a deletion takes the space after (or before) the word along
                if span[b : b + 1] == " ":
                    b += 1
                elif a and span[a - 1] == " ":
                    a -= 1
                out.append((span[:a] + span[b:], edit.kind))
        else:  # a swap of two neighbours
            a, b = tokens[edit.i].start, tokens[edit.j - 1].end
            gap = span[tokens[edit.i].end : tokens[edit.i + 1].start]
            out.append((span[:a] + edit.tokens[0] + gap + edit.tokens[1] + span[b:], edit.kind))
    return out
