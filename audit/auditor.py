"""The pipeline: an Article goes through every selected rule, then scoring, and comes out as a Report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from audit import score, window
from audit.document import Article, Finding, Report
from audit.errors import UsageError
from audit.lexicon import Lexicon, get_lexicon
from audit.policy import Policy
from audit.rules import RULES, ArticleContext, Rule, load_rules, make_context
from audit.segment import make_article
from audit.spans import SpanIndex

RULESET_VERSION = "2"

#: the process-wide tables that rules load on first use, as "module:function" (each called with no
#: arguments): ``preload`` loads them all before worker processes fork (audit.parallel), so that the
#: workers share them instead of each loading a copy (on the seeds, 276 MB of them were not reached
#: by the warm-up text). tests/test_parallel.py checks that auditing the seeds after ``preload`` loads
#: none of the module's process-wide tables anew, but those of ``NOT_PRELOADED``.
PRELOAD = (
    "audit.lexicon.bilingual:get_dictionary",
    "audit.syntax:get_tagger",
    "audit.syntax.morph:verb_table",
    "audit.syntax.morph:adjective_table",
    "audit.syntax.morph:noun_table",
    "audit.syntax.morph:prepositions",
    "audit.syntax.morph:pronouns",
    "audit.lexicon.names:_org_heads",
    "audit.rules.mixed_language:_org_heads",
    "audit.rules.casing:capitalised_phrases",
    "audit.rules.untranslated:function_words",
    "audit.rules.untranslated:calendar_words",
    "audit.rules.untranslated:_established_phrases",
    "audit.rules.glued:credit_words",
    "audit.rules.boilerplate:load_phrases",
    "audit.rules.boilerplate:_whole_line_keys",
    "audit.rules.boilerplate:_section_keys",
    "audit.rules.boilerplate:_edge_patterns",
    "audit.rules.garbled:get_doctor",
    "audit.rules.grammar:rarely_bare_nouns",
    "audit.rules.inconsistency:exonym_groups",
    "audit.lexicon.translit:_russian_frequencies",
    "audit.lexicon.frequency:_regexes",
    "audit.auditor:_mangled_english_lists",
)

#: tables that few articles reach and that take long to load, left to the worker that needs one: the
#: german-nouns rows of ``audit.correct.inflect`` (0.25 s and 32 MB, reached by 1 of 109 articles of
#: unseen news, 1 of the 5 seeds), and langdetect's profiles (0.3 s and 55 MB; 1 of 109, no seed;
#: not a table of this package), measured with scripts/preload_reach.py. Preloading them made the
#: parent's serial phase half a second longer for every run with a pool.
NOT_PRELOADED = ("audit.correct.inflect:_rows_by_lemma",)


def preload() -> None:
    """Load every table of ``PRELOAD``."""
    import importlib

    for entry in PRELOAD:
        module, _, name = entry.partition(":")
        getattr(importlib.import_module(module), name)()


def _mangled_english_lists() -> None:
    from audit.rules.untranslated import TOP_WORDS, _sorted_words

    for lang, n in TOP_WORDS:
        _sorted_words(lang, n)


#: audited once and forgotten before worker processes fork (audit.parallel), after ``preload``: it
#: fills what the language model, the tagger and the quality estimator set up on their first article
WARM_UP = (
    "Die Regierung in Berlin hat am Montag einen neuen Plan vorgestellt.\n"
    "Der Minister sagte, die Reform sei ein wichtiger Schritt für die ganze Land.\n"
    "Die Kommission traf sich mit Vertretern der Industrie im ein kleinen Saal, and the meeting was"
    " very productive.\n"
    "Nach dem Treffen erklärte Frau Müller vom Bundesamt, die Zahlen seien gestiegen.Read more\n"
)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rule instances chosen by id or category: all rules, or those in ``select``, minus ``ignore``."""
    registry = load_rules()
    select, ignore = list(select), list(ignore)
    known = set(registry) | {cls.category for cls in registry.values()}
    for name in select + ignore:
        if name not in known:
            raise UsageError(f"unknown rule or category {name!r} (see `mtaudit rules`)")

    def named(cls: type[Rule], names: list[str]) -> bool:
        return cls.id in names or cls.category in names

    chosen = [
        cls for cls in registry.values() if (not select or named(cls, select)) and not named(cls, ignore)
    ]
    return [cls() for cls in chosen]


