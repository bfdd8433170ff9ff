"""``mtaudit batch``: rows equal to ``check --format jsonl``, error rows instead of failed jobs,
resumable shards, Parquet in and out, and the same rows from the local engine and from Ray."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.batch import MARKERS, ROW_FIELDS, read_rows
from audit.cli import cli
from tests.conftest import SEEDS


def _feed(tmp_path: Path, name: str = "feed.jsonl", copies: int = 1) -> Path:
    """The seeds' paragraphs as records (181 per copy), with bad records among them."""
    lines = []
    for copy in range(copies):
        for path in sorted(SEEDS.glob("*.txt")):
            paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
            for k, paragraph in enumerate(paragraphs):
                record = {"id": f"{path.stem}-{copy}-{k}", "text": paragraph}
                lines.append(json.dumps(record, ensure_ascii=False))
    lines.insert(3, '{"id": "broken", "text": ')  # line 4
    lines.insert(9, '{"text": "Ein Satz ohne Kennung steht hier."}')  # line 10: named by its line
    lines.insert(11, '{"id": "blank", "text": "  "}')  # line 12
    lines.insert(15, '"just a string"')  # line 16
    feed = tmp_path / name
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return feed


@pytest.fixture(autouse=True)
def pool_for_any_input(monkeypatch):
    """The pool starts from POOL_MIN_WORDS words; these feeds are smaller."""
    import audit.parallel

    monkeypatch.setattr(audit.parallel, "POOL_MIN_WORDS", 0)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _check_rows(feed: Path, *options: str) -> list[dict]:
    result = _run("check", str(feed), "--format", "jsonl", "--jobs", "1", *options)
    assert result.exit_code in (0, 1, 2)
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _same_as_check(rows: list[dict], checked: list[dict]) -> None:
    audited = [r for r in rows if r["error"] is None]
    assert len(audited) == len(checked)
    for row, article in zip(audited, checked, strict=True):
        assert (row["id"], row["score"], row["fluency"], row["words"]) == (
            article["id"],
            article["score"],
            article["fluency"],
            article["words"],
        )
        assert json.loads(row["findings"]) == article["findings"]
        assert (row["file"], row["line"]) == (article["record"]["file"], article["record"]["line"])
        counts = {
            s: sum(f["severity"] == s for f in article["findings"]) for s in ("minor", "major", "critical")
        }
        assert {s: row[s] for s in counts} == counts
        assert sum(json.loads(row["categories"]).values()) == len(article["findings"])


