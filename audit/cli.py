"""The command line: parse options, call the library, choose a renderer, set the exit code.

Exit codes (../shared/docs/INTERFACE.md): 0 nothing at or above the threshold; 1 findings at or above
``--fail-on`` or an article below ``--min-score``; 2 usage error, unreadable input or internal error.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from audit import __version__
from audit.errors import AuditError, InputError, UsageError, printable
from audit.ingest import looks_like_jsonl, read_inputs
from audit.report import RENDERERS

SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3, "never": 99}
_JSONL_HINT = "mtaudit: note: <stdin> looks like JSONL and is read as one article; pass --jsonl-stdin to read its records"
#: articles below --min-score named on standard error (the JSON summary lists them all)
MAX_REASONS = 20
FAIL_ON = ("minor", "major", "critical", "never")


def _split_names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename."""
    with atomic_writer(path) as handle:
        handle.write(content)


@contextmanager
def atomic_writer(path: Path):
    """A text handle on a temporary file beside ``path``, renamed over it when the block ends
    without an error (and removed when it fails): a report written piece by piece is never seen
    half-written. A symbolic link is written through (the link stays); a device or FIFO
    (``-o /dev/null``, ``-o /dev/stdout``) is written to directly: renaming over it would replace
    the device node with a plain file."""
    target = Path(os.path.realpath(path))
    try:  # a report replaces an old one with the old one's mode; a new one gets the umask's default
        st = target.stat()
        mode = st.st_mode & 0o7777
    except OSError:
        st = None
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    path = target
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp creates 0600, which would make shared reports unreadable
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _error(message: str) -> None:
    click.echo(f"mtaudit: error: {message}", err=True)


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool((ctx is not None and ctx.find_root().params.get("debug")) or os.environ.get("MTAUDIT_DEBUG"))


