"""The pipeline: an Article goes through every selected rule, then scoring, and comes out as a Report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from audit import score
from audit.document import Article, Finding, Report
from audit.errors import UsageError
from audit.lexicon import Lexicon, get_lexicon
from audit.policy import Policy
from audit.rules import RULES, Rule, load_rules, make_context
from audit.segment import make_article
from audit.spans import SpanIndex

RULESET_VERSION = "2"


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
    ):
        """``lm``: the fluency language model, as for ``audit.lm.load_model`` ("ngram", the shipped
        KenLM model; a KenLM file; "none" or None: no model, ``fluency`` stays null). ``policy``: the
        project's accept/reject lists, severities, suppressions and baseline (``audit.policy``)."""
        self.rules = select_rules(select, ignore)
        self.policy = policy if policy is not None else Policy()
        self.policy.configure(self.rules)
        self.lexicon = lexicon or get_lexicon()
        self.fluency = _load_fluency(lm)

    @property
    def signature(self) -> str:
        """Everything that affects a score, sacrebleu-style: rule-set and scoring versions, rules, models."""
        rules = ",".join(sorted(f"{r.id}.v{r.version}" for r in self.rules))
        digest = hashlib.sha256(rules.encode()).hexdigest()[:8]
        lm = self.fluency.signature if self.fluency else "none"
        policy = f"|policy:{self.policy.digest}" if self.policy.digest else ""
        return f"rules:{RULESET_VERSION}+{digest}|n:{len(self.rules)}|score:{score.SCORE_VERSION}|lm:{lm}{policy}"

    def check(self, text: str, id: str = "-") -> Report:
        """Audit one text."""
        return self.check_article(make_article(text, id=id))

    def check_article(self, article: Article) -> Report:
        ctx = make_context(article, self.lexicon, self.fluency.model if self.fluency else None)
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule.check(ctx))
        findings = _one_per_problem(_dedupe(findings))
        findings = self.policy.apply(article, findings)  # accept list, severities, suppressions, baseline
        findings = _enrich(ctx, findings)  # candidate corrections, ranked by the LM in one batch
        values = None  # sentence fluency; scores combine it with the findings (audit/score.py)
        fluency = None
        if self.fluency is not None:
            values = self.fluency.sentence_fluency([[t.text for t in s.tokens] for s in article.sentences])
            fluency = score.article_fluency(article, values)
        sentences = score.score_sentences(article, findings, values)
        from audit.correct.apply import attach_corrections

        sentences = attach_corrections(article, findings, sentences)  # each sentence's proposed correction
        return Report(
            article=article,
            findings=tuple(findings),
            sentences=sentences,
            score=score.score_article(article, findings, values),
            fluency=fluency,
            penalty=round(score.article_points(article, findings, values), 3),
        )


def _load_fluency(spec: str | None):
    if spec is None or spec in ("", "none", "off"):
        return None
    from audit.lm import LMUnavailable
    from audit.lm.fluency import load_scorer

    try:
        return load_scorer(spec)
    except LMUnavailable as exc:
        raise UsageError(f"--lm {spec}: {exc}") from exc


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
