"""Speed and memory of `mtaudit check`, side by side with a bare Hunspell spell-check of the same text
(issue 13's goals: within 1.5x of `hunspell -l`, a one-sentence check under 1.5 s, peak memory under
1 GB with `--jobs 2`, time and memory growing linearly from 10k to 1M words).

    make bench                                            # everything below, about 7 minutes
    .venv/bin/python scripts/bench.py --words 100000 --scaling 10000,100000 --repeat 3

- Text: unseen German, the held-out corpus slice (never used to build a model), as pseudo-articles of
  12 paragraphs, one file each (about 80 files per 100k words); without ../shared, the seeds repeated.
- `hunspell -d <the de_DE dictionary mtaudit uses> -l FILES` (Debian's hunspell; `make bench` installs
  it with apt-get when it can) and `mtaudit check FILES --format jsonl -o /dev/null` with `--jobs 1` and
  `--jobs 2` run one after the other, each a fresh process (start-up included), median of --repeat.
- Peak memory is that of the whole process tree (the parent and its workers), sampled every 20 ms:
  PSS, which counts a page shared by n processes as 1/n in each (the workers share the models their
  parent loaded before forking), and the largest single RSS. It is measured in one more run of each
  command, not in the timed ones: reading the workers' ``/proc/PID/smaps_rollup`` every 20 ms made a
  ``--jobs 2`` check 20% slower (6.65-6.86 s unsampled, 8.11-8.37 s sampled; 7.26 s even at one sample
  in 0.25 s: the kernel walks each worker's memory map under the lock its allocations need), while
  ``hunspell -l``, one small process with the second core to itself, was not slowed.
- Warm: words/s of an Auditor that has loaded everything, in this process, on the same text.
- `--against DIR`: the same `check` commands with another checkout's code (`python -m audit` run in
  DIR, e.g. a `git worktree` of the last release), each run alternating with this tree's, so both
  see the same load on a shared machine; wall and CPU time (user + system of the whole process tree)
  side by side.
- Scaling: JSONL feeds of growing size from the same slice (text reused when it runs out, which
  flatters the word caches a little), `--jobs 2`.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

MTAUDIT = ROOT / ".venv" / "bin" / "mtaudit"
SENTENCE = "Der Minister kam gestern in Berlin an und sprach mit der Presse.\n"


def _paragraph_source():
    from bench_scaling import paragraphs

    return paragraphs()


def write_articles(folder: Path, words_wanted: int) -> tuple[list[str], int]:
    """Pseudo-articles of the held-out slice, 12 paragraphs a file, up to ``words_wanted`` words."""
    source = _paragraph_source()
    files, words = [], 0
    while words < words_wanted:
        block = [next(source) for _ in range(12)]
        path = folder / f"article-{len(files):04d}.txt"
        path.write_text("\n\n".join(block) + "\n", encoding="utf-8")
        files.append(str(path))
        words += sum(len(p.split()) for p in block)
    return files, words


def write_feed(path: Path, words_wanted: int) -> int:
    source = _paragraph_source()
    words = records = 0
    with path.open("w", encoding="utf-8") as handle:
        while words < words_wanted:
            text = "\n\n".join(next(source) for _ in range(3))
            handle.write(json.dumps({"id": f"r{records}", "text": text}, ensure_ascii=False) + "\n")
            words += len(text.split())
            records += 1
    return words


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.02, trace: list | None = None):
        self.pid, self.interval, self.trace = pid, interval, trace
        self.peak_pss = self.peak_rss = 0
        self.start = time.perf_counter()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, ()))
        return out

    @staticmethod
    def _rollup(pid: int) -> tuple[int, int]:
        pss = rss = 0
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss = int(line.split()[1])
        except OSError:
            pass
        return pss, rss

    def _run(self) -> None:
        while not self.done.is_set():
            sizes = [self._rollup(pid) for pid in self._tree()]
            pss, rss = sum(p for p, _ in sizes), max((r for _, r in sizes), default=0)
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            if self.trace is not None:
                self.trace.append((time.perf_counter() - self.start, pss / 1024, rss / 1024))
            self.done.wait(self.interval)

    def stop(self) -> tuple[float, float]:
        self.done.set()
        self.thread.join()
        return self.peak_pss / 1024, self.peak_rss / 1024


def timed(
    command: list[str],
    cwd: str | None = None,
    interval: float | None = 0.02,
    trace: list | None = None,
) -> tuple[float, float, float, float]:
    """(seconds, peak PSS MB of the tree, peak RSS MB of one process, CPU seconds of the tree) of a
    command, its memory sampled every ``interval`` seconds (each sample appended to ``trace`` as
    (seconds, PSS MB, largest RSS MB) when it is given; ``interval`` None: not sampled, memory 0);
    exit status 0 or 1 (findings), else it stops the benchmark."""
    env = None
    if cwd is not None:  # another checkout: its own models (an editable install points at this tree's)
        env = {**os.environ, "MTAUDIT_MODELS": str(Path(cwd).resolve() / "models")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    memory = TreeMemory(process.pid, interval, trace) if interval is not None else None
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the workers it waited for
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pss, rss = memory.stop() if memory is not None else (0.0, 0.0)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])} ... failed ({process.returncode}): {err.decode()[-500:]}")
    return seconds, pss, rss, cpu


def _summary(
    runs: list[tuple[float, float, float, float]], memory: tuple[float, float, float, float]
) -> dict:
    """Time and CPU: medians of the unsampled ``runs``; memory: the sampled run's peaks."""
    return {
        "seconds": round(statistics.median(r[0] for r in runs), 2),
        "cpu_seconds": round(statistics.median(r[3] for r in runs), 2),
        "peak_pss_mb": round(memory[1]),
        "peak_rss_mb": round(memory[2]),
    }


