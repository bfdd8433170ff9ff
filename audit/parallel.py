"""Auditing many articles on several cores: ``--jobs N`` for ``check`` and ``batch --engine local``.

The models load once, in the parent, before a pool of worker processes is forked, so the workers share
their pages (the KenLM model, Hunspell, the lexicon tables) instead of loading a copy each; ``gc.freeze``
keeps the collector from touching, and so copying, the objects loaded before the fork. Where the
platform has no ``fork`` (Windows, and macOS by default), each worker builds its own Auditor from the
same settings. Articles go to the workers in chunks of a few thousand words (one round trip per chunk,
not per article), a bounded number of chunks is in flight at a time (a feed of a million records is
read as it is audited, never held), and outcomes come back in input order: the same reports, in the
same order, as ``--jobs 1``.

Each article is audited independently (``Auditor.check_article`` keeps no state between articles but
the policy's counts), so results do not depend on the number of workers. The policy's bookkeeping of a
worker (dropped findings by reason, warnings, findings recorded for ``--write-baseline``) travels back
with each report and is added to the parent's policy (``PolicyDelta``).
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from audit.document import Article, Report
from audit.errors import AuditError, InputError

#: words per chunk sent to a worker: large enough that the round trip (pickling the article and its
#: report) costs a few per cent of the audit, small enough that two workers stay busy on short feeds
CHUNK_WORDS = 4000
CHUNK_ARTICLES = 64
#: chunks in flight per worker: enough to keep a worker busy while the parent renders
IN_FLIGHT = 3
#: the least input (in words) worth a pool: forking is quick, but before it the parent loads every table
#: the workers might need and audits the warm-up text (about 0.4 s of CPU more than a serial run's own
#: loading), and a chunk of CHUNK_WORDS is the least a worker gets. Measured on unseen news (files of
#: about 900 words, as scripts/bench.py writes them), wall seconds of --jobs 1 against --jobs 2 on an
#: idle 2-core machine, medians of 3: 6,909 words 3.04 vs 2.70 (0.89), 10,168 words 3.97 vs 3.08 (0.78);
#: estimated from CPU times on a busy one: 5,200 words 0.97, 15,600 words 0.64. The pool pays from about
#: 6,000 words (it was 20,000 when the serial phase took 2.5 s, before the compact tables of
#: models/wordlists/)
POOL_MIN_WORDS = 6_000


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class PolicyDelta:
    """What auditing one article added to the policy's bookkeeping (``audit.policy.Policy``)."""

    dropped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    recorded: list[tuple[tuple, str]] = field(default_factory=list)  # (baseline key, its text)

    def merge_into(self, policy) -> None:
        policy.dropped.update(self.dropped)
        policy.warnings.extend(self.warnings)
        if policy.record is not None:
            for key, text in self.recorded:
                policy.record.counts[key] += 1
                policy.record._texts.setdefault(key, text)


Isolate = Callable[[str, Callable[[], object]], object]


def _plain(where: str, work: Callable[[], object]) -> object:
    try:
        return work()
    except AuditError as exc:
        return exc if isinstance(exc, InputError) else InputError(where, str(exc))


def isolate_all(where: str, work: Callable[[], object]) -> object:
    """``work()``, or an InputError naming ``where`` for any exception but an interrupt: one record
    that trips a bug becomes an error row of ``batch``, never a failed job."""
    try:
        return work()
    except InputError as exc:
        return exc
    except Exception as exc:
        return InputError(where, f"internal error while auditing it: {type(exc).__name__}: {exc}")


def _audit_one(auditor, article: Article, isolate: Isolate) -> tuple[object, PolicyDelta]:
    """The article's Report (or the InputError that replaced it) and the policy bookkeeping it caused."""
    policy = auditor.policy
    dropped, warnings, record = policy.dropped, policy.warnings, policy.record
    policy.dropped, policy.warnings = Counter(), []
    if record is not None:
        from audit.baseline import Baseline

        policy.record = Baseline(record.root)  # this article's findings only
    try:
        outcome = isolate(article.id, lambda: auditor.check_article(article))
        delta = PolicyDelta(policy.dropped, policy.warnings)
        if record is not None:
            delta.recorded = [
                (key, policy.record._texts.get(key, ""))
                for key, n in policy.record.counts.items()
                for _ in range(n)
            ]
    finally:
        policy.dropped, policy.warnings, policy.record = dropped, warnings, record
    return outcome, delta


