"""The command line: parse options, call the library, choose a renderer, set the exit code.

Exit codes (../shared/docs/INTERFACE.md): 0 nothing at or above the threshold; 1 findings at or above
``--fail-on`` or an article below ``--min-score``; 2 usage error, unreadable input or internal error.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from audit import __version__
from audit.errors import AuditError, InputError

SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3, "never": 99}


def _split_names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename."""
    directory = path.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _error(message: str) -> None:
    click.echo(f"mtaudit: error: {message}", err=True)


class _Group(click.Group):
    """Turns every library error into one line on standard error and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AuditError as exc:
            _error(str(exc))
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            _error("interrupted")
            sys.exit(2)
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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="text", show_default=True, help="Output format: text, json, jsonl.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["minor", "major", "critical", "never"]),
    default="major",
    show_default=True,
    help="Exit 1 when a finding has this severity or worse.",
)
@click.option(
    "--min-score", type=click.FloatRange(0, 100), default=None, help="Exit 1 when an article scores below N."
)
@click.option("--select", multiple=True, help="Only these rules or categories (comma-separated, repeatable).")
@click.option(
    "--ignore", multiple=True, help="Leave out these rules or categories (comma-separated, repeatable)."
)
@click.option(
    "--strict", is_flag=True, help="Stop at the first unreadable input instead of going on with the others."
)
@click.option("--jsonl-stdin", is_flag=True, help="Read standard input (`-`) as JSONL records.")
@click.option("--explain-score", is_flag=True, help="Show how each article score was computed (text format).")
@click.option(
    "--color/--no-color", default=None, help="Colour the text format (default: when writing to a terminal)."
)
@click.option(
    "--lm",
    default="ngram",
    show_default=True,
    help="Fluency language model: ngram (the shipped KenLM model), a KenLM file, or none.",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    min_score: float | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    jsonl_stdin: bool,
    explain_score: bool,
    color: bool | None,
    lm: str,
) -> None:
    """Audit German (machine-translated) text: PATH is a file, a directory (searched recursively) or -."""
    from audit.auditor import Auditor
    from audit.ingest import read_inputs
    from audit.report import RENDERERS, RenderOptions

    if fmt not in RENDERERS:
        raise click.BadParameter(f"choose from {', '.join(RENDERERS)}", param_hint="--format")
    auditor = Auditor(select=_split_names(select), ignore=_split_names(ignore), lm=lm)

    reports = []
    input_errors = 0
    for item in read_inputs(paths, stdin_jsonl=jsonl_stdin):
        if isinstance(item, InputError):
            input_errors += 1
            _error(str(item))
            if strict:
                sys.exit(2)
            continue
        if item.encoding not in ("utf-8", "utf-8-sig"):
            click.echo(f"mtaudit: note: {item.id}: not UTF-8, decoded as {item.encoding}", err=True)
        reports.append(auditor.check_article(item))

    if color is None:
        color = output is None and fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(
        signature=auditor.signature, version=__version__, color=color, explain_score=explain_score
    )
    rendered = RENDERERS[fmt](reports, options)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        write_atomically(output, rendered)

    if input_errors:
        sys.exit(2)
    threshold = SEVERITY_RANK[fail_on]
    failed = any(SEVERITY_RANK[f.severity] >= threshold for r in reports for f in r.findings)
    if min_score is not None and any(r.score < min_score for r in reports):
        failed = True
    sys.exit(1 if failed else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every rule: id, category, default severity and what it flags."""
    import json

    from audit.rules import load_rules

    registry = load_rules()
    rows = [
        {
            "id": cls.id,
            "category": cls.category,
            "severity": cls.severity,
            "version": cls.version,
            "message": cls.message,
            "description": cls.description,
        }
        for cls in sorted(registry.values(), key=lambda c: (c.category, c.id))
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:<28} {row['category']:<15} {row['severity']:<9} {row['message']}")


def main() -> None:
    cli(prog_name="mtaudit")


if __name__ == "__main__":
    main()
