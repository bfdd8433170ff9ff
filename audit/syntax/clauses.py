"""Noun phrases and clause segments over a tagged sentence: the pieces the syntax rules reason with.

German puts the finite verb in a fixed place: second in a main clause (after exactly one constituent),
last in a clause opened by a subordinating conjunction or relative pronoun. To check that, a rule
needs to know where clauses begin and end (``segments``: stretches between commas, colons,
semicolons, dashes and brackets), what a noun phrase is and which case, number and person it can
have (``noun_phrase_at``), and which tokens are finite verbs (``is_finite``: tagged finite and known
to the verb table as a finite form, so that a tagger slip alone never makes a finding).
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.lexicon import Lexicon
from audit.rules.grammar import (
    DEGREE_ADVERBS,
    adjective_ending,
    determiner,
    inflected_adjective,
    noun_cells,
)
from audit.syntax import FINITE, TaggedSentence
from audit.syntax.morph import agreement_cells, finite_agreement, pronoun_readings, table_noun_readings

Cell = tuple[str, str]

#: Tokens that close a clause segment: commas, colons, semicolons, dashes, brackets (not quotes).
SEGMENT_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", "[", "]"})
QUOTES = frozenset({'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "'"})
#: Names that are plural ("die USA haben"): their verb agrees in the plural.
PLURAL_NAMES = frozenset(
    [
        "USA",
        "Niederlande",
        "Philippinen",
        "Malediven",
        "Seychellen",
        "Bahamas",
        "Komoren",
        "Emirate",
        "Staaten",
    ]
)


def is_finite(ts: TaggedSentence, i: int) -> bool:
    """Tagged as a finite verb and known to the verb table as one; capitalised only at the start of
    the sentence (mid-sentence "Erkennen", "Ziele" are nouns)."""
    word = ts.tokens[i].text
    if i > 0 and word[:1].isupper() and ts.tokens[i - 1].text not in QUOTES:
        return False
    return ts.tags[i] in FINITE and finite_agreement(word) is not None


def _capital_next(tokens, i: int) -> bool:
    """The next word (after quotation marks) is capitalised: a sentence ends before it."""
    while i < len(tokens) and tokens[i].text in QUOTES:
        i += 1
    return i < len(tokens) and tokens[i].text[:1].isupper()


def segments(ts: TaggedSentence) -> list[tuple[int, int]]:
    """(start, end) token index ranges between segment breaks; the breaks themselves are left out,
    and so is the sentence-final mark."""
    out = []
    start = 0
    tokens = ts.tokens
    for i, token in enumerate(tokens):
        glued_end = token.text in (".", "!", "?") and 0 < i < len(tokens) - 1 and _capital_next(tokens, i + 1)
        if token.text in SEGMENT_BREAKS or (token.text == "-" and token.kind == "punct") or glued_end:
            if start < i:
                out.append((start, i))
            start = i + 1
    end = len(tokens)
    while end > start and tokens[end - 1].kind == "punct" and tokens[end - 1].text not in QUOTES:
        end -= 1
    if start < end:
        out.append((start, end))
    return out


def skip_quotes(ts: TaggedSentence, i: int, end: int) -> int:
    while i < end and ts.tokens[i].text in QUOTES:
        i += 1
    return i


@dataclass(frozen=True, slots=True)
class NounPhrase:
    """A noun phrase: determiner + adjectives + noun (+ names in apposition), a name, or a pronoun.

    ``cells``: the (case, number-gender) cells every word of the phrase allows, or None when a word's
    readings are unknown. ``agreement``: the person-number cells a finite verb may have with this
    phrase as its subject (``3s``, ``3p``, ``1s`` ...), None when unknown."""

    start: int
    end: int  # exclusive
    head: int
    kind: str  # "det", "name", "pronoun"
    cells: frozenset[Cell] | None
    agreement: frozenset[str] | None

    @property
    def can_be_nominative(self) -> bool:
        return self.cells is None or any(c == "nom" for c, _ in self.cells)

    @property
    def can_be_genitive(self) -> bool:
        return self.cells is None or any(c == "gen" for c, _ in self.cells)


def _agreement_of(cells: frozenset[Cell] | None) -> frozenset[str] | None:
    if not cells:
        return None
    numbers = {"3p" if g == "p" else "3s" for c, g in cells if c == "nom"}
    return frozenset(numbers) or None


def _unknown_to_grammar(lexicon: Lexicon, word: str) -> bool:
    """Not a form german-nouns knows (perhaps as unsure: "Abgeordnete") and not a nominalised
    adjective ("das Erreichte", "dieser Geraden"): only then may the second table speak."""
    from audit.lexicon.morphology import get_morphology

    return (
        not get_morphology().is_noun(word)
        and inflected_adjective(lexicon, word[:1].lower() + word[1:]) is None
    )


def noun_cells_any(lexicon: Lexicon, word: str) -> frozenset[Cell] | None:
    """Noun readings from german-nouns (with compound heads), else from the LanguageTool table."""
    cells = noun_cells(lexicon, word)
    if cells is None and word[:1].isupper() and not word.isupper() and _unknown_to_grammar(lexicon, word):
        cells = table_noun_readings(word)
    if "ss" in word:  # Swiss spelling (Strasse): the readings of the ß form count too
        swiss = noun_cells_any(lexicon, word.replace("ss", "ß"))
        if swiss:
            cells = (cells or frozenset()) | swiss
    return cells


def noun_phrase_at(
    lexicon: Lexicon, ts: TaggedSentence, i: int, end: int, capitalised: bool = False
) -> NounPhrase | None:
    """The noun phrase starting at token ``i`` (before ``end``), or None. A capitalised determiner
    in mid-sentence (a title: "die Zeitung Die Welt") starts one only with ``capitalised``."""
    tokens, tags = ts.tokens, ts.tags
    if i >= end:
        return None
    word, tag = tokens[i].text, tags[i]
    if tag == "PPER":
        readings = pronoun_readings(word, sentence_initial=i == 0)
        if readings is None:
            return None
        nominative = frozenset("3p" if pn == "pol" else pn for c, pn in readings if c == "nom")
        return NounPhrase(i, i + 1, i, "pronoun", None, nominative or None)
    if tag == "NE" and word[:1].isupper():
        j = i + 1
        while j < end and tags[j] == "NE" and tokens[j].text[:1].isupper():
            j += 1
        last = tokens[j - 1].text
        if last[:-1].isupper() and last.endswith("s"):
            return None  # "PMGs", "NGOs": an abbreviation in the plural
        plural = last in PLURAL_NAMES
        return NounPhrase(i, j, j - 1, "name", None, frozenset({"3p" if plural else "3s"}))
    if tag not in ("ART", "PDAT", "PIAT", "PPOSAT") or (word[:1].isupper() and i > 0 and not capitalised):
        return None
    det = determiner(word)
    if det is None:
        return None
    det_cells, declension = det
    j = i + 1
    adjectives = []
    while j < end and j - i <= 6:
        t = tokens[j]
        if tags[j] == "ADJ(A)" or (t.text in DEGREE_ADVERBS and tags[j] == "ADV"):
            ending = inflected_adjective(
                lexicon, t.text[:1].lower() + t.text[1:]
            )  # "Die Vereinigten Staaten"
            if ending is not None:
                adjectives.append(ending)
            elif t.text not in DEGREE_ADVERBS:
                return None  # an adjective we cannot read: no claim about the phrase
            j += 1
            continue
        break
    if j >= end or tags[j] not in ("NN", "NE") or not tokens[j].text[:1].isupper():
        return None
    head = j
    # A name as head ("der Kreml", "die USA") has every gender and number: the determiner decides.
    readings = noun_cells_any(lexicon, tokens[j].text) if tags[j] == "NN" else det_cells
    cells: frozenset[Cell] | None = None
    if readings is not None:
        cells = frozenset(
            c for c in det_cells & readings if all(adjective_ending(c, declension) == e for e in adjectives)
        )
    j += 1
    while j < end and tags[j] == "NE" and tokens[j].text[:1].isupper():
        if "-" in tokens[j].text:  # "der Premier League-Saison": the compound's last part is the head
            last = noun_cells_any(lexicon, tokens[j].text.rsplit("-", 1)[-1])
            if last is not None:
                cells = frozenset(
                    c
                    for c in det_cells & last
                    if all(adjective_ending(c, declension) == e for e in adjectives)
                )
        j += 1  # "der Präsident Wladimir Putin": names in apposition to the head
    return NounPhrase(i, j, head, "det", cells, _agreement_of(cells))


def verb_agrees(subject: NounPhrase, form: str) -> bool | None:
    """Whether the finite ``form`` agrees with ``subject``; None when either is unknown."""
    cells = agreement_cells(form)
    if cells is None or subject.agreement is None:
        return None
    return bool(cells & subject.agreement)
