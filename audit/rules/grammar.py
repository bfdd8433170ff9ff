"""Grammar: agreement inside the German noun phrase, where the lexicon is sure.

- ``article-noun-agreement``: a determiner whose case/number/gender cells share none with any reading
  of the noun (``die Abzug``: Abzug is masculine and has no plural in -zug; ``seine Heimatpublikum``;
  ``Dieses nahende Reise``), with inflected adjectives allowed in between.
- ``adjective-ending-agreement``: an adjective whose ending fits no common cell of its determiner and
  noun (``eine staatsrechtlichen Beschwerde``), or a bare strong adjective in ``-es`` or ``-em`` (endings
  only the strong declension has) before a noun that cannot be neuter nom/acc, resp. masculine/neuter
  dative (``wachsendes Partnerschaft``, ``mit großem Freude``).
- ``time-phrase-case``: a time expression in the nominative where German uses the accusative
  (``Letzter Monat teilte …`` -> ``Letzten Monat``).

Noun readings come from audit.lexicon.morphology (german-nouns; compounds take their head's). A check
fires only when every reading of the noun is incompatible; nouns declined like adjectives, nouns
without a known gender, names, headlines and phrases with a word we cannot parse are skipped.
Determiners that can also stand alone as pronouns ("weil das Zeit kostet", "dass jeder Hilfe
braucht", "ein System, in dem Frauen …") are trusted where they cannot be pronouns: at the start of a
sentence, after an enumerating "darunter", mostly after a preposition, or when the adjective ending rules
out a bare noun phrase. Elsewhere (after a verb) a singular noun is flagged only if the corpus nearly always
writes it with a determiner (data/grammar_rarely_bare_nouns.txt: "Abzug", not "Zeit"), and not after a
subordinating conjunction or before a copula ("wenn das Rechtsstaat ist").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from audit.document import Finding, Sentence, Token
from audit.lexicon import Lexicon
from audit.rules import ArticleContext, Rule, register

Cell = tuple[str, str]  # (case, number-gender): ("nom", "m"), ("gen", "p")


def _cells(spec: str) -> frozenset[Cell]:
    """``"nom.m gen.f"`` -> {("nom", "m"), ("gen", "f")}."""
    return frozenset(tuple(c.split(".")) for c in spec.split())  # type: ignore[misc]


# Cells of the definite-article endings (der-words: der, dieser, jener, jeder, welcher).
DER_ENDINGS = {
    "er": _cells("nom.m gen.f dat.f gen.p"),
    "e": _cells("nom.f acc.f nom.p acc.p"),
    "es": _cells("nom.n acc.n gen.m gen.n"),
    "em": _cells("dat.m dat.n"),
    # "Anfang diesen Jahres" is common and tolerated beside "dieses Jahres".
    "en": _cells("acc.m dat.p gen.m gen.n"),
}
# Cells of the ein-word endings (ein, kein, possessives); "" is the bare form.
EIN_ENDINGS = {
    "": _cells("nom.m nom.n acc.n"),
    "e": _cells("nom.f acc.f nom.p acc.p"),
    "en": _cells("acc.m dat.p"),
    "em": _cells("dat.m dat.n"),
    "er": _cells("gen.f dat.f gen.p"),
    "es": _cells("gen.m gen.n"),
}
DEFINITE = {
    "der": DER_ENDINGS["er"],
    "die": DER_ENDINGS["e"],
    "das": _cells("nom.n acc.n"),
    "dem": DER_ENDINGS["em"],
    "den": _cells("acc.m dat.p"),
    "des": _cells("gen.m gen.n"),
}
DER_STEMS = ("dies", "jen", "jed", "welch")
# "ihr", "unser", "euer" bare are also pronouns ("gab ihr Anweisungen"); only their inflected forms count.
EIN_STEMS = ("ein", "kein", "mein", "dein", "sein", "ihr", "unser", "euer")
BARE_EIN = frozenset({"ein", "kein", "mein", "dein", "sein"})
# Determiner forms that can stand alone as pronouns and so be followed by a bare noun phrase.
# "mein-" and "sein" are verb forms too ("ich meine", "sein").
PRONOUN_CAPABLE_STEMS = ("dies", "jen", "jed", "welch", "ein", "kein", "mein")


def determiner(word: str) -> tuple[frozenset[Cell], str] | None:
    """The cells a determiner form can fill and the adjective declension after it
    (``weak`` after an ending, ``mixed`` after a bare ein-word); None if not a determiner."""
    return _DETERMINERS.get(word.lower())


def _determiner_of(w: str) -> tuple[frozenset[Cell], str] | None:
    """``determiner`` of a lower-case form, by the stems and endings (``_DETERMINERS`` holds the answers)."""
    if w in DEFINITE:
        return DEFINITE[w], "weak"
    for stem in DER_STEMS:
        ending = w[len(stem) :]
        if w.startswith(stem) and ending in DER_ENDINGS and ending:
            return DER_ENDINGS[ending], "weak"
    for stem in EIN_STEMS:
        if not w.startswith(stem):
            continue
        ending = w[len(stem) :]
        if ending in EIN_ENDINGS and (ending or w in BARE_EIN):
            cells = EIN_ENDINGS[ending]
            if stem == "ein":
                cells = frozenset(c for c in cells if c[1] != "p")  # the indefinite article has no plural
            return cells, "weak" if ending else "mixed"
    if w.startswith("eur") and w[3:] in EIN_ENDINGS and w[3:]:
        return EIN_ENDINGS[w[3:]], "weak"
    return None


#: Every determiner form with its answer. ``_determiner_of`` answers only for the definite articles
#: and for a stem followed by one of its endings, so these are all the forms; ``determiner`` is asked
#: about every word of every sentence (80,000 times on 100,000 words), where trying the stems one by
#: one took a few microseconds each time (a cache of 512 forms kept few of the words asked about).
_DETERMINERS = {
    form: answer
    for form in (
        *DEFINITE,
        *(stem + ending for stem in DER_STEMS for ending in DER_ENDINGS),
        *(stem + ending for stem in (*EIN_STEMS, "eur") for ending in EIN_ENDINGS),
    )
    if (answer := _determiner_of(form)) is not None
}


def pronoun_capable(word: str) -> bool:
    w = word.lower()
    if w in DEFINITE or w in ("sein", "mein"):
        return w != "des"
    if w in BARE_EIN:
        return False
    return w.startswith(PRONOUN_CAPABLE_STEMS)


# Adjective endings by declension and cell.
STRONG = {
    ("nom", "m"): "er",
    ("acc", "m"): "en",
    ("dat", "m"): "em",
    ("gen", "m"): "en",
    ("nom", "f"): "e",
    ("acc", "f"): "e",
    ("dat", "f"): "er",
    ("gen", "f"): "er",
    ("nom", "n"): "es",
    ("acc", "n"): "es",
    ("dat", "n"): "em",
    ("gen", "n"): "en",
    ("nom", "p"): "e",
    ("acc", "p"): "e",
    ("dat", "p"): "en",
    ("gen", "p"): "er",
}
GENITIVE_MN = _cells("gen.m gen.n")
WEAK_E = _cells("nom.m nom.f nom.n acc.f acc.n")


def adjective_ending(cell: Cell, declension: str) -> str:
    if declension == "strong":
        return STRONG[cell]
    if declension == "mixed" and cell in {("nom", "m"), ("nom", "n"), ("acc", "n")}:
        return STRONG[cell]
    return "e" if cell in WEAK_E else "en"


ENDINGS = ("en", "er", "es", "em", "e")

PREPOSITIONS = frozenset(
    [
        "an",
        "auf",
        "aus",
        "bei",
        "bis",
        "durch",
        "für",
        "gegen",
        "hinter",
        "in",
        "mit",
        "nach",
        "neben",
        "ohne",
        "seit",
        "über",
        "um",
        "unter",
        "von",
        "vor",
        "während",
        "wegen",
        "zu",
        "zwischen",
        "gegenüber",
        "trotz",
        "statt",
        "anstatt",
        "innerhalb",
        "außerhalb",
        "oberhalb",
        "unterhalb",
        "entlang",
        "angesichts",
        "aufgrund",
        "infolge",
        "mithilfe",
        "laut",
        "gemäß",
        "dank",
        "binnen",
        "jenseits",
        "diesseits",
        "seitens",
        "zugunsten",
        "bezüglich",
        "hinsichtlich",
        "ab",
        "samt",
        "nebst",
        "per",
        "via",
        "einschließlich",
        "inklusive",
    ]
)
# Words that introduce an enumeration of noun phrases: a determiner after them is an article.
ENUMERATORS = frozenset(["darunter", "insbesondere", "namentlich", "etwa", "beispielsweise"])
# Adverbs that may stand between a determiner and an adjective ("die sehr große Zahl").
DEGREE_ADVERBS = frozenset(
    [
        "sehr",
        "besonders",
        "äußerst",
        "ganz",
        "recht",
        "ziemlich",
        "relativ",
        "überaus",
        "höchst",
        "noch",
        "bereits",
        "schon",
        "fast",
        "nahezu",
        "kaum",
        "so",
    ]
)
# Quantifiers: after a pronoun they begin a bare noun phrase ("weil das viele Menschen tun").
QUANTIFIERS = frozenset(
    [
        "viele",
        "vielen",
        "vieler",
        "wenige",
        "wenigen",
        "weniger",
        "einige",
        "einigen",
        "einiger",
        "mehrere",
        "mehreren",
        "mehrerer",
        "alle",
        "allen",
        "aller",
        "beide",
        "beiden",
        "beider",
        "andere",
        "anderen",
        "anderer",
        "sämtliche",
        "sämtlichen",
        "zahlreiche",
        "zahlreichen",
    ]
)
NOT_ADJECTIVES = frozenset(
    [
        "alles",
        "dieses",
        "jenes",
        "jedes",
        "manches",
        "welches",
        "solches",
        "eines",
        "keines",
        "vieles",
        "weniges",
        "etwas",
        "mehr",
        "weniger",
        "einander",
        "selber",
        "selbst",
        "ihres",
        "seines",
        "meines",
        "deines",
        "unseres",
        "eures",
    ]
)


@lru_cache(maxsize=50_000)  # every answer that can be cached at 50,000 (issue 15's measurement)
def inflected_adjective(lexicon: Lexicon, word: str) -> str | None:
    """The ending of a lower-case inflected adjective form (``russischen`` -> ``en``), else None.

    The form must be German, end in an adjective ending, and its stem (or the stem plus -e, for
    ``teuren``/``teure``) be German too, so that verbs and adverbs ending in -en/-er rarely pass."""
    if not word.isalpha() or not word.islower() or word in NOT_ADJECTIVES or word in QUANTIFIERS:
        return None
    if determiner(word) is not None:
        return None
    # the first adjective ending that leaves a stem of three letters, before Hunspell (the slow part):
    # a word without one is no inflected adjective, German or not
    ending = next((e for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= 3), None)
    if ending is None or not lexicon.hunspell_de(word):
        return None
    stem = word[: -len(ending)]
    # The stem plus -e and plus -en must both be words: an adjective declines.
    if not (
        lexicon.hunspell_de(stem) and lexicon.hunspell_de(stem + "e") and lexicon.hunspell_de(stem + "en")
    ):
        return None
    if lexicon.hunspell_de(stem[:1].upper() + stem[1:]) and not lexicon.hunspell_de(stem + "es"):
        return None  # a noun stem ("Leben", "Ende") rather than an adjective
    return ending


def noun_cells(lexicon: Lexicon, w: str) -> frozenset[Cell] | None:
    """The (case, number-gender) cells a capitalised noun form can fill, None when unknown or unsure
    (names, nominalised adjectives, English loans, pronouns and numerals)."""
    from audit.lexicon.morphology import noun_readings

    if (
        not w[:1].isupper()
        or w.isupper()
        or not w.replace("-", "").isalpha()
        or w in PRONOUNS | NUMERAL_NOUNS
    ):
        return None
    if inflected_adjective(lexicon, w[:1].lower() + w[1:]) is not None:
        return None  # "Das Bittere ist …": a nominalised adjective declines like one
    readings = noun_readings(w, lexicon)
    if _english_loan(lexicon, w.rsplit("-", 1)[-1]):
        # "ein Cameo", "der Leverage": loanwords often have a gender the table lacks; trusted only
        # where both noun tables know the form with the same genders ("das Budget")
        from audit.syntax.morph import table_noun_readings

        other = table_noun_readings(w)
        if not readings or not other or {g for _, g in readings} != {g for _, g in other}:
            return None
    return readings


PRONOUNS = frozenset(["Sie", "Ihnen", "Ihr", "Ihre", "Er", "Es", "Wir", "Ich", "Du", "Man"])
# Numerals used as nouns keep a plural sense whatever their gender ("unter den ersten Vier").
NUMERAL_NOUNS = frozenset(
    [
        "Null",
        "Eins",
        "Zwei",
        "Drei",
        "Vier",
        "Fünf",
        "Sechs",
        "Sieben",
        "Acht",
        "Neun",
        "Zehn",
        "Elf",
        "Zwölf",
        "Zwanzig",
        "Hundert",
        "Tausend",
    ]
)


@lru_cache(maxsize=20_000)  # every answer that can be cached at 20,000 (issue 15's measurement)
def _english_loan(lexicon: Lexicon, word: str) -> bool:
    lower = word.lower()
    return lexicon.is_english(lower) and lexicon.zipf(lower, "en") > lexicon.zipf(lower, "de") + 0.5


def _is_headline(sentence: Sentence) -> bool:
    """A line without final punctuation (headline, caption, teaser)."""
    return not sentence.has_final_punctuation


class _Phrase:
    """A parsed determiner + adjectives + noun."""

    __slots__ = ("det", "adjectives", "noun", "det_index")

    def __init__(self, det: Token, adjectives: list[tuple[Token, str]], noun: Token, det_index: int):
        self.det = det
        self.adjectives = adjectives
        self.noun = noun
        self.det_index = det_index


def noun_phrases(ctx: ArticleContext, sentence: Sentence) -> Iterator[_Phrase]:
    """Determiner + (degree adverbs and inflected adjectives)* + capitalised noun, in one sentence."""
    tokens = sentence.tokens
    lexicon = ctx.lexicon
    for i, token in enumerate(tokens):
        if token.kind != "word" or determiner(token.text) is None:
            continue
        if token.text[:1].isupper() and i > 0 and tokens[i - 1].kind == "word":
            continue  # "Seiner Majestät", "Ihre Frage": a capitalised determiner mid-sentence is a name or polite form
        if i > 0 and determiner(tokens[i - 1].text) is not None:
            continue  # "auf der einen Seite", "einer jeden Zivilisation": declined as an adjective
        adjectives: list[tuple[Token, str]] = []
        j = i + 1
        while j < len(tokens) and j - i <= 5:
            t = tokens[j]
            if t.kind != "word" or determiner(t.text) is not None:
                break
            ending = inflected_adjective(lexicon, t.text)
            if ending is not None:
                adjectives.append((t, ending))
            elif t.text not in DEGREE_ADVERBS:
                break
            j += 1
        if j >= len(tokens) or tokens[j].kind != "word" or not tokens[j].text[:1].isupper():
            continue
        if tokens[j - 1].text in DEGREE_ADVERBS:
            continue  # "wird das kaum Einfluss haben": an adverb before a bare noun, no noun phrase
        if ctx.text[tokens[j - 1].end : tokens[j].start] != " ":
            continue
        after = ctx.text[tokens[j].end : tokens[j].end + 1]
        if after and not (after.isspace() or after in ',.;:!?)“”"«»'):
            continue  # "Die Stadtbild/Schulhof-Problematik": the noun is not the head
        yield _Phrase(token, adjectives, tokens[j], i)


def _next_is_capitalised(tokens: tuple[Token, ...], noun: Token, text: str) -> bool:
    """The noun is followed directly by another capitalised word or a number: a name or title may
    continue ("das Hamburger Abendblatt", "die Top 10"), so the first word need not be the head."""
    for t in tokens:
        if t.start >= noun.end:
            return (
                t.kind in ("word", "number")
                and text[noun.end : t.start] == " "
                and (t.text[:1].isupper() or t.kind == "number")
            )
    return False


CLAUSE_MARKS = frozenset({",", "–", "—", "-", "(", ";"})


def relative_pronoun(tokens: tuple[Token, ...], i: int, det: Token) -> bool:
    """A d-word or welch- after a comma, or after a comma and a preposition: a relative pronoun
    ("die Truppen, die Abzug fordern"; "das Land, in dem Kinder …")."""
    lower = det.text.lower()
    if lower not in DEFINITE and not lower.startswith("welch"):
        return False
    prev = tokens[i - 1] if i > 0 else None
    prev2 = tokens[i - 2] if i > 1 else None
    if prev is None:
        return det.text[:1].islower()  # a line that continues a list: "…, 2. die schwerwiegende Verstöße"
    if prev.text in CLAUSE_MARKS:
        return True
    return prev.text.lower() in PREPOSITIONS and prev2 is not None and prev2.text in CLAUSE_MARKS


def _certainly_article(tokens: tuple[Token, ...], i: int, det: Token) -> bool:
    """Whether the determiner cannot be a pronoun here: a form that is never one, or one at the start
    of a sentence or clause or after a preposition ("weil das Zeit kostet" has a pronoun)."""
    prev = tokens[i - 1] if i > 0 else None
    lower = det.text.lower()
    if prev is not None and lower.startswith("welch") and prev.text.lower() in PREPOSITIONS:
        return False  # "Familien, in welchen Selbstmorde vorkamen": relative, even without the comma
    if lower == "sein" and prev is not None and prev.text.lower() == "zu":
        return False  # "zu sein": the verb
    if not pronoun_capable(det.text):
        return True
    if prev is not None and prev.text.lower() in PREPOSITIONS:
        # "mit einem Frau", "in das Süden" have articles (relative pronouns are ruled out before);
        # "von diesem Partnerschaft erwartet" may have a pronoun.
        return lower.startswith(("ein", "kein")) or lower in DEFINITE
    if prev is None:
        return det.text[:1].isupper()  # a line starting in lower case continues a sentence ("…, die")
    return (prev.kind == "punct" and prev.text != ",") or prev.text.lower() in ENUMERATORS


def article_by_syntax(ctx: ArticleContext, sentence: Sentence, i: int, det: Token) -> bool:
    """What the syntax layer settles where the words alone do not: a d-word right after a copula
    ("Das ist der Haus": a predicate, not a pronoun before a bare noun), or an ein-/kein- form the
    tagger reads as attributive ("einen neues Auto", "keine Budget"); the pronoun-typical forms
    einer, eines, keiner, keines ("dass einer Hilfe braucht") stay unsure."""
    tokens = sentence.tokens
    lower = det.text.lower()
    tags = ctx.syntax_of(sentence)
    if tags is None:
        return False
    if (
        i > 1
        and tokens[i - 1].text in COPULA
        and lower in DEFINITE
        and tags[i - 2] in ("PDS", "PPER", "NN", "NE")
    ):
        return True  # subject, copula, predicate: not "Zudem ist das schlechter Stil"
    if not lower.startswith(("ein", "kein")) or lower in ("einer", "eines", "keiner", "keines"):
        return False
    return tags[i] in ("ART", "PIAT")


# Nouns of adverbial time phrases, which follow any pronoun ("die nächstes Jahr zur Wahl stehen",
# "in dem lange Zeit herbeigesehnten Urteil").
TIME_NOUNS = frozenset(
    [
        "Jahr",
        "Monat",
        "Woche",
        "Tag",
        "Zeit",
        "Mal",
        "Stunde",
        "Minute",
        "Sekunde",
        "Weile",
        "Abend",
        "Morgen",
        "Nacht",
        "Nachmittag",
        "Vormittag",
        "Jahrzehnt",
        "Jahrhundert",
        "Wochenende",
        "Saison",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonnabend",
        "Sonntag",
    ]
)


def _time_phrase(phrase: _Phrase, readings: frozenset[Cell]) -> bool:
    """Adjective + time noun that can stand alone as an adverbial ("nächstes Jahr", "lange Zeit")."""
    return (
        phrase.noun.text in TIME_NOUNS and bool(phrase.adjectives) and _bare_phrase_possible(phrase, readings)
    )


NAME_PARTICLES = frozenset(["Von", "Van", "Vom", "De", "Zum", "Zur"])
TIME_SPAN_NOUNS = frozenset(["Anfang", "Ende", "Mitte", "Beginn"])


def _special_context(sentence: Sentence, phrase: _Phrase) -> bool:
    """Names ("das Von der Heydt-Museum"), time adverbials inside the phrase ("der Ende des
    20. Jahrhunderts errichtete Bau") and abbreviations ("des Art. 1 GG")."""
    tokens = sentence.tokens
    i = phrase.det_index
    if i > 0 and tokens[i - 1].text in NAME_PARTICLES and tokens[i - 1].start != sentence.start:
        return True
    after = [t for t in tokens if t.start >= phrase.noun.end][:2]
    if (
        phrase.noun.text in TIME_SPAN_NOUNS
        and after
        and (after[0].kind == "number" or after[0].text in ("des", "der"))
    ):
        return True
    if after and after[0].text in ("for", "of", "and", "the", "&"):
        return True  # "Das Centres for Disease Control": an English name
    # "des Art. 1 GG": an abbreviation's period inside the sentence, not the sentence's own
    return bool(after) and after[0].text == "." and len(phrase.noun.text) <= 4 and after[0].end < sentence.end


def _adjective_follows(ctx: ArticleContext, sentence: Sentence, phrase: _Phrase) -> bool:
    """A later adjective + noun that agree with the determiner: the determiner belongs to them and the
    first noun is part of an adverbial in between ("die Anfang des Jahres beschlossene Regel",
    "in dem lange Zeit herbeigesehnten Urteilsspruch")."""
    cells, declension = determiner(phrase.det.text)
    after = [t for t in sentence.tokens if t.start > phrase.noun.end][:6]
    for k in range(len(after) - 1):
        t, nxt = after[k], after[k + 1]
        if t.kind != "word" and t.text not in ("-", "–"):
            return False
        ending = inflected_adjective(ctx.lexicon, t.text)
        if ending is None or not nxt.text[:1].isupper():
            continue
        readings = noun_cells(ctx.lexicon, nxt.text)
        if readings is None:
            return True  # cannot tell: stay silent
        if any(adjective_ending(c, declension) == ending for c in cells & readings):
            return True
    return False


def _bare_phrase_possible(phrase: _Phrase, readings: frozenset[Cell]) -> bool:
    """Whether the words after a pronoun-capable determiner can be a noun phrase of their own:
    no adjective, or a last adjective with the strong ending of some reading of the noun."""
    if not phrase.adjectives:
        return True
    return phrase.adjectives[-1][1] in {STRONG[c] for c in readings}


# Conjunctions that open a clause where a pronoun subject may precede a bare noun ("weil das Zeit kostet").
SUBORDINATORS = frozenset(
    [
        "dass",
        "daß",
        "weil",
        "wenn",
        "ob",
        "da",
        "obwohl",
        "obgleich",
        "als",
        "falls",
        "sodass",
        "damit",
        "nachdem",
        "bevor",
        "ehe",
        "während",
        "wie",
        "indem",
        "seit",
        "seitdem",
        "bis",
        "sobald",
        "solange",
        "und",
        "oder",
        "aber",
        "denn",
        "sondern",
        "doch",
        "wo",
        "wobei",
        "womit",
        "wodurch",
        "weshalb",
        "warum",
    ]
)
# Forms of the copula: "wenn das Rechtsstaat ist" has a bare predicate noun.
COPULA = frozenset(
    [
        "ist",
        "sind",
        "war",
        "waren",
        "wäre",
        "wären",
        "sei",
        "seien",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "würde",
        "würden",
        "bleibt",
        "bleiben",
        "blieb",
        "heißt",
    ]
)


def _after_subordinator_or_before_copula(tokens: tuple[Token, ...], phrase: _Phrase) -> bool:
    i = phrase.det_index
    if i > 0 and tokens[i - 1].text.lower() in SUBORDINATORS:
        return True
    after = [t for t in tokens if t.start >= phrase.noun.end]
    return bool(after) and after[0].text in COPULA


@lru_cache(maxsize=1)
def rarely_bare_nouns() -> frozenset[str]:
    """Nouns the corpus nearly always writes after a determiner (data/grammar_rarely_bare_nouns.txt)."""
    path = Path(__file__).with_name("data") / "grammar_rarely_bare_nouns.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=50_000)
def _rarely_bare(lexicon: Lexicon, noun: str) -> bool:
    """The noun, or the longest head of the compound, is in the seldom-bare list."""
    words = rarely_bare_nouns()
    noun = noun.rsplit("-", 1)[-1]
    if noun in words:
        return True
    if lexicon.corpus_count(noun) >= 20:
        return False  # counted, and often bare ("Partnerschaft" is not judged by "Schaft")
    for i in range(4, len(noun) - 3):
        head = noun[i].upper() + noun[i + 1 :]
        if lexicon.is_german_any_case(noun[:i]) or lexicon.is_german_any_case(noun[:i].rstrip("s")):
            if head in words:
                return True
            if lexicon.hunspell_de(head):
                return False  # the head is a word the list does not hold: unknown, stay silent
    return False


@register
class ArticleNounAgreementRule(Rule):
    id = "article-noun-agreement"
    category = "grammar"
    severity = "major"
    message = "Article and noun do not agree in gender, number or case"
    description = (
        "A determiner (der, ein, kein, dieser, seine …) that fits no reading of the noun it goes with: "
        "no case, singular or plural, of the noun's gender (die Abzug, seine Heimatpublikum)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for sentence in ctx.sentences:
            if _is_headline(sentence):
                continue
            for phrase in noun_phrases(ctx, sentence):
                det = phrase.det
                cells, _ = determiner(det.text)
                readings = noun_cells(ctx.lexicon, phrase.noun.text)
                if readings is None or cells & readings:
                    continue
                if cells & GENITIVE_MN and readings & {("nom", "m"), ("nom", "n")}:
                    continue  # "des Kreml", "des Euro": the genitive -s is often dropped on names and loans
                if relative_pronoun(sentence.tokens, phrase.det_index, det) or _special_context(
                    sentence, phrase
                ):
                    continue
                if (
                    det.text.lower() in DEFINITE
                    and phrase.det_index > 0
                    and sentence.tokens[phrase.det_index - 1].text.lower() in PREPOSITIONS
                    and all(n == "p" for _, n in readings)
                ):
                    continue  # "ein System, in dem Frauen nicht gleichberechtigt sind": relative + bare plural
                if phrase.adjectives and all(c == "gen" for c, _ in readings):
                    continue  # "zu den ältesten Deutschlands": an adjective standing for a noun, then a genitive
                if _time_phrase(phrase, readings) or _adjective_follows(ctx, sentence, phrase):
                    continue
                certain = _certainly_article(sentence.tokens, phrase.det_index, det) or article_by_syntax(
                    ctx, sentence, phrase.det_index, det
                )
                if not certain and _bare_phrase_possible(phrase, readings):
                    # A pronoun may precede a bare noun ("weil das Zeit kostet"); not a noun that the
                    # corpus nearly always writes with a determiner ("… forderte die Abzug der Truppen").
                    if phrase.adjectives or any(n == "p" for _, n in readings):
                        continue
                    if not _rarely_bare(ctx.lexicon, phrase.noun.text):
                        continue
                    if _after_subordinator_or_before_copula(sentence.tokens, phrase):
                        continue
                if any(a.text in QUANTIFIERS for a, _ in phrase.adjectives):
                    continue
                if _next_is_capitalised(sentence.tokens, phrase.noun, ctx.text):
                    continue
                if ctx.overlaps_protected(det.start, phrase.noun.end):
                    continue
                yield self.finding(
                    ctx,
                    det.start,
                    phrase.noun.end,
                    suggestions=_suggest(det.text, readings, cells, phrase)
                    or _agreeing_phrases(det.text, readings, cells, phrase, _governed(sentence, phrase)),
                    confidence=0.85 if phrase.adjectives else 0.9,
                )


def _suggest(det: str, readings: frozenset[Cell], cells: frozenset[Cell], phrase: _Phrase) -> list[str]:
    """The corrected determiner when exactly one form of its family fits the noun in the same case."""
    cases = {c for c, _ in cells}
    wanted = {r for r in readings if r[0] in cases and r[1] != "p"}
    if not wanted:  # a plural-only form: "des Sicherheitsrats-Vorschriften" -> "der"
        wanted = {r for r in readings if r[0] in cases}
    genders = {g for _, g in wanted}
    if len(genders) != 1:
        return []
    lower = det.lower()
    if lower in DEFINITE:
        family = dict(DEFINITE)
    else:
        stem = next((s for s in DER_STEMS + EIN_STEMS if lower.startswith(s)), None)
        if stem is None:
            return []
        table = DER_ENDINGS if stem in DER_STEMS else EIN_ENDINGS
        family = {stem + e: determiner(stem + e)[0] for e in table if e or stem in BARE_EIN}
    fits = [form for form, c in family.items() if c & wanted]
    if phrase.adjectives:
        # Keep the forms after which the adjective's ending is right ("Diese nahende Reise").
        ending = phrase.adjectives[-1][1]
        fits = [
            form
            for form in fits
            if any(adjective_ending(c, determiner(form)[1]) == ending for c in family[form] & wanted)
        ]
    if not 1 <= len(fits) <= 2:
        return []
    rest = " ".join(t.text for t, _ in phrase.adjectives) + " " + phrase.noun.text
    if det[:1].isupper():
        fits = [form[:1].upper() + form[1:] for form in fits]
    return [f"{form} {rest.strip()}" for form in fits]


def _governed(sentence: Sentence, phrase: _Phrase) -> frozenset[str] | None:
    """The cases the preposition before the phrase governs, None when no preposition precedes it."""
    from audit.syntax.morph import prepositions

    if phrase.det_index == 0:
        return None
    entry = prepositions().get(sentence.tokens[phrase.det_index - 1].text.lower())
    return entry[0] if entry else None


def _agreeing_phrases(
    det: str, readings: frozenset[Cell], cells: frozenset[Cell], phrase: _Phrase, governed
) -> list[str]:
    """When no single determiner fixes the phrase: every phrase of the same determiner family in which
    determiner, adjectives and noun agree, in the cases the preposition before it governs (else the
    cases the determiner shows), for the language model to rank: "in einem kleine Stadt" -> "in einer
    kleinen Stadt", "in eine kleine Stadt". The noun is kept as written, so only its own cells count."""
    lower = det.lower()
    if lower in DEFINITE:
        family = dict(DEFINITE)
    else:
        stem = next((s for s in DER_STEMS + EIN_STEMS if lower.startswith(s)), None)
        if stem is None:
            return []
        table = DER_ENDINGS if stem in DER_STEMS else EIN_ENDINGS
        family = {stem + e: determiner(stem + e)[0] for e in table if e or stem in BARE_EIN}
    cases = governed or {c for c, _ in cells}
    out: list[str] = []
    for cell in sorted(r for r in readings if r[0] in cases):
        for form, form_cells in family.items():
            if cell not in form_cells:
                continue
            words = [form[:1].upper() + form[1:] if det[:1].isupper() else form]
            declension = determiner(form)[1]
            for token, ending in phrase.adjectives:
                base = token.text[: len(token.text) - len(ending)] if ending else token.text
                words.append(base + adjective_ending(cell, declension))
            words.append(phrase.noun.text)
            out.append(" ".join(words))
    return list(dict.fromkeys(out))[:4]


@register
class AdjectiveEndingAgreementRule(Rule):
    id = "adjective-ending-agreement"
    category = "grammar"
    severity = "minor"
    message = "Adjective ending does not agree with the noun"
    description = (
        "An attributive adjective whose ending fits no cell shared by its determiner and noun "
        "(eine staatsrechtlichen Beschwerde), or a strong -es adjective before a noun that cannot be "
        "neuter singular (wachsendes Partnerschaft)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for sentence in ctx.sentences:
            # An -es adjective before a noun that cannot be neuter is wrong in a headline too.
            yield from self._strong_es(ctx, sentence)
            if not _is_headline(sentence):
                yield from self._after_determiner(ctx, sentence)

    def _after_determiner(self, ctx: ArticleContext, sentence: Sentence) -> Iterator[Finding]:
        for phrase in noun_phrases(ctx, sentence):
            if not phrase.adjectives:
                continue
            adj, ending = phrase.adjectives[-1]
            if adj.end + 1 != phrase.noun.start:
                continue  # only the adjective right before the noun: earlier ones may be adverbs
            cells, declension = determiner(phrase.det.text)
            readings = noun_cells(ctx.lexicon, phrase.noun.text)
            if readings is None:
                continue
            common = cells & readings
            if not common or _next_is_capitalised(sentence.tokens, phrase.noun, ctx.text):
                continue  # no common cell: article-noun-agreement reports it
            if relative_pronoun(sentence.tokens, phrase.det_index, phrase.det):
                continue
            as_article = {adjective_ending(c, declension) for c in common}
            allowed = set(as_article)
            if not (
                _certainly_article(sentence.tokens, phrase.det_index, phrase.det)
                or article_by_syntax(ctx, sentence, phrase.det_index, phrase.det)
            ):
                allowed |= {STRONG[c] for c in readings}  # "das rechten Blasen entnommen": a pronoun
            if ending in allowed or ctx.overlaps_protected(phrase.det.start, phrase.noun.end):
                continue
            stem = adj.text[: -len(ending)]
            fixes = [stem + e for e in sorted(as_article)] if len(as_article) == 1 else []
            yield self.finding(ctx, adj.start, adj.end, suggestions=fixes, confidence=0.75)

    def _strong_es(self, ctx: ArticleContext, sentence: Sentence) -> Iterator[Finding]:
        """A bare adjective in -es (only nom/acc neuter) or -em (only dat masc/neuter), endings that
        weak and mixed declension never have, before a noun that has no such reading."""
        tokens = sentence.tokens
        for i in range(1, len(tokens) - 1):
            adj, noun = tokens[i], tokens[i + 1]
            if (
                adj.kind != "word"
                or not adj.text.endswith(("es", "em"))
                or ctx.text[adj.end : noun.start] != " "
            ):
                continue
            ending = inflected_adjective(ctx.lexicon, adj.text)
            if ending not in STRONG_ONLY:
                continue
            prev = tokens[i - 1]
            if prev.kind == "word" and (
                determiner(prev.text) is not None or inflected_adjective(ctx.lexicon, prev.text) is not None
            ):
                continue  # not a bare strong adjective (or a chain we do not parse)
            if prev.kind == "word" and prev.text.lower() in {"etwas", "nichts", "viel", "wenig", "allerlei"}:
                continue
            if adj.text in ADVERBIAL_IDIOMS:
                continue  # "vor allem Frauen", "seit langem Vorwürfe": the phrase is an adverb
            readings = noun_cells(ctx.lexicon, noun.text)
            if readings is None or readings & STRONG_ONLY[ending]:
                continue
            if _next_is_capitalised(tokens, noun, ctx.text) or ctx.overlaps_protected(adj.start, noun.end):
                continue
            fixes = _strong_fix(adj.text[: -len(ending)], ending, readings)
            yield self.finding(
                ctx, adj.start, noun.end, suggestions=[f + " " + noun.text for f in fixes], confidence=0.8
            )


# Adjectives in -em that form adverbs with a preposition (vor allem, seit langem, bei weitem, von neuem).
ADVERBIAL_IDIOMS = frozenset(
    ["allem", "langem", "längerem", "kurzem", "weitem", "neuem", "frühem", "nahem", "hohem", "ganzem"]
)

# Strong endings that no weak or mixed form has, and the cells they can fill.
STRONG_ONLY = {"es": _cells("nom.n acc.n"), "em": _cells("dat.m dat.n")}


def _strong_fix(stem: str, ending: str, readings: frozenset[Cell]) -> list[str]:
    """The strong form in the same case for the noun's gender, when that gender is unique."""
    cases = {c for c, _ in STRONG_ONLY[ending]}
    genders = {g for c, g in readings if c in cases}
    if len(genders) != 1:
        return []
    gender = next(iter(genders))
    endings = {STRONG[(c, gender)] for c in cases}
    return [stem + e for e in sorted(endings)] if len(endings) == 1 else []


TIME_ADJECTIVES = ("letzter", "vergangener", "voriger", "nächster", "kommender")
MASCULINE_TIME_NOUNS = frozenset(
    [
        "Monat",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonnabend",
        "Sonntag",
        "Winter",
        "Sommer",
        "Herbst",
        "Frühling",
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ]
)


@register
class TimePhraseCaseRule(Rule):
    id = "time-phrase-case"
    category = "grammar"
    severity = "minor"
    message = "Time expression in the nominative: German uses the accusative (letzten Monat)"
    description = (
        "A bare strong adjective in -er before a masculine time noun (Letzter Monat teilte …, "
        "ein Funktionär letzter Monat …), not after a determiner, preposition or Anfang/Ende/Mitte."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for sentence in ctx.sentences:
            tokens = sentence.tokens
            for i in range(len(tokens) - 2):
                adj, noun, after = tokens[i], tokens[i + 1], tokens[i + 2]
                if adj.text.lower() not in TIME_ADJECTIVES or noun.text not in MASCULINE_TIME_NOUNS:
                    continue
                if ctx.text[adj.end : noun.start] != " ":
                    continue
                prev = tokens[i - 1] if i > 0 else None
                if (
                    prev is not None
                    and prev.kind == "word"
                    and (
                        determiner(prev.text) is not None
                        or prev.text.lower() in PREPOSITIONS
                        or prev.text in {"Anfang", "Ende", "Mitte", "als", "Als"}
                        or inflected_adjective(ctx.lexicon, prev.text) is not None
                    )
                ):
                    continue
                # A verb or other lower-case word must follow: "Letzter Monat teilte …", not a title.
                if after.kind != "word" or not after.text[:1].islower():
                    continue
                fix = adj.text[:-1] + "n"
                yield self.finding(
                    ctx, adj.start, noun.end, suggestions=[f"{fix} {noun.text}"], confidence=0.85
                )