def test_rows_equal_check_and_bad_records_are_error_rows(tmp_path):
    feed = _feed(tmp_path)
    out = tmp_path / "out"
    result = _run("batch", str(feed), "-o", str(out), "--shard-size", "25", "--jobs", "2", "--lm", "none")
    assert result.exit_code == 0, result.output
    rows = list(read_rows(out))
    assert all(set(r) == set(ROW_FIELDS) for r in rows)
    assert [r["line"] for r in rows] == list(range(1, len(rows) + 1))  # every line once, in order
    errors = {r["line"]: r["error"] for r in rows if r["error"]}
    assert sorted(errors) == [4, 12, 16]
    assert "invalid JSON" in errors[4] and "empty" in errors[12]
    assert rows[9]["id"] == f"{feed}:10"  # no id: named by its line, as check names it
    _same_as_check(rows, _check_rows(feed, "--lm", "none"))
    shards = sorted(p.name for p in out.glob("*.jsonl"))
    assert len(shards) == -(-len(rows) // 25) and shards[0] == "feed-00000.jsonl"
    assert "3 error row(s)" in result.output


def test_a_rerun_skips_complete_shards_and_redoes_the_rest(tmp_path):
    feed = _feed(tmp_path)
    out = tmp_path / "out"
    args = ("batch", str(feed), "-o", str(out), "--shard-size", "40", "--jobs", "1", "--lm", "none")
    assert _run(*args).exit_code == 0
    shards = sorted(out.glob("*.jsonl"))
    before = {p.name: p.stat().st_mtime_ns for p in shards}
    (out / MARKERS / f"{shards[1].stem}.json").unlink()  # as if the run had been killed in that shard
    shards[2].unlink()  # a marker whose output is gone does not count
    result = _run(*args)
    assert f"{len(shards) - 2} of {len(shards)} shards already complete" in result.output
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.jsonl")}
    redone = {name for name in after if after[name] != before.get(name)}
    assert redone == {shards[1].name, shards[2].name}
    assert not list(out.glob(".*.tmp")) and not list((out / MARKERS).glob(".*.tmp"))
    # other settings make other rows: nothing is skipped
    result = _run(*args[:-2], "--lm", "none", "--ignore", "grammar")
    assert "already complete" not in result.output
    # a changed input is audited again
    os.utime(feed, ns=(1, 1))
    assert "already complete" not in _run(*args).output


def test_parquet_in_and_out(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    feed = _feed(tmp_path)
    records = []
    for line in feed.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append({"id": record.get("id"), "text": record["text"]})
    table = pa.Table.from_pylist(records)
    source = tmp_path / "feed.parquet"
    pq.write_table(table, source, row_group_size=17)  # shards cut across row groups
    out = tmp_path / "out"
    result = _run(
        "batch", str(source), "-o", str(out), "--format", "parquet", "--shard-size", "30", "-j", "1"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir() if p.is_file()) == [".parquet"] * len(
        list(out.glob("*.parquet"))
    )
    rows = list(read_rows(out))
    assert [r["line"] for r in rows] == list(range(1, len(records) + 1))
    assert [r["id"] for r in rows if r["error"] is None] == [
        r["id"] if r["id"] is not None else f"{source}:{k}"
        for k, r in enumerate(records, 1)
        if r["text"].strip()
    ]
    assert [r["line"] for r in rows if r["error"]] == [
        k for k, r in enumerate(records, 1) if not r["text"].strip()
    ]
    # the same records as JSONL give the same scores and findings
    jsonl = tmp_path / "same.jsonl"
    present = [{k: v for k, v in r.items() if v is not None} for r in records]
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in present), encoding="utf-8")
    checked = _check_rows(jsonl)
    for row, article in zip([r for r in rows if r["error"] is None], checked, strict=True):
        assert (row["score"], json.loads(row["findings"])) == (article["score"], article["findings"])


def test_an_output_folder_inside_an_input_folder_is_not_read_back(tmp_path):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    _feed(feeds)
    args = ("batch", str(feeds), "-o", str(feeds / "audit"), "--shard-size", "100", "-j", "1", "--lm", "none")
    assert _run(*args).exit_code == 0
    result = _run(*args)
    assert "2 of 2 shards already complete" in result.output  # the rows written are no new input


@pytest.mark.parametrize(
    "args, message",
    [
        (["batch", "seeds", "-o", "{tmp}/out"], "no .jsonl or .parquet files"),
        (["batch", "{seed}", "-o", "{tmp}/out"], "batch reads JSONL"),
        (["batch", "{tmp}/missing.jsonl", "-o", "{tmp}/out"], "no such file"),
        (["batch", "{feed}", "-o", "{feed}"], "is a file"),
        (["batch", "{feed}", "-o", "{tmp}"], "holds the input"),
    ],
)
def test_usage_errors(tmp_path, args, message):
    feed = _feed(tmp_path)
    seed = next(SEEDS.glob("*.txt"))
    values = {"tmp": str(tmp_path), "feed": str(feed), "seed": str(seed)}
    if args[1] == "seeds":
        (tmp_path / "texts").mkdir()
        (tmp_path / "texts" / "a.txt").write_text("Text.", encoding="utf-8")
        args = ["batch", str(tmp_path / "texts"), *args[2:]]
    result = _run(*[a.format(**values) for a in args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_ray_engine_gives_the_rows_of_check(tmp_path):
    """On a local Ray (2 CPUs, a few hundred records): the same rows as check, then a rerun skips."""
    pytest.importorskip("ray")
    feed = _feed(tmp_path, copies=2)
    out = tmp_path / "out"
    args = ("batch", str(feed), "-o", str(out), "--engine", "ray", "--jobs", "2", "--shard-size", "60")
    result = _run(*args)
    assert result.exit_code == 0, result.output
    rows = list(read_rows(out))
    assert len(rows) > 300
    assert sorted(r["line"] for r in rows if r["error"]) == [4, 12, 16]
    _same_as_check(rows, _check_rows(feed))
    local = tmp_path / "local"
    assert _run("batch", str(feed), "-o", str(local), "--shard-size", "60", "-j", "2").exit_code == 0
    assert list(read_rows(local)) == rows
    assert "already complete" in _run(*args).output