def _isolated(where: str, work):
    """``work()``, or an InputError naming ``where`` when it fails unexpectedly: one input that trips
    a bug (a pathological word, a corner of a rule) is reported on one line, and every other input
    is still audited and reported (``check``, ``fix``)."""
    try:
        return work()
    except (AuditError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if _debugging():
            raise
        return InputError(
            where,
            f"internal error while auditing it: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
        )


def _refuse_overwriting_inputs(output: Path | None, option: str, inputs) -> None:
    """A report must never replace one of the files it reports on (``-o feed.jsonl`` of ``feed.jsonl``)."""
    if output is None:
        return
    target = _identity(output)
    for item in inputs:
        path = item[0] if isinstance(item, tuple) else item
        if isinstance(path, str) and path != "-" and target is not None and _identity(Path(path)) == target:
            raise UsageError(
                f"{option} {output}: that is one of the inputs; it would be overwritten by the report"
            )


def _is_our_report(path: Path) -> bool:
    """Whether a file holds an mtaudit report (JSON/JSONL with article scores and findings, or the
    text format's signature line), as opposed to input data that happens to sit where -o points."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536).decode("utf-8", "replace")
    except OSError:
        return False
    first = head.lstrip().split("\n", 1)[0]
    try:
        record = json.loads(first) if first.startswith("{") else None
    except ValueError:
        record = None
    if isinstance(record, dict) and ({"score", "findings", "sentences"} <= record.keys()):
        return True  # a jsonl report line
    if '"name": "mtaudit"' in head[:300] or '<testsuites name="mtaudit"' in head[:300]:
        return True  # json, sarif and junit reports name the tool at the top
    return any(line.startswith("rules:") and "|score:" in line for line in head.splitlines()[-3:])


def _identity(path: Path):
    """(device, inode) of an existing file, else its resolved path: what two names of one file share."""
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except OSError:
        try:
            return str(path.resolve())
        except (OSError, RuntimeError):
            return None


def _usage_error(exc: click.UsageError) -> None:
    """A command-line usage error as one line (click's own takes four), and exit code 2."""
    hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
    _error(" ".join(exc.format_message().split()) + hint)
    sys.exit(2)


class _Group(click.Group):
    """Turns every library error and usage error into one line on standard error and exit code 2."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # plain `mtaudit`: click shows the help
                raise
            _usage_error(exc)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AuditError as exc:
            _error(str(exc))
            sys.exit(2)
        except click.UsageError as exc:
            _usage_error(exc)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            _error("interrupted")
            sys.exit(2)
        except BrokenPipeError:
            raise  # the reader of standard output has gone: main() ends quietly
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get("MTAUDIT_DEBUG"):
                raise
            _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtaudit")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def cli(debug: bool) -> None:
    """mtaudit: a translation-quality auditor for machine-translated German."""


def _config_options(command):
    """The options that ``check`` and ``config`` share: where the configuration comes from, and the
    settings that the command line can override."""
    options = [
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Read the configuration from FILE (.mtaudit.toml, or [tool.mtaudit] of a pyproject.toml).",
        ),
        click.option(
            "--no-config", is_flag=True, help="Use no configuration file, only defaults and options."
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default=None,
            help="Exit 1 when a finding has this severity or worse.  [default: major]",
        ),
        click.option(
            "--min-score",
            type=click.FloatRange(0, 100),
            default=None,
            help="Exit 1 when an article scores below N.",
        ),
        click.option(
            "--select", multiple=True, help="Only these rules or categories (comma-separated, repeatable)."
        ),
        click.option(
            "--ignore",
            multiple=True,
            help="Leave out these rules or categories (comma-separated, repeatable).",
        ),
        click.option(
            "--lm",
            default=None,
            help="Fluency language model: ngram (the shipped KenLM model), a KenLM file, or none.  [default: ngram]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _default_jobs(ctx, param, value: int | None) -> int:
    from audit.parallel import default_jobs

    return default_jobs() if value is None else value


_JOBS_HELP = (
    "Audit articles in N worker processes (forked after the models load, so they share them);"
    " results and their order do not depend on N.  [default: $MTAUDIT_JOBS, else the number of cores]"
)


def _jobs_option(command, help: str = _JOBS_HELP):
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        envvar="MTAUDIT_JOBS",
        callback=_default_jobs,
        help=help,
    )(command)


def _fix_jobs_option(command):
    return _jobs_option(
        command,
        "Audit the windows of a very long article (over 1,000,000 characters) in N worker processes;"
        " other inputs are fixed one at a time, and results do not depend on N."
        "  [default: $MTAUDIT_JOBS, else the number of cores]",
    )


#: ends an input's items in the stream that ``check`` audits (for the progress bar)
_END_OF_INPUT = object()


def _policy(settings, **extra):
    """The configuration's accept and reject lists and severities (``audit.policy.Policy``), with the
    run's ``extra`` (baseline, recording, changed lines)."""
    from audit.policy import Policy
    from audit.terms import Term, parse_terms

    return Policy(
        accept=parse_terms(settings["accept"]),
        reject={Term.parse(term): replacement for term, replacement in settings["reject"].items()},
        severity=settings["severity"],
        **extra,
    )


def _settings(paths, config_file, no_config, fail_on, min_score, select, ignore, lm, fmt=None):
    from audit.config import load_settings

    cli_values = {
        "select": _split_names(select),
        "ignore": _split_names(ignore),
        "fail-on": fail_on,
        "min-score": min_score,
        "lm": lm,
        "format": fmt,
    }
    return load_settings(paths, config=config_file, no_config=no_config, cli=cli_values)


def _expand(paths: tuple[str, ...], settings, changed, own=()) -> list[str | InputError]:
    """Files to read (and errors), after ``include``/``exclude`` and ``--changed-only``. Files found
    in a folder that are this run's own outputs (``own``: the report, the baseline) are left out, so
    that `check . -o report.jsonl` does not audit the last run's report; named ones are kept (and
    then refused by ``_refuse_overwriting_inputs``)."""
    from audit.config import path_filter
    from audit.ingest import expand_paths

    wanted = path_filter(settings)
    mine = {_identity(p) for p in own if p is not None} - {None}
    out: list[str | InputError] = []
    for raw in paths:
        found = list(expand_paths([raw]))
        kept_found = []
        for i in found:
            if isinstance(i, str) and i != raw:
                own_output = bool(mine) and _identity(Path(i)) in mine
                if (own_output or i.lower().endswith(".jsonl")) and _is_our_report(Path(i)):
                    if not own_output:  # an earlier run's report under another name
                        click.echo(f"mtaudit: note: {printable(i)}: an mtaudit report, not audited", err=True)
                    continue
            kept_found.append(i)
        found = kept_found
        kept = 0
        for item in found:
            if isinstance(item, str) and item != "-":
                if wanted is not None and not wanted(item):
                    if item == raw:  # named on the command line (as pre-commit does): say why it is skipped
                        click.echo(
                            f"mtaudit: warning: {printable(raw)}: excluded by the configuration", err=True
                        )
                    continue
                kept += 1
                if changed is not None and Path(item).resolve() not in changed:
                    continue
            out.append(item)
        files = sum(1 for item in found if isinstance(item, str) and item != raw)
        if files and not kept:
            # a typo in include/exclude must not pass CI with 0 articles (an empty folder is an error too)
            out.append(
                InputError(
                    raw, f"include/exclude in the configuration leave none of its {files} text file(s)"
                )
            )
    return out


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", default=None, help=f"Output format: {', '.join(RENDERERS)}.  [default: text]"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@_config_options
@click.option(
    "--strict", is_flag=True, help="Stop at the first unreadable input instead of going on with the others."
)
@click.option("--jsonl-stdin", is_flag=True, help="Read standard input (`-`) as JSONL records.")
@click.option("--explain-score", is_flag=True, help="Show how each article score was computed (text format).")
@click.option(
    "--color/--no-color", default=None, help="Colour the text format (default: when writing to a terminal)."
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Do not report the findings recorded in FILE (see --write-baseline).",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record every finding in FILE as known (they are then not reported).",
)
@click.option(
    "--changed-only", is_flag=True, help="Audit only files changed against the git base (see --base)."
)
@click.option(
    "--changed-lines",
    is_flag=True,
    help="Like --changed-only, and report only findings on added or changed lines.",
)
@click.option(
    "--base",
    default=None,
    help="Git base for --changed-only.  [default: origin/$GITHUB_BASE_REF, origin/main, main or HEAD]",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar on standard error (default: when it is a terminal and the run takes a while).",
)
@click.option(
    "--statistics", is_flag=True, help="Count the findings per rule instead of listing them (text format)."
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Only the findings: no table, summary or signature (text format), nothing but errors and warnings"
    " on standard error.",
)
@click.option(
    "--source",
    "source_path",
    type=click.Path(path_type=Path),
    help="The originals: a FILE for one input file, or a DIR paired with the inputs by relative path"
    " (bitext checks run, and the report aligns each sentence with its source).",
)
@click.option(
    "--reference",
    "reference_path",
    type=click.Path(path_type=Path),
    help="Human translations, a FILE or a DIR paired like --source: chrF, BLEU and TER (sacrebleu) per"
    " article, sentence and run.",
)
@_jobs_option
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    config_file: Path | None,
    no_config: bool,
    fail_on: str | None,
    min_score: float | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    lm: str | None,
    strict: bool,
    jsonl_stdin: bool,
    explain_score: bool,
    color: bool | None,
    baseline: Path | None,
    write_baseline: Path | None,
    changed_only: bool,
    changed_lines: bool,
    base: str | None,
    progress: bool | None,
    statistics: bool,
    quiet: bool,
    source_path: Path | None,
    reference_path: Path | None,
    jobs: int | None,
) -> None:
    """Audit German (machine-translated) text: PATH is a file, a directory (searched recursively) or -."""
    from audit.auditor import WARM_UP, Auditor
    from audit.baseline import Baseline
    from audit.config import start_folder
    from audit.ingest.ids import RepeatedIds
    from audit.parallel import audit_stream
    from audit.progress import Progress
    from audit.report import STREAMS, RenderOptions, Totals
    from audit.report.text import summary_line

    settings = _settings(paths, config_file, no_config, fail_on, min_score, select, ignore, lm, fmt)
    fmt = settings["format"]
    if fmt not in RENDERERS:
        raise UsageError(f"--format {fmt}: choose from {', '.join(RENDERERS)}")
    if baseline is not None and write_baseline is not None:
        raise UsageError(
            "--baseline and --write-baseline do not go together (writing makes a fresh baseline)"
        )
    if base is not None and not (changed_only or changed_lines):
        raise UsageError("--base needs --changed-only or --changed-lines")
    if statistics and fmt != "text":
        raise UsageError(f"--statistics is for the text format, not --format {fmt}")
    if quiet:
        progress = False
    changed = None
    if changed_only or changed_lines:
        from audit.changes import changed_lines as git_changes

        changed = git_changes(base, start_folder(paths))
    policy = _policy(
        settings,
        baseline=Baseline.load(baseline) if baseline is not None else None,
        record=Baseline(write_baseline.parent) if write_baseline is not None else None,
        changed_lines=changed if changed_lines else None,
    )
    auditor = Auditor(select=settings["select"], ignore=settings["ignore"], lm=settings["lm"], policy=policy)

    inputs = _expand(paths, settings, changed, own=(output, write_baseline, baseline))
    _refuse_overwriting_inputs(output, "--output", inputs)
    _refuse_overwriting_inputs(write_baseline, "--write-baseline", inputs)
    partners = _partners(paths, inputs, source_path, reference_path)
    if partners and output is not None:  # nor over a source or reference file
        files = [i for i in inputs if isinstance(i, str) and i != "-"]
        _refuse_overwriting_inputs(output, "--output", [str(p.path_for(i)) for p in partners for i in files])
    if color is None:
        # --color/--no-color first, then NO_COLOR and FORCE_COLOR (no-color.org, force-color.org),
        # then whether standard output is a terminal
        if os.environ.get("NO_COLOR"):
            color = False
        elif os.environ.get("FORCE_COLOR"):
            color = fmt == "text" and output is None  # a pipe, not a report file
        else:
            color = output is None and fmt == "text" and sys.stdout.isatty()
    options = RenderOptions(
        signature=auditor.signature,
        version=__version__,
        color=color,
        explain_score=explain_score,
        rules=_rule_infos(auditor.rules),
        dropped=policy.dropped,  # filled while auditing; copied below once it is complete
        min_score=settings["min-score"],
        statistics=statistics,
        quiet=quiet,
        generated=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )
    threshold = SEVERITY_RANK[settings["fail-on"]]
    min_score = settings["min-score"]
    # The streaming formats (STREAMS) write each article's part as soon as it is audited and keep
    # only the totals, so memory does not grow with the input; the others need every report.
    streaming = fmt in STREAMS
    reports: list = []
    totals = Totals()
    totals.min_score = settings["min-score"]
    ids = RepeatedIds()  # for the warning about articles that share an id
    input_errors = 0
    failed = False
    with _report_sink(output if streaming else None, color=color or None) as put:
        stream = STREAMS[fmt](options) if streaming else None
        with Progress(len(inputs), enabled=progress) as bar:

            def report_error(error: InputError) -> None:
                nonlocal input_errors
                input_errors += 1
                bar.close()
                _error(str(error))
                if strict:
                    sys.exit(2)

            def prepared():
                """The articles to audit (paired with their sources and references) and the errors of
                reading them, in input order, each input followed by its end marker."""
                for path in inputs:
                    if partners and isinstance(path, str) and _is_jsonl(path, jsonl_stdin):
                        what = " and ".join(p.option for p in partners)
                        path = InputError(
                            path,
                            f"{what} pair text files; a JSONL record carries its own source/reference keys",
                        )
                    items = (
                        [path]
                        if isinstance(path, InputError)
                        else read_inputs([path], stdin_jsonl=jsonl_stdin)
                    )
                    for item in items:
                        if partners and not isinstance(item, InputError):
                            item = _paired(item, path, partners)
                        if not isinstance(item, InputError):
                            if item.encoding not in ("utf-8", "utf-8-sig"):
                                bar.close()
                                click.echo(
                                    f"mtaudit: note: {item.id}: not UTF-8, decoded as {item.encoding}",
                                    err=True,
                                )
                            if path == "-" and not jsonl_stdin and looks_like_jsonl(item.text):
                                bar.close()
                                click.echo(_JSONL_HINT, err=True)
                        yield item
                    yield _END_OF_INPUT

            for item, report in audit_stream(auditor, prepared(), jobs, _isolated, WARM_UP):
                if item is _END_OF_INPUT:
                    bar.advance(inputs=1)
                    continue
                if isinstance(item, InputError):
                    report_error(item)
                    continue
                if isinstance(report, InputError):
                    report_error(report)
                    bar.advance(articles=1, label=item.id)
                    continue
                totals.add(report)
                ids.add(report.article.label)
                failed = failed or any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings)
                if min_score is not None and report.score < min_score:
                    failed = True
                if stream is not None:
                    for piece in stream.pieces(report):
                        put(piece)
                else:
                    reports.append(report)
                for warning in policy.warnings:
                    bar.close()
                    click.echo(f"mtaudit: warning: {warning}", err=True)
                policy.warnings.clear()
                if report.source is not None and report.source.note:
                    bar.close()
                    click.echo(f"mtaudit: note: {printable(item.id)}: {report.source.note}", err=True)
                bar.advance(articles=1, label=item.id)
        if stream is not None:
            put(stream.finish())

    if partners and not changed:  # with --changed-only the unchanged files' partners are expected
        for pairing in partners:
            for extra in pairing.unpaired():
                input_errors += 1
                _error(
                    f"{printable(extra)}: a {pairing.role} with no input file to pair with ({pairing.option})"
                )
    if ids.repeated:
        click.echo(f"mtaudit: warning: {ids.describe()}", err=True)
    for article_id, score in totals.below[:MAX_REASONS]:  # why exit code 1, not only that
        click.echo(
            f"mtaudit: {printable(article_id)}: score {score:.1f} is below --min-score {min_score:g}",
            err=True,
        )
    if len(totals.below) > MAX_REASONS:
        more = len(totals.below) - MAX_REASONS
        click.echo(f"mtaudit: ... and {more} more articles below --min-score {min_score:g}", err=True)
    options = replace(options, dropped=dict(policy.dropped))
    if not streaming:
        rendered = RENDERERS[fmt](reports, options)
        if output is None:
            click.echo(rendered, nl=False, color=color or None)  # click strips colour in pipes unless told
        else:
            _write(output, rendered, "--output")
    if (fmt != "text" or output is not None) and _stderr_is_terminal() and not quiet:
        terminal = RenderOptions(color=not os.environ.get("NO_COLOR"), dropped=dict(policy.dropped))
        click.echo(summary_line(totals, terminal), err=True)

    if input_errors:
        if write_baseline is not None:
            _error(f"baseline {write_baseline} not written: {input_errors} input(s) could not be read")
        sys.exit(2)
    if write_baseline is not None:
        _write(write_baseline, policy.record.to_json(), "--write-baseline")
        click.echo(f"mtaudit: wrote {len(policy.record)} findings to the baseline {write_baseline}", err=True)
    sys.exit(1 if failed else 0)


