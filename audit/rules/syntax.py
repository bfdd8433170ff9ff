"""Sentence structure: English word order, wrong case after prepositions, subject-verb disagreement,
run-on clauses and word-for-word English constructions, the artifacts of a sentence translated with
its English structure intact.

- ``verb-second``: a main clause whose finite verb is not the second constituent: a fronted adverb,
  time phrase or prepositional phrase, then the subject, then the verb (``Gestern der Minister
  sagte``), or a fronted subordinate clause, prepositional phrase or quotation followed by a comma and
  subject-first order (``Als sich der Krieg in die Länge zog, Russland war``).
- ``verb-final``: a clause opened by a subordinating conjunction or relative pronoun whose finite verb
  is not last (``dass die Reform wird scheitern``, ``dass die Reform komme zu spät``).
- ``preposition-case``: a preposition followed by a noun phrase or pronoun in a case it never governs
  (``von die Munitionsfabriken``, ``über der neue Haushalt``, ``mit ihn``).
- ``subject-verb-agreement``: a subject and its finite verb that differ in person or number
  (``der Präsident Wladimir Putin besuchen``, ``Die Kinder spielt``).
- ``run-on-clause``: a second main clause glued on without punctuation (``mitgebracht hatte Der
  Panzerzug``, ``Pjöngjang Sie leugnen``, ``fand Stunden später statt Nordkorea hat``).
- ``both-and``: English "both X and Y" translated word for word (``Beide Moskau und Pjöngjang``).

All of them read the tags of the syntax layer (``ctx.syntax``) and the morphology tables, and fire only
where the tags and the morphology agree: a token is a finite verb only when tagged so and known to the
verb table as a finite form; a phrase has a case only when every word's readings allow it. Look-alikes
that are correct German are spared: verb-first questions, imperatives and conditionals, ``denn``/
``aber``/``und`` + main clause, reported speech without ``dass``, an apposition in the first position,
``je ... desto``, the substitute-infinitive order (``dass er nicht habe kommen können``), quotations
followed by ``sagte X``, verbless headlines and lists, names.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.document import Finding
from audit.rules import ArticleContext, Rule, register
from audit.rules.grammar import (
    BARE_EIN,
    DEFINITE,
    DER_ENDINGS,
    DER_STEMS,
    EIN_ENDINGS,
    EIN_STEMS,
    ENDINGS,
    TIME_SPAN_NOUNS,
    adjective_ending,
    determiner,
    relative_pronoun,
)
from audit.syntax import FINITE, INFINITIVE, NOMINAL, PARTICIPLE, TaggedSentence
from audit.syntax.clauses import (
    QUOTES,
    SEGMENT_BREAKS,
    Cell,
    NounPhrase,
    is_finite,
    noun_cells_any,
    noun_phrase_at,
    segments,
    skip_quotes,
    verb_agrees,
)
from audit.syntax.morph import (
    PERSON_NUMBERS,
    adjective_cells,
    conjugate,
    finite_agreement,
    joined_separable,
    prepositions,
    pronoun_readings,
    verb_lemma,
    verb_readings,
)

# Adverbs that form the first constituent on their own and never modify a noun phrase, so that
# adverb + subject + verb is never one constituent plus the verb. Focus particles (auch, nur, sogar,
# selbst, gerade, vor allem, schon, erst, noch, allein) are left out: "Auch der Minister sagte" is right.
FRONTING_ADVERBS = frozenset(
    [
        "gestern",
        "heute",
        "morgen",
        "vorgestern",
        "übermorgen",
        "damals",
        "dann",
        "danach",
        "anschließend",
        "später",
        "zuvor",
        "vorher",
        "inzwischen",
        "mittlerweile",
        "jetzt",
        "nun",
        "derzeit",
        "zurzeit",
        "bisher",
        "seither",
        "kürzlich",
        "neulich",
        "unlängst",
        "bald",
        "sofort",
        "zunächst",
        "schließlich",
        "endlich",
        "letztlich",
        "deshalb",
        "daher",
        "darum",
        "deswegen",
        "trotzdem",
        "dennoch",
        "außerdem",
        "zudem",
        "ferner",
        "allerdings",
        "jedoch",
        "folglich",
        "somit",
        "stattdessen",
        "andererseits",
        "einerseits",
        "überdies",
        "indes",
        "offenbar",
        "offensichtlich",
        "vermutlich",
        "wahrscheinlich",
        "möglicherweise",
        "tatsächlich",
        "natürlich",
        "sicherlich",
        "leider",
        "glücklicherweise",
        "angeblich",
        "bekanntlich",
        "hier",
        "dort",
        "heuer",
        "gleichzeitig",
        "zugleich",
        "ebenso",
    ]
)
# Times of day that extend a fronted adverb ("Gestern Abend").
DAYTIMES = frozenset(["Abend", "Morgen", "Mittag", "Nachmittag", "Vormittag", "Nacht", "Früh"])
TIME_NOUNS = frozenset(
    [
        "Woche",
        "Wochen",
        "Jahr",
        "Jahre",
        "Monat",
        "Monate",
        "Tag",
        "Tage",
        "Wochenende",
        "Abend",
        "Morgen",
        "Nacht",
        "Stunde",
        "Stunden",
        "Minuten",
        "Sommer",
        "Winter",
        "Herbst",
        "Frühling",
        "Frühjahr",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
        "Mal",
        "Jahrzehnt",
        "Jahrzehnte",
    ]
)
TIME_DETERMINERS = frozenset(
    [
        "diese",
        "dieses",
        "diesen",
        "dieser",
        "letzte",
        "letzten",
        "letztes",
        "nächste",
        "nächsten",
        "nächstes",
        "jede",
        "jeden",
        "jedes",
        "vergangene",
        "vergangenen",
        "vergangenes",
        "kommende",
        "kommenden",
        "kommendes",
        "vorige",
        "vorigen",
        "voriges",
    ]
)
# Subordinating conjunctions after which a fronted clause must be followed by the verb. "wie" and "ob"
# are left out ("Wie er sagte, die Lage sei ernst" is reported speech; "Ob er kommt, ..." dislocation).
FRONT_SUBORDINATORS = frozenset(
    [
        "als",
        "wenn",
        "weil",
        "obwohl",
        "nachdem",
        "bevor",
        "während",
        "da",
        "falls",
        "sobald",
        "seit",
        "seitdem",
        "solange",
        "obgleich",
        "sofern",
        "indem",
        "sodass",
        "bis",
        "ehe",
        "obschon",
        "wenngleich",
    ]
)
SUBORDINATORS = FRONT_SUBORDINATORS | frozenset(["dass", "ob", "damit", "wie"])
# Discourse phrases that stand before the first position, with a comma ("Im Gegenteil, die Lage ist
# ernst"): a fronted phrase needs this many words before it can be mistaken for a constituent.
MIN_FRONTED_WORDS = 4
COORDINATORS = frozenset(
    ["und", "oder", "aber", "sondern", "sowie", "bzw", "doch", "denn", "beziehungsweise"]
)
# Infinitives that take the substitute-infinitive order: "dass er nicht hat kommen können".
SUBSTITUTE_INFINITIVES = frozenset(
    [
        "können",
        "müssen",
        "dürfen",
        "sollen",
        "wollen",
        "mögen",
        "lassen",
        "sehen",
        "hören",
        "helfen",
        "brauchen",
    ]
)
COPULA_LEMMAS = frozenset(["sein", "werden", "bleiben", "heißen"])
# Verbs of saying and thinking: a clause after them and a comma may be reported speech in main-clause
# order ("Wenn Herr Merz sagt, er glaubt nicht an grünen Stahl, …").
SPEECH_VERBS = frozenset(
    [
        "sagen",
        "behaupten",
        "erklären",
        "meinen",
        "glauben",
        "denken",
        "schreiben",
        "lesen",
        "hören",
        "berichten",
        "betonen",
        "fordern",
        "hoffen",
        "fürchten",
        "befürchten",
        "wissen",
        "versichern",
        "ankündigen",
        "mitteilen",
        "warnen",
        "zugeben",
        "argumentieren",
        "antworten",
        "erzählen",
        "vermuten",
        "annehmen",
        "finden",
    ]
)


def _speech_verb(form: str) -> bool:
    """A form of a verb of saying or thinking. A participle may belong to two verbs (``gehört``: hören
    and gehören; the table keeps one lemma per form), so ge-...-t/-en is also read back to its infinitive."""
    if verb_lemma(form) in SPEECH_VERBS:
        return True
    low = form.lower()
    if low.startswith("ge") and len(low) > 5:
        stem = low[2:-1] + "en" if low.endswith("t") else low[2:]
        return stem in SPEECH_VERBS
    return False


def _words(ts: TaggedSentence, start: int, end: int) -> int:
    return sum(1 for t in ts.tokens[start:end] if t.kind in ("word", "number"))


def _text(ctx: ArticleContext, ts: TaggedSentence, start: int, end: int) -> str:
    return ctx.text[ts.tokens[start].start : ts.tokens[end - 1].end]


def _lower_first(word: str) -> str:
    """A capitalised determiner or pronoun moved out of first position: "Der Kreml" -> "der Kreml"."""
    return word[:1].lower() + word[1:]


def _noun_end(ctx: ArticleContext, ts: TaggedSentence, i: int, end: int) -> int | None:
    """End of the noun phrase (or bare noun, or name, or number + noun) that a preposition governs."""
    tags = ts.tags
    np = noun_phrase_at(ctx.lexicon, ts, i, end)
    if np is not None and np.kind != "pronoun":
        return np.end
    j = i
    while j < end and tags[j] in ("ADJ(A)", "CARD", "ADV") and j - i < 4:
        j += 1
    if j < end and tags[j] in NOMINAL:
        while j < end and tags[j] in NOMINAL | {"CARD"}:
            j += 1
        return j
    return None


def fronted_adverbial(ctx: ArticleContext, ts: TaggedSentence, i: int, end: int) -> tuple[int, str] | None:
    """(end, kind) of an adverbial constituent starting at ``i``: an adverb of the list above, a time
    phrase (``Diese Woche``, ``Letzten Monat``) or a prepositional phrase, possibly with prepositional
    attributes (``Nach dem Treffen in Moskau``)."""
    tokens, tags = ts.tokens, ts.tags
    word = tokens[i].text
    lower = word.lower()
    if lower in FRONTING_ADVERBS and tags[i] in ("ADV", "PROAV", "ADJ(D)", "KON"):
        j = i + 1
        if j < end and tokens[j].text in DAYTIMES:
            j += 1
        return j, "adverb"
    if lower in TIME_DETERMINERS and i + 1 < end and tokens[i + 1].text in TIME_NOUNS:
        return i + 2, "time"
    if (
        word in TIME_NOUNS
        and i + 1 < end
        and tokens[i + 1].text in ("vor", "nach", "später", "zuvor", "danach")
    ):
        i += 1  # "Tage vor Putins Ankunft", "Stunden später"
        if tokens[i].text not in ("vor", "nach"):
            return i + 1, "time"
    elif tags[i] not in ("APPR", "APPRART") and not (
        tags[i] == "KOUS" and lower in prepositions() and not _conjunction_not_preposition(ts, i, end)
    ):
        return None
    j = i
    while j < end and (tags[j] in ("APPR", "APPRART") or j == i):
        k = _noun_end(ctx, ts, j + 1, end)
        if k is None:
            return None
        j = k
    return j, "pp"


def _subjunctive_for(subject: NounPhrase, form: str) -> bool:
    """The verb is a subjunctive (wolle, sei, werde, wäre …) for the subject's person: reported speech,
    which keeps subject-first order after a comma."""
    persons = subject.agreement or frozenset(PERSON_NUMBERS)
    readings = [r.split(".") for r in verb_readings(form) if "." in r and not r.startswith(("IMP", "V2:"))]
    own = [mood for mood, pn in readings if pn in persons]
    return bool(own) and all(mood in ("KJ1", "KJ2") for mood in own)


def _lower_finite(ts: TaggedSentence, x: int) -> bool:
    """A lower-case word the verb table knows as finite, whatever its tag (a main clause's verb the
    tagger read as an adjective)."""
    word = ts.tokens[x].text
    return (
        word.islower() and ts.tags[x] not in ("ART", "APPR", "APPRART") and finite_agreement(word) is not None
    )


def _dateline(ts: TaggedSentence, seg: tuple[int, int]) -> bool:
    """A place name in capitals before a dash that opens a news report ("SEOUL.-", "BERLIN –")."""
    words = [t for t in ts.tokens[seg[0] : seg[1]] if t.kind == "word"]
    return 1 <= len(words) <= 2 and all(t.text.isupper() for t in words)


def _subject_then_verb(
    ctx: ArticleContext, ts: TaggedSentence, j: int, end: int, after: str
) -> NounPhrase | None:
    """A subject noun phrase at ``j`` directly followed by a finite verb, or None. ``after``: what
    precedes (``pp``: a name here may be in apposition to the last noun; ``adverb``, ``time``,
    ``comma``)."""
    tokens, tags = ts.tokens, ts.tags
    np = noun_phrase_at(ctx.lexicon, ts, j, end, capitalised=after in ("comma", "comma-pp"))
    if np is None or np.end >= end or not is_finite(ts, np.end):
        return None
    if np.kind == "det":
        if not np.cells or not np.can_be_nominative:
            return None
        if j > 0 and tags[j - 1] in NOMINAL and np.can_be_genitive:
            return None  # "Nach Angaben der Minister sagte": a genitive attribute, not a subject
    elif np.kind == "name":
        if after in ("pp", "comma-pp"):
            return None  # "Im Land Brandenburg gibt es", "bei Waidhofen, Niederösterreich wurde": apposition
    elif np.agreement is None or tokens[j].text.lower() in ("ihr", "es") and after.startswith("comma"):
        return None
    if after.startswith("comma") and _subjunctive_for(np, tokens[np.end].text):
        return None  # "Als ich gelesen habe, die AfD wolle …", "…, er wäre Teil": reported speech
    nxt = next((x for x in range(np.end + 1, len(tokens)) if tokens[x].text in SEGMENT_BREAKS), None)
    if nxt is not None and nxt + 1 < len(tokens) and is_finite(ts, nxt + 1):
        return None  # "…, die Tiere heißen jetzt Läufer, werden sie …": a parenthesis; the main verb follows
    if joined_separable(tokens[np.end].text):
        return None  # "…, die Bundesregierung bereitstellte,": a verb-final form, a relative clause
    if np.end + 1 < len(tokens) and tags[np.end + 1] in ("PPER",) and not after.startswith("comma"):
        return None  # "Gestern Abend sagte er": we misread; a pronoun subject follows the verb
    return np


@register
class VerbSecondRule(Rule):
    id = "verb-second"
    category = "grammar"
    severity = "major"
    message = "English word order: in a German main clause the finite verb comes second"
    description = (
        "A fronted adverb, time phrase or prepositional phrase followed by the subject and then the "
        "finite verb (Gestern der Minister sagte), or a fronted subordinate clause, prepositional phrase "
        "or quotation followed by a comma and subject-first order (Als der Krieg begann, Russland war)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for ts in ctx.syntax:
            if not any(t in FINITE for t in ts.tags):
                continue
            segs = segments(ts)
            if not segs:
                continue
            if len(segs) > 1 and _dateline(ts, segs[0]):
                segs = segs[1:]  # "SEOUL.- Diese Woche …"
            hit = self._inside_first_segment(ctx, ts, segs[0]) or self._after_comma(ctx, ts, segs)
            if hit is None:
                continue
            np = hit
            verb = ts.tokens[np.end]
            verb_text = verb.text
            message = f"English word order: the finite verb '{verb.text}' must come before the subject here"
            if verb_agrees(np, verb.text) is False and len(np.agreement or ()) == 1:
                forms = conjugate(verb.text, next(iter(np.agreement)))
                if forms:
                    verb_text = forms[0]
                    message += f", and agree with it ('{verb_text}')"
            subject = _text(ctx, ts, np.start, np.end)
            first = ts.tokens[np.start].text
            if np.kind != "name" and first[:1].isupper() and np.start > 0 and first not in ("Sie",):
                subject = _lower_first(subject)
            start, end = ts.tokens[np.start].start, verb.end
            if ctx.overlaps_protected(start, end) and np.kind != "name":
                continue
            yield self.finding(
                ctx,
                start,
                end,
                message=message,
                suggestions=[f"{verb_text} {subject}"],
                confidence=0.8,
            )

    def _inside_first_segment(self, ctx, ts: TaggedSentence, seg: tuple[int, int]) -> NounPhrase | None:
        a, b = seg
        i = skip_quotes(ts, a, b)
        if i >= b:
            return None
        fronted = fronted_adverbial(ctx, ts, i, b)
        if fronted is None:
            return None
        j, kind = fronted
        if j >= b or any(is_finite(ts, x) for x in range(i, j)):
            return None
        return _subject_then_verb(ctx, ts, j, b, kind)

    def _after_comma(self, ctx, ts: TaggedSentence, segs: list[tuple[int, int]]) -> NounPhrase | None:
        """A fronted subordinate clause, prepositional phrase or quotation, a comma, subject + verb."""
        tokens, tags = ts.tokens, ts.tags
        a, b = segs[0]
        i = skip_quotes(ts, a, b)
        if i >= b or len(segs) < 2:
            return None
        word = tokens[i].text.lower()
        if not tokens[i].text[:1].isupper():
            return None  # a line that continues a sentence: we do not see its start
        after = "comma"
        if tags[i] == "KOUS" and word in FRONT_SUBORDINATORS and any(is_finite(ts, x) for x in range(a, b)):
            # the subordinate clause ends with the first segment that has its finite verb
            k = next((n for n, (x, y) in enumerate(segs) if any(is_finite(ts, v) for v in range(x, y))), None)
            if k is None or k + 1 >= len(segs):
                return None
            last = segs[k][1] - 1
            if not is_finite(ts, last) and tags[last] not in INFINITIVE | PARTICIPLE | {"PTKVZ"}:
                return None  # the clause does not end with its verb: we do not see its end
            clause = range(segs[0][0], segs[k][1])
            if any(_speech_verb(tokens[v].text) for v in clause if tags[v] in FINITE | PARTICIPLE):
                return None  # "Wenn Herr Merz sagt, er glaubt nicht …": reported speech follows
            if sum(is_finite(ts, v) for v in clause) != 1 or any(
                tokens[v].text in QUOTES for v in clause[1:]
            ):
                return None  # "Wenn ich lese wie „Der Bund soll …, er soll …“": speech inside the clause
        elif tokens[a].text in ("„", '"', "«", "»") and tokens[b - 1].text in QUOTES and b - a > 3:
            k = 0  # a quotation: „…“, der Minister sagte
        else:
            fronted = fronted_adverbial(ctx, ts, i, b)
            if fronted is None or fronted[1] == "adverb" or _words(ts, i, b) < MIN_FRONTED_WORDS:
                return None
            if any(is_finite(ts, x) or _lower_finite(ts, x) for x in range(a, b)):
                return None  # "In dieser Woche entsandten Bundesbeamte …, die Demonstranten nannten"
            k = 0
            after = "comma-pp"
            # appositions and relative clauses may follow ("…, der nordkoreanischen Hauptstadt, Der Kreml")
            while k + 1 < len(segs) - 1:
                x, y = segs[k + 1]
                if (
                    not any(is_finite(ts, v) for v in range(x, y))
                    and tags[x]
                    in (
                        "ART",
                        "PDAT",
                        "PPOSAT",
                        "NE",
                        "NN",
                    )
                    or tags[x] == "PRELS"
                    or (tags[x] == "APPR" and x + 1 < y and tags[x + 1] == "PRELS")
                ):
                    k += 1
                else:
                    break
        x, y = segs[k + 1]
        if x == 0 or tokens[x - 1].text != ",":
            return None
        j = skip_quotes(ts, x, y)
        return _subject_then_verb(ctx, ts, j, y, after)


def _conjunction_not_preposition(ts: TaggedSentence, i: int, b: int) -> bool:
    """während, seit, bis: a conjunction when what follows cannot be the preposition's object (a
    nominative pronoun, or a determiner in none of its cases: "während die Regierung", not "während
    der Sitzung")."""
    tokens = ts.tokens
    cases = prepositions()[tokens[i].text.lower()][0]
    nxt = tokens[i + 1].text
    readings = pronoun_readings(nxt)
    if readings is not None:
        return not any(c in cases for c, _ in readings)
    det = determiner(nxt)
    return det is not None and not any(c in _allowed_cases(cases) for c, _ in det[0])


