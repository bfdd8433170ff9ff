"""fix(fix(x)) == fix(x) with the real rules: on every seed article and on the post-editing dev data."""

from __future__ import annotations

import pytest

from audit.correct.apply import apply_edits, fix_article
from audit.segment import make_article
from tests.conftest import shared_path


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_a_seed_twice_changes_nothing(auditor, seed_reports, unsafe):
    for name, report in seed_reports.items():
        first = fix_article(auditor, report.article, unsafe=unsafe)
        assert first.stable, name
        assert apply_edits(report.article.text, first.edits) == first.text, name
        second = fix_article(auditor, make_article(first.text, id=name), unsafe=unsafe)
        assert second.text == first.text and not second.edits, name


@pytest.mark.slow
@pytest.mark.data
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_the_ape_dev_data_twice_changes_nothing(auditor, unsafe):
    mt = shared_path("data", "ape", "mlqe-pe-ende", "en-de-dev", "dev.mt")
    unstable = []
    for i, line in enumerate(mt.read_text(encoding="utf-8").splitlines()):
        first = fix_article(auditor, make_article(line, id=str(i)), unsafe=unsafe)
        if not first.edits:
            continue
        second = fix_article(auditor, make_article(first.text, id=str(i)), unsafe=unsafe)
        if second.text != first.text:
            unstable.append((i, first.text, second.text))
    assert unstable == []
