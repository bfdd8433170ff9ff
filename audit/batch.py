"""``mtaudit batch``: feeds that outgrow one ``check``, as resumable shards, on this machine or on Ray.

Each input (JSONL or Parquet) is cut into shards of ``shard_size`` records: line ranges of a JSONL
file (found by one scan of its bytes), row ranges of a Parquet file. A shard is audited as a unit and
written to ``OUTPUT/<input>-<shard>.jsonl`` (or ``.parquet``) through a temporary file and a rename,
then marked complete in ``OUTPUT/.done/``; a rerun over the same folder skips the shards whose marker
matches the input file (size and modification time) and the run's signature, and redoes the rest.
This is how datatrove makes its tasks resumable; the shards are the unit of work of both engines:

- ``local``: the shards one after the other, the articles of each on a pool of forked workers
  (``audit.parallel``, ``--jobs``);
- ``ray``: Ray Data, ``from_items`` over the pending shards and ``map_batches`` with a callable class,
  so each actor loads the models once and audits one shard per call. The actors read their shard and
  write its rows themselves: ``read_json`` would fail the whole job on one malformed line and lose the
  line numbers, and ``write_json``/``write_parquet`` name their files per block, which a rerun cannot
  match to the shards it has to skip.

One row per record (``ROW_FIELDS``): the record's ``file`` and ``line`` (the row of a Parquet file, from
1), ``id``, ``score``, ``fluency``, ``words``, the counts by severity and by category, and ``findings``,
the findings exactly as ``check --format jsonl`` writes them, as a JSON string; or an ``error`` (a
record that cannot be decoded or audited is an error row, never a failed job).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from audit.document import CATEGORIES, SEVERITIES, Article, Report
from audit.errors import InputError, UsageError

DEFAULT_SHARD_SIZE = 1000
MARKERS = ".done"
FORMATS = ("jsonl", "parquet")
ROW_FIELDS = (
    "file",
    "line",
    "id",
    "score",
    "fluency",
    "words",
    *SEVERITIES,
    "categories",
    "findings",
    "error",
)


@dataclass(frozen=True)
class Shard:
    """Records ``first``..``last`` (from 1, inclusive) of an input file; for JSONL, also their bytes."""

    path: str
    name: str  # the output files' stem: <input>-<shard number>
    kind: str  # "jsonl" or "parquet"
    first: int
    last: int
    offset: int = 0  # JSONL: the first byte of line ``first``
    length: int = 0  # JSONL: the bytes up to the end of line ``last``
    stamp: str = ""  # the input file's size and modification time, for the completion marker


def input_kind(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".jsonl"):
        return "jsonl"
    if lower.endswith(".parquet"):
        return "parquet"
    raise UsageError(f"{path}: batch reads JSONL (.jsonl) or Parquet (.parquet) files")


def plan(paths: list[str], shard_size: int) -> list[Shard]:
    """The shards of every input, in input order."""
    stems = Counter(Path(p).stem for p in paths)
    shards: list[Shard] = []
    for path in paths:
        kind = input_kind(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
        stem = Path(path).stem
        if stems[stem] > 1:  # two inputs of the same name in different folders
            stem += "-" + hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:6]
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
        ranges = _jsonl_ranges(path, shard_size) if kind == "jsonl" else _parquet_ranges(path, shard_size)
        for k, (first, last, offset, length) in enumerate(ranges):
            shards.append(Shard(path, f"{stem}-{k:05d}", kind, first, last, offset, length, stamp))
    return shards


def _jsonl_ranges(path: str, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(first line, last line, byte offset, byte length) per ``size`` lines, by one scan of the file."""
    line = offset = start = 0
    first = 1
    with open(path, "rb") as handle:
        for raw in handle:
            line += 1
            offset += len(raw)
            if line - first + 1 == size:
                yield first, line, start, offset - start
                first, start = line + 1, offset
    if line >= first:
        yield first, line, start, offset - start
    elif line == 0:
        yield 1, 0, 0, 0  # an empty file: one shard, whose error row says so


def _parquet_ranges(path: str, size: int) -> Iterator[tuple[int, int, int, int]]:
    pq = _pyarrow_parquet()
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise UsageError(f"{path}: not a readable Parquet file ({exc})") from None
    for first in range(1, rows + 1, size):
        yield first, min(first + size - 1, rows), 0, 0
    if rows == 0:
        yield 1, 0, 0, 0


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "Parquet needs pyarrow: pip install 'mtaudit[parquet]' (or 'mtaudit[ray]')"
        ) from None
    return pq


