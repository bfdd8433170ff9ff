"""The transformer fluency backend (audit/lm/transformer.py) on a tiny random GPT-2 built in the test,
and the data-prep + training scripts end to end on a toy corpus (--config tiny)."""

from __future__ import annotations

import json
import lzma
import math
import runpy
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip(
    "torch", reason="torch not installed (pip install -c constraints.txt -r requirements-lm.txt)"
)
transformers = pytest.importorskip(
    "transformers",
    reason="transformers not installed (pip install -c constraints.txt -r requirements-lm.txt)",
)
tokenizers = pytest.importorskip("tokenizers", reason="tokenizers not installed")

from audit.lm import FluencyModel, LMUnavailable, ModelFileNotFound, SentenceScore  # noqa: E402
from audit.lm.text import tokenize  # noqa: E402
from audit.lm.transformer import TransformerFluencyModel, load_transformer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

GERMAN = [
    "Der Bundestag hat heute über den Haushalt für das Jahr 2024 beraten.",
    "Die Abgeordneten stimmten mit großer Mehrheit für den Antrag der Regierung.",
    "Im Sommer fahren viele Familien an die Nordsee oder in die Berge.",
    "Das Gesetz tritt am Tag nach seiner Verkündung in Kraft.",
    "„Wir brauchen mehr Investitionen in Schulen“, sagte die Ministerin.",
    "Kinder lernen in der Grundschule lesen, schreiben und rechnen.",
    "Die Stadt liegt am Ufer eines großen Sees und hat etwa 12.000 Einwohner.",
    "Geht's dir gut? Ja, danke – und dir?",
    "Die Kosten belaufen sich auf 3,5 Millionen Euro (€) pro Jahr.",
    "Äpfel, Birnen und Pflaumen wachsen im Garten hinter dem Haus.",
]


def _train_tokenizer(out: Path, lines: list[str]) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=True)
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<|endoftext|>", "<|pad|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(lines * 3, trainer=trainer)
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<|endoftext|>", eos_token="<|endoftext|>", pad_token="<|pad|>"
    )
    fast.save_pretrained(out)


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny-gpt2")
    lines = [" ".join(tokenize(s)) for s in GERMAN]
    _train_tokenizer(out, lines)
    tok = transformers.AutoTokenizer.from_pretrained(out)
    torch.manual_seed(0)
    config = transformers.GPT2Config(
        vocab_size=len(tok),
        n_positions=64,
        n_embd=32,
        n_layer=2,
        n_head=2,
        bos_token_id=tok.eos_token_id,
        eos_token_id=tok.eos_token_id,
    )
    model = transformers.GPT2LMHeadModel(config)
    with torch.no_grad():  # larger random weights: non-trivial, position-dependent distributions
        for p in model.parameters():
            p.normal_(0.0, 0.2)
    model.save_pretrained(out, safe_serialization=True)
    (out / "metadata.json").write_text(json.dumps({"input_normalization": "lm_tokens"}))
    return out


@pytest.fixture(scope="module")
def lm(tiny_model_dir) -> TransformerFluencyModel:
    return TransformerFluencyModel(tiny_model_dir)


def _sents() -> list[list[str]]:
    return [tokenize(s) for s in GERMAN]


def test_protocol_and_signature(lm):
    assert isinstance(lm, FluencyModel)
    assert lm.name.startswith("hf:")
    assert lm.signature.startswith(lm.name + ":sha256=") and len(lm.signature.split("=")[1]) == 12


def test_one_finite_nonpositive_logprob_per_token(lm):
    sents = _sents()
    scores = lm.score_batch(sents)
    assert len(scores) == len(sents)
    for words, sc in zip(sents, scores, strict=True):
        assert isinstance(sc, SentenceScore)
        assert len(sc.token_logprobs) == len(words)
        assert all(math.isfinite(x) and x <= 0.0 for x in sc.token_logprobs)
        assert math.isfinite(sc.eos_logprob) and sc.eos_logprob <= 0.0
        assert sc.total == pytest.approx(sum(sc.token_logprobs) + sc.eos_logprob)
        assert sc.perplexity == pytest.approx(math.exp(-sc.total / (len(words) + 1)))
        assert any(x < 0.0 for x in sc.token_logprobs)


def test_batched_equals_one_by_one(lm):
    sents = _sents()
    batched = lm.score_batch(sents)
    for words, b in zip(sents, batched, strict=True):
        (single,) = lm.score_batch([words])
        assert single.token_logprobs == pytest.approx(b.token_logprobs, abs=1e-4)
        assert single.eos_logprob == pytest.approx(b.eos_logprob, abs=1e-4)


