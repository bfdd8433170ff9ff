"""``--jobs``: articles audited in forked worker processes give the same reports, in the same order,
with the same policy bookkeeping, as one process; a record that trips a bug in a worker is one error,
and a worker that dies is an error, not a hang."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import audit.parallel
from audit.auditor import NOT_PRELOADED, PRELOAD, WARM_UP, Auditor, preload
from audit.cli import cli
from audit.errors import AuditError, InputError
from audit.ingest import read_inputs
from audit.parallel import audit_stream, isolate_all
from audit.policy import Policy
from audit.terms import parse_terms
from tests.conftest import SEEDS


@pytest.fixture(autouse=True)
def pool_for_any_input(monkeypatch):
    """The pool starts from POOL_MIN_WORDS words; these tests give it the seeds."""
    monkeypatch.setattr(audit.parallel, "POOL_MIN_WORDS", 0)


def _feed(tmp_path: Path) -> Path:
    """The seeds' paragraphs as JSONL records, with a malformed line and an empty record among them."""
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        for k, paragraph in enumerate(p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()):
            lines.append(json.dumps({"id": f"{path.stem}-{k}", "text": paragraph}, ensure_ascii=False))
    lines.insert(7, '{"id": "broken", "text": ')
    lines.insert(12, '{"id": "blank", "text": "  "}')
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return feed


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_two_jobs_give_the_reports_of_one(tmp_path, fmt):
    feed = _feed(tmp_path)
    one = _check(str(SEEDS), str(feed), "--format", fmt, "--jobs", "1", "--no-color")
    two = _check(str(SEEDS), str(feed), "--format", fmt, "--jobs", "2", "--no-color")
    assert one == two
    assert one[0] == 2  # the two bad records are errors, on one line each, and the rest is reported
    assert "feed.jsonl:8: invalid JSON" in one[2] and "feed.jsonl:13:" in one[2]


def test_the_jobs_option_takes_its_default_from_the_environment(tmp_path, monkeypatch):
    seen = []
    import audit.parallel

    real = audit.parallel.audit_stream

    def spy(auditor, items, jobs=1, *args, **kwargs):
        seen.append(jobs)
        return real(auditor, items, jobs, *args, **kwargs)

    monkeypatch.setattr(audit.parallel, "audit_stream", spy)
    monkeypatch.setenv("MTAUDIT_JOBS", "3")
    _check(str(SEEDS / "004_3af81b5f3be5d335.txt"), "--lm", "none")
    monkeypatch.delenv("MTAUDIT_JOBS")
    _check(str(SEEDS / "004_3af81b5f3be5d335.txt"), "--lm", "none")
    assert seen == [3, audit.parallel.default_jobs()]
    code, _, err = _check(str(SEEDS), "--jobs", "0")
    assert code == 2 and "--jobs" in err


def test_policy_bookkeeping_of_the_workers_reaches_the_parent(tmp_path):
    """Accepted (dropped) findings are counted and findings recorded for --write-baseline are kept,
    whichever process audited the article."""
    articles = [a for a in read_inputs([str(SEEDS)])]
    found = [f.text for a in articles[:2] for f in Auditor(lm="none").check_article(a).findings]
    terms = parse_terms([t for t in found if t.strip() and t.isalpha()][:2])

    def run(jobs: int):
        from audit.baseline import Baseline

        policy = Policy(accept=terms, record=Baseline(tmp_path))
        auditor = Auditor(lm="none", policy=policy)
        reports = [r for _, r in audit_stream(auditor, articles, jobs)]
        return [r.to_dict() for r in reports], dict(policy.dropped), policy.record.to_json()

    one, two = run(1), run(2)
    assert one == two
    assert one[1]["accepted"] > 0 and json.loads(one[2])["findings"]


def test_a_bug_in_a_worker_is_one_input_error(monkeypatch):
    auditor = Auditor(lm="none")
    articles = [a for a in read_inputs([str(SEEDS)])]
    real = auditor.check_article
    bad = articles[2].id

    def check_article(article):
        if article.id == bad:
            raise RecursionError("a pathological word")
        return real(article)

    monkeypatch.setattr(auditor, "check_article", check_article)
    outcomes = list(audit_stream(auditor, articles, 2, isolate_all))
    assert [item.id for item, _ in outcomes] == [a.id for a in articles]  # input order
    errors = [o for _, o in outcomes if isinstance(o, InputError)]
    assert len(errors) == 1 and "RecursionError: a pathological word" in str(errors[0])


