"""scripts/train_quality.py fit --verify: whether a fit reproduces the shipped quality models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "models" / "quality"

lightgbm = pytest.importorskip("lightgbm")
sys.path.insert(0, str(ROOT / "scripts"))
train_quality = pytest.importorskip("train_quality")


@pytest.fixture
def shipped() -> dict:
    """The shipped pair as a fit returns it: boosters, finding weights, thresholds."""
    meta = json.loads((QUALITY / "metadata.json").read_text(encoding="utf-8"))
    return {
        "word": lightgbm.Booster(model_file=str(QUALITY / "word.lgb.txt")),
        "sentence": (lightgbm.Booster(model_file=str(QUALITY / "sentence.lgb.txt")), None),
        "threshold": meta["span_threshold"],
        "rule": meta["rule_threshold"],
    }


def test_the_shipped_models_verify_against_themselves(shipped, capsys):
    assert train_quality.verify(shipped) == 0
    assert "reproduced bit for bit" in capsys.readouterr().out


def test_a_different_threshold_fails(shipped, capsys):
    shipped["rule"] = round(shipped["rule"] + 0.01, 2)
    assert train_quality.verify(shipped) == 1
    out = capsys.readouterr().out
    assert "NOT reproduced" in out and "rule_threshold" in out and "word.lgb.txt" not in out


def test_a_different_model_fails(shipped, capsys):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    data = lightgbm.Dataset(x, label=(x[:, 0] > 0).astype(float))
    shipped["word"] = lightgbm.train({"objective": "binary", "verbosity": -1}, data, num_boost_round=2)
    assert train_quality.verify(shipped) == 1
    out = capsys.readouterr().out
    assert "word.lgb.txt: sha256" in out and "sentence.lgb.txt" not in out
