"""Word-formation checks for the non-word detectors: is an unknown German word still a plausible
derivation or compound, which known word does it become when its umlauts are restored, and which
frequent word is one edit away.

``Lexicon.compound_split`` is deliberately generous (it accepts three-letter parts such as "ade" or
"ter"), which is right for "do not flag this compound" but too weak as evidence that a word is
well formed. The checks here are stricter and case-aware: a lower-case word can only be a compound
whose head is itself a lower-case word (adjective, participle, verb), and every part must be a word
of some substance. Every lookup is cached: the lexicon's Hunspell calls cost ~0.2 ms each.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from audit.lexicon import LINKING_ELEMENTS, MAX_WORD_LENGTH, Lexicon, get_lexicon

# Productive prefixes that form new lower-case words from known ones (unkontrovers, halbautoritär,
# nichtliberal, rauszustreichen). "ge" is left out on purpose: ge- + present participle is the
# impossible form this module is asked to find (getrennenden).
_PREFIXES_TEXT = """
    un nicht halb ur miss über unter vor nach an ab auf aus ein zu be ver zer ent er her hin rein
    raus rum rüber runter weg wieder durch um mit meist hoch voll super anti pro post prä inter
    multi mega ultra hyper pseudo semi neo ex vize erz dreiviertel viertel drittel zweit dritt viert
    fünft selbst fremd gegen zurück zusammen weiter fort dar da los frei fest heim
"""
PREFIXES = tuple(sorted(_PREFIXES_TEXT.split(), key=len, reverse=True))

# Closed-class words: never the head of a compound (anklage|des is two words, not one).
_FUNCTION_WORDS_TEXT = """
    der die das den dem des ein eine einen einem einer eines und oder aber als wie dass so zu zum zur
    mit von vom für auf bei beim nach im am in an um aus ist sind war wird hat nicht auch sich ihr
    ihre sein seine es er sie wir man durch über gegen ohne seit bis
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

UMLAUT_PAIRS = (("a", "ä"), ("o", "ö"), ("u", "ü"), ("A", "Ä"), ("O", "Ö"), ("U", "Ü"))

#: Words whose answers each of a Morphology's caches keeps (see ``Morphology.__init__``).
CACHE_SIZE = 20_000


