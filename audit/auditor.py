"""The pipeline: an Article goes through every selected rule, then scoring, and comes out as a Report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from audit import score
from audit.document import Article, Finding, Report
from audit.errors import UsageError
from audit.lexicon import Lexicon, get_lexicon
from audit.rules import RULES, Rule, load_rules, make_context
from audit.segment import make_article

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

    >>> Auditor().check("Das ist ein Test.").score
    100.0
    """

    def __init__(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        lexicon: Lexicon | None = None,
        lm: str | None = "ngram",
    ):
        """``lm``: the fluency language model, as for ``audit.lm.load_model`` ("ngram", the shipped
        KenLM model; a KenLM file; "none" or None: no model, ``fluency`` stays null)."""
        self.rules = select_rules(select, ignore)
        self.lexicon = lexicon or get_lexicon()
        self.fluency = _load_fluency(lm)

    @property
    def signature(self) -> str:
        """Everything that affects a score, sacrebleu-style: rule-set and scoring versions, rules, models."""
        rules = ",".join(sorted(f"{r.id}.v{r.version}" for r in self.rules))
        digest = hashlib.sha256(rules.encode()).hexdigest()[:8]
        lm = self.fluency.signature if self.fluency else "none"
        return f"rules:{RULESET_VERSION}+{digest}|n:{len(self.rules)}|score:{score.SCORE_VERSION}|lm:{lm}"

    def check(self, text: str, id: str = "-") -> Report:
        """Audit one text."""
        return self.check_article(make_article(text, id=id))

    def check_article(self, article: Article) -> Report:
        ctx = make_context(article, self.lexicon, self.fluency.model if self.fluency else None)
        findings: list[Finding] = []
        for rule in self.rules:
            findings.extend(rule.check(ctx))
        findings = _dedupe(findings)
        sentences = score.score_sentences(article, findings)
        fluency = None
        if self.fluency is not None:
            values = self.fluency.sentence_fluency([[t.text for t in s.tokens] for s in article.sentences])
            sentences = tuple(replace(r, fluency=v) for r, v in zip(sentences, values, strict=True))
            fluency = score.article_fluency(article, values)
        return Report(
            article=article,
            findings=tuple(findings),
            sentences=sentences,
            score=score.score_article(article, findings),
            fluency=fluency,
            penalty=round(score.penalty(findings), 3),
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


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort by position; where two rules flag the very same span in the same category, keep the surer one."""
    best: dict[tuple[int, int, str], Finding] = {}
    for f in findings:
        key = (f.start, f.end, f.category)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.rule))


__all__ = ["Auditor", "RULES", "select_rules"]