class Auditor:
    """Audits German text. Lexicon and models load once, on first use, and are shared by all calls.

    >>> report = Auditor().check("Das ist ein Test.")  # no findings; fluency costs a fraction of a point
    >>> report.findings, report.score >= 99.0, Auditor(lm="none").check("Das ist ein Test.").score
    ((), True, 100.0)
    """

    def __init__(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        lexicon: Lexicon | None = None,
        lm: str | None = "ngram",
        policy: Policy | None = None,
        quality: bool = True,
    ):
        """``lm``: the fluency language model, as for ``audit.lm.load_model`` ("ngram", the shipped
        KenLM model; a KenLM file; "none" or None: no model, ``fluency`` stays null). ``policy``: the
        project's accept/reject lists, severities, suppressions and baseline (``audit.policy``).
        ``quality``: score with the learned quality estimator (``audit.quality``) when the language
        model is the one it was fitted with; False keeps the findings-and-fluency combination."""
        select, ignore = tuple(select), tuple(ignore)
        # what a worker process needs to build the same Auditor where it cannot fork (audit.parallel)
        self.recipe = None
        if lexicon is None:
            self.recipe = {"select": select, "ignore": ignore, "lm": lm, "quality": quality}
        self.rules = select_rules(select, ignore)
        self.policy = policy if policy is not None else Policy()
        self.policy.configure(self.rules)
        if self.recipe is not None:
            self.recipe["policy"] = self.policy
        self.lexicon = lexicon or get_lexicon()
        self.fluency = _load_fluency(lm)
        self.quality = _load_quality(self.fluency) if quality else None

    @property
    def signature(self) -> str:
        """Everything that affects a score, sacrebleu-style: rule-set and scoring versions, rules, models."""
        rules = ",".join(sorted(f"{r.id}.v{r.version}" for r in self.rules))
        digest = hashlib.sha256(rules.encode()).hexdigest()[:8]
        lm = self.fluency.signature if self.fluency else "none"
        policy = f"|policy:{self.policy.digest}" if self.policy.digest else ""
        scoring = self.quality.signature if self.quality else score.SCORE_VERSION
        return f"rules:{RULESET_VERSION}+{digest}|n:{len(self.rules)}|score:{scoring}|lm:{lm}{policy}"

    def check(self, text: str, id: str = "-") -> Report:
        """Audit one text."""
        return self.check_article(make_article(text, id=id))

    def analyse(self, article: Article) -> tuple[ArticleContext, list[Finding]]:
        """The article's shared analyses and its findings (after the policy, with suggestions): what
        ``check_article`` scores, and what scripts/train_quality.py builds the quality features from."""
        ctx = make_context(article, self.lexicon, self.fluency.model if self.fluency else None)
        findings: list[Finding] = []
        for rule in self.rules:
            if not rule.after_quality:
                findings.extend(rule.check(ctx))
        findings = _one_per_problem(_dedupe(_outside_markup(article, findings)))
        findings = self.policy.apply(article, findings)  # accept list, severities, suppressions, baseline
        findings = _enrich(ctx, findings)  # candidate corrections, ranked by the LM in one batch
        return ctx, findings

    def check_article(self, article: Article) -> Report:
        """The article's report; a very long one is audited a window at a time (``audit.window``)."""
        bounds = window.plan(article, self.policy)
        if bounds is None:
            return self.check_whole(article)
        merger = window.Merger(article.id)
        for bound in bounds:
            merger.add(bound[0], self.check_whole(window.part(article, *bound)))
        return merger.finish(article)

    def check_whole(self, article: Article) -> Report:
        """The article's report, the article audited in one piece whatever its length."""
        ctx, findings = self.analyse(article)
        values = None  # sentence fluency; scores combine it with the findings (audit/score.py)
        fluency = None
        if self.fluency is not None:
            values = self.fluency.sentence_fluency([[t.text for t in s.tokens] for s in article.sentences])
            fluency = score.article_fluency(article, values)
        sentences = score.score_sentences(article, findings, values)
        article_score = score.score_article(article, findings, values)
        quality = None
        if self.quality is not None and article.sentences:
            tags = [ctx.syntax_of(s) for s in article.sentences]
            quality = self.quality.estimate(
                article, self.lexicon, self.fluency.model, tags, findings, ctx.names
            )
            sentences = tuple(
                replace(s, score=q.score, quality=q.tokens)
                for s, q in zip(sentences, quality.sentences, strict=True)
            )
            article_score = quality.score
            later = self._after_quality(ctx, findings, quality)
            if later:
                findings = sorted([*findings, *later], key=lambda f: (f.start, f.end, f.rule))
                by_span: dict[tuple[int, int], int] = {}
                for f in findings:
                    by_span[f.start, f.end] = by_span.get((f.start, f.end), 0) + 1
                index = SpanIndex(by_span)
                sentences = tuple(
                    replace(s, findings=sum(by_span[x] for x in index.overlapping(s.start, s.end)))
                    for s in sentences
                )
        from audit.correct.apply import attach_corrections

        sentences = attach_corrections(article, findings, sentences)  # each sentence's proposed correction
        reference = None
        if article.reference is not None and article.reference.strip():
            from audit.bitext.reference import score_reference

            reference = score_reference(article, article.reference)
            sentences = tuple(
                replace(s, reference=seg)
                for s, seg in zip(sentences, reference.by_sentence(sentences), strict=True)
            )
        if ctx.source is not None:
            pairs = ctx.source.alignment.pairs
            indices = ctx.source.alignment.pair_of(sentences)
            sentences = tuple(
                replace(s, source=None if k is None else pairs[k].other)
                for s, k in zip(sentences, indices, strict=True)
            )
        return Report(
            article=article,
            findings=tuple(findings),
            sentences=sentences,
            score=article_score,
            fluency=fluency,
            penalty=round(score.article_points(article, findings, values), 3),
            quality=quality,
            source=ctx.source,
            reference=reference,
        )

    def _after_quality(self, ctx: ArticleContext, findings: list[Finding], quality) -> list[Finding]:
        """The findings of the rules that read the quality estimator (after the policy, like the rest)."""
        rules = [r for r in self.rules if r.after_quality]
        if not rules:
            return []
        ctx.quality, ctx.earlier_findings = quality, tuple(findings)
        later = _outside_markup(ctx.article, [f for rule in rules for f in rule.check(ctx)])
        return self.policy.apply(ctx.article, later) if later else []


