"""scripts/bench.py measures time in runs that are not sampled for memory: reading the workers'
/proc/PID/smaps_rollup every 20 ms made a `--jobs 2` check 20% slower, and not the one-process
`hunspell -l` it is compared with."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))


def test_timed_runs_are_not_sampled_and_one_more_run_is(monkeypatch):
    import bench

    sampled = []
    real = bench.TreeMemory

    def counting(*args, **kwargs):
        sampled.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(bench, "TreeMemory", counting)
    command = [sys.executable, "-c", "import time; x = bytearray(20_000_000); time.sleep(0.3)"]
    result = bench.median_run(command, 3)
    assert len(sampled) == 1  # three timed runs unsampled, one run for the memory
    assert result["seconds"] >= 0.3
    assert result["peak_rss_mb"] >= 20


def test_an_unsampled_run_reports_no_memory():
    import bench

    seconds, pss, rss, cpu = bench.timed([sys.executable, "-c", "pass"], interval=None)
    assert seconds > 0 and cpu > 0 and pss == rss == 0
