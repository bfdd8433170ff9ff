"""``mtaudit compare``: which of two or more MT outputs of the same documents is better.

Each system is a folder of text files (documents paired by relative path) or a JSONL file (paired by
record id). Every document is audited; with references (``--reference``, or the records' own
``reference`` keys) chrF, BLEU and TER come too. For each pair of systems and each metric: the
difference (a minus b) of the system-level figure (the mean article score; the corpus chrF, BLEU or
TER over the documents), a 95% confidence interval and a p-value from paired bootstrap resampling over
documents, the method of sacrebleu's ``--paired-bs`` (Koehn 2004: the same resampled documents for both
systems, seed 12345 unless given, so runs are reproducible), wins, ties and losses over documents, and
which system is better, or None when the interval holds 0. The ranking sorts the systems by the
chosen metric; a system's rank is one more than the number of systems significantly better than it,
so systems that cannot be told apart share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audit.bitext.reference import METRICS, _metrics

#: higher is better for every metric but TER
LOWER_IS_BETTER = frozenset({"ter"})
SEED = 12345
SAMPLES = 1000


@dataclass
class SystemScores:
    """One system's per-document figures, documents in the shared order."""

    name: str
    scores: np.ndarray  # the article scores
    #: per metric, the sufficient statistics of each document (documents x statistics), when every
    #: document has a reference
    stats: dict[str, np.ndarray]

    @classmethod
    def of(cls, name: str, reports: list) -> SystemScores:
        stats: dict[str, np.ndarray] = {}
        if reports and all(r.reference is not None for r in reports):
            stats = {m: np.array([r.reference.stats[m] for r in reports], dtype="float64") for m in METRICS}
        return cls(name, np.array([r.score for r in reports], dtype="float64"), stats)

    def metrics(self) -> list[str]:
        return ["score", *(m for m in METRICS if m in self.stats)]

    def value(self, metric: str) -> float:
        """The system-level figure: the mean article score, or the corpus metric over all documents."""
        if metric == "score":
            return float(self.scores.mean())
        return float(_metrics()[metric]._compute_score_from_stats(list(self.stats[metric].sum(0))).score)

    def per_document(self, metric: str) -> np.ndarray:
        if metric == "score":
            return self.scores
        sentence_metric = "bleu_sentence" if metric == "bleu" else metric
        compute = _metrics()[sentence_metric]._compute_score_from_stats
        return np.array([compute(list(row)).score for row in self.stats[metric]])

    def resampled(self, metric: str, samples: np.ndarray) -> np.ndarray:
        """The figure on each bootstrap sample (samples x documents indices)."""
        if metric == "score":
            return self.scores[samples].mean(1)
        sums = self.stats[metric][samples].sum(1)  # samples x statistics
        compute = _metrics()[metric]._compute_score_from_stats
        return np.array([compute(list(row)).score for row in sums])


def _better(metric: str, lo: float, hi: float, a: str, b: str) -> str | None:
    if lo > 0:
        return b if metric in LOWER_IS_BETTER else a
    if hi < 0:
        return a if metric in LOWER_IS_BETTER else b
    return None


def compare(
    systems: list[SystemScores], *, samples: int = SAMPLES, seed: int = SEED, metric: str = "score"
) -> dict:
    """Pairwise comparisons of ``systems`` (at least two, over the same documents) and their ranking."""
    documents = len(systems[0].scores)
    metrics = [m for m in systems[0].metrics() if all(m in s.metrics() for s in systems)]
    if metric not in metrics:
        raise ValueError(f"{metric} needs a reference for every document of every system")
    rng = np.random.default_rng(seed)
    rows = rng.choice(documents, size=(samples, documents), replace=True)
    # each system's figures once, not once per pair it is in
    value = {(s.name, m): s.value(m) for s in systems for m in metrics}
    per_document = {(s.name, m): s.per_document(m) for s in systems for m in metrics}
    resampled = {(s.name, m): s.resampled(m, rows) for s in systems for m in metrics}
    pairs = []
    for i, a in enumerate(systems):
        for b in systems[i + 1 :]:
            for m in metrics:
                delta = value[a.name, m] - value[b.name, m]
                diffs = resampled[a.name, m] - resampled[b.name, m]
                lo, hi = (float(x) for x in np.percentile(diffs, [2.5, 97.5]))
                # sacrebleu's p-value: how often a resampled |difference|, centred, exceeds the real one
                spread = np.abs(diffs) - np.abs(diffs).mean()
                p = (int(np.sum(spread > abs(delta))) + 1) / (samples + 1)
                da, db = per_document[a.name, m], per_document[b.name, m]
                ties = int(np.sum(np.isclose(da, db, atol=0.005)))
                a_ahead = int(np.sum((db - da > 0.005) if m in LOWER_IS_BETTER else (da - db > 0.005)))
                pairs.append(
                    {
                        "a": a.name,
                        "b": b.name,
                        "metric": m,
                        "a_value": round(value[a.name, m], 2),
                        "b_value": round(value[b.name, m], 2),
                        "delta": round(delta, 2),
                        "ci": [round(lo, 2), round(hi, 2)],
                        "p_value": round(p, 4),
                        "wins": a_ahead,
                        "ties": ties,
                        "losses": documents - a_ahead - ties,
                        "better": _better(m, lo, hi, a.name, b.name),
                    }
                )
    return {
        "systems": [s.name for s in systems],
        "documents": documents,
        "metric": metric,
        "bootstrap": {
            "samples": samples,
            "seed": seed,
            "method": "paired bootstrap resampling over documents",
        },
        "pairs": pairs,
        "ranking": _ranking(systems, pairs, metric, metrics, value),
    }