class Morphology:
    """Cached word-formation checks over one Lexicon."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or get_lexicon()
        # bounded by measurement (as in audit.lexicon): on 20,000 one-sentence records ``known`` had
        # 30,600 look-ups of 7,500 words (75% answered at 5,000), ``known_exact`` 19,800 of 19,600
        # (1% answered whatever the size) and ``plausible`` 1,160 of 1,100; the bounds were 200,000,
        # 200,000 and 100,000
        self.known = lru_cache(maxsize=CACHE_SIZE)(self._known)
        self.known_exact = lru_cache(maxsize=CACHE_SIZE)(self._known_exact)
        self.plausible = lru_cache(maxsize=CACHE_SIZE)(self._plausible)

    # --- what counts as known -------------------------------------------------------------------

    def _known_exact(self, word: str) -> bool:
        """Known in exactly this case: Hunspell de_DE or seen at least twice in our corpus."""
        # the corpus first: a dict look-up, where Hunspell takes 0.1-1 ms on a word it does not know
        return self.lexicon.corpus_count(word) >= 2 or self.lexicon.hunspell_de(word)

    def _known(self, word: str) -> bool:
        """Known in any evidence we have: Hunspell (any case), our corpus even once, or wordfreq."""
        lex = self.lexicon
        if lex.corpus_count(word) >= 1 or lex.hunspell_de(word):
            return True
        if lex.zipf(word.lower(), "de") > 0:
            return True
        cap = word[:1].upper() + word[1:]
        low = word[:1].lower() + word[1:]
        return any(lex.corpus_count(v) >= 1 or lex.hunspell_de(v) for v in {cap, low} - {word})

    def frequency(self, word: str) -> int:
        return self.lexicon.corpus_count(word)

    def is_lower_word(self, word: str) -> bool:
        """A known lower-case word form (adjective, verb, participle, adverb...). A lower-case string
        seen in the corpus mostly capitalised ("wochen") is a noun written small, not a word."""
        if len(word) < 3 or not word.islower():
            return False
        if self.lexicon.hunspell_de(word):
            return True
        count = self.frequency(word)
        return count >= 3 and count * 20 >= self.frequency(word.capitalize())

    def is_noun(self, word: str) -> bool:
        """Known capitalised and not known in lower case: a noun (or name) form."""
        cap = word[:1].upper() + word[1:].lower()
        return self.known_exact(cap) and not self.is_lower_word(word.lower())

    # --- plausibility of an unknown lower-case word ---------------------------------------------

    def _part_ok(self, part: str) -> bool:
        """A modifier of a compound: a known word (any case) of some substance."""
        if len(part) < 3:
            return False
        cap = part[:1].upper() + part[1:]
        if len(part) == 3:  # three-letter modifiers exist (Zug, Weg, Eis) but so does noise
            return self.frequency(cap) >= 300 or self.frequency(part) >= 300
        return self.known_exact(part) or self.known_exact(cap)

    def _plausible(self, word: str) -> bool:
        """Whether an unknown lower-case word is a regular compound or prefix derivation of known
        words (krankheitsähnlichen, unkontroverses, rauszustreichen)."""
        if len(word) > MAX_WORD_LENGTH:
            return False  # not analysed (audit.lexicon.MAX_WORD_LENGTH)
        w = word.lower()
        if self.is_lower_word(w):
            return True
        # modifier + (linking element) + lower-case head, longest head first
        for i in range(3, len(w) - 2):
            head = w[i:]
            if head in FUNCTION_WORDS:
                continue
            if not self.is_lower_word(head) and not (len(head) >= 6 and self._plausible_head(head)):
                continue
            modifier = w[:i]
            for link in LINKING_ELEMENTS:
                if link and not modifier.endswith(link):
                    continue
                stem = modifier[: len(modifier) - len(link)] if link else modifier
                if self._part_ok(stem) or (len(stem) >= 6 and self.plausible(stem)):
                    return True
        for prefix in PREFIXES:
            rest = w[len(prefix) :]
            if w.startswith(prefix) and len(rest) >= 4 and (self.is_lower_word(rest) or self.plausible(rest)):
                return True
        return self._graded(w)

    def _graded(self, w: str) -> bool:
        """A comparative or superlative of a known adjective, inflected (eigenständigere,
        humorvollstes): Hunspell lists few of them."""
        for infl in ("", "e", "en", "er", "es", "em"):
            if infl and not w.endswith(infl):
                continue
            base = w[: len(w) - len(infl)] if infl else w
            for grade in ("er", "st", "est"):
                stem = base[: -len(grade)]
                if base.endswith(grade) and len(stem) >= 4 and self.is_lower_word(stem):
                    return True
        return False

    def _plausible_head(self, head: str) -> bool:
        # a head that is itself a prefix derivation (…-unverglasten): one level only
        for prefix in PREFIXES:
            rest = head[len(prefix) :]
            if head.startswith(prefix) and len(rest) >= 4 and self.is_lower_word(rest):
                return True
        return False

    # --- candidate corrections ------------------------------------------------------------------

    def umlaut_restorations(self, word: str, min_count: int = 0) -> list[str]:
        """Known words obtained by restoring umlauts (a->ä, o->ö, u->ü) and, in lower-case words,
        ss->ß; most frequent first; only those seen ``min_count`` times or more in our corpus (from 2
        on, that is known already: Hunspell is not asked about the rest)."""
        slots = [i for i, ch in enumerate(word) if ch in "aouAOU"]
        sharp = word.islower() and "ss" in word
        if (not slots and not sharp) or len(slots) > 6:
            return []
        found: dict[str, int] = {}
        umlaut = dict(UMLAUT_PAIRS)
        for choice in product((False, True), repeat=len(slots)):
            chars = list(word)
            for flag, i in zip(choice, slots, strict=True):
                if flag:
                    chars[i] = umlaut[chars[i]]
            base = "".join(chars)
            for cand in (base, base.replace("ss", "ß")) if sharp else (base,):
                if cand == word:
                    continue
                count = self.frequency(cand)
                if count >= min_count and (min_count >= 2 or self.known_exact(cand)):
                    found[cand] = count
        return sorted(found, key=lambda c: -found[c])


@lru_cache(maxsize=1)
def get_morphology() -> Morphology:
    """The process-wide Morphology over the shared lexicon."""
    return Morphology()


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away (lower-case letters)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}