def _partners(paths, inputs, source_path: Path | None, reference_path: Path | None) -> list:
    """The ``--source`` and ``--reference`` pairings of this run (empty when neither is given)."""
    if source_path is None and reference_path is None:
        return []
    from audit.bitext.pairing import Partners

    files = sum(1 for i in inputs if isinstance(i, str))
    found = [
        Partners.of(option, value, tuple(paths), files)
        for option, value in (("--source", source_path), ("--reference", reference_path))
    ]
    return [p for p in found if p is not None]


def _is_jsonl(path: str, jsonl_stdin: bool) -> bool:
    return path.lower().endswith(".jsonl") or (path == "-" and jsonl_stdin)


def _paired(article, path: str, partners: list):
    """``article`` with the text of its partner files, or the InputError that says why it has none."""
    values = {}
    for pairing in partners:
        try:
            values[pairing.role] = pairing.read(path)
        except InputError as exc:
            return exc
    return replace(article, **values)


@contextmanager
def _report_sink(output: Path | None, color: bool | None = None):
    """A function that writes report text as it comes: to standard output (``color``: keep colour
    codes in a pipe, as click strips them unless told), or to ``output`` through a temporary file
    renamed over it at the end (never half-written)."""
    if output is None:
        yield lambda text: click.echo(text, nl=False, color=color) if text else None
        return
    try:
        writer = atomic_writer(output)
        handle = writer.__enter__()
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot write it ({exc.strerror or exc})") from None
    try:
        yield handle.write
    except BaseException:
        writer.__exit__(*sys.exc_info())
        raise
    try:
        writer.__exit__(None, None, None)
    except OSError as exc:
        raise UsageError(f"--output {output}: cannot write it ({exc.strerror or exc})") from None