def records(shard: Shard) -> Iterator[Article | InputError]:
    """The shard's records as Articles, or InputErrors naming the line (row) that cannot be read."""
    from audit.ingest import jsonl_items, record_article, scrub

    if shard.last < shard.first:
        yield InputError(shard.path, "the file is empty")
        return
    if shard.kind == "jsonl":
        with open(shard.path, "rb") as handle:
            handle.seek(shard.offset)
            data = handle.read(shard.length)
        for item, _ in jsonl_items(data, shard.path, first=shard.first):
            yield item
        return
    pq = _pyarrow_parquet()
    parquet = pq.ParquetFile(shard.path)
    groups, first_row, row = [], None, 1  # the row groups that hold the shard's rows
    for g in range(parquet.metadata.num_row_groups):
        n = parquet.metadata.row_group(g).num_rows
        if row + n > shard.first and row <= shard.last:
            groups.append(g)
            first_row = row if first_row is None else first_row
        row += n
    table = parquet.read_row_groups(groups).slice(shard.first - first_row, shard.last - shard.first + 1)
    for k, record in enumerate(table.to_pylist()):
        record = {key: value for key, value in record.items() if value is not None}  # null: absent
        yield record_article(scrub(record), shard.path, shard.first + k)


def row_of(item: Article | InputError, outcome: Report | InputError | None) -> dict:
    """One output row: the audit of a record, or the error that stood in its way."""
    row = dict.fromkeys(ROW_FIELDS)
    problem = item if isinstance(item, InputError) else outcome
    if isinstance(item, Article):
        row["file"], row["line"] = item.record if item.record is not None else (item.path, None)
        row["id"] = item.id
    if isinstance(problem, InputError):
        if isinstance(item, InputError):
            where, _, number = item.where.rpartition(":")
            row["file"], row["line"] = (where, int(number)) if number.isdigit() else (item.where, None)
        row["error"] = problem.reason
        return row
    report = outcome
    severities = Counter(f.severity for f in report.findings)
    categories = Counter(f.category for f in report.findings)
    row.update(
        score=report.score,
        fluency=report.fluency,
        words=report.article.word_count,
        **{s: severities.get(s, 0) for s in SEVERITIES},
        categories=json.dumps({c: categories[c] for c in CATEGORIES if categories[c]}, ensure_ascii=False),
        findings=json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False),
    )
    return row


def audit_shard(auditor, shard: Shard) -> list[dict]:
    """The rows of one shard, in record order, audited here (a Ray actor's share of the work); an
    unexpected error of a record is its error row."""
    from audit.parallel import audit_stream, isolate_all

    return [row_of(item, outcome) for item, outcome in audit_stream(auditor, records(shard), 1, isolate_all)]


# -- output -------------------------------------------------------------------------------------


def marker_path(output: Path, shard: Shard) -> Path:
    return output / MARKERS / f"{shard.name}.json"


def completed(output: Path, shard: Shard, signature: str, fmt: str) -> bool:
    """Whether the shard was written by a run with this signature from the same input file."""
    try:
        marker = json.loads(marker_path(output, shard).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        marker.get("signature") == signature
        and marker.get("input") == os.path.abspath(shard.path)
        and marker.get("stamp") == shard.stamp
        and marker.get("first") == shard.first
        and marker.get("last") == shard.last
        and (output / marker.get("output", "\0")).is_file()
        and marker.get("format") == fmt
    )


def write_shard(output: Path, shard: Shard, rows: list[dict], signature: str, fmt: str) -> dict:
    """The shard's rows to ``OUTPUT/<shard>.<fmt>`` (temporary file, then rename), then its marker."""
    target = output / f"{shard.name}.{fmt}"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=output)
    try:
        if fmt == "parquet":
            os.close(fd)
            _write_parquet(tmp, rows)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    errors = sum(1 for r in rows if r["error"] is not None)
    marker = {
        "shard": shard.name,
        "output": target.name,
        "input": os.path.abspath(shard.path),
        "stamp": shard.stamp,
        "first": shard.first,
        "last": shard.last,
        "rows": len(rows),
        "errors": errors,
        "format": fmt,
        "signature": signature,
    }
    path = marker_path(output, shard)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(marker, handle)
    os.replace(tmp, path)
    return marker


def _write_parquet(path: str, rows: list[dict]) -> None:
    import pyarrow as pa

    pq = _pyarrow_parquet()
    schema = pa.schema(
        [
            ("file", pa.string()),
            ("line", pa.int64()),
            ("id", pa.string()),
            ("score", pa.float64()),
            ("fluency", pa.float64()),
            ("words", pa.int64()),
            *[(s, pa.int64()) for s in SEVERITIES],
            ("categories", pa.string()),
            ("findings", pa.string()),
            ("error", pa.string()),
        ]
    )
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


# -- engines ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    shards: int = 0
    skipped: int = 0  # complete from an earlier run
    written: int = 0
    rows: int = 0
    errors: int = 0