def _ranking(
    systems: list[SystemScores], pairs: list[dict], metric: str, metrics: list[str], value: dict
) -> list[dict]:
    beaten_by = {s.name: 0 for s in systems}
    for p in pairs:
        if p["metric"] == metric and p["better"] is not None:
            loser = p["b"] if p["better"] == p["a"] else p["a"]
            beaten_by[loser] += 1
    sign = 1 if metric in LOWER_IS_BETTER else -1
    order = sorted(systems, key=lambda s: (sign * value[s.name, metric], s.name))
    return [
        {
            "system": s.name,
            "rank": 1 + beaten_by[s.name],
            **{m: round(value[s.name, m], 2) for m in metrics},
        }
        for s in order
    ]


NAMES = {"score": "score", "chrf": "chrF", "bleu": "BLEU", "ter": "TER"}


def render_text(result: dict) -> str:
    out = [
        f"{len(result['systems'])} systems, {result['documents']} documents; ranked by {NAMES[result['metric']]}:"
    ]
    metrics = [m for m in ("score", *METRICS) if m in result["ranking"][0]]
    width = min(max(len(s) for s in result["systems"]), 50)
    out.append(f"  rank  {'system':<{width}}  " + "  ".join(f"{NAMES[m]:>6}" for m in metrics))
    for entry in result["ranking"]:
        values = "  ".join(f"{entry[m]:6.1f}" for m in metrics)
        out.append(f"  {entry['rank']:>4}  {entry['system'][-width:]:<{width}}  {values}")
    out.append("")
    out.append(
        "pairs (a - b, 95% confidence interval from paired bootstrap, wins/ties/losses of a over documents):"
    )
    for p in result["pairs"]:
        verdict = f"{p['better']} is better" if p["better"] else "no significant difference"
        out.append(
            f"  {p['a']} vs {p['b']}  {NAMES[p['metric']]:<5} {p['delta']:+6.2f}  [{p['ci'][0]:+.2f}, {p['ci'][1]:+.2f}]"
            f"  p={p['p_value']:.3f}  {p['wins']}/{p['ties']}/{p['losses']}  {verdict}"
        )
    boot = result["bootstrap"]
    out.append(f"bootstrap: {boot['samples']} samples, seed {boot['seed']}")
    return "\n".join(out) + "\n"


def render_html(result: dict) -> str:
    from audit.report.html import esc

    metrics = [m for m in ("score", *METRICS) if m in result["ranking"][0]]
    head = "".join(f'<th scope="col" class="num">{NAMES[m]}</th>' for m in metrics)
    rows = "".join(
        f'<tr><td class="num">{e["rank"]}</td><th scope="row">{esc(e["system"])}</th>'
        + "".join(f'<td class="num">{e[m]:.2f}</td>' for m in metrics)
        + "</tr>"
        for e in result["ranking"]
    )
    pair_rows = "".join(
        f"<tr><td>{esc(p['a'])}</td><td>{esc(p['b'])}</td><td>{NAMES[p['metric']]}</td>"
        f'<td class="num">{p["delta"]:+.2f}</td><td class="num">[{p["ci"][0]:+.2f}, {p["ci"][1]:+.2f}]</td>'
        f'<td class="num">{p["p_value"]:.3f}</td><td class="num">{p["wins"]}/{p["ties"]}/{p["losses"]}</td>'
        f"<td>{esc(p['better'] or 'not significant')}</td></tr>"
        for p in result["pairs"]
    )
    css = (
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;"
        "margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.num{text-align:right}"
    )
    boot = result["bootstrap"]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>mtaudit compare</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"<h1>mtaudit compare</h1><p>{len(result['systems'])} systems, {result['documents']} documents;"
        f" ranked by {NAMES[result['metric']]}; paired bootstrap, {boot['samples']} samples, seed {boot['seed']}</p>\n"
        '<section id="ranking"><h2>Ranking</h2><table><thead><tr><th scope="col">rank</th>'
        f'<th scope="col">system</th>{head}</tr></thead><tbody>{rows}</tbody></table></section>\n'
        '<section id="pairs"><h2>Pairs</h2><table><thead><tr><th scope="col">a</th><th scope="col">b</th>'
        '<th scope="col">metric</th><th scope="col">a − b</th><th scope="col">95% CI</th>'
        '<th scope="col">p</th><th scope="col">wins/ties/losses</th><th scope="col">better</th></tr></thead>'
        f"<tbody>{pair_rows}</tbody></table></section>\n</body>\n</html>\n"
    )
