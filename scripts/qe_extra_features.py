"""An experiment: two more target-only signals for the quality estimator, measured and not shipped.

Both add columns to the rows that ``scripts/train_quality.py extract`` cached, then run its ``fit``
(``--protocol 2020``: fitted on MQM 2020 and clean German, measured on WMT22 dev, MQM 2021 and the
clean held-out slice) with the extra features beside today's. ``--features none`` fits today's
features alone, through the same path, so that seed-to-seed noise can be told from a gain
(``--seed``: LightGBM's bagging and feature sampling). The figures are in the README (*Measured
figures*, the quality estimator); neither gain was worth its model file and run time.

- ``rtl``: a right-to-left KenLM model (``scripts/train_ngram.py --reverse``, the same corpus, order and
  pruning as the shipped left-to-right one, 74 MB). Per token: log P(token | the tokens after it), the
  same for the token before it given this one, for the token after it, and the matched n-gram order;
  per sentence: the mean and lowest of them. The issue asked for it; the left-to-right model's
  ``lp_next`` (the next token given this one) already carries most of what it adds.
- ``w2v``: word2vec (CBOW, 64 dimensions, window 8, words seen 20 times or more) trained on the same
  training text with gensim (``w2v-train``; ``pip install gensim`` at build time). Per token, against the
  other words within 8 positions: the mean and lowest log sigma(v_in(context) . v_out(token)) (the
  model's own "does this word belong here") and the mean cosine of the input vectors; per sentence:
  the mean and lowest fit and the lowest cosine. A word that does not fit its sentence's topic is what
  a mistranslated sense often looks like; the n-gram model sees only three words back.

    .venv/bin/python scripts/train_quality.py extract --jobs 2
    .venv/bin/python scripts/train_ngram.py --reverse --out-dir build/ngram-rtl --heldout-paragraphs 0
    .venv/bin/python scripts/qe_extra_features.py rtl --model build/ngram-rtl/de-4gram-rtl.binary
    .venv/bin/python scripts/qe_extra_features.py w2v-train     # reads build/ngram/train-rtl.txt
    .venv/bin/python scripts/qe_extra_features.py w2v --seed 2
    .venv/bin/python scripts/qe_extra_features.py w2v --features none --seed 2

``rule-seeds`` measures the likely-error rule's threshold choice under other seeds (README: its
precision on unseen MT is about half, not the 0.8 the shipped seed measured):

    .venv/bin/python scripts/qe_extra_features.py rule-seeds --seeds 1,2,3
    .venv/bin/python scripts/qe_extra_features.py rule-seeds --seeds 4,5,6 --average

``word-thresholds`` prints the shipped word model's token MCC on WMT22 dev at thresholds 0.10-0.50.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_quality as tq  # noqa: E402

from audit.lm import lm_tokens  # noqa: E402
from audit.lm.ngram import KenLMModel  # noqa: E402
from audit.segment import make_article  # noqa: E402

W2V = ROOT / "build" / "w2v" / "vectors.npz"
W2V_TEXT = ROOT / "build" / "ngram" / "train-rtl.txt"  # word order does not matter to CBOW's window
WINDOW = 8

#: the columns each kind computes (word, sentence), and which of them ``--features`` keeps
COLUMNS = {
    "rtl": (
        ("lp_back", "lp_back_prev", "order_back", "lp_back_next"),
        ("back_mean_lp", "back_min_lp"),
    ),
    "w2v": (("ctx_fit", "ctx_fit_min", "ctx_cos"), ("s_ctx_fit_mean", "s_ctx_fit_min", "s_ctx_cos_min")),
}
SUBSETS = {
    "rtl": {"all": COLUMNS["rtl"], "min": (("lp_back", "order_back"), ()), "none": ((), ())},
    "w2v": {
        "all": COLUMNS["w2v"],
        "fit": (("ctx_fit",), ("s_ctx_fit_mean", "s_ctx_fit_min")),
        "none": ((), ()),
    },
}


class RightToLeft:
    """log P(token | the tokens after it) from a KenLM model trained on reversed sentences."""

    kind = "rtl"

    def __init__(self, path: str):
        self.model = KenLMModel(path)  # the shipped model's scoring, given the words last to first

    def sentence(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        score = self.model.score_tokens(words[::-1])
        lps = score.token_logprobs[::-1]
        start = score.eos_logprob  # P(<s> | the first tokens): the sentence's start
        n = len(lps)
        word = np.zeros((n, 4), dtype=np.float32)
        word[:, 0] = lps
        word[:, 1] = [start, *lps[:-1]]
        word[:, 2] = score.ngram_orders[::-1]
        word[: n - 1, 3] = lps[1:]
        return word, np.array([score.mean_logprob, min(lps)], dtype=np.float32)


class ContextFit:
    """How well each word fits the words around it, by word2vec's own scoring (see the docstring)."""

    kind = "w2v"

    def __init__(self, path: Path = W2V):
        data = np.load(path)
        self.index = {w: i for i, w in enumerate(data["words"].tolist())}
        self.vin, self.vout = data["vin"], data["vout"]
        self.unit = self.vin / np.maximum(np.linalg.norm(self.vin, axis=1, keepdims=True), 1e-6)

    def sentence(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        tokens = lm_tokens(words)
        ids = np.array([self.index.get(t, -1) for t in tokens])
        alpha = np.array([any(c.isalpha() for c in t) for t in tokens], dtype=bool)
        word = np.full((len(tokens), 3), np.nan, dtype=np.float32)
        known = np.where((ids >= 0) & alpha)[0]
        if len(known) >= 2:
            v = ids[known]
            fit = -np.logaddexp(0, -(self.vin[v] @ self.vout[v].T))  # [context, word]
            cos = self.unit[v] @ self.unit[v].T
            near = np.abs(known[:, None] - known[None, :]) <= WINDOW
            np.fill_diagonal(near, False)
            for j, i in enumerate(known):
                m = near[:, j]
                if m.any():
                    word[i] = (fit[m, j].mean(), fit[m, j].min(), cos[m, j].mean())
        fits, coss = word[:, 0][~np.isnan(word[:, 0])], word[:, 2][~np.isnan(word[:, 2])]
        sentence = np.array(
            [
                fits.mean() if len(fits) else np.nan,
                fits.min() if len(fits) else np.nan,
                coss.min() if len(coss) else np.nan,
            ],
            dtype=np.float32,
        )
        return word, sentence


def columns_of(row: dict, scorer, source: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The extra word and sentence columns of a cached row, its sentences and tokens as at extraction."""
    article = make_article(row["segment"].text, source=source)
    words, sentences = [], []
    for s in article.sentences:
        w, srow = scorer.sentence([t.text for t in s.tokens]) if s.tokens else (None, None)
        if w is not None:
            words.append(w)
        sentences.append(srow)
    width_w = len(COLUMNS[scorer.kind][0])
    width_s = len(COLUMNS[scorer.kind][1])
    w = np.concatenate(words) if words else np.zeros((0, width_w), dtype=np.float32)
    if len(w) != len(row["spans"]):
        raise SystemExit(f"tokens differ from the cache's ({row['segment'].text[:60]!r}): run extract again")
    s = np.stack([x if x is not None else np.zeros(width_s, np.float32) for x in sentences])
    return w, s.reshape(len(sentences), width_s)


#: today's word and sentence features
TODAY = (tq.WORD_FEATURES, tq.SENTENCE_FEATURES)


@contextlib.contextmanager
def features_of(names: tuple[tuple[str, ...], tuple[str, ...]]):
    """train_quality with ``names`` after today's features (its feature lists are module names:
    swapped while it runs, restored after)."""
    saved = (tq.WORD_FEATURES, tq.SENTENCE_FEATURES, tq.WORD_FEATURES_SOURCE, tq.SENTENCE_FEATURES_SOURCE)
    tq.WORD_FEATURES = (*TODAY[0], *names[0])
    tq.SENTENCE_FEATURES = (*TODAY[1], *names[1])
    tq.WORD_FEATURES_SOURCE = (*tq.WORD_FEATURES, *tq.SOURCE_WORD_FEATURES)
    tq.SENTENCE_FEATURES_SOURCE = (*tq.SENTENCE_FEATURES, *tq.SOURCE_SENTENCE_FEATURES)
    try:
        yield
    finally:
        tq.WORD_FEATURES, tq.SENTENCE_FEATURES, tq.WORD_FEATURES_SOURCE, tq.SENTENCE_FEATURES_SOURCE = saved


def experiment(args) -> int:
    kind = args.command
    scorer = RightToLeft(args.model) if kind == "rtl" else ContextFit()
    keep_w, keep_s = SUBSETS[kind][args.features]
    all_w, all_s = COLUMNS[kind]
    pick_w = [all_w.index(c) for c in keep_w]
    pick_s = [all_s.index(c) for c in keep_s]
    cache = tq.CACHE / f"extra-{kind}"
    cache.mkdir(parents=True, exist_ok=True)
    load = tq._load

    def load_with_extra(name: str, view: str = "target") -> list[dict]:
        with features_of(((), ())):  # today's features while the cache is read
            rows = load(name, view)
        path = cache / f"{name}-{view}.pkl"
        if path.exists():
            extra = pickle.loads(path.read_bytes())
        else:
            extra = [columns_of(r, scorer, r["segment"].source if view == "source" else None) for r in rows]
            path.write_bytes(pickle.dumps(extra, protocol=pickle.HIGHEST_PROTOCOL))
        nw, ns = len(TODAY[0]), len(TODAY[1])
        for r, (w, s) in zip(rows, extra, strict=True):  # after today's columns, before any source columns
            r["W"] = np.hstack([r["W"][:, :nw], w[:, pick_w], r["W"][:, nw:]])
            r["S"] = np.hstack([r["S"][:, :ns], s[:, pick_s], r["S"][:, ns:]])
        return rows

    tq._load = load_with_extra
    tq.WORD_PARAMS["seed"] = tq.SENTENCE_PARAMS["seed"] = args.seed
    out = args.out or str(tq.CACHE / f"extra-{kind}-{args.features}-seed{args.seed}.json")
    fit_args = argparse.Namespace(protocol="2020", write=False, source_models=False, out=out)
    with features_of((keep_w, keep_s)):
        code = tq.fit(fit_args)
    print(f"wrote {out}")
    return code


def rule_seeds(args) -> int:
    """The likely-error rule under other LightGBM seeds: for each seed (or, with ``--average``, for the
    mean of the seeds' word models), the threshold ``train_quality`` chooses and what the rule then
    finds on MQM 2021 (one rater; never fitted on) and on the clean held-out slice, with the curve
    around it."""
    seeds = [int(x) for x in args.seeds.split(",")]
    rows = [r for name in ("mqm2020", "clean_fit") for r in tq._load(name)]
    extra = tq._load("mqmted")
    unseen, clean = tq._load("mqm2021"), tq._load("clean_eval")
    runs = []
    for seed in seeds:
        tq.WORD_PARAMS["seed"] = seed
        word = tq.fit_word(rows + extra)
        runs.append(
            (tq.out_of_fold(rows, extra), tq.predict_words(word, unseen), tq.predict_words(word, clean))
        )
    if args.average:  # per segment, the mean over the seeds of its token probabilities
        runs = [
            tuple(
                [np.mean(parts, axis=0) for parts in zip(*(run[k] for run in runs), strict=True)]
                for k in range(3)
            )
        ]
        labels = ["average of " + args.seeds]
    else:
        labels = [f"seed {s}" for s in seeds]
    for label, (oof, p_unseen, p_clean) in zip(labels, runs, strict=True):
        chosen = tq.rule_threshold(rows, oof)
        print(f"{label}: threshold {chosen}", flush=True)
        for t in np.round(np.arange(0.48, 0.62, 0.02), 2):
            mark = " <- chosen" if abs(t - chosen) < 0.005 else ""
            on_unseen = tq.rule_measure(unseen, p_unseen, t)
            on_clean = tq.rule_measure(clean, p_clean, t)
            print(
                f"  {t:.2f}: MQM 2021 {on_unseen['findings']} findings, precision {on_unseen['precision']};"
                f" clean {on_clean['per_1k_words']} per 1,000 words{mark}",
                flush=True,
            )
        if not any(abs(t - chosen) < 0.005 for t in np.arange(0.48, 0.62, 0.02)):
            on_unseen = tq.rule_measure(unseen, p_unseen, chosen)
            print(
                f"  {chosen}: MQM 2021 {on_unseen['findings']} findings, precision {on_unseen['precision']}"
            )
    return 0


def word_thresholds(args) -> int:
    """The shipped word model's token MCC on WMT22 dev at thresholds other than its span threshold
    (what no choice of threshold can reach)."""
    from audit.quality import get_quality_model

    model = get_quality_model()
    rows = tq._load("wmt22dev")
    probabilities = [np.clip(np.asarray(model.word.predict(r["W"], num_threads=1)), 0, 1) for r in rows]
    for t in np.round(np.arange(0.1, 0.55, 0.05), 2):
        mark = " <- span threshold" if abs(t - model.span_threshold) < 0.005 else ""
        print(f"{t:.2f}: {json.dumps(tq.word_mcc_tags(rows, probabilities, float(t)))}{mark}", flush=True)
    return 0


def train_w2v(args) -> int:
    try:
        from gensim.models import Word2Vec
        from gensim.models.word2vec import LineSentence
    except ImportError:
        raise SystemExit("needs gensim at build time: pip install gensim") from None
    if not W2V_TEXT.is_file():
        raise SystemExit(f"no {W2V_TEXT}: run scripts/train_ngram.py --reverse first")
    start = time.perf_counter()
    model = Word2Vec(
        LineSentence(str(W2V_TEXT)),
        vector_size=64,
        window=WINDOW,
        min_count=20,
        sg=0,
        negative=5,
        sample=1e-4,
        epochs=3,
        workers=2,
        seed=1,
    )
    words = model.wv.index_to_key
    W2V.parent.mkdir(parents=True, exist_ok=True)
    np.savez(W2V, words=np.array(words), vin=model.wv.vectors.astype(np.float32), vout=model.syn1neg)
    info = {"words": len(words), "seconds": round(time.perf_counter() - start)}
    print(json.dumps(info))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for kind in ("rtl", "w2v"):
        p = sub.add_parser(kind)
        p.add_argument("--features", choices=sorted(SUBSETS[kind]), default="all")
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--out")
        if kind == "rtl":
            p.add_argument("--model", required=True, help="the right-to-left KenLM model")
    sub.add_parser("w2v-train")
    p = sub.add_parser("rule-seeds", help="the likely-error rule's threshold and precision under other seeds")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--average", action="store_true", help="one word model: the mean of the seeds'")
    sub.add_parser("word-thresholds", help="the shipped word model's token MCC on WMT22 dev by threshold")
    args = parser.parse_args()
    if args.command == "w2v-train":
        return train_w2v(args)
    if args.command == "word-thresholds":
        return word_thresholds(args)
    return rule_seeds(args) if args.command == "rule-seeds" else experiment(args)


if __name__ == "__main__":
    sys.exit(main())
