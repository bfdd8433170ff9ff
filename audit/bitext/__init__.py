"""The article's source and reference: alignment, the source's language, reference-based scores.

``source_analysis`` says what the bitext checks (audit/rules/bitext.py) and the reports need of a
source: its language (detected per article; the checks run only for the languages the feeds come
from) and its sentence alignment with the article. ``audit.bitext.reference`` scores the article
against a human reference with sacrebleu.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.bitext.align import Alignment, Pair, align

#: source languages the bitext checks know (the feeds are translated from these); another language,
#: or one langdetect is unsure of, leaves the source unchecked, with a note
SOURCE_LANGUAGES = {"en": "English", "es": "Spanish", "nl": "Dutch", "fr": "French"}
#: langdetect's probability below which a source's language counts as unknown
_SURE = 0.8


@dataclass(frozen=True, slots=True)
class SourceAnalysis:
    #: ISO 639-1 code of the source's language, or None when it is not one of SOURCE_LANGUAGES
    language: str | None
    #: what langdetect said, even when it is not a language we check ("" for no letters at all)
    detected: str
    alignment: Alignment

    def to_dict(self) -> dict:
        return {"language": self.language, "detected": self.detected, "alignment": self.alignment.to_dict()}

    @property
    def note(self) -> str | None:
        """Why the bitext checks did not run, when they did not."""
        if self.language is not None:
            return None
        known = ", ".join(SOURCE_LANGUAGES.values())
        what = f"detected as {self.detected!r}" if self.detected else "no language detected"
        return f"source language not one of {known} ({what}): bitext checks skipped"


def detect_language(text: str) -> tuple[str, float]:
    """langdetect's best guess for ``text`` and its probability, deterministic; ("", 0.0) for none."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text[:5000])[0]  # the first pages say it; langdetect is slow on long texts
    except LangDetectException:
        return "", 0.0
    return best.lang, best.prob


def source_analysis(article, source: str) -> SourceAnalysis:
    lang, prob = detect_language(source)
    known = lang if lang in SOURCE_LANGUAGES and prob >= _SURE else None
    return SourceAnalysis(language=known, detected=lang, alignment=align(article, source))


__all__ = [
    "SOURCE_LANGUAGES",
    "Alignment",
    "Pair",
    "SourceAnalysis",
    "align",
    "detect_language",
    "source_analysis",
]