def median_run(command: list[str], repeat: int) -> dict:
    """``repeat`` timed runs of ``command`` (unsampled), then one run sampled for its memory."""
    runs = [timed(command, interval=None) for _ in range(repeat)]
    return _summary(runs, timed(command))


def paired_runs(arguments: list[str], other: Path, repeat: int) -> tuple[dict, dict]:
    """This tree's ``mtaudit ARGUMENTS`` and ``python -m audit ARGUMENTS`` run in ``other``, one after
    the other ``repeat`` times (unsampled), then once more each for memory: (this tree's summary, the
    other's)."""
    ours, theirs = [], []
    other_command = [sys.executable, "-m", "audit", *arguments]
    for _ in range(repeat):
        theirs.append(timed(other_command, cwd=str(other), interval=None))
        ours.append(timed([str(MTAUDIT), *arguments], interval=None))
    their_memory = timed(other_command, cwd=str(other))
    return _summary(ours, timed([str(MTAUDIT), *arguments])), _summary(theirs, their_memory)


def hunspell_command(files: list[str]) -> list[str] | None:
    hunspell = shutil.which("hunspell")
    if hunspell is None:
        return None
    from audit.lexicon import _hunspell_dir

    return [hunspell, "-d", str(_hunspell_dir("de") / "de_DE"), "-i", "utf-8", "-l", *files]


