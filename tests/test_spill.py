"""Sequences kept on disk (audit/spill.py), and the windowed article's report that uses them: the
same items as a tuple, read back in order or by index, and memory that does not grow with the article."""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
import tracemalloc

import numpy as np
import pytest

from audit import window
from audit.document import Article, Finding, Report, SentenceReport, TokenQualities
from audit.spill import Spilled, SpilledRows


def test_a_spilled_sequence_is_its_items_in_order():
    items = Spilled()
    assert len(items) == 0 and list(items) == [] and items == ()
    items.extend(range(5))
    items.extend([])  # no chunk
    items.extend(range(5, 12))
    items.extend(range(12, 13))
    expected = tuple(range(13))
    assert len(items) == 13 and tuple(items) == expected
    assert items == expected and expected == items and items == list(expected) and items != expected[:-1]
    assert [items[i] for i in range(13)] == list(expected) and items[-1] == 12 and items[-13] == 0
    assert items[3:8] == expected[3:8] and items[::-1] == expected[::-1]
    assert 7 in items and items.index(9) == 9 and items.count(4) == 1
    for bad in (13, -14):
        with pytest.raises(IndexError):
            items[bad]
    assert pickle.loads(pickle.dumps(items)) == expected and type(pickle.loads(pickle.dumps(items))) is tuple
    assert hash(items) == hash(expected)


def test_two_readers_of_one_spilled_sequence_do_not_disturb_each_other():
    items = Spilled(range(100))
    items.extend(range(100, 200))
    first, second = iter(items), iter(items)
    pairs = [(next(first), items[199 - k], next(second)) for k in range(150)]
    assert pairs == [(k, 199 - k, k) for k in range(150)]


def test_a_spilled_sequence_has_no_name_on_disk_and_holds_no_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        items = Spilled()
        for k in range(50):  # 50 chunks of 1,000 strings of 100 characters: about 7.5 MB as objects
            items.extend(f"{k:04d}{i:06d}" + "x" * 90 for i in range(1_000))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 200_000, held
    assert len(items) == 50_000 and items[31_415] == "0031000415" + "x" * 90
    assert os.listdir(tmp_path) == []  # unnamed: gone with the process, however it ends


def test_spilled_rows_map_back_the_matrix():
    rows = SpilledRows(3)
    assert rows.array().shape == (0, 3)
    blocks = [np.arange(6.0).reshape(2, 3), np.zeros((0, 3)), np.arange(6.0, 15.0).reshape(3, 3)]
    for block in blocks:
        rows.append(block)
    out = rows.array()
    assert out.shape == (5, 3) and np.array_equal(out, np.concatenate(blocks))
    assert not out.flags.writeable


def _window_report(offset: int, sentences: int) -> Report:
    """A window's report of ``sentences`` sentences of ten tokens, with a finding in each."""
    reports, findings, pos = [], [], 0
    for _ in range(sentences):
        tokens = TokenQualities((pos + 6 * t, pos + 6 * t + 5, 0.01 * t) for t in range(10))
        reports.append(SentenceReport(pos, pos + 60, 97.5, -2.0, 1, quality=tokens))
        findings.append(Finding("spelling", "spelling", "minor", pos, pos + 5, "Wortx", "not a word"))
        pos += 61
    article = Article(id="w", text="")
    object.__setattr__(article, "_word_count", 10 * sentences)
    return Report(article, tuple(findings), tuple(reports), 97.5, -2.0, 1.0 * sentences)


def test_a_merged_report_does_not_grow_in_memory_with_its_windows():
    merger = window.Merger("big")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for k in range(40):  # 40 windows of 500 sentences; each report alone is about 0.5 MB
            merger.add(k * 30_500, _window_report(k * 30_500, 500))
        report = merger.finish(Article(id="big", text="x" * 1_220_000))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 2_000_000, held  # in memory: the article's text (1.2 MB) and little else
    assert len(report.sentences) == 20_000 and len(report.findings) == 20_000
    assert report.article.word_count == 200_000 and report.penalty == 20_000.0
    assert report.sentences[-1].start == 39 * 30_500 + 499 * 61
    assert report.sentences[-1].quality[9] == (39 * 30_500 + 499 * 61 + 54, 39 * 30_500 + 499 * 61 + 59, 0.09)
    assert [f.start for f in report.findings][:3] == [0, 61, 122]