def test_word_scores_sum_to_sequence_logprob(lm, tiny_model_dir):
    """Subword log-probs are only regrouped: the words + EOS add up to log P(BOS text EOS)."""
    words = tokenize(GERMAN[4])
    (sc,) = lm.score_batch([words])
    from audit.lm import lm_tokens

    tok = lm.tokenizer
    ids = [
        tok.eos_token_id,
        *tok(" ".join(lm_tokens(words)), add_special_tokens=False)["input_ids"],
        tok.eos_token_id,
    ]
    assert len(ids) <= lm.max_len  # one window: the reference is a single forward pass
    with torch.no_grad():
        logits = lm.model(input_ids=torch.tensor([ids])).logits[0, :-1]
    ref = torch.log_softmax(logits.float(), -1).gather(-1, torch.tensor(ids[1:])[:, None]).sum().item()
    assert sc.total == pytest.approx(ref, abs=1e-3)


def test_odd_tokens_empty_and_long_sentences(lm):
    odd = [
        "„",
        "Hallo",
        "“",
        "\u00ad",
        "",
        " ",
        "€",
        "😀",
        "geht's",
        "Anti-Pakistan-Kämpfer",
        "<unk>",
        "2024",
    ]
    long = tokenize(" ".join(GERMAN))  # far beyond the 64-position context: sliding window
    scores = lm.score_batch([odd, [], long])
    assert len(scores[0].token_logprobs) == len(odd)
    assert scores[1].token_logprobs == () and math.isfinite(scores[1].eos_logprob)
    assert len(scores[2].token_logprobs) == len(long)
    for sc in scores:
        assert all(math.isfinite(x) and x <= 0.0 for x in (*sc.token_logprobs, sc.eos_logprob))


def test_lm_tokens_normalisation_applied(lm):
    a, b = lm.score_batch([["Im", "Jahr", "2024", "."], ["Im", "Jahr", "1999", "."]])
    assert a.token_logprobs == pytest.approx(b.token_logprobs, abs=1e-6)


def test_missing_path_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelFileNotFound, match="transformer model directory not found"):
        TransformerFluencyModel(missing)
    with pytest.raises(LMUnavailable, match="no config.json"):
        TransformerFluencyModel(tmp_path)
    with pytest.raises(ModelFileNotFound):
        load_transformer(f"hf:{missing}")


def _write_toy_corpus(corpus_dir: Path) -> None:
    import corpus  # scripts/corpus.py (tests run with scripts/ on sys.path, see below)

    corpus_dir.mkdir()
    for i, name in enumerate(corpus.FILES):
        lines = [f"{GERMAN[(i + j) % len(GERMAN)]} {GERMAN[(i + 2 * j) % len(GERMAN)]}" for j in range(120)]
        with lzma.open(corpus_dir / name, "wt", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


def test_prepare_train_export_load_end_to_end(tmp_path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import corpus

    monkeypatch.setattr(corpus, "CORPUS_DIR", corpus.CORPUS_DIR)  # restored after the test
    _write_toy_corpus(tmp_path / "corpus")
    data, out = tmp_path / "data", tmp_path / "model"
    monkeypatch.setattr(
        sys,
        "argv",
        [
            "prepare_lm_data.py",
            "--corpus-dir",
            str(tmp_path / "corpus"),
            "--out-dir",
            str(data),
            "--vocab-size",
            "400",
            "--workers",
            "1",
            "--heldout-paragraphs",
            "5",
        ],
    )
    runpy.run_path(str(ROOT / "scripts" / "prepare_lm_data.py"), run_name="__main__")
    meta = json.loads((data / "meta.json").read_text())
    assert meta["train_tokens"] > 0 and meta["heldout_tokens"] > 0 and meta["vocab_size"] <= 400

    monkeypatch.setattr(
        sys,
        "argv",
        [
            "train_transformer.py",
            "--data",
            str(data),
            "--config",
            "tiny",
            "--max-steps",
            "3",
            "--eval-every",
            "2",
            "--block-size",
            "16",
            "--batch-size",
            "4",
            "--eval-tokens",
            "256",
            "--log-every",
            "1",
            "--out",
            str(out),
            "--fp16-export",
        ],
    )
    runpy.run_path(str(ROOT / "scripts" / "train_transformer.py"), run_name="__main__")
    assert "MFU" in capsys.readouterr().out
    md = json.loads((out / "metadata.json").read_text())
    assert md["training"]["steps"] == 3 and md["dtype"] == "float16"
    assert md["input_normalization"] == "lm_tokens" and "CC BY-SA" in md["licence"]
    assert len(md["model_file"]["sha256"]) == 64

    # resume continues from the checkpoint
    monkeypatch.setattr(sys, "argv", sys.argv[:] + ["--resume", "--max-steps", "4"])
    runpy.run_path(str(ROOT / "scripts" / "train_transformer.py"), run_name="__main__")
    md = json.loads((out / "metadata.json").read_text())
    assert md["training"]["steps"] == 4

    model = TransformerFluencyModel(out)
    assert model.signature.endswith(md["model_file"]["sha256"][:12])
    words = tokenize(GERMAN[0])
    (sc,) = model.score_batch([words])
    assert len(sc.token_logprobs) == len(words) and all(math.isfinite(x) for x in sc.token_logprobs)