def _write(path: Path, content: str, option: str) -> None:
    try:
        write_atomically(path, content)
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write it ({exc.strerror or exc})") from None


def _rule_infos(rules) -> tuple | None:
    try:
        from audit.report.common import RuleInfo
    except ImportError:  # the CI formats' helpers are not there: renderers fall back to the registry
        return None
    return tuple(RuleInfo.of(rule) for rule in rules)


@cli.command("config")
@click.argument("paths", nargs=-1)
@_config_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(
    paths: tuple[str, ...],
    config_file: Path | None,
    no_config: bool,
    fail_on: str | None,
    min_score: float | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    lm: str | None,
    fmt: str,
) -> None:
    """Show the effective configuration for PATH... (default: the current folder) and where each value
    came from: default, the configuration file, or the command line."""
    import json

    for raw in paths:
        if raw != "-" and not Path(raw).exists():
            raise InputError(raw, "no such file or directory")
    settings = _settings(paths, config_file, no_config, fail_on, min_score, select, ignore, lm)
    from audit.auditor import select_rules

    select_rules(settings["select"], settings["ignore"])  # unknown names: the same error as `check`
    if fmt == "json":
        click.echo(json.dumps(settings.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"# configuration file: {settings.file if settings.file else 'none (defaults)'}")
    rows = [(key, _toml_value(settings[key]), settings.sources[key]) for key in settings.values]
    width = max(len(key) for key, _, _ in rows)
    value_width = min(48, max(len(value) for _, value, _ in rows))
    for key, value, source in rows:
        click.echo(f"{key:<{width}} = {value:<{value_width}}  # {source}")


def _toml_value(value) -> str:
    """A value as TOML would write it (None, which TOML lacks, as a comment-like ``(unset)``)."""
    import json

    if value is None:
        return "(unset)"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items())
            + " }"
            if value
            else "{}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@cli.command()