def test_a_dead_worker_is_an_error_not_a_hang(monkeypatch):
    auditor = Auditor(lm="none")
    articles = [a for a in read_inputs([str(SEEDS)])]
    real = auditor.check_article

    def check_article(article):
        if article.id == articles[3].id and os.getpid() != parent:
            os._exit(9)  # as the kernel's OOM killer would end it
        return real(article)

    parent = os.getpid()
    monkeypatch.setattr(auditor, "check_article", check_article)
    with pytest.raises(AuditError, match="worker process died"):
        list(audit_stream(auditor, articles, 2))


def test_input_errors_survive_pickling():
    error = pickle.loads(pickle.dumps(InputError("feed.jsonl:3", "invalid JSON")))
    assert (error.where, error.reason, str(error)) == (
        "feed.jsonl:3",
        "invalid JSON",
        "feed.jsonl:3: invalid JSON",
    )


@pytest.mark.slow
def test_workers_without_fork_build_the_same_auditor():
    """Where the platform cannot fork, each worker builds its Auditor from the parent's settings."""
    articles = [a for a in read_inputs([str(SEEDS)])]
    auditor = Auditor(lm="none", ignore=["grammar"])
    one = [r.to_dict() for _, r in audit_stream(auditor, articles, 1)]
    spawned = [r.to_dict() for _, r in audit_stream(auditor, articles, 2, start_method="spawn")]
    assert spawned == one


def test_a_small_input_starts_no_pool(monkeypatch):
    monkeypatch.setattr(audit.parallel, "POOL_MIN_WORDS", 20_000)
    monkeypatch.setattr(audit.parallel, "_pooled", lambda *a, **k: pytest.fail("a pool was started"))
    articles = [a for a in read_inputs([str(SEEDS)])]  # 5,625 words
    assert len(list(audit_stream(Auditor(lm="none"), articles, 2))) == len(articles)


def _process_tables() -> dict[str, int]:
    """The loaded state of every process-wide table (a cached function of no arguments) of audit."""
    import importlib
    import inspect
    import pkgutil
    import sys

    import audit

    for module in pkgutil.walk_packages(audit.__path__, "audit."):
        importlib.import_module(module.name)
    out = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("audit"):
            for attr, value in vars(module).items():
                cached = hasattr(value, "cache_info") and getattr(value, "__module__", "") == name
                if cached and not inspect.signature(value.__wrapped__).parameters:
                    out[f"{name}:{attr}"] = value.cache_info().currsize
    return out


def test_preload_loads_every_table_the_seeds_reach():
    """What the workers would otherwise each load for themselves, but the tables left to them on
    purpose (``NOT_PRELOADED``); an entry that no longer names a function fails here too. The parent
    of a pool builds its Auditor, preloads and audits the warm-up text before forking: so does this."""
    auditor = Auditor()
    preload()
    auditor.check(WARM_UP)
    before = _process_tables()
    for article in read_inputs([str(SEEDS)]):
        auditor.check_article(article)
    after = _process_tables()
    new = [name for name in after if after[name] and not before.get(name)]
    assert [name for name in new if name not in NOT_PRELOADED] == []
    assert all(before.get(entry, 1) for entry in PRELOAD)
    assert not set(PRELOAD) & set(NOT_PRELOADED) and all(name in after for name in NOT_PRELOADED)


def test_the_parent_of_a_pool_never_segments():
    """The workers segment the articles; what the parent renders (the word count) comes back with the
    report, so the parent's own articles stay unsegmented and the counts are those of one process."""
    serial = [a.word_count for a in read_inputs([str(SEEDS)])]
    articles = [a for a in read_inputs([str(SEEDS)])]
    reports = [r for _, r in audit_stream(Auditor(lm="none"), articles, 2)]
    assert [a._paragraphs for a in articles] == [None] * len(articles)
    assert [r.article._paragraphs for r in reports] == [None] * len(articles)
    assert [r.article.word_count for r in reports] == serial


def test_the_command_line_collects_garbage_less_often_and_the_library_leaves_it_alone():
    import subprocess
    import sys

    code = (
        "import gc, sys\n"
        "print(gc.get_threshold()[0])\n"  # this Python's default
        "import audit.auditor, audit.parallel\n"
        "print(gc.get_threshold()[0])\n"
        "from audit import cli\n"
        "sys.argv = ['mtaudit', '--version']\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_threshold()[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    default, imported, *_, after = out.stdout.split()
    assert imported == default
    assert after == str(audit.parallel.GC_YOUNG_THRESHOLD) != default