def run(
    paths: list[str],
    output: Path,
    *,
    engine: str,
    fmt: str,
    shard_size: int,
    jobs: int,
    recipe: dict,
    address: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Audit every pending shard of ``paths`` into ``output``; the Auditor is built from ``recipe``
    (``Auditor(**recipe)``) here, or in each Ray actor."""
    from audit.auditor import Auditor

    if fmt == "parquet":
        _pyarrow_parquet()
    shards = plan(paths, shard_size)
    output.mkdir(parents=True, exist_ok=True)
    (output / MARKERS).mkdir(exist_ok=True)
    say = progress or (lambda line: None)
    # built here for either engine: the signature names the models (Ray's actors check theirs
    # against it), and the local engine audits with it
    auditor = Auditor(**recipe)
    signature = auditor.signature
    pending = [s for s in shards if not completed(output, s, signature, fmt)]
    outcome = Outcome(shards=len(shards), skipped=len(shards) - len(pending))
    if outcome.skipped:
        say(f"{outcome.skipped} of {len(shards)} shards already complete in {output}: skipped")
    started = time.monotonic()

    def done(marker: dict) -> None:
        outcome.rows += marker["rows"]
        outcome.errors += marker["errors"]
        outcome.written += 1
        finished = outcome.skipped + outcome.written
        rate = outcome.rows / max(time.monotonic() - started, 1e-9)
        say(f"shard {finished}/{len(shards)} {marker['shard']}: {marker['rows']} rows, {rate:.0f} records/s")

    if engine == "local":
        for shard, rows in _local_run(auditor, pending, jobs):
            done(write_shard(output, shard, rows, signature, fmt))
    else:
        for marker in _ray_run(pending, output, fmt, jobs, recipe, signature, address):
            done(marker)
    return outcome


def _local_run(auditor, pending: list[Shard], jobs: int) -> Iterator[tuple[Shard, list[dict]]]:
    """Each pending shard with its rows, as it completes: the records of all shards flow through one
    pool of workers (``audit.parallel``), each shard followed by its end marker."""
    from audit.auditor import WARM_UP
    from audit.parallel import audit_stream, isolate_all

    def stream():
        for shard in pending:
            yield from records(shard)
            yield shard

    rows: list[dict] = []
    for item, outcome in audit_stream(auditor, stream(), jobs, isolate_all, WARM_UP):
        if isinstance(item, Shard):
            yield item, rows
            rows = []
        else:
            rows.append(row_of(item, outcome))


class ShardAuditor:
    """Ray Data's callable class: built once per actor (the models load once), then called with
    batches of shards, each audited, written and marked complete; it returns the markers."""

    def __init__(self, recipe: dict, output: str, fmt: str, signature: str):
        from audit.auditor import Auditor
        from audit.parallel import tune_gc

        tune_gc()
        self.auditor = Auditor(**recipe)
        self.output, self.fmt, self.signature = Path(output), fmt, signature
        if self.auditor.signature != signature:  # a node with another mtaudit or other model files
            raise RuntimeError(
                f"this Ray worker's mtaudit has signature {self.auditor.signature}, the driver's is"
                f" {signature}: install the same version on every node"
            )

    def __call__(self, batch: dict) -> dict:
        markers = []
        for fields in batch["shard"]:
            shard = Shard(**json.loads(fields))
            rows = audit_shard(self.auditor, shard)
            markers.append(json.dumps(write_shard(self.output, shard, rows, self.signature, self.fmt)))
        return {"marker": markers}


def _ray_run(pending, output: Path, fmt: str, jobs: int, recipe: dict, signature: str, address):
    try:
        import ray
        import ray.data
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'mtaudit[ray]'") from None
    if not pending:
        return
    address = address or os.environ.get("RAY_ADDRESS")
    quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
    if not ray.is_initialized():
        if address:
            ray.init(address=address, **quiet)
        else:  # a Ray of this machine's own, with --jobs CPUs
            ray.init(num_cpus=jobs, include_dashboard=False, **quiet)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # progress is ours, one line per shard on standard error
    context.print_on_execution_start = False
    actors = max(1, min(jobs, len(pending)))
    items = [{"shard": json.dumps(asdict(s))} for s in pending]
    dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        ShardAuditor,
        fn_constructor_kwargs={
            "recipe": recipe,
            "output": str(output.resolve()),
            "fmt": fmt,
            "signature": signature,
        },
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
    )
    for row in dataset.iter_rows():
        yield json.loads(row["marker"])


def read_rows(output: Path) -> Iterator[dict]:
    """Every row of a batch output folder, shard by shard (by name), each in record order."""
    markers = []
    for path in sorted((output / MARKERS).glob("*.json")):
        markers.append(json.loads(path.read_text(encoding="utf-8")))
    for marker in sorted(markers, key=lambda m: m["shard"]):
        path = output / marker["output"]
        if marker["format"] == "parquet":
            yield from _pyarrow_parquet().read_table(path).to_pylist()
        else:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line)


def print_progress(line: str) -> None:
    print(f"mtaudit: {line}", file=sys.stderr, flush=True)