@click.argument("rule_ids", nargs=-1, metavar="[RULE]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(rule_ids: tuple[str, ...], fmt: str) -> None:
    """List every rule: id, category, default severity and what it flags; with RULE ids (or
    categories), explain those: what they flag, how sure they are, how to turn them off."""
    import difflib
    import json

    from audit.rules import load_rules

    registry = load_rules()
    chosen = sorted(registry.values(), key=lambda c: (c.category, c.id))
    if rule_ids:
        wanted = []
        for name in rule_ids:
            found = [c for c in chosen if name in (c.id, c.category)]
            if not found:
                names = sorted({c.id for c in chosen} | {c.category for c in chosen})
                close = difflib.get_close_matches(name, names, n=3)
                hint = f" (did you mean {', '.join(close)}?)" if close else " (`mtaudit rules` lists them)"
                raise UsageError(f"no rule or category {name!r}{hint}")
            wanted += [c for c in found if c not in wanted]
        chosen = wanted
    rows = [
        {
            "id": cls.id,
            "category": cls.category,
            "severity": cls.severity,
            "version": cls.version,
            "message": cls.message,
            "description": cls.description,
        }
        for cls in chosen
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rule_ids:
        for row in rows:
            click.echo(f"{row['id']:<28} {row['category']:<15} {row['severity']:<9} {row['message']}")
        return
    import textwrap

    for k, row in enumerate(rows):
        if k:
            click.echo("")
        click.echo(
            f"{row['id']} (category {row['category']}, {row['severity']} by default, version {row['version']})"
        )
        click.echo(f"  {row['message']}")
        for line in textwrap.wrap(row["description"] or "", width=96):
            click.echo(f"  {line}")
        rule = row["id"]
        hint = (
            f'Turn it off with --ignore {rule} or ignore = ["{rule}"] in .mtaudit.toml; change its severity'
            f' with severity = {{ "{rule}" = "major" }}; silence one finding with'
            f" <!-- mtaudit: ignore {rule} --> on its line."
        )
        for line in textwrap.wrap(hint, width=96):
            click.echo(f"  {line}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--write",
    is_flag=True,
    help="Rewrite the files in place (atomically; encoding, line endings, mode kept).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write corrected copies under DIR (paths below each PATH kept) instead of a diff.",
)
@click.option(
    "--backup",
    is_flag=False,
    flag_value=".bak",
    default=None,
    metavar="SUFFIX",
    help="With --write: keep each original as FILE+SUFFIX (--backup alone: .bak).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["diff", "jsonl"]),
    default="diff",
    show_default=True,
    help="diff: a unified diff; jsonl: one record per input with text, original and edits.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the diff or JSONL to FILE."
)
@click.option(
    "--word-diff",
    is_flag=True,
    help="Show each changed line once, its changes marked [-old-]{+new+} (for long paragraphs).",
)
@click.option(
    "--unsafe", is_flag=True, help="Also apply unsafe edits (fixes that need judgement, e.g. word choices)."
)
@click.option("--select", multiple=True, help="Only these rules or categories (comma-separated, repeatable).")
@click.option(
    "--ignore", multiple=True, help="Leave out these rules or categories (comma-separated, repeatable)."
)
@click.option("--jsonl-stdin", is_flag=True, help="Read standard input (`-`) as JSONL records.")
@click.option("--lm", default=None, help="Language model, as for `check`.  [default: ngram]")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the configuration from FILE (as for `check`: rules, severities, accept and reject lists).",
)
@click.option("--no-config", is_flag=True, help="Use no configuration file, only defaults and options.")
@click.option("-q", "--quiet", is_flag=True, help="No summary and no progress bar on standard error.")
@_fix_jobs_option
def fix(
    paths: tuple[str, ...],
    write: bool,
    output_dir: Path | None,
    backup: str | None,
    fmt: str,
    output: Path | None,
    unsafe: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jsonl_stdin: bool,
    lm: str | None,
    config_file: Path | None,
    no_config: bool,
    quiet: bool,
    word_diff: bool,
    jobs: int,
) -> None:
    """Propose corrections as a diff (default), or apply them: PATH is a file, a directory or -.

    Exit codes: without --write/--output-dir/--format jsonl, 1 when there is something to change and
    0 when not (like `ruff check --diff`); otherwise 0; 2 for bad usage or inputs that could not be
    read or written (the others are still fixed).
    """
    import json

    from audit.auditor import WARM_UP, Auditor
    from audit.correct import files
    from audit.correct.apply import FixStats, fix_article
    from audit.errors import UsageError
    from audit.ingest import decode, expand_paths, jsonl_file_items, looks_like_jsonl, read_stdin
    from audit.parallel import PooledChecker
    from audit.segment import make_article

    if write and output_dir is not None:
        raise UsageError("--write and --output-dir: choose one")
    if (write or output_dir is not None) and (fmt != "diff" or output is not None):
        raise UsageError(
            "--write and --output-dir write files: --format and --output are for diff/JSONL output"
        )
    if backup is not None and not write:
        raise UsageError("--backup goes with --write")
    if write and "-" in paths:
        raise UsageError("--write: standard input cannot be rewritten (use --format jsonl or the diff)")
    if backup is not None and (not backup or "/" in backup or os.sep in backup):
        raise UsageError(f"--backup {backup!r}: a file-name suffix such as .bak")
    if backup is not None and (os.path.exists(backup) or backup[0] not in ".~_-+"):
        # `--backup a.txt b.txt` took a.txt as the suffix: a.txt went unfixed and b.txt was backed up
        # as b.txta.txt
        raise UsageError(
            f"--backup {backup!r}: that looks like a file to fix, not a suffix (a suffix starts with "
            "'.', '~', '_', '-' or '+'); write --backup=.bak, or put --backup after the files"
        )

    if output_dir is not None:
        plan = files.mirror_paths(paths, output_dir)
        files.mark_output_dir(output_dir)
    else:
        plan = [item if isinstance(item, InputError) else (item, None) for item in expand_paths(paths)]
    if write:
        for item in plan:
            if not isinstance(item, InputError) and item[0].lower().endswith(".jsonl"):
                raise UsageError(
                    f"--write: {item[0]} is JSONL; write corrected records with --format jsonl --output FILE"
                )

    # the same configuration as `check`, so that accepted terms and suppressions are never "fixed"
    settings = _settings(paths, config_file, no_config, None, None, select, ignore, lm)
    policy = _policy(settings)
    auditor = Auditor(select=settings["select"], ignore=settings["ignore"], lm=settings["lm"], policy=policy)
    checker = PooledChecker(auditor, jobs, WARM_UP)

    _refuse_overwriting_inputs(output, "--output", plan)
    diff_mode = not write and output_dir is None and fmt == "diff"
    if word_diff and not diff_mode:
        raise UsageError("--word-diff shows the diff: not with --write, --output-dir or --format jsonl")
    stats = FixStats()
    input_errors = 0
    swept = set()  # folders cleared of a killed run's temporary files (files.remove_dead_temporaries)

    def report_error(error: InputError) -> None:
        nonlocal input_errors
        input_errors += 1
        _error(str(error))

    sizes = [os.path.getsize(i[0]) if not isinstance(i, InputError) and i[0] != "-" else 0 for i in plan]
    show_progress = not quiet and sys.stderr.isatty()
    bar = click.progressbar(
        length=max(sum(sizes), 1), file=sys.stderr, label="fixing", hidden=not show_progress
    )
    # Each article is fixed and its diff or record written as it comes: a JSONL feed is read a line
    # at a time and no report is kept past its record (a file rewritten or copied waits for its end)
    with _report_sink(output) as emit, bar:
        for item, size in zip(plan, sizes, strict=True):
            if isinstance(item, InputError):
                report_error(item)
                continue
            path, dest = item
            source = None
            jsonl = path != "-" and path.lower().endswith(".jsonl")
            try:
                if path == "-":
                    data = read_stdin()
                    if jsonl_stdin:
                        articles = files.jsonl_articles(data, "<stdin>")
                    else:
                        text, encoding = decode(data, "<stdin>")
                        if looks_like_jsonl(text):
                            click.echo(_JSONL_HINT, err=True)
                        articles = iter([(make_article(text, id="<stdin>", encoding=encoding), None)])
                elif jsonl:
                    articles = jsonl_file_items(path)  # as check reads it: a line at a time
                else:
                    source = files.read_source(path)
                    articles = files.articles_of(source)
                whole = None  # a text file's result, written back or copied once fixed
                lines = []  # the records of a JSONL copy (--output-dir)
                counted = FixStats()  # counted once written
                for article, record in articles:
                    if isinstance(article, InputError):
                        report_error(article)
                        continue
                    result = _isolated(article.id, lambda a=article: fix_article(checker, a, unsafe=unsafe))
                    if isinstance(result, InputError):
                        if record is None:  # a text file: leave it as it is
                            raise result
                        report_error(result)  # one JSONL record: the others are still fixed
                        continue
                    if not result.stable:
                        click.echo(f"mtaudit: note: {article.id}: corrections did not settle", err=True)
                    if diff_mode and result.changed:
                        name = article.id if record is None else f"{path}#{article.id}"
                        show = files.word_diff if word_diff else files.unified_diff
                        emit(show(article.text, result.text, name))
                    elif fmt == "jsonl" and not write and output_dir is None:
                        emit(json.dumps(files.fix_record(result, record), ensure_ascii=False) + "\n")
                    if dest is not None and jsonl:
                        lines.append(json.dumps(files.fix_record(result, record), ensure_ascii=False) + "\n")
                    elif record is None:
                        whole = result
                    counted.add(result, record=record is not None or jsonl, unsafe=unsafe)
                if write and source is not None and source.target.parent not in swept:
                    swept.add(source.target.parent)
                    if removed := files.remove_dead_temporaries(source.target.parent):
                        click.echo(
                            f"mtaudit: note: removed {removed} temporary file(s) that a killed"
                            f" fix left in {printable(str(source.target.parent))}",
                            err=True,
                        )
                if write and source is not None and whole is not None and whole.changed:
                    for note in files.write_back(source, whole.text, backup=backup):
                        click.echo(f"mtaudit: note: {printable(path)}: {note}", err=True)
                elif dest is not None and jsonl:
                    files.write_new(dest, "".join(lines))
                elif dest is not None and source is not None and whole is not None:
                    files.write_new(dest, whole.text, encoding=source.encoding, mode=source.mode)
                stats.update(counted)
            except InputError as exc:
                report_error(exc)
            bar.update(size)

    if not quiet:
        click.echo(f"mtaudit fix: {stats.summary(dry_run=diff_mode, unsafe=unsafe)}", err=True)
    if input_errors:
        sys.exit(2)
    sys.exit(1 if diff_mode and stats.changed else 0)


@cli.command("compare")
@click.argument("systems", nargs=-1, required=True)
@click.option(
    "--source",
    "source_path",
    type=click.Path(path_type=Path),
    help="The originals: a DIR paired with folder systems by relative path, or a JSONL file paired by id.",
)
@click.option(
    "--reference",
    "reference_path",
    type=click.Path(path_type=Path),
    help="Human translations, paired like --source (JSONL records may carry their own): chrF, BLEU, TER too.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option(
    "--metric",
    type=click.Choice(["score", "chrf", "bleu", "ter"]),
    default=None,
    help="What the ranking goes by (chrf, bleu and ter need references).  [default: chrf when every"
    " document has a reference (it orders systems as MQM raters do far more often than the score:"
    " README), else score]",
)
@click.option(
    "--samples", type=click.IntRange(100, 100_000), default=1000, show_default=True, help="Bootstrap samples."
)
@click.option(
    "--seed", type=int, default=12345, show_default=True, help="Seed of the bootstrap (as sacrebleu's)."
)
@click.option("--lm", default=None, help="Language model, as for `check`.  [default: ngram]")
@click.option("--no-config", is_flag=True, help="Use no configuration file, only defaults and options.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar on standard error (default: when it is a terminal and the run takes a while).",
)
@_jobs_option
def compare_command(
    systems: tuple[str, ...],
    source_path: Path | None,
    reference_path: Path | None,
    fmt: str,
    output: Path | None,
    metric: str | None,
    samples: int,
    seed: int,
    lm: str | None,
    no_config: bool,
    progress: bool | None,
    jobs: int | None,
) -> None:
    """Compare two or more MT outputs of the same documents: SYSTEM is a folder of text files (paired
    by relative path) or a JSONL file (paired by record id).

    For each pair of systems and each metric (mtaudit's article score; chrF, BLEU and TER against
    references when every document has one): the difference, a 95% confidence interval and p-value
    from paired bootstrap resampling over documents (as sacrebleu's --paired-bs), wins/ties/losses over
    documents and which system is better (or that the difference is not significant); then a ranking,
    where systems that cannot be told apart share a rank. Exit 2 when the systems do not hold the same
    documents or an input cannot be read.
    """
    from audit.auditor import Auditor
    from audit.compare import SystemScores, compare, render_html, render_text

    if len(systems) < 2:
        raise UsageError("compare needs at least two systems")
    if len(set(systems)) < len(systems):
        raise UsageError("a system is named twice")
    settings = _settings(systems, None, no_config, None, None, (), (), lm)
    documents = {name: _system_documents(name, settings, source_path, reference_path) for name in systems}
    read = [a.path for docs in documents.values() for a in docs.values() if a.path is not None]
    read += [str(p) for p in (source_path, reference_path) if p is not None and p.is_file()]
    _refuse_overwriting_inputs(output, "--output", read)
    first = systems[0]
    keys = sorted(documents[first])
    problems = []
    for name in systems[1:]:
        missing = sorted(set(keys) - set(documents[name]))
        extra = sorted(set(documents[name]) - set(keys))
        for what, which in ((f"missing, that {first} has", missing), (f"that {first} does not have", extra)):
            if which:
                shown = ", ".join(printable(k) for k in which[:3]) + (" ..." if len(which) > 3 else "")
                problems.append(f"{printable(name)}: {len(which)} document(s) {what}: {shown}")
    if not keys:
        problems.append(f"{printable(first)}: no documents")
    for problem in problems:
        _error(problem)
    if problems:
        sys.exit(2)
    from audit.auditor import WARM_UP
    from audit.parallel import audit_stream
    from audit.progress import Progress

    auditor = Auditor(select=settings["select"], ignore=settings["ignore"], lm=settings["lm"])
    scored = []
    work = (documents[name][key] for name in systems for key in keys)  # one pool for every system
    audited = audit_stream(auditor, work, jobs, _isolated, WARM_UP)
    with Progress(len(systems) * len(keys), enabled=progress) as bar:  # inputs: documents of systems
        for name in systems:
            reports = []
            for _ in keys:
                _, report = next(audited)
                if isinstance(report, InputError):
                    bar.close()
                    _error(str(report))
                    sys.exit(2)
                reports.append(report)
                bar.advance(inputs=1, articles=1, label=name)
            scored.append(SystemScores.of(name, reports))
    try:
        if metric is None:
            metric = "chrf" if all(s.stats for s in scored) else "score"
        result = compare(scored, samples=samples, seed=seed, metric=metric)
    except ValueError:
        raise UsageError(f"--metric {metric}: needs a reference for every document of every system") from None
    result["signature"] = auditor.signature
    rendered = {
        "json": lambda r: json.dumps(r, ensure_ascii=False, indent=2) + "\n",
        "html": render_html,
    }.get(fmt, render_text)(result)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        _write(output, rendered, "--output")


def _system_documents(name: str, settings, source_path: Path | None, reference_path: Path | None) -> dict:
    """The documents of one system of ``compare``, by key (relative path, or record id), each with its
    source and reference when given; a one-line error and exit 2 for anything that cannot be read."""
    from audit.bitext.pairing import Partners

    path = Path(name)
    if not path.exists():
        raise UsageError(f"{name}: no such file or folder")
    documents: dict = {}
    if path.is_file():
        if not name.lower().endswith(".jsonl"):
            raise UsageError(f"{name}: a system is a folder of text files or a JSONL file")
        by_id = {
            role: _jsonl_texts(p, role)
            for role, p in (("source", source_path), ("reference", reference_path))
        }
        for item in read_inputs([name]):
            if isinstance(item, InputError):
                _error(str(item))
                sys.exit(2)
            if item.id in documents:
                raise UsageError(f"{name}: the id {item.id!r} is used twice (compare pairs records by id)")
            extra = {}
            for role, texts in by_id.items():
                if texts is not None:
                    if item.id not in texts:
                        raise UsageError(f"{name}: record {item.id!r} has no {role} in the --{role} file")
                    extra[role] = texts[item.id]
            documents[item.id] = replace(item, **extra)
        return documents
    partners = []
    for option, value in (("--source", source_path), ("--reference", reference_path)):
        if value is not None and value.is_file():
            raise UsageError(f"{option} {value}: folder systems pair with a folder")
        pairing = Partners.of(option, value, (name,), files=1)  # a folder partner: the count is moot
        if pairing is not None:
            partners.append(pairing)
    for file in _expand((name,), settings, None):
        if isinstance(file, InputError):
            _error(str(file))
            sys.exit(2)
        for item in read_inputs([file]):
            if partners and not isinstance(item, InputError):
                item = _paired(item, file, partners)
            if isinstance(item, InputError):
                _error(str(item))
                sys.exit(2)
            documents[os.path.relpath(file, name)] = item
    return documents


def _jsonl_texts(path: Path | None, role: str) -> dict[str, str] | None:
    """id -> text of a JSONL file given as --source or --reference of JSONL systems (None: not given)."""
    if path is None:
        return None
    if not (path.is_file() and str(path).lower().endswith(".jsonl")):
        raise UsageError(f"--{role} {path}: JSONL systems pair with a JSONL file (records by id)")
    texts = {}
    for item in read_inputs([str(path)]):
        if isinstance(item, InputError):
            _error(str(item))
            sys.exit(2)
        texts[item.id] = item.text
    return texts


@cli.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder of output shards (created; a rerun skips the shards already complete there).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: a process pool on this machine; ray: Ray Data actors (pip install 'mtaudit[ray]').",
)
@click.option(
    "--address",
    default=None,
    help="The Ray cluster to run on (--engine ray).  [default: $RAY_ADDRESS, else a Ray of this machine]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="Output rows as JSONL or Parquet (Parquet needs pyarrow: mtaudit[parquet]).",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Records per shard: the unit of work, of output files and of resuming.",
)
@_jobs_option
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the configuration from FILE, as for `check`.",
)
@click.option("--no-config", is_flag=True, help="Use no configuration file, only defaults and options.")
@click.option("--select", multiple=True, help="Only these rules or categories (comma-separated, repeatable).")
@click.option(
    "--ignore", multiple=True, help="Leave out these rules or categories (comma-separated, repeatable)."
)
@click.option("--lm", default=None, help="Language model, as for `check`.  [default: ngram]")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on standard error.")
def batch_command(
    inputs: tuple[str, ...],
    output: Path,
    engine: str,
    address: str | None,
    fmt: str,
    shard_size: int,
    jobs: int | None,
    config_file: Path | None,
    no_config: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    lm: str | None,
    quiet: bool,
) -> None:
    """Audit feeds in resumable shards: INPUT is a JSONL or Parquet file, or a folder of them.

    One row per record: file, line (or row), id, score, fluency, words, counts by severity, categories
    (JSON) and findings (JSON, as `check --format jsonl` writes them), or an error for a record that
    cannot be read or audited (never a failed job). Shards are written to OUTPUT as they finish, each
    through a temporary file, then marked complete in OUTPUT/.done; a rerun skips the complete ones.
    """
    from audit import batch

    files = _batch_inputs(inputs, output)
    settings = _settings(inputs, config_file, no_config, None, None, select, ignore, lm)
    recipe = {
        "select": tuple(settings["select"]),
        "ignore": tuple(settings["ignore"]),
        "lm": settings["lm"],
        "policy": _policy(settings),
    }
    for path in files:  # click refuses an --output that is a file
        if Path(path).resolve().parent == output.resolve():
            raise UsageError(f"--output {output}: it holds the input {path}; choose another folder")
    result = batch.run(
        files,
        output,
        engine=engine,
        fmt=fmt,
        shard_size=shard_size,
        jobs=jobs,
        recipe=recipe,
        address=address,
        progress=None if quiet else batch.print_progress,
    )
    click.echo(
        f"mtaudit: {result.rows} rows in {result.written} new shard(s), {result.skipped} complete before,"
        f" {result.errors} error row(s): {output}",
        err=True,
    )


def _batch_inputs(inputs: tuple[str, ...], output: Path) -> list[str]:
    """The JSONL and Parquet files named, or found in the folders named (sorted; never in the output
    folder: a rerun of `batch feeds/ -o feeds/audit` must not audit its own rows)."""
    from audit.batch import input_kind

    outside = output.resolve()
    files: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in (".jsonl", ".parquet")
                and outside not in p.resolve().parents
            )
            if not found:
                raise UsageError(f"{raw}: no .jsonl or .parquet files in this folder")
            files.extend(found)
        elif path.is_file():
            input_kind(raw)
            files.append(raw)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    first: dict[str, str] = {}  # a file named twice (or by two paths) is read once
    for f in files:
        first.setdefault(str(Path(f).resolve()), f)
    return list(first.values())


def main() -> None:
    from audit.parallel import tune_gc

    tune_gc()
    try:
        cli(prog_name="mtaudit")
    except BrokenPipeError:
        # `mtaudit rules | head -1`: the reader has gone; say nothing (as cat and grep do), and keep
        # Python from complaining when it flushes standard output at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
