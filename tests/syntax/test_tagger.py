"""The distilled POS tagger: tags, agreement with its teacher HanTa, and a refused corrupt model."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from audit.errors import ModelError
from audit.lexicon import models_dir
from audit.segment import make_article
from audit.syntax import analyse, get_tagger, model_path
from audit.syntax import tagger as tagger_module
from audit.syntax.tagger import END, START, Tagger, feature_hash, shape, viterbi

# Sentences written here, none from the corpus: (tokens, expected tags at some positions)
TAGGED = [
    ("Gestern sagte der Minister , dass er komme .", {0: "ADV", 1: "VV(FIN)", 2: "ART", 3: "NN", 5: "KOUS"}),
    ("Die Regierung hat das Gesetz beschlossen .", {2: "VA(FIN)", 5: "VV(PP)"}),
    ("Wir wollen morgen nach Berlin fahren .", {1: "VM(FIN)", 3: "APPR", 4: "NE", 5: "VV(INF)"}),
    ("Das Haus , in dem ich wohne , ist alt .", {3: "APPR", 4: "PRELS", 6: "VV(FIN)"}),
    ("Er versucht , das Problem zu lösen .", {5: "PTKZU", 6: "VV(INF)"}),
]


@pytest.mark.parametrize(("sentence", "expected"), TAGGED)
def test_tags(sentence, expected):
    tags = get_tagger().tag(sentence.split())
    assert len(tags) == len(sentence.split())
    assert {i: tags[i] for i in expected} == expected


def test_empty_and_odd_tokens():
    tagger = get_tagger()
    assert tagger.tag([]) == []
    assert len(tagger.tag(["\ud800", "a" * 5000, "–"])) == 3


def test_analyse_aligns_with_sentences():
    article = make_article("Das ist gut. Er kommt morgen.\n\nNeue Zeile")
    tagged = analyse(article)
    assert [ts.sentence for ts in tagged] == list(article.sentences)
    assert all(len(ts.tags) == len(ts.sentence.tokens) for ts in tagged)


def test_agreement_with_hanta():
    """On sentences written here the distilled tagger agrees with HanTa as on the held-out corpus."""
    hanta = pytest.importorskip("HanTa.HanoverTagger", reason="HanTa (dev dependency) compares the tags")
    teacher = hanta.HanoverTagger("morphmodel_ger.pgz")
    more = [
        "Nach Angaben der Polizei wurden drei Menschen verletzt .",
        "Die Kinder spielen im Garten , während die Eltern arbeiten .",
        "Ob das Projekt gelingt , hängt von der Finanzierung ab .",
    ]
    sentences = [s.split() for s, _ in TAGGED] + [s.split() for s in more]
    agree = total = 0
    for tokens in sentences:
        ours = get_tagger().tag(tokens)
        theirs = [t for _, _, t in teacher.tag_sent(tokens, taglevel=1)]
        agree += sum(a == b for a, b in zip(ours, theirs, strict=True))
        total += len(tokens)
    assert agree / total >= 0.93


def test_features_are_stable():
    assert shape("Jong-un") == "Xx-x"
    assert feature_hash("0w:haus") == feature_hash("0w:haus") != feature_hash("0w:Haus")
    assert feature_hash("b") == 8453121595177857668  # the model file's hashes depend on it


def test_corrupt_model_is_refused(tmp_path, monkeypatch):
    shutil.copytree(models_dir() / "syntax", tmp_path / "syntax")
    path = tmp_path / "syntax" / "tagger.npz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    monkeypatch.setenv("MTAUDIT_MODELS", str(tmp_path))
    get_tagger.cache_clear()
    try:
        with pytest.raises(ModelError, match="tagger.npz"):
            get_tagger()
        path.unlink()
        with pytest.raises(ModelError, match="not found"):
            get_tagger()
    finally:
        get_tagger.cache_clear()


# Words of every kind a feed brings: inflected forms, names, compounds, numbers, odd characters.
WORDS = [
    "Die",
    "Regierung",
    "hat",
    "das",
    "Gesetz",
    "gestern",
    "beschlossen",
    ",",
    "sagte",
    "Ministerin",
    "Nadine",
    "Norelle",
    "in",
    "Berlin-Mitte",
    ".",
    "Windkraftanlagen",
    "2024",
    "3,5",
    "%",
    "e-mail",
    "Kim",
    "Jong-unals",
    "erhöhenGETTY",
    "�",
    "–",
    "Сosmodrom",
]


def test_matrices_computed_together_equal_those_computed_alone():
    together = Tagger(model_path())._matrices([START, *WORDS, END, WORDS[0]])
    for word, matrix in zip([START, *WORDS, END, WORDS[0]], together, strict=True):
        alone = Tagger(model_path())._matrices([word])[0]
        assert matrix.dtype == alone.dtype == np.float32
        assert np.array_equal(matrix, alone), word


def test_tag_many_tags_as_tag_does():
    sentences = [WORDS[:7], WORDS[7:], [], WORDS[::-1]]
    assert Tagger(model_path()).tag_many(sentences) == [get_tagger().tag(s) for s in sentences]


def test_the_word_cache_stays_within_its_bound(monkeypatch):
    """Issue 15: memory must not grow with a feed's vocabulary; the tags do not depend on the cache."""
    monkeypatch.setattr(tagger_module, "CACHE_SIZE", 20)
    small = Tagger(model_path())
    sentences = [[f"Wort{i}", "und", f"wort{i}x", *WORDS[i % 9 : i % 9 + 4]] for i in range(60)]
    for sentence in sentences:
        assert small.tag(sentence) == get_tagger().tag(sentence)
        assert len(small._cache) <= 20