def _nominative_before(ctx: ArticleContext, ts: TaggedSentence, body: int, verb: int) -> bool:
    """A noun phrase that can be nominative between the conjunction and the verb, outside
    prepositional phrases: the subordinate clause's subject."""
    x = body
    while x < verb:
        if ts.tags[x] in ("APPR", "APPRART"):
            x = _noun_end(ctx, ts, x + 1, verb) or x + 1
            continue
        np = noun_phrase_at(ctx.lexicon, ts, x, verb)
        if np is not None:
            if np.can_be_nominative:
                return True
            x = np.end
            continue
        if ts.tags[x] in NOMINAL | {"PIS", "PDS"}:
            return True
        x += 1
    return False


def _attributive_participle(form: str) -> bool:
    """A participle with an adjective ending (``verhafteten``, ``verursachte``): before a noun it is an
    attribute, not a finite verb."""
    for ending in ("en", "e", "er", "es", "em"):
        stem = form[: -len(ending)]
        if form.endswith(ending) and stem and verb_readings(stem) & {"PA2", "PA1"}:
            return True
    return adjective_cells(form) is not None


def _antecedent_agrees(ctx: ArticleContext, ts: TaggedSentence, pronoun: int) -> bool:
    """The relative pronoun follows ", " after a noun of its gender and number ("das Werk, das"):
    otherwise a d-word after a comma is a demonstrative ("Wer …, der soll zahlen"; "die Fabrik, das
    hat …"; "da sage noch einer, die könnten …"), and verb-second order after it is right."""
    tokens = ts.tokens
    comma = pronoun - 1
    while comma >= 0 and tokens[comma].text != ",":
        comma -= 1  # "in dem", "mit der": a preposition before the pronoun
    if comma < 1 or ts.tags[comma - 1] != "NN":
        return False
    noun = noun_cells_any(ctx.lexicon, tokens[comma - 1].text)
    det = determiner(tokens[pronoun].text)
    if not noun or det is None:
        return False
    genders = {g for _, g in noun}
    # the pronoun is the subject (its verb follows at once): its nominative gender must be the noun's
    return len(genders) == 1 and bool({g for c, g in det[0] if c == "nom"} & genders)


