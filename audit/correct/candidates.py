"""Candidate corrections for findings, ranked in context: the enrichment step of the auditor.

The rules already suggest what they know for certain (a deleted duplicate, a Latin C for a Cyrillic
С). For the findings whose fix is a choice of words, this module adds candidates and lets the language
model choose among them in the sentence (``audit.correct.rank``, one batch per article):

- ``untranslated`` (and two- or three-word ``mixed-language`` spans the dictionary has as a phrase):
  German equivalents from the Ding dictionary (``audit.lexicon.bilingual``), inflected to fit the
  sentence (``audit.correct.inflect``: ``eines lokalen Wednesdays`` -> ``Mittwochs``, ``bleibt Kim
  defiant`` -> ``trotzig``), the rule's own suggestion first;
- ``garbled``: the rule's suggestions, umlaut restorations and Hunspell's suggestions within two edits;
- ``grammar``: the rule's suggestions and inflection variants of the span (``audit.correct.gec``);
- ``disfluent``: local edits (``audit.correct.gec``), kept only when the model prefers them over the
  original by a margin tuned on learner German.

Without a language model the candidates keep their order (rule, then dictionary). Applicability is
never raised here: every candidate from this module is ``unsafe`` (a word choice needs judgement), and
findings a rule marked ``safe`` are left exactly as they are. Protected spans (names, quoted foreign
titles) get no new candidates.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from audit.correct import gec
from audit.correct.rank import RankRequest, rank
from audit.document import Finding, Token
from audit.rules import ArticleContext

#: how many suggestions a finding keeps after ranking
MAX_SUGGESTIONS = 5
#: how many dictionary equivalents of one English word are inflected and tried
MAX_EQUIVALENTS = 8


def enrich_findings(ctx: ArticleContext, findings: list[Finding]) -> list[Finding]:
    """The findings with suggestions filled and re-ranked; one LM batch for the whole article."""
    requests: list[RankRequest] = []
    targets: list[tuple[int, dict[str, float] | None]] = []  # finding index, margins of its candidates
    out = list(findings)
    for i, finding in enumerate(findings):
        if finding.category not in GENERATORS or ctx.overlaps_protected(finding.start, finding.end):
            continue
        if finding.applicability == "safe":
            continue  # a mechanical fix the rule is sure of: never re-ranked away
        sentence = _sentence_of(ctx, finding)
        candidates = GENERATORS[finding.category](ctx, finding)
        candidates = [c for c in dict.fromkeys(candidates) if c != finding.text]
        if not candidates:
            continue
        if sentence is None:
            out[i] = replace(finding, suggestions=tuple(candidates[:MAX_SUGGESTIONS]))
            continue
        margins = None
        if finding.category == "disfluent":  # the LM itself flagged it: an edit must beat the original
            margins = {
                text: gec.MARGINS[kind]
                for text, kind in gec.span_variants(ctx, finding.start, finding.end, True)
            }
            candidates = [finding.text, *candidates]
        requests.append(
            RankRequest(
                finding.start,
                finding.end,
                sentence.start,
                sentence.end,
                tuple(candidates),
                normalize=finding.category in WORD_CHOICE,
            )
        )
        targets.append((i, margins))
    if not requests:
        return out
    if ctx.lm is None:
        for (i, margins), request in zip(targets, requests, strict=True):
            if margins is None:  # without a model no disfluent edit can pass its margin
                out[i] = replace(out[i], suggestions=request.candidates[:MAX_SUGGESTIONS])
        return out
    for (i, margins), ranked in zip(targets, rank(ctx.lm, ctx.text, requests), strict=True):
        if margins is not None:
            original = out[i].text
            base = next(score for cand, score in ranked if cand == original)
            ranked = [(c, s) for c, s in ranked if c != original and s - base >= margins.get(c, math.inf)]
        if ranked:
            out[i] = replace(out[i], suggestions=tuple(c for c, _ in ranked[:MAX_SUGGESTIONS]))
    return out


def _sentence_of(ctx: ArticleContext, finding: Finding):
    sentence = ctx.sentence_at(finding.start)
    if sentence is None or finding.end > sentence.end:
        return None
    return sentence


# --- untranslated words ------------------------------------------------------------------------------


def untranslated_candidates(ctx: ArticleContext, finding: Finding) -> list[str]:
    from audit.lexicon.bilingual import get_dictionary

    dictionary = get_dictionary()
    found = list(finding.suggestions)
    sentence = ctx.sentence_at(finding.start)
    if sentence is None or not dictionary.available:
        return found
    words = [t for t in sentence.tokens if t.kind == "word"]
    index = next((k for k, t in enumerate(words) if t.start == finding.start and t.end == finding.end), None)
    if index is None:
        return found
    english = finding.text
    equivalents = dictionary.lookup(english, limit=MAX_EQUIVALENTS)
    if not equivalents:
        from audit.rules.untranslated import mangled_english

        mangled = mangled_english(ctx.lexicon, english)  # "belligerer" -> "belligerent"
        if mangled:
            equivalents = dictionary.lookup(mangled, limit=MAX_EQUIVALENTS)
    found.extend(inflected_equivalents(ctx, words, index, equivalents))
    return found


def inflected_equivalents(ctx: ArticleContext, words: list[Token], index: int, equivalents) -> list[str]:
    """Each equivalent in the forms the slot allows: nouns after a determiner, adjectives before a noun,
    bare adjectives and adverbs elsewhere; verbs are left out (their conjugation is not modelled)."""
    from audit.correct.inflect import inflect_adjective, inflect_noun, noun_forms, read_slot

    slot = read_slot(words, index, ctx.lexicon, ctx.text)
    out: list[str] = []
    for eq in equivalents:
        german = eq.german
        if eq.pos == "v" or (" " in german and eq.pos not in ("", "adj", "adv")):
            continue
        if eq.is_noun and " " not in german:
            if slot.noun_after is not None:
                continue  # an adjective's place
            genders = [eq.pos] if eq.pos else sorted({g for _, g in noun_forms(german) if g != "p"})
            for gender in genders or ["pl"]:
                out.extend(inflect_noun(german, gender, slot, eq.plural))
        elif eq.pos in ("adj", "") and german.islower() and " " not in german:
            if slot.cells is not None and slot.noun_after is None:
                continue  # after a determiner without a noun: a noun's place
            out.extend(inflect_adjective(ctx.lexicon, german, slot))
        elif (eq.pos == "adv" or " " in german) and slot.noun_after is None and slot.cells is None:
            out.append(german)
    return out


def mixed_language_candidates(ctx: ArticleContext, finding: Finding) -> list[str]:
    """A short foreign span the dictionary holds as a phrase ("leave of absence" -> "Urlaub")."""
    from audit.lexicon.bilingual import get_dictionary

    found = list(finding.suggestions)
    n_words = len(finding.text.split())
    if 2 <= n_words <= 3 and finding.text[:1].islower():
        found.extend(g for g, pos in get_dictionary().equivalents(finding.text) if pos != "v")
    return found


# --- garbled words -----------------------------------------------------------------------------------


def garbled_candidates(ctx: ArticleContext, finding: Finding) -> list[str]:
    from audit.lexicon.morph import edit_distance, get_morphology

    word = finding.text
    found = list(finding.suggestions)
    if finding.rule == "fused-words":
        found.extend(_other_number(ctx, s) for s in finding.suggestions)
        return [s for s in found if s]
    if " " in word or not word.isalpha():
        return found
    found.extend(get_morphology().umlaut_restorations(word)[:3])
    if not found:  # Hunspell's suggester costs ~0.1 s a word: only when nothing else is known
        for s in _hunspell_suggestions(ctx.lexicon, word):
            if "-" in s or edit_distance(word.lower(), s.lower().replace(" ", ""), 2) > 2:
                continue
            if (
                s[:1].isupper() != word[:1].isupper()
                and " " not in s
                and not ctx.is_sentence_initial(Token(finding.start, finding.end, word, "word"))
            ):
                continue  # a change of word class (noun <-> adjective) is no spelling fix
            found.append(s)
    return found


def _other_number(ctx: ArticleContext, split: str) -> str | None:
    """A re-split fused word with its noun in the singular ("letzte Wochen" -> "letzte Woche"): the
    fusion often took the noun's number with it, and the model chooses."""
    first, _, noun = split.rpartition(" ")
    if not first or not noun[:1].isupper():
        return None
    for ending in ("en", "n", "e", "s"):
        singular = noun[: -len(ending)]
        if noun.endswith(ending) and len(singular) >= 3 and ctx.lexicon.hunspell_de(singular):
            return f"{first} {singular}"
    return None


@lru_cache(maxsize=10_000)
def _hunspell_suggestions(lexicon, word: str) -> tuple[str, ...]:
    try:
        return tuple(lexicon.suggest_de(word, limit=8))
    except UnicodeError:  # Hunspell de_DE is Latin-1 inside
        return ()


def grammar_candidates(ctx: ArticleContext, finding: Finding) -> list[str]:
    """The rule's suggestions (they agree by construction), or inflection variants when it has none."""
    return list(finding.suggestions) or [
        text for text, _ in gec.span_variants(ctx, finding.start, finding.end)
    ]


def disfluent_candidates(ctx: ArticleContext, finding: Finding) -> list[str]:
    return [text for text, _ in gec.span_variants(ctx, finding.start, finding.end, local_edits=True)]


# Categories whose candidates are different words (ranked by context fit, not raw probability).
WORD_CHOICE = frozenset({"untranslated", "mixed-language", "garbled"})

GENERATORS = {
    "untranslated": untranslated_candidates,
    "mixed-language": mixed_language_candidates,
    "garbled": garbled_candidates,
    "grammar": grammar_candidates,
    "disfluent": disfluent_candidates,
}