def _viterbi_by_columns(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The textbook loop over (previous, current) tag pairs, to check the faster one against."""
    n, k = emissions.shape
    score = transitions[k] + emissions[0]
    back = np.empty((n, k), dtype=np.intp)
    for i in range(1, n):
        total = score[:, None] + transitions[:k]
        back[i] = total.argmax(axis=0)
        score = total[back[i], np.arange(k)] + emissions[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_viterbi_equals_the_textbook_loop_ties_included(dtype):
    rng = np.random.default_rng(7)
    for _ in range(300):
        n, k = int(rng.integers(1, 30)), int(rng.integers(1, 12))
        # small integers: many ties, which both must break towards the first best predecessor
        emissions = rng.integers(-3, 3, size=(n, k)).astype(dtype)
        transitions = rng.integers(-3, 3, size=(k + 1, k)).astype(dtype)
        assert viterbi(emissions, transitions) == _viterbi_by_columns(emissions, transitions)
        emissions, transitions = (
            rng.normal(size=(n, k)).astype(dtype),
            rng.normal(size=(k + 1, k)).astype(dtype),
        )
        assert viterbi(emissions, transitions) == _viterbi_by_columns(emissions, transitions)


def test_tag_many_computes_a_long_text_in_batches(monkeypatch):
    """Issue 15: a long article's new word types are computed a batch of sentences at a time (all at
    once held an entry per feature of every type: 350 MB for 0.3 MB of text), with the same tags."""
    monkeypatch.setattr(tagger_module, "BATCH_TOKENS", 12)
    monkeypatch.setattr(tagger_module, "CACHE_SIZE", 30)
    sentences = [[f"Wort{i}", "und", f"wort{i}x", *WORDS[i % 9 : i % 9 + 4]] for i in range(40)]
    sentences[5] = WORDS * 2  # a sentence longer than a batch is a batch of its own
    batched = Tagger(model_path())
    sizes: list[int] = []
    compute = batched._compute
    monkeypatch.setattr(batched, "_compute", lambda words: sizes.append(len(words)) or compute(words))
    assert batched.tag_many(sentences) == [get_tagger().tag(s) for s in sentences]
    assert max(sizes) <= 2 * len(WORDS) and len(sizes) > 10
    assert len(batched._cache) <= 30 + 2 * len(WORDS)


def test_matrices_are_the_sums_of_each_features_weights():
    """The batched computation (shapes reused, each distinct feature hashed once) against the plain
    definition: a word's row at each offset is the sum of the weights of its features there."""
    from audit.syntax.tagger import _GROUPS, word_features

    tagger = Tagger(model_path())
    words = [START, END, *WORDS]
    for word, matrix in zip(words, tagger._matrices(words), strict=True):
        expected = np.zeros((len(_GROUPS), tagger.n_tags))
        for g, (offset, first) in enumerate(_GROUPS):
            if offset == 0 and word in (START, END):
                continue
            for feature in word_features(word, offset, first):
                i = int(np.searchsorted(tagger.hashes, feature_hash(feature)))
                if i < len(tagger.hashes) and tagger.hashes[i] == feature_hash(feature):
                    lo, hi = tagger.indptr[i], tagger.indptr[i + 1]
                    expected[g, tagger.columns[lo:hi]] += tagger.values[lo:hi]
        assert np.allclose(matrix, expected, atol=1e-5), word
