"""Russian words written in Latin letters: reverse transliteration to Cyrillic, German (Duden),
English and Dutch conventions alike, so that a Russian word an MT system left standing ("prawda",
"spasibo", "nasch") can be recognised by its frequency in Russian.

A Latin spelling maps to several Cyrillic candidates (German "ch" is х, English "ch" is ч; "s" is с or
з); candidates are generated longest-match first and capped, then looked up in wordfreq's Russian list.
"""

from __future__ import annotations

from functools import lru_cache

# Latin sequence -> Cyrillic readings, most likely first. Longest sequences are tried first.
READINGS: dict[str, tuple[str, ...]] = {
    "schtsch": ("щ",),
    "shch": ("щ",),
    "tsch": ("ч",),
    "tsj": ("ч",),
    "sch": ("ш",),
    "tch": ("ч",),
    "sh": ("ш",),
    "sj": ("ш",),
    "zh": ("ж",),
    "kh": ("х",),
    "ch": ("х", "ч"),
    "ts": ("ц",),
    "tz": ("ц",),
    "ja": ("я",),
    "ya": ("я",),
    "ju": ("ю",),
    "yu": ("ю",),
    "jo": ("ё", "йо"),
    "yo": ("ё",),
    "je": ("е",),
    "ye": ("е",),
    "ij": ("ий",),
    "yj": ("ый",),
    "iy": ("ий",),
    "ow": ("ов",),
    "a": ("а",),
    "b": ("б",),
    "w": ("в",),
    "v": ("в",),
    "g": ("г",),
    "d": ("д",),
    "e": ("е", "э"),
    "s": ("с", "з"),
    "z": ("з", "ц"),
    "i": ("и",),
    "j": ("й", "ж"),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "r": ("р",),
    "t": ("т",),
    "u": ("у",),
    "f": ("ф",),
    "h": ("х",),
    "y": ("ы", "й"),
    "c": ("к", "ц"),
    "x": ("кс",),
}
_KEYS = sorted(READINGS, key=len, reverse=True)
MAX_CANDIDATES = 64


def cyrillic_candidates(word: str) -> list[str]:
    """Cyrillic spellings a Latin transliteration may stand for (empty if a letter has no reading)."""
    word = word.lower()
    results = [""]
    i = 0
    while i < len(word):
        key = next((k for k in _KEYS if word.startswith(k, i)), None)
        if key is None:
            return []
        results = [r + c for r in results for c in READINGS[key]][:MAX_CANDIDATES]
        i += len(key)
    return results


#: the Russian words of wordfreq's list from this Zipf frequency on, with their frequency (built by
#: scripts/build_wordlists.py): 26,500 words that load in milliseconds, where wordfreq's whole list
#: of 713,000 took 0.6 s and 130 MB
RUSSIAN_TABLE = "wordlists/ru-zipf.tsv"
RUSSIAN_MIN_ZIPF = 3.5


@lru_cache(maxsize=1)
def _russian_frequencies() -> dict[str, float]:
    from audit.models import model_file

    text = model_file(RUSSIAN_TABLE).read_text(encoding="utf-8")
    return {word: float(z) for word, _, z in (line.partition("\t") for line in text.split("\n")[:-1])}


@lru_cache(maxsize=10_000)  # 479 look-ups of 457 words in 20,000 one-sentence records
def russian_reading(word: str) -> tuple[str, float] | None:
    """The most frequent Russian word this Latin spelling transliterates, with its Zipf frequency
    (``wordfreq.zipf_frequency``), among those of at least ``RUSSIAN_MIN_ZIPF``: the compiled table."""
    table = _russian_frequencies()
    best = None
    for candidate in cyrillic_candidates(word):
        z = table.get(candidate)
        if z is not None and (best is None or z > best[1]):
            best = (candidate, z)
    return best
