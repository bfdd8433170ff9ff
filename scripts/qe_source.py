"""An experiment: source-aware features for the quality estimator (scripts/train_quality.py fit
--source-models). Measured, they did not beat the target-only models on WMT22 dev, so nothing
ships with them (README, *Measured figures*); they are kept to be built on.

Each target sentence is read against the source span it is aligned with (``audit.bitext.align``; a
2-1 bead gives both target sentences the whole bead). Per token: whether it is copied verbatim from
the source (an untranslated word, or a name: the model has ``in_name`` beside it), whether it is a
dictionary translation of a source word (``models/dict``, English sources only), and whether it is a
number the source does not have. Per sentence: the length ratio, the share of source content words
whose translation is found in the target (omissions), the share of target content words accounted
for by the source (additions, hallucinations), and the source numbers missing from the target.

Tried two ways: one model fitted on every MQM segment twice, with and without its source (NaN source
features; LightGBM sends missing values down a learned branch), and a separate pair fitted on the
segments with their sources (``--source-models``, the clean German beside them with NaN source
features). The dictionary-coverage features correlate with MQM at |Spearman| < 0.06 on MQM 2020
(longer, literal translations are covered best and are not the better ones), the reason neither won.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from audit.segment import tokenize

SOURCE_WORD_FEATURES = ("src_copied", "src_translated", "src_number_unmatched")
SOURCE_SENTENCE_FEATURES = (
    "src_length_ratio",
    "src_coverage",
    "tgt_coverage",
    "src_numbers_missing",
    "src_unaligned",
)

#: English function words: not counted when asking whether the source's content came across
_EN_FUNCTION_WORDS = """a an the of to in on at by for from with without into onto about as and or but nor so yet if
    than then that this these those there here it its it's he she they we you i me him her them us my
    your his our their is are was were be been being am do does did done have has had having will
    would shall should can could may might must not no yes all any each every some such own other
    more most less least very just also only even too up down out over under again once which who
    whom whose what when where why how s t don didn doesn isn wasn aren weren won wouldn"""
_EN_FUNCTION = frozenset(_EN_FUNCTION_WORDS.split())
#: parts of Ding's German equivalents that are grammar notes, not words of the translation
_DING_NOTES = frozenset({"sich", "etw.", "jdn.", "jdm.", "jds.", "etw", "jdn", "jdm", "jds"})
_DIGITS = re.compile(r"\d")
_NON_DIGITS = re.compile(r"\D")


def _number_key(text: str) -> str | None:
    """A number's digits without separators ("1.000" = "1,000" = "1000"; "2,5" = "2.5")."""
    if not _DIGITS.search(text):
        return None
    return _NON_DIGITS.sub("", text).lstrip("0") or "0"


_SUFFIXES = ("ungen", "heiten", "keiten", "ten", "te", "en", "er", "es", "em", "e", "n", "s", "t")


@lru_cache(maxsize=200_000)
def crude_stem(word: str) -> str:
    """A German word without the commonest inflection ("sagte", "gesagt" -> "sag"; "Preise" -> "preis"):
    enough to see that two forms are one word, not a stemmer to show anyone."""
    w = word.lower()
    if w.startswith("ge") and len(w) > 5:
        w = w[2:]
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=200_000)
def _equivalents(word: str) -> tuple[tuple[str, str], ...]:
    """(stem, lower-case form) of each word of the German equivalents of an English word."""
    from audit.lexicon.bilingual import get_dictionary

    out = []
    for eq in get_dictionary().lookup(word, limit=10):
        for part in eq.german.replace("(", " ").replace(")", " ").split():
            part = part.strip(".,;:!?\"'").lower()
            if len(part) < 3 or part in _DING_NOTES:
                continue
            out.append((crude_stem(part), part))
    return tuple(dict.fromkeys(out))


def _translates(token: str, stem: str, equivalents: tuple[tuple[str, str], ...]) -> bool:
    """Whether a target token (lower case, and its stem) is one of the equivalents, or a compound
    holding one ("strompreise" for "Strom"), or a part of one ("regierung" for "Staatsregierung")."""
    for eq_stem, part in equivalents:
        if stem == eq_stem or (len(eq_stem) >= 5 and eq_stem in token) or (len(stem) >= 5 and stem in part):
            return True
    return False