#: allocations between two young-generation collections (CPython's default is 700). An audit keeps
#: some 100,000 tuples alive in its bounded word caches (``(lexicon, word)`` keys) and allocates
#: millions of short-lived objects a run with hardly any reference cycles among them; at the default
#: the collector ran 1,333 times and walked the caches at 10 full collections, 1.4 s of a 19 s
#: ``check --jobs 1`` over 100,000 words, where at 50,000 it runs 11 times (0.25 s) and a cycle waits
#: a little longer (a few MB at most) to be freed
GC_YOUNG_THRESHOLD = 50_000


def tune_gc() -> None:
    """Fewer garbage collections (``GC_YOUNG_THRESHOLD``), for a process that runs audits: the command
    line, each pool worker and each Ray actor. A program that imports the library keeps its own."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


# The parent's Auditor and error isolation, inherited by forked workers (set just before the fork), or
# built by each worker from its recipe where there is no fork.
_WORKER: dict = {}


def _init_worker(recipe, isolate: Isolate) -> None:
    tune_gc()  # a spawned worker starts with the defaults; a forked one has its parent's
    if recipe is not None:
        from audit.auditor import Auditor

        _WORKER["auditor"] = Auditor(**recipe)
    _WORKER["isolate"] = isolate


def _audit_chunk(articles: list[Article]) -> list[tuple[object, PolicyDelta]]:
    """The outcomes of a chunk. Articles travel both ways without their segmentation (``Article``
    pickles its text, not its tokens, which were four fifths of a pickled report): the worker segments
    them, and a report goes back with its article's word count, so the parent, which renders it,
    never segments."""
    auditor, isolate = _WORKER["auditor"], _WORKER["isolate"]
    out = []
    for article in articles:
        outcome, delta = _audit_one(auditor, article, isolate)
        if isinstance(outcome, Report):
            _ = outcome.article.word_count  # counted here, where the article is segmented
        out.append((outcome, delta))
    return out


def audit_stream(
    auditor,
    items: Iterable[object],
    jobs: int = 1,
    isolate: Isolate = _plain,
    warm_up: str | None = None,
    start_method: str | None = None,
    min_words: int | None = None,
) -> Iterator[tuple[object, object]]:
    """``(item, outcome)`` for every item, in input order. An Article's outcome is its Report, or the
    InputError that ``isolate`` made of an internal error; any other item (an InputError of the
    reader, a marker of the caller's) passes through with the outcome None. The policy deltas of the
    workers are merged into ``auditor.policy`` before an outcome is yielded, as if audited here.

    ``jobs`` > 1 forks a pool once two articles and ``min_words`` words (default ``POOL_MIN_WORDS``)
    are waiting; a smaller input is audited here, with no pool to start. Before the fork the tables
    that rules load on first use are loaded (``audit.auditor.preload``) and ``warm_up``, a text, is
    audited and forgotten, so the workers share all of it. ``start_method``: "fork" where the
    platform has it, else "spawn" (the workers then build their Auditor from ``auditor.recipe``)."""
    parts: deque = deque()  # the windows of long articles in flight (audit.window)
    yield from _merged(
        _stream(
            auditor, _windows(items, auditor.policy, parts), jobs, isolate, warm_up, start_method, min_words
        ),
        parts,
    )


def _windows(items: Iterable[object], policy, parts: deque) -> Iterator[object]:
    """The items, with an article that ``audit.window`` cuts into windows replaced by its windows
    (built as they are taken), each noted in ``parts`` as ``(window, article, offset, last)``."""
    from audit import window

    for item in items:
        bounds = window.plan(item, policy) if isinstance(item, Article) else None
        if bounds is None:
            yield item
            continue
        for k, bound in enumerate(bounds):
            part = window.part(item, *bound)
            parts.append((part, item, bound[0], k == len(bounds) - 1))
            yield part


def _merged(stream: Iterator[tuple[object, object]], parts: deque) -> Iterator[tuple[object, object]]:
    """``stream`` with the outcomes of an article's windows merged into its one report (or the first
    window's error standing for the article's)."""
    from audit import window

    merger = None
    failed = None
    for item, outcome in stream:
        if not parts or item is not parts[0][0]:
            yield item, outcome
            continue
        _, article, offset, last = parts.popleft()
        try:
            if failed is None and isinstance(outcome, Report):
                merger = merger or window.Merger(article.id)
                merger.add(offset, outcome)  # the window's report is let go here
            elif failed is None:
                failed, merger = outcome, None
            if last and failed is None:
                outcome = merger.finish(article)
        except InputError as exc:  # no room to keep the report (audit.window)
            failed, merger = exc, None
        if last:
            yield article, failed if failed is not None else outcome
            merger, failed = None, None


def _stream(auditor, items, jobs, isolate, warm_up, start_method, min_words):
    items = iter(items)
    if jobs <= 1:
        yield from _serial(auditor, items, isolate)
        return

    # Hold items back until the input has shown enough work for a pool (POOL_MIN_WORDS, in two
    # articles at least): a small run is audited here, without the pool's start-up.
    least = POOL_MIN_WORDS if min_words is None else min_words
    waiting: list[object] = []
    articles = words = 0
    for item in items:
        waiting.append(item)
        if isinstance(item, Article):
            articles += 1
            words += _rough_words(item)
            if articles >= 2 and words >= least:
                break
    if articles < 2 or words < least:
        yield from _serial(auditor, waiting, isolate)
        return
    yield from _pooled(auditor, itertools.chain(waiting, items), jobs, isolate, warm_up, start_method)


def _rough_words(article: Article) -> int:
    """About the article's words (its white-space separated parts), without segmenting it, which the
    parent of a pool leaves to the workers: enough to size the work."""
    return len(article.text.split())


def _serial(auditor, items: Iterable[object], isolate: Isolate) -> Iterator[tuple[object, object]]:
    for item in items:
        if isinstance(item, Article):
            outcome, delta = _audit_one(auditor, item, isolate)
            delta.merge_into(auditor.policy)
            yield item, outcome
        else:
            yield item, None


def _pooled(auditor, items: Iterator[object], jobs: int, isolate: Isolate, warm_up, start_method):
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    context = multiprocessing.get_context(method)
    recipe = None
    if method == "fork":
        if warm_up:  # loads what rules load on first use, before the fork; its bookkeeping is dropped
            from audit.auditor import preload
            from audit.segment import make_article

            preload()
            _audit_one(auditor, make_article(warm_up, id="<warm-up>"), _plain)
        _WORKER["auditor"], _WORKER["isolate"] = auditor, isolate
        gc.collect()
        gc.freeze()  # the objects loaded so far are never collected, so their pages stay shared
    else:
        recipe = auditor.recipe
        if recipe is None:
            raise AuditError("--jobs without fork needs an Auditor built from its settings, not a lexicon")
    # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed for memory) is a
    # BrokenProcessPool error here, where Pool waits for its result for ever
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_worker, initargs=(recipe, isolate)
        ) as pool:
            yield from _ordered(pool, items, jobs, auditor.policy)
    except BrokenProcessPool:
        raise AuditError("a worker process died (out of memory?); rerun with fewer --jobs") from None
    finally:
        if method == "fork":
            gc.unfreeze()
            _WORKER.clear()


def _ordered(pool, items: Iterator[object], jobs: int, policy) -> Iterator[tuple[object, object]]:
    """Chunks of articles to the pool, the outcomes back in input order, a bounded number in flight."""
    pending: deque = deque()  # (items of the chunk, a Future, or None when it has no article)
    chunk: list[object] = []
    words = 0

    def submit() -> None:
        nonlocal chunk, words
        if chunk:
            articles = [x for x in chunk if isinstance(x, Article)]
            pending.append((chunk, pool.submit(_audit_chunk, articles) if articles else None))
        chunk, words = [], 0

    def drain(limit: int) -> Iterator[tuple[object, object]]:
        while len(pending) > limit:
            done, result = pending.popleft()
            outcomes = iter(result.result() if result is not None else ())
            for item in done:
                if isinstance(item, Article):
                    outcome, delta = next(outcomes)
                    delta.merge_into(policy)
                    yield item, outcome
                else:
                    yield item, None

    for item in items:
        chunk.append(item)
        if isinstance(item, Article):
            words += _rough_words(item)
        if words >= CHUNK_WORDS or len(chunk) >= CHUNK_ARTICLES:
            submit()
            yield from drain(jobs * IN_FLIGHT)
    submit()
    yield from drain(0)


class PooledChecker:
    """An Auditor's ``check_article`` with the windows of a long article (``audit.window``) audited on
    ``jobs`` worker processes, and every other article here: for ``fix``, which works an input at a
    time (the pool across inputs is ``check``'s). A pool is forked for each long article's audit; its
    start (about a second) is nothing beside the minutes such an article takes. The report and the
    policy's bookkeeping are those of ``auditor.check_article``."""

    def __init__(self, auditor, jobs: int, warm_up: str | None = None):
        self.auditor, self.jobs, self.warm_up = auditor, jobs, warm_up

    def check_article(self, article: Article) -> Report:
        from audit import window

        if self.jobs <= 1 or window.plan(article, self.auditor.policy) is None:
            return self.auditor.check_article(article)
        # min_words 0: the article is long, the windows' count is what matters
        ((_, outcome),) = audit_stream(self.auditor, [article], self.jobs, _plain, self.warm_up, min_words=0)
        if isinstance(outcome, InputError):
            raise outcome
        return outcome
