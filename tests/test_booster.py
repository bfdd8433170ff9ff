"""The quality estimator's LightGBM models run through LightGBM's C library without its Python package
(audit/quality/booster.py): the same predictions as ``lightgbm.Booster``, bit for bit, and no pandas,
scipy or lightgbm package imported by a check."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from audit.lexicon import models_dir
from audit.quality.booster import Booster, LightGBMError

lightgbm = pytest.importorskip("lightgbm")

MODELS = ["word.lgb.txt", "sentence.lgb.txt"]


def _rows(path, n: int, seed: int) -> np.ndarray:
    """``n`` rows that reach every kind of split of the model: each numeric column uniform over a
    little more than its training range (``feature_infos``), the categorical ones over their seen
    categories and a few unseen, some exact thresholds' neighbourhoods (0, 1), and missing values."""
    infos = next(line for line in path.read_text().splitlines() if line.startswith("feature_infos="))
    rng = np.random.default_rng(seed)
    columns = []
    for info in infos.removeprefix("feature_infos=").split():
        if info == "none":  # a column no tree splits on
            column = rng.normal(size=n)
        elif info.startswith("["):
            lo, hi = (float(x) for x in info[1:-1].split(":"))
            pad = (hi - lo) * 0.1 + 0.5
            column = rng.uniform(lo - pad, hi + pad, size=n)
            exact = rng.random(n) < 0.2
            column[exact] = rng.choice([lo, hi, 0.0, 1.0], size=exact.sum())
        else:
            seen = [int(c) for c in info.split(":")]
            column = rng.choice([*seen, max(seen) + 1, max(seen) + 7], size=n).astype(np.float64)
        column[rng.random(n) < 0.05] = np.nan
        columns.append(column)
    return np.column_stack(columns)


@pytest.mark.parametrize("name", MODELS)
def test_predictions_equal_lightgbm_bit_for_bit(name):
    path = models_dir() / "quality" / name
    ours, theirs = Booster(model_file=str(path)), lightgbm.Booster(model_file=str(path))
    assert ours.feature_name() == theirs.feature_name()
    rows = _rows(path, 5000, seed=13)
    for data in (rows, rows.astype(np.float32), np.asfortranarray(rows), rows[:1], rows[::7]):
        for contrib in (False, True):
            if contrib:
                data = data[:60]  # SHAP values of 400 trees: milliseconds a row
            expected = theirs.predict(data, pred_contrib=contrib, num_threads=1)
            got = ours.predict(data, pred_contrib=contrib, num_threads=1)
            assert got.dtype == expected.dtype and got.shape == expected.shape
            assert np.array_equal(got, expected, equal_nan=True), (name, data.dtype, contrib)


def test_the_estimator_on_an_article_equals_lightgbm(auditor):
    """The rows a real article gives (not only random ones), through the estimator's own models."""
    from audit.quality import get_quality_model
    from audit.quality.features import token_rows
    from audit.segment import make_article

    text = (
        "Der Minister sprach über das Cosmodrom in Russland. Die Regierung hat am Wednesday einen "
        "Gesetzentwurf beschlossen, der der Bundestag soll beraten werden haben."
    )
    article = make_article(text)
    ctx, findings = auditor.analyse(article)
    lm = auditor.fluency.model
    words = [[t.text for t in s.tokens] for s in article.sentences]
    tags = [ctx.syntax_of(s) for s in article.sentences]
    model = get_quality_model()
    rows = token_rows(
        article.sentences, auditor.lexicon, lm.score_batch(words), [lm.unigram_logprobs(w) for w in words],
        tags, model.pos, findings, ctx.names,
    )  # fmt: skip
    reference = lightgbm.Booster(model_file=str(models_dir() / "quality" / "word.lgb.txt"))
    assert np.array_equal(
        model.word.predict(rows.features, num_threads=1), reference.predict(rows.features, num_threads=1)
    )


def test_a_broken_model_file_is_a_lightgbm_error(tmp_path):
    broken = tmp_path / "broken.lgb.txt"
    broken.write_text("tree\nversion=v4\nnum_class=x\n")
    with pytest.raises(LightGBMError):
        Booster(model_file=str(broken))


def test_a_check_imports_neither_lightgbm_nor_pandas_nor_scipy():
    """What made a one-sentence check 0.35-0.45 s slower: lightgbm's package imports pandas and
    scipy whenever they are installed."""
    code = (
        "import json, sys\n"
        "from audit import Auditor\n"
        "Auditor().check('Der Minister sprach über das Cosmodrom in Russland.')\n"
        "print(json.dumps(sorted(m for m in ('lightgbm', 'pandas', 'scipy', 'sklearn', 'pyarrow')"
        " if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.splitlines()[-1]) == []


def test_lightgbm_imported_first_still_works_with_pandas():
    """A caller that uses lightgbm with pandas in the same process keeps its DataFrame support (the
    estimator hides nothing from lightgbm), and the estimator shares lightgbm's library."""
    pd = pytest.importorskip("pandas")
    from audit.quality import booster

    path = models_dir() / "quality" / "sentence.lgb.txt"
    theirs = lightgbm.Booster(model_file=str(path))
    rows = _rows(path, 50, seed=1)
    frame = pd.DataFrame(rows, columns=theirs.feature_name())
    assert np.array_equal(theirs.predict(frame), Booster(model_file=str(path)).predict(rows))
    assert booster.library() is not None


def test_lightgbm_imported_after_a_check_still_works_with_pandas():
    """The other order: the estimator loaded LightGBM's library first, then the caller imports lightgbm
    (which loads the same library again and connects its logger) and predicts from a DataFrame."""
    pytest.importorskip("pandas")
    code = (
        "import numpy as np\n"
        "from audit import Auditor\n"
        "from audit.lexicon import models_dir\n"
        "from audit.quality import get_quality_model\n"
        "Auditor().check('Der Minister sprach über das Cosmodrom in Russland.')\n"
        "import lightgbm, pandas\n"
        "path = str(models_dir() / 'quality' / 'sentence.lgb.txt')\n"
        "theirs = lightgbm.Booster(model_file=path)\n"
        "rows = np.random.default_rng(3).normal(size=(40, theirs.num_feature()))\n"
        "frame = pandas.DataFrame(rows, columns=theirs.feature_name())\n"
        "assert np.array_equal(theirs.predict(frame), get_quality_model().sentence.predict(rows))\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
