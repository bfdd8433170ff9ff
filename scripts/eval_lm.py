#!/usr/bin/env python3
"""Evaluate a fluency LM: held-out perplexity, MQM-2021 error/no-error AUC, speed, memory.

    python scripts/eval_lm.py                    # the shipped n-gram model
    python scripts/eval_lm.py --lm path/to/model.binary --out /tmp/eval.json

* Perplexity: held-out split of scripts/corpus.py (never trained on), the same number of paragraphs
  from each file (evenly spaced), sentence-split and tokenized like the training text; all tokens
  plus </s> per sentence, OOV tokens included (KenLM's <unk> probability); also reported without OOVs.
* AUC: MQM newstest2021 en-de (../shared/data/qe). A (system, segment) target is "clean" when every
  row for it (all raters) is No-error, "bad" when at least one row has severity Major. Score = mean
  natural-log probability per token (</s> included) of the target with <v></v> tags stripped,
  sentence-split and tokenized; AUC = P(score(clean) > score(bad)) (ties count 1/2).
* Speed: sentences per second for score_batch on the MQM targets (batches of 256, one process,
  after a warm-up pass), and peak RSS of this process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from audit.lm import FluencyModel, load_model  # noqa: E402
from audit.lm.text import split_sentences, tokenize  # noqa: E402

DATA = Path(os.environ.get("MTAUDIT_DATA", ROOT / ".." / "shared" / "data"))
MQM2021 = DATA / "qe" / "mqm-newstest2021-ende" / "mqm-newstest2021_ende.tsv"
_TAG = re.compile(r"</?v>")


def _sentences(text: str) -> list[list[str]]:
    return [t for t in (tokenize(s) for s in split_sentences(text)) if t]


def heldout_perplexity(model: FluencyModel, n_paragraphs: int = 5000) -> dict:
    import corpus  # noqa: PLC0415

    per_file: dict[str, list[str]] = {}
    for name, para in corpus.iter_corpus("heldout"):
        per_file.setdefault(name, []).append(para)
    k = max(1, n_paragraphs // len(per_file))
    result: dict = {"paragraphs_per_file": k, "files": {}}
    tot_lp = tot_n = tot_oov = 0.0
    tot_lp_iv = tot_n_iv = 0.0
    for name, paras in per_file.items():
        step = max(1, len(paras) // k)
        chosen = paras[::step][:k]
        sents = [s for p in chosen for s in _sentences(p)]
        scores = model.score_batch(sents)
        lp = sum(s.total for s in scores)
        n = sum(len(s.token_logprobs) + 1 for s in scores)
        oov = sum(sum(s.oov) for s in scores)
        lp_iv = sum(
            s.eos_logprob
            + sum(
                x
                for x, o in zip(s.token_logprobs, s.oov or (False,) * len(s.token_logprobs), strict=True)
                if not o
            )
            for s in scores
        )
        n_iv = n - oov
        result["files"][name] = {
            "paragraphs": len(chosen),
            "sentences": len(sents),
            "tokens_incl_eos": n,
            "perplexity": round(math.exp(-lp / n), 1),
            "oov_rate": round(oov / n, 4),
        }
        tot_lp += lp
        tot_n += n
        tot_oov += oov
        tot_lp_iv += lp_iv
        tot_n_iv += n_iv
    result["perplexity"] = round(math.exp(-tot_lp / tot_n), 1)
    result["perplexity_excl_oov"] = round(math.exp(-tot_lp_iv / tot_n_iv), 1)
    result["oov_rate"] = round(tot_oov / tot_n, 4)
    result["tokens_incl_eos"] = int(tot_n)
    return result


def load_mqm2021(path: Path = MQM2021) -> list[tuple[str, str, str, frozenset[str]]]:
    """Return ``(seg_id, label, target, major categories)`` per (system, segment): label ``clean``
    (every row No-error), ``major`` (at least one Major row) or ``other``."""
    rows: dict[tuple[str, str], dict] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in reader:
            key = (r["system"], r["seg_id"])
            d = rows.setdefault(
                key, {"target": _TAG.sub("", r["target"] or ""), "all_noerr": True, "major": set()}
            )
            sev = (r["severity"] or "").strip()
            if sev != "No-error":
                d["all_noerr"] = False
            if sev.lower().startswith("major"):
                d["major"].add((r["category"] or "").strip())
    out = []
    for (_system, seg), d in rows.items():
        if d["target"].strip():
            label = "major" if d["major"] else "clean" if d["all_noerr"] else "other"
            out.append((seg, label, d["target"], frozenset(d["major"])))
    return out


def auc(pos: list[float], neg: list[float]) -> float:
    """P(pos > neg) + 0.5 P(tie), via ranks (Mann-Whitney U)."""
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum = 0.0
    i = 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        avg_rank = (i + j + 1) / 2  # ranks are 1-based
        rank_sum += avg_rank * sum(1 for _, lab in allv[i:j] if lab == 1)
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def segment_scores(model: FluencyModel, text: str) -> dict[str, float]:
    """Length-normalised scores of a segment (all sentences together), natural logs:
    ``mean_logprob`` (per token, </s> included; the headline), ``mean_logprob_excl_oov``, and where the
    model offers unigram probabilities ``slor`` (mean of log P(w|h) - log P(w): frequency-normalised)."""
    sents = _sentences(text)
    scores = model.score_batch(sents)
    n = sum(len(s.token_logprobs) + 1 for s in scores)
    out = {"mean_logprob": sum(s.total for s in scores) / n if n else 0.0}
    iv = [
        lp
        for s in scores
        for lp, o in zip(s.token_logprobs, s.oov or (False,) * len(s.token_logprobs), strict=True)
        if not o
    ] + [s.eos_logprob for s in scores]
    out["mean_logprob_excl_oov"] = sum(iv) / len(iv) if iv else 0.0
    unigram = getattr(model, "unigram_logprobs", None)
    if unigram is not None:
        uni = sum(sum(unigram(words)) for words in sents)
        out["slor"] = (sum(s.total - s.eos_logprob for s in scores) - uni) / max(1, n - len(scores))
    return out


def paired_auc(by_seg: dict[str, dict[str, list[float]]]) -> tuple[float, int]:
    """P(clean > major) over pairs of translations of the SAME source segment (controls for content)."""
    wins = 0.0
    pairs = 0
    for d in by_seg.values():
        for a in d.get("clean", []):
            for b in d.get("major", []):
                wins += 1.0 if a > b else 0.5 if a == b else 0.0
                pairs += 1
    return (wins / pairs if pairs else float("nan")), pairs


#: negatives restricted to segments with a Major error a fluency LM could plausibly see
FLUENCY_MAJOR = frozenset({"Fluency/Grammar", "Fluency/Spelling", "Style/Awkward"})


def mqm_auc(model: FluencyModel) -> dict:
    data = [
        (seg, lab, cats, segment_scores(model, t)) for seg, lab, t, cats in load_mqm2021() if lab != "other"
    ]
    res: dict = {
        "clean_segments": sum(1 for _, lab, _, _ in data if lab == "clean"),
        "major_segments": sum(1 for _, lab, _, _ in data if lab == "major"),
        "major_grammar_spelling_awkward_segments": sum(1 for _, lab, c, _ in data if c & FLUENCY_MAJOR),
        "definition": "(system, segment) targets; clean = every rating No-error; major = at least one Major "
        "error (any category); major_grammar_spelling_awkward = a Major Fluency/Grammar, Fluency/Spelling "
        "or Style/Awkward error. paired = only pairs of translations of the same source segment",
    }
    for variant in data[0][3]:
        for subset, keep in (
            ("major", lambda c: True),
            ("major_grammar_spelling_awkward", lambda c: c & FLUENCY_MAJOR),
        ):
            pos: list[float] = []
            neg: list[float] = []
            by_seg: dict[str, dict[str, list[float]]] = {}
            for seg, label, cats, sc in data:
                if label == "major" and not keep(cats):
                    continue
                (pos if label == "clean" else neg).append(sc[variant])
                by_seg.setdefault(seg, {}).setdefault(label, []).append(sc[variant])
            p_auc, n_pairs = paired_auc(by_seg)
            res[f"{variant}/clean_vs_{subset}"] = {
                "auc": round(auc(pos, neg), 4),
                "paired_auc_same_source": round(p_auc, 4),
                "pairs": n_pairs,
                "mean_clean": round(sum(pos) / len(pos), 4),
                "mean_neg": round(sum(neg) / len(neg), 4),
            }
    res["auc"] = res["mean_logprob/clean_vs_major"]["auc"]
    res["paired_auc"] = res["mean_logprob/clean_vs_major"]["paired_auc_same_source"]
    return res


def _mqm_sentences() -> list[list[str]]:
    return [s for _, label, t, _ in load_mqm2021() if label != "other" for s in _sentences(t)]


def speed(model: FluencyModel, batch: int = 256, rounds: int = 3) -> dict:
    """Single-process throughput: median over ``rounds`` full passes over the MQM targets."""
    sents = _mqm_sentences()
    batches = [sents[i : i + batch] for i in range(0, len(sents), batch)]
    for b in batches:  # warm-up (page in the mmapped model)
        model.score_batch(b)
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for b in batches:
            model.score_batch(b)
        rates.append(len(sents) / (time.perf_counter() - t0))
    rate = sorted(rates)[len(rates) // 2]
    avg_toks = sum(len(s) for s in sents) / len(sents)
    return {
        "sentences_per_second": round(rate),
        "sentences_per_second_all_rounds": [round(r) for r in rates],
        "tokens_per_second": round(rate * avg_toks),
        "avg_tokens_per_sentence": round(avg_toks, 1),
        "sentences": len(sents),
        "batch": batch,
        "processes": 1,
    }


_WORKER_MODEL = None


def _init_worker(spec: str) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = load_model(spec)


def _score_len(batch: list[list[str]]) -> int:
    return len(_WORKER_MODEL.score_batch(batch))  # type: ignore[union-attr]


def speed_parallel(spec: str, processes: int, batch: int = 256, repeats: int = 5) -> dict:
    """Throughput with ``processes`` worker processes sharing the mmapped model (spawned, each loads it)."""
    import multiprocessing as mp  # noqa: PLC0415

    sents = _mqm_sentences()
    batches = [sents[i : i + batch] for i in range(0, len(sents), batch)]
    ctx = mp.get_context("spawn")
    with ctx.Pool(processes, initializer=_init_worker, initargs=(spec,)) as pool:
        sum(pool.map(_score_len, batches))  # warm-up, model load
        t0 = time.perf_counter()
        n = sum(pool.map(_score_len, batches * repeats, chunksize=4))
        dt = time.perf_counter() - t0
    return {"sentences_per_second": round(n / dt), "processes": processes, "batch": batch}


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lm", default="ngram")
    ap.add_argument("--heldout-paragraphs", type=int, default=5000)
    ap.add_argument("--out", default=str(ROOT / "models" / "ngram" / "eval.json"))
    args = ap.parse_args()

    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    model = load_model(args.lm)
    if model is None:
        sys.exit("no model")
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()
    res: dict = {"model": model.signature, "load_seconds": round(load_s, 2)}
    res["speed"] = speed(model)
    res["speed_2_processes"] = speed_parallel(args.lm, 2)
    res["peak_rss_mb_after_load_and_speed"] = peak_rss_mb()
    if MQM2021.is_file():
        res["mqm2021"] = mqm_auc(model)
    else:
        print(f"MQM 2021 file absent ({MQM2021}); skipping AUC", file=sys.stderr)
    res["heldout"] = heldout_perplexity(model, args.heldout_paragraphs)
    res["peak_rss_mb"] = {
        "before_load": rss0,
        "after_load": rss_loaded,
        "end_incl_corpus_reading": peak_rss_mb(),
        "largest_worker_process": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    h, m, sp = res["heldout"], res.get("mqm2021", {}), res["speed"]
    mm = m.get("mean_logprob/clean_vs_major", {})
    print(
        "\n| model | held-out ppl | ppl excl. OOV | OOV rate | MQM21 AUC clean vs major (paired, same source) "
        "| sent/s 1 proc | sent/s 2 procs | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {res['model']} | {h['perplexity']} | {h['perplexity_excl_oov']} | {h['oov_rate']:.2%} | "
        f"{mm.get('auc', 'n/a')} ({mm.get('paired_auc_same_source', 'n/a')}); "
        f"{m.get('clean_segments', 0)} vs {m.get('major_segments', 0)} | "
        f"{sp['sentences_per_second']} | {res['speed_2_processes']['sentences_per_second']} | "
        f"{res['peak_rss_mb_after_load_and_speed']} |"
    )
    if m:
        print("\nMQM 2021 AUC by score variant (pooled / paired same source):")
        for key, v in m.items():
            if isinstance(v, dict):
                print(f"  {key}: {v['auc']} / {v['paired_auc_same_source']}")
    print("\nper file:")
    for name, f in h["files"].items():
        print(f"  {name}: ppl {f['perplexity']}, OOV {f['oov_rate']:.2%}, {f['tokens_incl_eos']} tokens")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
