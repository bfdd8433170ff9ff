"""Shared fixtures: one Auditor per test session (the lexicon loads once), paths to seeds and shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def auditor():
    from audit import Auditor

    return Auditor()


@pytest.fixture(scope="session")
def seed_reports(auditor):
    from audit.ingest import read_inputs

    return {Path(a.id).name: auditor.check_article(a) for a in read_inputs([str(SEEDS)])}


def findings_of(auditor, text: str, rule_or_category: str):
    """Findings of one rule id or category on ``text``."""
    report = auditor.check(text)
    return [f for f in report.findings if rule_or_category in (f.rule, f.category)]


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test with a clear reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared development data is not beside this checkout")
    return path