def warm_words_per_second(files: list[str]) -> dict:
    from audit.auditor import Auditor
    from audit.ingest import read_inputs

    articles = [a for a in read_inputs(files) if not isinstance(a, Exception)]
    auditor = Auditor()
    for article in read_inputs([str(ROOT / "seeds")]):
        auditor.check_article(article)  # loads the lexicon, the models and the tables rules load on use
    words = sum(a.word_count for a in articles)
    start = time.perf_counter()
    for article in articles:
        auditor.check_article(article)
    return {"words": words, "words_per_second": round(words / (time.perf_counter() - start))}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=100_000, help="words of the side-by-side run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scaling", default="10000,100000,1000000", help="feed sizes in words ('' leaves it out)"
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="another checkout: its `check` runs alternate with this tree's (see above)",
    )
    args = parser.parse_args()
    # An install from the wheel has its modules compiled to bytecode by pip; this checkout's may not
    # be (PYTHONDONTWRITEBYTECODE, a fresh clone), and compiling some 60 modules at every start cost
    # 0.15-0.3 s of the one-sentence check. Compile them as pip would, so the start-up measured is a
    # user's (Python still recompiles in memory any module edited since).
    for tree in (ROOT, args.against):
        if tree is not None:
            compileall.compile_dir(Path(tree) / "audit", quiet=1)
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="mtaudit-bench-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        files, words = write_articles(folder, args.words)
        result["input"] = {"files": len(files), "words": words}

        hunspell = hunspell_command(files)
        if hunspell is not None:
            result["hunspell"] = median_run(hunspell, args.repeat)
        else:
            print(
                "note: hunspell not found (apt-get install hunspell): no side-by-side ratio", file=sys.stderr
            )
        for jobs in (1, 2):
            arguments = ["check", *files, "--format", "jsonl", "-o", os.devnull, "--fail-on", "never"]
            arguments += ["--jobs", str(jobs)]
            if args.against is not None:
                run, other = paired_runs(arguments, args.against.resolve(), args.repeat)
                other["words_per_second"] = round(words / other["seconds"])
                result[f"against_jobs{jobs}"] = other
            else:
                run = median_run([str(MTAUDIT), *arguments], args.repeat)
            run["words_per_second"] = round(words / run["seconds"])
            if hunspell is not None:
                run["ratio_to_hunspell"] = round(run["seconds"] / result["hunspell"]["seconds"], 2)
            result[f"check_jobs{jobs}"] = run

        one = Path(tmp) / "one.txt"
        one.write_text(SENTENCE, encoding="utf-8")
        result["one_sentence"] = median_run(
            [str(MTAUDIT), "check", str(one), "--fail-on", "never"], args.repeat
        )
        result["warm"] = warm_words_per_second(files)

        result["scaling"] = []
        for size in [int(s) for s in args.scaling.split(",") if s.strip()]:
            feed = Path(tmp) / f"feed-{size}.jsonl"
            feed_words = write_feed(feed, size)
            command = [str(MTAUDIT), "check", str(feed), "--format", "jsonl", "-o", os.devnull]
            run = median_run([*command, "--fail-on", "never", "--jobs", "2"], 1)
            run.update(words=feed_words, words_per_second=round(feed_words / run["seconds"]))
            result["scaling"].append(run)
            feed.unlink()

    print_table(result)
    print(json.dumps(result))
    return 0


def print_table(result: dict) -> None:
    rows = [
        ("input", f"{result['input']['files']} files, {result['input']['words']:,} words of unseen German")
    ]
    if "hunspell" in result:
        h = result["hunspell"]
        rows.append(("`hunspell -l` (same dictionary)", f"{h['seconds']} s, {h['peak_rss_mb']} MB"))
    for jobs in (1, 2):
        r = result[f"check_jobs{jobs}"]
        ratio = f", {r['ratio_to_hunspell']}x hunspell" if "ratio_to_hunspell" in r else ""
        rows.append(
            (
                f"`mtaudit check --jobs {jobs}` (start-up included)",
                f"{r['seconds']} s ({r['cpu_seconds']} s CPU), {r['words_per_second']:,} words/s{ratio};"
                f" peak {r['peak_pss_mb']} MB PSS (largest process {r['peak_rss_mb']} MB RSS)",
            )
        )
        if f"against_jobs{jobs}" in result:
            r = result[f"against_jobs{jobs}"]
            rows.append(
                (
                    "the same with --against's code, alternately",
                    f"{r['seconds']} s ({r['cpu_seconds']} s CPU), {r['words_per_second']:,} words/s;"
                    f" peak {r['peak_pss_mb']} MB PSS",
                )
            )
    one = result["one_sentence"]
    rows.append(("one-sentence check (cold)", f"{one['seconds']} s, {one['peak_rss_mb']} MB"))
    rows.append(("warm Auditor, one process", f"{result['warm']['words_per_second']:,} words/s"))
    for run in result["scaling"]:
        rows.append(
            (
                f"feed of {run['words']:,} words, `--jobs 2`",
                f"{run['seconds']} s, {run['words_per_second']:,} words/s, peak {run['peak_pss_mb']} MB PSS",
            )
        )
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    raise SystemExit(main())