def _opener(ts: TaggedSentence, a: int, b: int) -> tuple[int, str] | None:
    """(index where the clause body starts, kind) when the segment opens a verb-final clause."""
    tokens, tags = ts.tokens, ts.tags
    i = skip_quotes(ts, a, b)
    if i + 1 >= b:
        return None
    word = tokens[i].text.lower()
    after_comma = i > 0 and tokens[i - 1].text == ","
    if tags[i] == "KOUS" and word == "als" and tags[i + 1] in NOMINAL:
        return None  # "als Tragkonstruktion werden Rohre eingesetzt": "als" + bare noun is "as"
    if tags[i] == "KOUS" and word in SUBORDINATORS and word != "wie":
        if word in prepositions() and not _conjunction_not_preposition(ts, i, b):
            return None  # "Während dieser Zeit wurden …": a preposition
        return i + 1, "conjunction"
    if not after_comma:
        return None
    if tags[i] in ("PRELS", "PDS") and tags[i + 1] in FINITE:
        return i + 1, "relative"
    if tags[i] == "APPR" and tags[i + 1] in ("PRELS", "PDS") and i + 2 < b and tags[i + 2] in FINITE:
        return i + 2, "relative"
    return None


@register
class VerbFinalRule(Rule):
    id = "verb-final"
    category = "grammar"
    severity = "major"
    message = "English word order: in a subordinate clause the finite verb comes last"
    description = (
        "A clause opened by a subordinating conjunction (dass, weil, wenn ...) or a relative pronoun whose "
        "finite verb stands before the rest of the clause (dass die Reform wird scheitern, dass die Reform "
        "komme zu spät, das hat die Fabrik gebaut); comparisons with als/wie, zu-infinitives and the "
        "substitute-infinitive order (dass er nicht hat kommen können) may follow the verb."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for ts in ctx.syntax:
            for a, b in segments(ts):
                opened = _opener(ts, a, b)
                if opened is None:
                    continue
                body, kind = opened
                finding = self._check_clause(ctx, ts, body, b, kind)
                if finding is not None:
                    yield finding

    def _check_clause(self, ctx, ts: TaggedSentence, body: int, end: int, kind: str) -> Finding | None:
        tokens, tags = ts.tokens, ts.tags
        verb = next((v for v in range(body, end) if is_finite(ts, v)), None)
        if verb is None or (verb == body and kind == "conjunction"):
            return None  # no verb in this segment, or "als wäre nichts geschehen"
        if tags[verb - 1] in INFINITIVE | PARTICIPLE:
            return None  # "mitgebracht hatte Der Panzerzug": the clause has ended, a new one runs on
        if any(tokens[x].text.lower() in COORDINATORS | {"weder"} for x in range(body, verb)):
            return None  # "dass die Tiere sie tragen und wiederholte …": a coordinated main clause
        if tokens[verb - 1].text in QUOTES or (verb + 1 < end and tokens[verb + 1].text in QUOTES):
            return None  # quoted words: "als sie flehte „Stopp“", "einen „Fragt die Chinesen“-Spruch"
        if kind == "conjunction" and not _nominative_before(ctx, ts, body, verb):
            return (
                None  # no subject before the verb: "als letztes folgen …", "Als für X Verantwortliche haben"
            )
        if verb + 1 < end and tags[verb + 1] == "NN" and _attributive_participle(tokens[verb].text):
            return None  # "der in diesem Monat verhafteten Schüler": a participle before its noun
        stop = next((x for x in range(verb + 1, end) if tokens[x].text.lower() in COORDINATORS), end)
        rest = [x for x in range(verb + 1, stop) if tokens[x].text not in QUOTES]
        if not rest or any(tags[x] in FINITE for x in rest):
            return None
        if tokens[rest[0]].text in ("ich", "du", "er", "sie", "es", "wir", "ihr", "man", "Sie"):
            return None  # "als AfD glauben wir nicht": a pronoun subject after the verb, a main clause
        if kind == "conjunction":
            after = noun_phrase_at(ctx.lexicon, ts, rest[0], end)
            if after is not None and after.can_be_nominative and verb_agrees(after, tokens[verb].text):
                return None  # "Als Verantwortliche haben die USA … ausgemacht": a main clause
        if kind == "relative" and not any(tags[x] in NOMINAL | {"PPER", "PIS", "PDS"} for x in rest):
            return None  # "diese Notlage, die kann kommen": a demonstrative (spoken) main clause
        if kind == "relative" and (verb != body or not _antecedent_agrees(ctx, ts, body - 1)):
            return None
        first = tags[rest[0]]
        if first in ("KOKOM", "PTKZU", "KOUI", "VV(IZU)", "APPR", "APPRART", "$(", "TRUNC", "FM", "XY"):
            return None  # comparison, zu-infinitive, extraposed prepositional phrase
        if len(rest) >= 2 and tags[rest[-2]] == "PTKZU" or tags[rest[-1]] == "VV(IZU)":
            return None  # "dass es wichtig sei Optionen zu haben": an extraposed zu-infinitive
        verbal = [x for x in rest if tags[x] in INFINITIVE | PARTICIPLE | {"PTKVZ"}]
        auxiliary = tags[verb] in ("VA(FIN)", "VM(FIN)")
        last = rest[-1]
        if verbal and verbal[-1] != last:
            return None  # a non-finite verb in mid-clause: too unsure
        if verbal and tags[last] != "PTKVZ":
            if not auxiliary:
                return None  # a finite main verb before an infinitive: we misread the clause
            if tags[last] in INFINITIVE and tokens[last].text in SUBSTITUTE_INFINITIVES:
                return None  # "dass er nicht hat kommen können"
            if finite_agreement(tokens[last].text) and verb_readings(tokens[verb].text) & {"INF", "PA2"}:
                return None  # "… haben werden": an infinitive before the finite verb, mistagged
        elif kind == "relative":
            return None  # "…, der stimmt unserem Antrag zu": a demonstrative main clause is right too
        if any(tokens[x].kind == "punct" for x in rest):
            return None
        start, stop_offset = tokens[verb].start, tokens[last].end
        if ctx.overlaps_protected(start, stop_offset):
            return None
        moved = ctx.text[tokens[rest[0]].start : stop_offset]
        if tags[last] == "PTKVZ" and len(rest) >= 1:
            before = ctx.text[tokens[rest[0]].start : tokens[last].start].strip()
            suggestion = f"{before} {tokens[last].text}{tokens[verb].text}".strip()
        else:
            suggestion = f"{moved} {tokens[verb].text}"
        return self.finding(
            ctx,
            start,
            stop_offset,
            message=f"English word order: the finite verb '{tokens[verb].text}' must end this "
            f"{'relative' if kind == 'relative' else 'subordinate'} clause",
            suggestions=[suggestion],
            confidence=0.75,
        )


# What a postposition follows: "der Reihe nach", "von dort aus", "von wo aus", "von dem aus".
POSTPOSITION_OBJECTS = NOMINAL | frozenset({"ADV", "PWAV", "PRELS", "PDS", "PROAV"})
# What stands inside "von … an/aus": also pronouns ("von sich aus", "von mir aus").
CIRCUMPOSITION_OBJECTS = POSTPOSITION_OBJECTS | frozenset({"PPER", "PRF"})
# Fixed phrases where the preposition governs nothing after it.
PREPOSITION_IDIOMS = frozenset({("zu", "bis"), ("für", "was"), ("vor", "wie"), ("nach", "und")})


def _allowed_cases(cases: frozenset[str]) -> frozenset[str]:
    """A genitive preposition takes the dative in current usage (wegen dem, trotz vieler/vielen)."""
    return cases | {"dat"} if "gen" in cases else cases


@register
class PrepositionCaseRule(Rule):
    id = "preposition-case"
    category = "grammar"
    severity = "major"
    message = "Wrong case after a preposition"
    description = (
        "A preposition followed by a noun phrase or pronoun in a case it never governs: von die "
        "Munitionsfabriken, mit die Regierung, über der neue Haushalt, für ihm."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        table = prepositions()
        for ts in ctx.syntax:
            tokens, tags = ts.tokens, ts.tags
            for a, b in segments(ts):
                for i in range(a, b - 1):
                    if tags[i] != "APPR" or tokens[i].text.lower() not in table:
                        continue
                    cases, flags = table[tokens[i].text.lower()]
                    if "post" in flags and i > 0 and tags[i - 1] in POSTPOSITION_OBJECTS:
                        continue  # "meiner Meinung nach die …", "von dort aus das …": a postposition
                    if (
                        i > 1
                        and tokens[i - 2].text.lower() == "von"
                        and tags[i - 1] in CIRCUMPOSITION_OBJECTS
                    ):
                        continue  # "von Anfang an ein …", "von sich aus die …": the end of a circumposition
                    if tokens[i].text[:1].isupper() and i > a:
                        continue  # "des Von der Heydt-Museums": part of a name
                    if "conj" in flags and any(tags[x] in ("PTKZU", "VV(IZU)") for x in range(i, b)):
                        continue  # "um diesem Umstand Abhilfe zu verschaffen": an infinitive clause
                    if self._idiom(ts, i):
                        continue
                    finding = self._check_phrase(ctx, ts, i, b, _allowed_cases(cases), flags)
                    if finding is not None:
                        yield finding

    @staticmethod
    def _idiom(ts: TaggedSentence, i: int) -> bool:
        """Where the preposition governs nothing: "bis zu eine Stunde", "Was für ein Wahnsinn",
        "mit ein Grund", a noble name ("Frau von der Decken")."""
        tokens = ts.tokens
        prep, prev = tokens[i].text.lower(), tokens[i - 1].text.lower() if i > 0 else ""
        nxt = tokens[i + 1].text.lower()
        if prep == "um" and any(t.text == "willen" for t in tokens[i:]):
            return True  # "um des Fleisches willen"
        if prep == "für" and any(t.text.lower() == "was" for t in tokens[max(0, i - 5) : i]):
            return True  # "Was ist das für ein Unsinn": the case comes from the clause, not from "für"
        if (prep, prev) in PREPOSITION_IDIOMS or (prep == "mit" and nxt.startswith("ein")):
            return (
                True  # "bis zu eine Stunde", "Was für ein", "nach wie vor", "nach und nach", "mit ein Grund"
            )
        if prep == "mit" and i + 2 < len(tokens) and tokens[i + 2].text.endswith(("ste", "sten", "stes")):
            return True  # "mit die besten Jahre": "among the best"
        return (
            prep in ("von", "van", "zu")
            and i > 0
            and (ts.tags[i - 1] == "NE" or prev in ("frau", "herr", "herrn"))
        )

    def _check_phrase(self, ctx, ts: TaggedSentence, i: int, end: int, cases, flags) -> Finding | None:
        tokens, tags = ts.tokens, ts.tags
        prep = tokens[i]
        j = i + 1
        if ctx.text[prep.end : tokens[j].start] != " ":
            return None
        if tags[j] == "PPER":
            if "conj" in flags:
                return None  # "um ihm zu helfen": an infinitive clause, not the preposition's object
            readings = pronoun_readings(tokens[j].text)
            if not readings or any(c in cases for c, _ in readings):
                return None
            if "conj" in flags and any(c == "nom" for c, _ in readings):
                return None  # "bis er kommt": a conjunction
            if tokens[j].text in ("ihr", "Ihr"):
                return None  # also the possessive
            fix = _pronoun_in_case(tokens[j].text, readings, cases)
            return self.finding(
                ctx,
                prep.start,
                tokens[j].end,
                message=f"Wrong case after '{prep.text}': it takes the {_case_names(cases)}",
                suggestions=[f"{prep.text} {fix}"] if fix else [],
                confidence=0.85,
            )
        np = noun_phrase_at(ctx.lexicon, ts, j, end)
        if np is None or np.kind != "det":
            return None
        if relative_pronoun(tokens, j, tokens[j]):
            return None  # "eine Gesellschaft, in der Menschen Angst haben"
        det_cells = determiner(tokens[j].text)[0]
        if "conj" in flags and any(c == "nom" for c, _ in det_cells):
            return None  # "während die Regierung tagt": a conjunction
        if np.cells is None:
            if any(c in cases for c, _ in det_cells):
                return None  # the noun is unknown and the determiner alone fits
        elif not np.cells or any(c in cases for c, _ in np.cells):
            return None  # agrees, or the phrase itself does not agree (article-noun-agreement)
        if tokens[np.head].text[:1].isupper() and np.head + 1 < end and tags[np.head + 1] == "NE":
            return None  # a name may follow ("von Der Spiegel")
        nxt = skip_quotes(ts, np.end, end)
        if (nxt < end and tags[nxt] == "NN") or tokens[np.head].text in TIME_SPAN_NOUNS:
            # "in der Leningrader KGB-Zentrale", "von den Salzburger „Fesseln“", "mit den Anfang des
            # 20. Jh. geschaffenen": the determiner belongs to a later noun
            return None
        if ctx.overlaps_protected(prep.start, tokens[np.end - 1].end):
            return None
        return self.finding(
            ctx,
            prep.start,
            tokens[np.end - 1].end,
            message=f"Wrong case after '{prep.text}': it takes the {_case_names(cases)}",
            suggestions=_phrase_in_case(ctx, ts, i, np, cases),
            confidence=0.85,
        )


CASE_NAMES = {"nom": "nominative", "acc": "accusative", "dat": "dative", "gen": "genitive"}
PRONOUN_FORMS = {
    ("acc", "1s"): "mich", ("dat", "1s"): "mir", ("acc", "2s"): "dich", ("dat", "2s"): "dir",
    ("acc", "3s.m"): "ihn", ("dat", "3s.m"): "ihm", ("acc", "1p"): "uns", ("dat", "1p"): "uns",
    ("acc", "2p"): "euch", ("dat", "2p"): "euch", ("dat", "3p"): "ihnen", ("acc", "3p"): "sie",
}  # fmt: skip
PRONOUN_PERSON = {"ich": "1s", "mich": "1s", "mir": "1s", "du": "2s", "dich": "2s", "dir": "2s",
                  "er": "3s.m", "ihn": "3s.m", "ihm": "3s.m", "wir": "1p", "uns": "1p",
                  "euch": "2p", "ihnen": "3p"}  # fmt: skip


def _case_names(cases: frozenset[str]) -> str:
    order = [c for c in ("acc", "dat", "gen") if c in cases]
    if "gen" in cases and "dat" in cases:
        order = [c for c in order if c != "dat"]  # the dative of genitive prepositions is tolerated
    return " or ".join(CASE_NAMES[c] for c in order)


def _pronoun_in_case(word: str, readings, cases: frozenset[str]) -> str | None:
    person = PRONOUN_PERSON.get(word.lower())
    if person is None:
        return None
    options = {PRONOUN_FORMS[(c, person)] for c in cases if (c, person) in PRONOUN_FORMS}
    return options.pop() if len(options) == 1 else None


def _phrase_in_case(ctx: ArticleContext, ts: TaggedSentence, i: int, np: NounPhrase, cases) -> list[str]:
    """The phrase re-inflected in each case the preposition governs (the dative of genitive
    prepositions aside), when its gender and number are certain."""
    targets = [c for c in ("acc", "dat", "gen") if c in cases]
    if "gen" in targets:
        targets = ["gen"]
    genders = {g for _, g in np.cells or ()}
    if len(genders) != 1:
        return []
    gender = genders.pop()
    tokens = ts.tokens
    out = []
    for case in targets:
        det = determiner_form(tokens[np.start].text, (case, gender))
        noun = _noun_form(ctx, tokens[np.head].text, case, gender)
        if det is None or noun is None:
            continue
        form, declension = det
        words = [form]
        for x in range(np.start + 1, np.head):
            w = tokens[x].text
            ending = next((e for e in ENDINGS if w.endswith(e)), None)
            if ts.tags[x] == "ADJ(A)" and ending:
                w = w[: -len(ending)] + adjective_ending((case, gender), declension)
            words.append(w)
        words.append(noun)
        words.extend(tokens[x].text for x in range(np.head + 1, np.end))
        out.append(f"{tokens[i].text} {' '.join(words)}")
    return out


def determiner_form(det: str, cell: Cell) -> tuple[str, str] | None:
    """The form of ``det``'s family (der, dies-, ein-, kein-, possessives) that fills ``cell``, with
    the adjective declension after it; None when there is none or more than one."""
    lower = det.lower()
    if lower in DEFINITE:
        family = dict(DEFINITE)
    else:
        stem = next((s for s in DER_STEMS + EIN_STEMS if lower.startswith(s)), None)
        if stem is None:
            return None
        table = DER_ENDINGS if stem in DER_STEMS else EIN_ENDINGS
        family = {stem + e: determiner(stem + e)[0] for e in table if e or stem in BARE_EIN}
    fits = [form for form, cells in family.items() if cell in cells]
    if len(fits) != 1:
        return None
    form = fits[0]
    if det[:1].isupper():
        form = form[:1].upper() + form[1:]
    return form, determiner(form)[1]


def _noun_form(ctx: ArticleContext, noun: str, case: str, gender: str) -> str | None:
    """The noun's form in (case, gender): itself when it has that reading, else the dative plural -n."""
    from audit.syntax.clauses import noun_cells_any

    cells = noun_cells_any(ctx.lexicon, noun) or frozenset()
    if (case, gender) in cells:
        return noun
    if case == "dat" and gender == "p" and ("nom", "p") in cells and not noun.endswith(("n", "s")):
        return noun + "n"
    return None


def _plain_name(ctx: ArticleContext, words, start: int, prev: int, tags) -> bool:
    """A name subject we can count as singular: opening the sentence or following a conjunction
    (after a comma it may be an apposition: "Im Bezirk Gen, Xinjiang starben"), not an abbreviation
    ("AIF richten"), not a plural-looking or known common noun the tagger took for a name ("Yaks",
    "Wolfsrudel leben")."""
    if start > 0 and tags[prev] != "KOUS":
        return False
    for w in words:
        text = w.text
        if text.isupper() or text.endswith("s") or noun_cells_any(ctx.lexicon, text) is not None:
            return False
        if ctx.lexicon.hunspell_de(text) and not ctx.lexicon.hunspell_de(text.lower()):
            return False  # a common noun Hunspell knows ("Rudel")
    return True


@register
class SubjectVerbAgreementRule(Rule):
    id = "subject-verb-agreement"
    category = "grammar"
    severity = "major"
    message = "Subject and verb do not agree in person or number"
    description = (
        "A subject noun phrase, name or pronoun and its finite verb that differ in person or number "
        "(der Präsident besuchen, Die Kinder spielt, wir hat); coordinated subjects, copulas with a "
        "plural predicate (Das Problem sind die Kosten) and quantities (die Hälfte der Befragten sind) "
        "are left alone."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for ts in ctx.syntax:
            tokens = ts.tokens
            for a, b in segments(ts):
                for v in range(a, b):
                    if not is_finite(ts, v):
                        continue
                    np = self._subject_before(ctx, ts, a, v, b)
                    if np is not None and self._disagrees(ctx, ts, np, v, b):
                        yield self._finding(ctx, ts, np.start, v + 1, np, v)
                        continue
                    np = self._pronoun_after(ts, v, b)
                    if np is not None and verb_agrees(np, tokens[v].text) is False:
                        yield self._finding(ctx, ts, v, v + 2, np, v)

    def _subject_before(self, ctx, ts: TaggedSentence, a: int, v: int, b: int) -> NounPhrase | None:
        tokens, tags = ts.tokens, ts.tags
        for start in range(max(a, v - 8), v):
            np = noun_phrase_at(ctx.lexicon, ts, start, v)
            if np is None or np.end != v:
                continue
            first = skip_quotes(ts, a, b)
            prev = start - 1
            if start == first:
                pass  # the subject opens the clause
            elif prev >= a and tags[prev] == "KOUS" and tokens[prev].text.lower() in SUBORDINATORS:
                pass
            elif fronted_adverbial(ctx, ts, first, v) == (start, "time") or (
                tokens[first].text.lower() in FRONTING_ADVERBS and start == first + 1
            ):
                pass  # "Diese Woche der Präsident … besuchen"
            else:
                return None
            if np.kind == "det" and not (np.cells and np.can_be_nominative):
                return None
            if np.kind == "det" and relative_pronoun(tokens, np.start, tokens[np.start]):
                return None  # "eine Behörde, die Straftaten aufklärt": a relative pronoun
            if start == first and first > 0 and (np.cells is None or any(c != "nom" for c, _ in np.cells)):
                return (
                    None  # after a dash or comma a nom/acc phrase may be an object ("– keine Wirkung hatten")
                )
            if np.kind == "pronoun" and tokens[np.start].text.lower() in ("ihr", "es"):
                return None
            if np.kind == "name" and not _plain_name(ctx, tokens[np.start : np.end], start, prev, tags):
                return None
            return np
        return None

    def _disagrees(self, ctx, ts: TaggedSentence, np: NounPhrase, v: int, b: int) -> bool:
        tokens, tags = ts.tokens, ts.tags
        form = tokens[v].text
        if verb_agrees(np, form) is not False:
            return False
        if v > 0 and tags[v - 1] == "PTKZU":
            return False  # "den zu verlangen er im Stande ist": an infinitive
        if any(
            verb_lemma(tokens[x].text) in COPULA_LEMMAS and tags[x] in INFINITIVE for x in range(v + 1, b)
        ):
            return False  # "Ein weiterer Punkt könnten solche Veränderungen sein": a predicate agrees
        readings = verb_readings(form)
        later = range(v + 1, b)
        if "INF" in readings and (any(tags[x] in FINITE for x in later) or v + 1 == b):
            return False  # "die der Präsident besuchen will": an infinitive
        if "PA2" in readings and any(tags[x] == "VA(FIN)" for x in range(0, b)):
            return False
        lemma = verb_lemma(form)
        if lemma in COPULA_LEMMAS and "3s" in (np.agreement or ()):
            return False  # "Das Problem sind die Kosten": the verb agrees with a plural predicate
        # The phrase may be a fronted object or predicate ("Die Kinder sieht er", "Diese Frage müssen sich
        # CDU und FDP stellen"): only when no other subject follows.
        return not self._other_subject(ctx, ts, v, b)

    @staticmethod
    def _other_subject(ctx, ts: TaggedSentence, v: int, b: int) -> bool:
        """A noun phrase after the verb, outside prepositional phrases, that could be its subject."""
        tokens, tags = ts.tokens, ts.tags
        form = tokens[v].text
        x = v + 1
        while x < b:
            if tags[x] in ("APPR", "APPRART"):
                x = _noun_end(ctx, ts, x + 1, b) or x + 1
                continue
            if tags[x] in ("PIS", "PDS", "PWS"):
                return True
            np = noun_phrase_at(ctx.lexicon, ts, x, b)
            if np is not None:
                if np.end < b and tokens[np.end].text in ("und", "sowie", "/"):
                    return True  # coordinated: a plural subject
                if np.can_be_nominative and verb_agrees(np, form) is not False:
                    return True
                x = np.end
                continue
            if tags[x] in NOMINAL:
                return True  # a bare noun: may be the subject
            x += 1
        return False

    def _pronoun_after(self, ts: TaggedSentence, v: int, b: int) -> NounPhrase | None:
        """An unambiguous nominative pronoun right after the verb (``hat wir``), not coordinated."""
        tokens = ts.tokens
        if v + 1 >= b or tokens[v + 1].text not in ("ich", "du", "er", "wir"):
            return None
        if v > 0 and ts.tags[v - 1] == "PTKZU":
            return None  # "den zu verlangen er im Stande ist": an infinitive
        if v + 2 < b and is_finite(ts, v + 2):
            return None  # "Sie sagten ich sei hässlich": the pronoun opens the next clause
        if "PA2" in verb_readings(tokens[v].text) or any(is_finite(ts, x) for x in range(v + 2, b)):
            return None  # "wie enttäuscht ich von Ihnen bin": a participle, the verb comes later
        if v + 2 < b and tokens[v + 2].text.lower() in COORDINATORS | {","}:
            return None
        readings = pronoun_readings(tokens[v + 1].text)
        agreement = frozenset(pn for c, pn in readings or () if c == "nom")
        return NounPhrase(v + 1, v + 2, v + 1, "pronoun", None, agreement or None)

    def _finding(self, ctx, ts: TaggedSentence, start: int, end: int, np: NounPhrase, v: int) -> Finding:
        """The span from subject to verb (or verb to pronoun), with the verb conjugated to agree."""
        tokens = ts.tokens
        subject = _text(ctx, ts, np.start, np.end)
        verb = tokens[v]
        span_start, span_end = tokens[start].start, tokens[end - 1].end
        suggestions = []
        if len(np.agreement or ()) == 1:
            (person,) = np.agreement
            for form in conjugate(verb.text, person):
                suggestions.append(ctx.text[span_start : verb.start] + form + ctx.text[verb.end : span_end])
        return self.finding(
            ctx,
            span_start,
            span_end,
            message=f"Subject and verb do not agree: '{subject}' and '{verb.text}'",
            suggestions=suggestions,
            confidence=0.8,
        )


CLAUSE_OPENERS = frozenset(
    [
        "Der",
        "Die",
        "Das",
        "Dem",
        "Den",
        "Des",
        "Ein",
        "Eine",
        "Einen",
        "Einem",
        "Diese",
        "Dieser",
        "Dieses",
        "Er",
        "Sie",
        "Es",
        "Wir",
        "Ich",
    ]
)


@register
class RunOnClauseRule(Rule):
    id = "run-on-clause"
    category = "grammar"
    severity = "major"
    message = "A second clause begins without punctuation"
    description = (
        "A capitalised determiner or pronoun in mid-sentence right after a clause has ended with its verb "
        "(mitgebracht hatte Der Panzerzug), a polite-looking 'Sie' after a name with a plural verb "
        "(Pjöngjang Sie leugnen), or a subject and finite verb right after a clause-final verb particle "
        "(fand Stunden später statt Nordkorea hat): two sentences run together."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for ts in ctx.syntax:
            tokens = ts.tokens
            for a, b in segments(ts):
                for i in range(a + 1, b):
                    word = tokens[i].text
                    if ctx.text[tokens[i - 1].end : tokens[i].start] != " ":
                        continue
                    if word in CLAUSE_OPENERS and self._closes_clause(ts, a, i - 1, particles=False):
                        yield self._finding(ctx, ts, i - 1, i)
                    elif (
                        word == "Sie"
                        and self._singular_noun(ctx, ts, i - 1)
                        and i + 1 < b
                        and is_finite(ts, i + 1)
                    ):
                        cells = finite_agreement(tokens[i + 1].text) or frozenset()
                        if "3p" in cells and "3s" not in cells and not self._subordinate(ts, a, i):
                            yield self.finding(
                                ctx,
                                tokens[i - 1].start,
                                tokens[i].end,
                                message="'Sie' repeats the subject just named: an English-style resumptive pronoun",
                                suggestions=[tokens[i - 1].text],
                                confidence=0.75,
                            )
                    elif (
                        self._particle(ts, a, i - 1)
                        and self._closes_clause(ts, a, i - 1)
                        and not self._subordinate(ts, a, i)
                        and not any(tokens[x].text.lower() in COORDINATORS for x in range(a, i))
                    ):
                        np = noun_phrase_at(ctx.lexicon, ts, i, b)
                        if (
                            np is not None
                            and np.kind in ("name", "det")
                            and np.can_be_nominative
                            and np.end < b
                            and is_finite(ts, np.end)
                            and verb_agrees(np, tokens[np.end].text)
                        ):
                            yield self._finding(ctx, ts, i - 1, i)

    @staticmethod
    def _singular_noun(ctx, ts: TaggedSentence, p: int) -> bool:
        """A name, or a noun that cannot be plural ("Pjöngjang Sie leugnen", not "die Minister Sie")."""
        if ts.tags[p] not in NOMINAL or not ts.tokens[p].text[:1].isupper():
            return False
        return noun_cells_any(ctx.lexicon, ts.tokens[p].text) is None  # a name, not "Kind Sie sind"

    @staticmethod
    def _particle(ts: TaggedSentence, a: int, p: int) -> bool:
        """A separable verb particle: tagged so, or a preposition that with the clause's finite verb
        forms a known verb ("fand … statt": stattfinden)."""
        if ts.tags[p] == "PTKVZ":
            return True
        if ts.tags[p] != "APPR":
            return False
        particle = ts.tokens[p].text.lower()
        for x in range(a, p):
            if is_finite(ts, x):
                lemma = verb_lemma(ts.tokens[x].text)
                if lemma and verb_readings(particle + lemma):
                    return True
        return False

    @staticmethod
    def _subordinate(ts: TaggedSentence, a: int, i: int) -> bool:
        return any(ts.tags[x] in ("KOUS", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT") for x in range(a, i))

    def _closes_clause(self, ts: TaggedSentence, a: int, p: int, particles: bool = True) -> bool:
        """Token ``p`` ends a complete clause: the finite verb of a verb-final clause, or a participle,
        infinitive or verb particle after the clause's finite verb."""
        tags = ts.tags
        if tags[p] in FINITE:
            opened = any(tags[x] in ("KOUS", "PRELS") for x in range(a, p))  # not a w-question
            return opened and any(tags[x] in INFINITIVE | PARTICIPLE for x in range(a, p))
        if tags[p] in INFINITIVE | PARTICIPLE | {"PTKVZ"} or (particles and self._particle(ts, a, p)):
            return any(is_finite(ts, x) for x in range(a, p))
        return False

    def _finding(self, ctx, ts: TaggedSentence, p: int, i: int) -> Finding:
        tokens = ts.tokens
        word = tokens[i].text
        return self.finding(
            ctx,
            tokens[p].start,
            tokens[i].end,
            message=f"A new clause begins at '{word}' without punctuation: two sentences run together",
            suggestions=[f"{tokens[p].text}. {word[:1].upper()}{word[1:]}"],
            confidence=0.75,
        )


@register
class BothAndRule(Rule):
    id = "both-and"
    category = "grammar"
    severity = "minor"
    message = "English 'both X and Y' translated word for word: German says 'sowohl X als auch Y'"
    description = "'Beide' before a name and 'und' (Beide Moskau und Pjöngjang haben …): sowohl … als auch."

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for ts in ctx.syntax:
            tokens, tags = ts.tokens, ts.tags
            for i in range(len(tokens) - 3):
                if tokens[i].text.lower() != "beide" or tags[i + 1] != "NE":
                    continue
                j = i + 1
                while j < len(tokens) and tags[j] == "NE":
                    j += 1
                if j + 1 >= len(tokens) or tokens[j].text != "und" or tags[j + 1] not in ("NE", "ART"):
                    continue
                k = j + 1
                while k < len(tokens) and tags[k] in ("NE", "ART", "NN"):
                    k += 1
                first = _text(ctx, ts, i + 1, j)
                second = _text(ctx, ts, j + 1, k)
                sowohl = "Sowohl" if tokens[i].text[0].isupper() else "sowohl"
                yield self.finding(
                    ctx,
                    tokens[i].start,
                    tokens[k - 1].end,
                    suggestions=[f"{sowohl} {first} als auch {second}"],
                    confidence=0.9,
                )


# The sentence-structure rules of this module (for benchmarks and evaluation scripts).
SYNTAX_RULE_IDS = tuple(
    rule.id
    for rule in (
        VerbSecondRule,
        VerbFinalRule,
        PrepositionCaseRule,
        SubjectVerbAgreementRule,
        RunOnClauseRule,
        BothAndRule,
    )
)