def _outside_markup(article: Article, findings: list[Finding]) -> list[Finding]:
    """The findings that touch no markup (front matter, code, comments of a Markdown file): that is
    not article text, and ``fix`` must never edit it."""
    if not article.markup:
        return findings
    index = SpanIndex(article.markup)
    return [f for f in findings if not index.overlaps(f.start, f.end) and not _touches(index, f)]


def _touches(index: SpanIndex, f: Finding) -> bool:
    """A zero-width finding (an insertion) at the edge of markup counts as inside it."""
    return f.start == f.end and (index.overlaps(f.start - 1, f.start) or index.overlaps(f.start, f.start + 1))


def _load_fluency(spec: str | None):
    if spec is None or spec in ("", "none", "off"):
        return None
    from audit.lm import LMUnavailable
    from audit.lm.fluency import load_scorer

    try:
        return load_scorer(spec)
    except LMUnavailable as exc:
        raise UsageError(f"--lm {spec}: {exc}") from exc


def _load_quality(fluency):
    """The quality estimator when the run's language model is the one it was fitted with, else None
    (the findings-and-fluency combination scores then); a missing or damaged model file is an error."""
    if fluency is None:
        return None
    from audit.quality import get_quality_model

    model = get_quality_model()
    return model if model.language_model == fluency.signature else None


def _enrich(ctx, findings: list[Finding]) -> list[Finding]:
    """Suggestions for the findings whose fix is a choice (audit/correct/candidates.py); ranked by
    ``ctx.lm`` when there is one, in the candidates' own order otherwise."""
    from audit.correct.candidates import enrich_findings

    return enrich_findings(ctx, findings)


#: categories that say "these words are foreign", which page residue (boilerplate) already says of
#: a UI phrase such as "Leave a Reply" or "Read more"
_FOREIGN = frozenset({"mixed-language", "untranslated"})


def _one_per_problem(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: a foreign-words finding inside a boilerplate finding is the same
    problem told twice (12 of 13 mixed-language findings on the seeds were), so only the boilerplate
    one is kept; it would otherwise fail ``--fail-on major`` and use up GitHub's annotation slots."""
    residue = SpanIndex((f.start, f.end) for f in findings if f.category == "boilerplate")
    if not residue:
        return findings
    return [f for f in findings if not (f.category in _FOREIGN and residue.contains(f.start, f.end))]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort by position; where two rules flag the very same span in the same category, keep the surer one."""
    best: dict[tuple[int, int, str], Finding] = {}
    for f in findings:
        key = (f.start, f.end, f.category)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.rule))


__all__ = ["Auditor", "RULES", "select_rules"]