#: German words this frequent (Zipf, wordfreq) are function words: not asked whether the source has them
_DE_FUNCTION_ZIPF = 5.9


def source_features(article, analysis, lexicon) -> tuple[np.ndarray, np.ndarray]:
    """(tokens x SOURCE_WORD_FEATURES, sentences x SOURCE_SENTENCE_FEATURES), tokens in article order;
    all NaN when ``analysis`` (``audit.bitext.SourceAnalysis``) is None."""
    sentences = article.sentences
    n_tokens = sum(len(s.tokens) for s in sentences)
    words = np.full((n_tokens, len(SOURCE_WORD_FEATURES)), np.nan, dtype=np.float32)
    sents = np.full((len(sentences), len(SOURCE_SENTENCE_FEATURES)), np.nan, dtype=np.float32)
    if analysis is None or not sentences:
        return words, sents
    source = article.source
    english = analysis.language == "en"
    pairs = analysis.alignment.pairs
    bead_of = analysis.alignment.pair_of(sentences)
    beads: dict[int, dict] = {}
    for k, b in enumerate(bead_of):
        if b is not None:
            beads.setdefault(b, {"sentences": []})["sentences"].append(k)
    for b, bead in beads.items():
        span = pairs[b].other
        src_tokens = tokenize(source[span[0] : span[1]]) if span else ()
        bead["src_text"] = source[span[0] : span[1]] if span else ""
        bead["src_words"] = {t.text for t in src_tokens if t.kind == "word"}
        bead["src_numbers"] = {k for t in src_tokens if (k := _number_key(t.text)) is not None}
        content = [t.text.lower() for t in src_tokens if t.kind == "word" and t.text.isalpha()]
        bead["content"] = [w for w in content if w not in _EN_FUNCTION and len(w) > 2]
    row = 0
    offsets = []
    for s in sentences:
        offsets.append(row)
        row += len(s.tokens)
    for bead in beads.values():
        tokens = [t for k in bead["sentences"] for t in sentences[k].tokens]
        lowered = [t.text.lower() for t in tokens]
        tgt_numbers = {k for t in tokens if (k := _number_key(t.text)) is not None}
        all_stems = [_equivalents(w) for w in bead["content"]] if english else []
        union = tuple(dict.fromkeys(s for stems in all_stems for s in stems))
        stems = [crude_stem(low) for low in lowered]
        translated_tokens = 0
        content_tokens = 0
        per_token = []
        for t, low, stem in zip(tokens, lowered, stems, strict=True):
            is_word = t.kind == "word"
            copied = float(is_word and len(t.text) > 1 and t.text in bead["src_words"])
            translated = float(_translates(low, stem, union)) if english and is_word else math.nan
            key = _number_key(t.text) if t.kind == "number" else None
            unmatched = float(key is not None and key not in bead["src_numbers"])
            per_token.append((copied, translated, unmatched))
            if is_word and t.text.isalpha() and lexicon.zipf(low, "de") < _DE_FUNCTION_ZIPF:
                content_tokens += 1
                translated_tokens += bool(copied or translated == 1.0)
        i = 0
        for k in bead["sentences"]:
            for j in range(len(sentences[k].tokens)):
                words[offsets[k] + j] = per_token[i]
                i += 1
        target_length = sum(len(sentences[k].text) for k in bead["sentences"])
        ratio = math.log((target_length + 1) / (len(bead["src_text"]) + 1))
        if english and bead["content"]:
            pairs_of = list(zip(lowered, stems, strict=True))
            covered = sum(1 for eq in all_stems if eq and any(_translates(w, st, eq) for w, st in pairs_of))
            looked_up = sum(1 for eq in all_stems if eq)
            src_coverage = covered / looked_up if looked_up else math.nan
        else:
            src_coverage = math.nan
        tgt_coverage = translated_tokens / content_tokens if english and content_tokens else math.nan
        missing = float(len(bead["src_numbers"] - tgt_numbers))
        for k in bead["sentences"]:
            sents[k] = (ratio, src_coverage, tgt_coverage, missing, 0.0)
    for k, b in enumerate(bead_of):
        if b is None:  # a target sentence with no source counterpart: an addition
            sents[k] = (math.nan, math.nan, math.nan, 0.0, 1.0)
            words[offsets[k] : offsets[k] + len(sentences[k].tokens)] = (0.0, math.nan, 0.0)
    return words, sents
