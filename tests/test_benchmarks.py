"""Development benchmarks as regression guards (slow: they read ../shared; `make test` runs them).

- False findings on clean human German (held-out corpus slice): the budget is 0.5 per 1,000 words.
- Untranslated/mixed-language spans against MQM newstest2021 (held out: the rules were tuned on 2020).
"""

from __future__ import annotations

import sys

import pytest

from audit.segment import make_article
from tests.conftest import ROOT, shared_path

sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = [pytest.mark.slow, pytest.mark.data]


def test_false_findings_on_clean_german_stay_under_budget(auditor):
    shared_path("corpus", "wikipedia.txt.xz")
    from eval_clean import pseudo_articles

    words = findings = 0
    examples = []
    for name, text in pseudo_articles(30_000, 12):
        report = auditor.check_article(make_article(text, id=name))
        words += report.article.word_count
        for f in report.findings:
            findings += 1
            examples.append((f.rule, f.text))
    rate = 1000 * findings / words
    assert words > 25_000
    assert rate <= 0.5, f"{rate:.3f} false findings per 1,000 words: {examples[:20]}"


def test_untranslated_spans_on_mqm_2021_are_precise():
    shared_path("data", "qe", "mqm-newstest2021-ende", "mqm-newstest2021_ende.tsv")
    from eval_untranslated import FILES, load

    from audit import Auditor

    targets, gold = load(FILES["2021"])
    auditor = Auditor(select=["untranslated", "mixed-language"])
    findings = hits = 0
    for key, text in targets.items():
        spans = gold.get(key, set())
        for f in auditor.check(text).findings:
            findings += 1
            hits += any(s < f.end and f.start < e for s, e in spans)
    assert findings >= 3, "the detectors went silent on MT output"
    assert hits / findings >= 0.5, f"precision {hits}/{findings}"
