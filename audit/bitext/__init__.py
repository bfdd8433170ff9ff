"""The article's source and reference: alignment, the source's language, reference-based scores.

``source_analysis`` says what the bitext checks (audit/rules/bitext.py) and the reports need of a
source: its language (detected per article; the checks run only for the languages the feeds come
from) and its sentence alignment with the article. ``audit.bitext.reference`` scores the article
against a human reference with sacrebleu.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.bitext.align import Alignment, Pair, align

#: source languages the bitext checks know (the feeds are translated from these); a source that is
#: surely in another language is left unchecked, with a note
SOURCE_LANGUAGES = {"en": "English", "es": "Spanish", "nl": "Dutch", "fr": "French"}
#: langdetect's probability from which a source counts as surely in another language (on a short
#: text it is unsure, "Visit travel.gov.gr for details." reads as Norwegian 0.50: the checks then run)
_SURE = 0.9


@dataclass(frozen=True, slots=True)
class SourceAnalysis:
    #: ISO 639-1 code of the source's language when it is one of SOURCE_LANGUAGES (the likeliest of
    #: them among langdetect's candidates), else None
    language: str | None
    #: langdetect's best guess, even when it is not a language we check ("" for no letters at all)
    detected: str
    alignment: Alignment
    #: whether the source is surely in a language the checks do not know (they are then skipped)
    foreign: bool = False

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "detected": self.detected,
            "checked": not self.foreign,
            "alignment": self.alignment.to_dict(),
        }

    @property
    def note(self) -> str | None:
        """Why the bitext checks did not run, when they did not."""
        if not self.foreign:
            return None
        known = ", ".join(SOURCE_LANGUAGES.values())
        what = f"detected as {self.detected!r}" if self.detected else "no language detected"
        return f"source language not one of {known} ({what}): bitext checks skipped"


def prepare_langdetect() -> None:
    """langdetect's profiles loaded (once), deterministic. Their 87,000 n-gram rows are made tuples:
    as langdetect's lists, the garbage collector walked them at every later full collection of the
    run (a tenth of a second each, several a run); a tuple of floats it stops tracking."""
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    if detector_factory._factory is None:
        detector_factory.init_factory()
        table = detector_factory._factory.word_lang_prob_map
        for word, probabilities in table.items():
            table[word] = tuple(probabilities)  # read only by langdetect's Detector


def detect_languages(text: str) -> list[tuple[str, float]]:
    """langdetect's candidates for ``text`` with their probabilities, best first, deterministic
    (empty for a text without letters)."""
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    prepare_langdetect()
    try:
        found = detect_langs(text[:5000])  # the first pages say it; langdetect is slow on long texts
    except LangDetectException:
        return []
    return [(c.lang, c.prob) for c in found]


def source_analysis(article, source: str) -> SourceAnalysis:
    candidates = detect_languages(source)
    known = next((lang for lang, _ in candidates if lang in SOURCE_LANGUAGES), None)
    detected, prob = candidates[0] if candidates else ("", 0.0)
    foreign = known is None and (not candidates or prob >= _SURE)
    return SourceAnalysis(
        language=known, detected=detected, alignment=align(article, source), foreign=foreign
    )


__all__ = [
    "SOURCE_LANGUAGES",
    "Alignment",
    "Pair",
    "SourceAnalysis",
    "align",
    "detect_languages",
    "source_analysis",
]
