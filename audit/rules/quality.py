"""Likely errors: words the learned quality estimator (audit/quality) rates as probably wrong although
no other rule says why.

The estimator gives every token a probability of being part of an MQM error span, from the language
model, the lexicon, part-of-speech context and the findings. Where a run of tokens reaches the rule's
threshold (``rule_threshold`` in models/quality/metadata.json, chosen by scripts/train_quality.py for
precision on MQM data not fitted on and for a low rate on clean German), and no other finding covers it,
this rule reports it, with the probability as its confidence. Names and quoted foreign titles are left
alone. Its findings never change a score: the estimator has already counted the evidence.

The threshold is set by the clean-German limit: out of fold on MQM 2020 the rule's spans are right
about 90% of the time against any of three raters at every threshold near it. On unseen MT with one
rater (MQM 2021) the same recipe under three LightGBM seeds was right 0.89, 0.37 and 0.42 of the time
(scripts/qe_extra_features.py rule-seeds): expect about half of its findings to be errors a rater marked.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.document import Finding
from audit.rules import ArticleContext, Rule, register
from audit.spans import SpanIndex


@register
class LikelyErrorRule(Rule):
    id = "likely-error"
    category = "disfluent"
    severity = "minor"
    message = "the quality estimator rates these words as probably wrong"
    description = (
        "Words the learned quality estimator rates as probably part of an error, where no other rule"
        " fired; on unseen machine translation about half are errors a human rater marked."
    )
    after_quality = True

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        quality = ctx.quality
        if quality is None:
            return
        covered = SpanIndex((f.start, f.end) for f in ctx.earlier_findings)
        for start, end, p in quality.spans(quality.rule_threshold):
            if covered.overlaps(start, end) or ctx.overlaps_protected(start, end):
                continue
            yield self.finding(
                ctx,
                start,
                end,
                message=f"{self.message} (estimated error probability {p:.2f})",
                confidence=p,
            )
