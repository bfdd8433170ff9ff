"""Mixed language: spans of two or more words in another language inside German text.

Three shapes, each its own rule:
- ``foreign-span``: a run of adjacent foreign words ("Leave a Reply", "Read more", "Top List in the
  World", "OTHER NEWS"), found with the word classes of ``untranslated``;
- ``foreign-sentence``: a whole sentence or line in another language (names inside it break a run,
  so a sentence that is mostly foreign is checked as a whole, with langdetect);
- ``foreign-article``: a Dutch article before a name where German needs its own ("schreibt für de
  Volkskrant" in a translation from Dutch: "de" belongs to a name only after a capitalised name word,
  as in "Thomas de Maizière").

Organisation and publication names written in English are not flagged: a title-case run inside a
German sentence is a name ("am südkoreanischen Asian Institute for Policy Studies"), and so is a
title-case line ending in an organisation head noun ("Korean Central News Agency").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from audit.document import Finding, Sentence, Token
from audit.lexicon import Lexicon, read_word_list
from audit.rules import ArticleContext, Rule, register
from audit.rules.untranslated import (
    STRONG,
    WEAK,
    ForeignRun,
    cited,
    established_phrase_overlap,
    foreign_runs,
    function_words,
    in_parenthesis,
    word_class,
)

FOREIGN_LANGUAGES = ("en", "nl", "es", "fr", "it", "pt")
# Lower-case words that connect the parts of a title-case name ("Institute for Policy Studies").
TITLE_CONNECTORS = frozenset(
    [
        "for",
        "of",
        "and",
        "the",
        "on",
        "in",
        "at",
        "a",
        "an",
        "to",
        "with",
        "from",
        "by",
        "as",
        "into",
        "over",
        "about",
        "after",
        "than",
        "or",
        "nor",
        "but",
        "against",
        "&",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "du",
        "des",
        "la",
        "le",
        "les",
        "van",
        "von",
        "der",
        "den",
        "aan",
        "ten",
        "ter",
        "op",
        "y",
        "e",
        "et",
    ]
)
# Capitalised articles that open a title of a work or a name in the middle of a German sentence.
TITLE_ARTICLES = frozenset(
    {"The", "A", "An", "Le", "La", "Les", "El", "Los", "Las", "Il", "Het", "De", "Der"}
)
# Dutch articles that German text has no use for outside a name.
DUTCH_ARTICLES = frozenset({"de", "het"})
NAME_PREPOSITIONS = frozenset({"von", "van", "vom", "zu", "zur", "zum"})


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    return read_word_list("org_heads.txt")


def _is_title_case(tokens: tuple[Token, ...]) -> bool:
    if len(tokens) > 1 and tokens[0].text == "the":
        tokens = tokens[1:]  # "the Guardian": a name with its English article
    if not tokens[0].text[:1].isupper() or not tokens[-1].text[:1].isupper():
        return False
    return all(t.text[:1].isupper() or t.text in TITLE_CONNECTORS for t in tokens)


def _standalone_name(lexicon: Lexicon, tokens: tuple[Token, ...]) -> bool:
    """A title-case line that is a name: it ends in an organisation head ("Korean Central News Agency")
    or holds a word English does not know ("Yonhap News"), and does not open with a function word
    ("OTHER NEWS", "More Stories" are page furniture)."""
    if tokens[0].text.lower() in function_words():
        return False
    heads = _org_heads()
    if tokens[-1].text in heads or tokens[-1].text.capitalize() in heads:
        return True
    return any(t.text[:1].isupper() and not lexicon.is_english(t.text.lower()) for t in tokens)


@register
class ForeignSpanRule(Rule):
    id = "foreign-span"
    category = "mixed-language"
    severity = "major"
    message = "Words left in another language"
    description = (
        'Two or more adjacent English (or Dutch, Spanish, French) words in German text: "Leave a Reply", '
        '"Read more", "Top List in the World". English organisation names inside German sentences '
        "and quoted titles are not flagged."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        whole = {s.start for s in foreign_sentences(ctx)}
        accepted = [r for r in foreign_runs(ctx) if r.sentence.start not in whole and self._accepted(ctx, r)]
        for group in _merge_runs(ctx, accepted):
            title = len(group) == 1 and _is_title_case(group[0].tokens)
            yield self.finding(ctx, group[0].start, group[-1].end, confidence=0.7 if title else 0.85)

    @staticmethod
    def _accepted(ctx: ArticleContext, run: ForeignRun) -> bool:
        words = [t for t in run.sentence.tokens if t.kind in ("word", "number")]
        whole_line = len(run.tokens) == len(words)
        if len(run.tokens) < 2 or not (run.strong >= 2 or (whole_line and run.strong >= 1)):
            return False
        # Quoted foreign text is left alone: titles («Godfather of British Blues») and quotations kept in
        # the original language, which human German writers do too (flagging them cost 0.05 false
        # findings per 1,000 words of clean text for +10 points of MQM recall).
        if ctx.quoted_foreign.overlaps(run.start, run.end):
            return False
        if cited(ctx, run.sentence.tokens, run.tokens[0]) or established_phrase_overlap(
            ctx, run.start, run.end
        ):
            return False
        first = run.tokens[0]
        if first.text in TITLE_ARTICLES and not whole_line and not ctx.is_sentence_initial(first):
            return False  # a title in sentence case after its genre: "im Disney-Film The big bad wolf"
        name_like = _name_stretch(ctx, run)
        if _is_title_case(name_like):
            if len(name_like) < len(words):
                return False  # an English name inside a German sentence
            if _standalone_name(ctx.lexicon, name_like):
                return False
        elif run.german_words >= 2 and in_parenthesis(ctx, run.start, run.end):
            return False  # a gloss: "die Kampagne (make America great again)"
        return True


def _merge_runs(ctx: ArticleContext, runs: list[ForeignRun]) -> list[list[ForeignRun]]:
    """Runs of one sentence separated by at most one word and no sentence mark become one finding:
    one foreign passage ("... in my heart – as well as in the hearts of the German people") is one problem."""
    groups: list[list[ForeignRun]] = []
    for run in runs:
        if groups and groups[-1][-1].sentence.start == run.sentence.start:
            gap = ctx.text[groups[-1][-1].end : run.start]
            gap_words = [
                t for t in run.sentence.tokens if groups[-1][-1].end <= t.start and t.end <= run.start
            ]
            if sum(1 for t in gap_words if t.kind == "word") <= 1 and not any(c in gap for c in ".!?"):
                groups[-1].append(run)
                continue
        groups.append([run])
    return groups


def _name_stretch(ctx: ArticleContext, run: ForeignRun) -> tuple[Token, ...]:
    """The run widened over the capitalised words and connectors joined to it ("Chiefs of" ->
    "Joint Chiefs of Staff"), for deciding whether it is part of a name."""
    tokens = [t for t in run.sentence.tokens if t.kind in ("word", "number")]
    a = tokens.index(run.tokens[0])
    b = tokens.index(run.tokens[-1]) + 1

    def joined(left: Token, right: Token) -> bool:
        return ctx.text[left.end : right.start] in (" ", "\u00a0")

    while a > 0 and joined(tokens[a - 1], tokens[a]) and tokens[a - 1].text[:1].isupper():
        a -= 1
    while (
        b < len(tokens)
        and joined(tokens[b - 1], tokens[b])
        and (
            tokens[b].text[:1].isupper()
            or tokens[b].text in TITLE_CONNECTORS
            and b + 1 < len(tokens)
            and tokens[b + 1].text[:1].isupper()
        )
    ):
        b += 1
    return tuple(tokens[a:b])


def _detect_language(text: str) -> tuple[str, float]:
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    from audit.bitext import prepare_langdetect

    prepare_langdetect()  # deterministic
    try:
        best = detect_langs(text.lower())[0]
    except LangDetectException:
        return "", 0.0
    return best.lang, best.prob


def foreign_sentences(ctx: ArticleContext) -> list[Sentence]:
    """The sentences that are wholly in another language (computed once per article)."""
    return ctx.shared("foreign_sentences", lambda: _foreign_sentences(ctx))


def _foreign_sentences(ctx: ArticleContext) -> list[Sentence]:
    found = []
    lexicon = ctx.lexicon
    for sentence in ctx.sentences:
        # Words of quoted foreign titles do not make a sentence foreign ("Man nennt ihn den «Godfather ...»").
        words = [
            t for t in sentence.tokens if t.kind == "word" and not ctx.quoted_foreign.contains(t.start, t.end)
        ]
        if len(words) < 4:
            continue
        classes = [word_class(lexicon, t.text) for t in words]
        strong = classes.count(STRONG)
        foreign = strong + classes.count(WEAK)
        # A real foreign sentence has lower-case foreign words; a string of names ("Korean Central News
        # Agency/Korea News Service") has none.
        lower_strong = sum(1 for t, c in zip(words, classes, strict=True) if c == STRONG and t.text.islower())
        if strong < 2 or lower_strong < 2 or foreign < 0.6 * len(words):
            continue
        lang, prob = _detect_language(sentence.text)
        if lang in FOREIGN_LANGUAGES and prob >= 0.9:
            found.append(sentence)
    return found


@register
class ForeignSentenceRule(Rule):
    id = "foreign-sentence"
    category = "mixed-language"
    severity = "major"
    message = "Sentence left in another language"
    description = "A sentence or line that is mostly in English (or Dutch, Spanish, French), by word lists and langdetect."

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for sentence in foreign_sentences(ctx):
            words = [t for t in sentence.tokens if t.kind in ("word", "number")]
            if _is_title_case(tuple(words)) and _standalone_name(ctx.lexicon, tuple(words)):
                continue
            yield self.finding(ctx, sentence.start, sentence.end, confidence=0.8)


@register
class ForeignArticleRule(Rule):
    id = "foreign-article"
    category = "mixed-language"
    severity = "major"
    message = "Dutch article left before a name"
    description = (
        "A lower-case Dutch article (de, het) after a lower-case German word and before a capitalised Dutch "
        'word: "verschreibt de Volkskrant". After a capitalised name word the particle is part of the name '
        '("Thomas de Maizière").'
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        lexicon = ctx.lexicon
        for sentence in ctx.sentences:
            tokens = sentence.tokens
            for i in range(1, len(tokens) - 1):
                before, particle, name = tokens[i - 1], tokens[i], tokens[i + 1]
                if particle.text not in DUTCH_ARTICLES or before.kind != "word" or name.kind != "word":
                    continue
                if not before.text[:1].islower() or before.text in NAME_PREPOSITIONS:
                    continue
                if not name.text[:1].isupper() or ctx.text[particle.end : name.start] != " ":
                    continue
                if lexicon.hunspell_de(name.text) or not _dutch(lexicon, name.text):
                    continue
                yield self.finding(ctx, particle.start, name.end, confidence=0.7)


def _dutch(lexicon: Lexicon, word: str) -> bool:
    lower = word.lower()
    nl = lexicon.zipf(lower, "nl")
    return nl >= 3.0 and nl > max(lexicon.zipf(lower, lang) for lang in ("de", "en", "fr", "es"))
