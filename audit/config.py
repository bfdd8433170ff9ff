"""Configuration: ``.mtaudit.toml`` or ``[tool.mtaudit]`` in ``pyproject.toml``, and where each value came from.

Discovery walks up from the inputs (their common folder; the current folder for ``-``): in each folder,
``.mtaudit.toml`` first, then a ``pyproject.toml`` that has a ``[tool.mtaudit]`` table; the first found
wins and nothing is merged. ``--config FILE`` names the file instead, ``--no-config`` uses none.
Precedence: command line, then the file, then the defaults.

Keys (kebab-case, as in ruff): ``select``, ``ignore`` (rule ids or categories), ``severity`` (a table,
rule id or category -> minor|major|critical; a rule id wins over its category), ``fail-on``,
``min-score``, ``accept`` (terms never flagged), ``reject`` (terms always flagged: a list, or a table
term -> replacement), ``include``/``exclude`` (path globs, relative to the configuration file's folder),
``lm``, ``format``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = ".mtaudit.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("minor", "major", "critical", "never")
SEVERITY_LEVELS = ("minor", "major", "critical")
LM_KEYWORDS = {"", "none", "off", "no", "false", "ngram", "kenlm", "default", "transformer"}

DEFAULTS: dict[str, Any] = {
    "select": [],
    "ignore": [],
    "severity": {},
    "fail-on": "major",
    "min-score": None,
    "accept": [],
    "reject": {},
    "include": [],
    "exclude": [],
    "lm": "ngram",
    "format": "text",
}
DEFAULT = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Settings:
    """The effective configuration: ``values[key]`` and ``sources[key]`` (``default``, ``command line``
    or the configuration file's path). ``root`` is the folder that relative globs and paths start from."""

    values: dict[str, Any]
    sources: dict[str, str]
    file: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": None if self.file is None else str(self.file),
            "settings": {k: {"value": self.values[k], "source": self.sources[k]} for k in DEFAULTS},
        }


# -- discovery ---------------------------------------------------------------------------------------


def start_folder(paths: Iterable[str]) -> Path:
    """The common folder of the inputs (``-`` counts as the current folder)."""
    folders = []
    for raw in paths:
        # realpath, not Path.resolve: it never raises (a symbolic-link loop among the inputs is
        # reported by the readers, not here as an internal error)
        path = Path.cwd() if raw == "-" else Path(os.path.realpath(raw))
        folders.append(path if path.is_dir() else path.parent)
    if not folders:
        return Path.cwd()
    return Path(os.path.commonpath([str(f) for f in folders]))


def find_config(start: Path) -> Path | None:
    """The first ``.mtaudit.toml`` or ``pyproject.toml`` with ``[tool.mtaudit]`` from ``start`` upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if candidate.exists():  # a folder (or FIFO) of that name: say so rather than ignore it
            raise UsageError(f"{candidate}: a configuration file must be a regular file")
        candidate = folder / PYPROJECT
        if candidate.is_file() and "mtaudit" in _read(candidate).get("tool", {}):
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such configuration file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: invalid TOML ({exc})") from None


def read_config(path: Path) -> dict[str, Any]:
    """The validated table of a configuration file (``[tool.mtaudit]`` of a pyproject.toml)."""
    document = _read(path)
    if path.name == PYPROJECT:
        table = document.get("tool", {}).get("mtaudit")
        if table is None:
            raise UsageError(f"{path}: no [tool.mtaudit] table")
        where = f"{path}: [tool.mtaudit]"
    else:
        table, where = document, f"{path}:"
    if not isinstance(table, dict):
        raise UsageError(f"{where} must be a table")
    return validate(table, where)


# -- validation ---------------------------------------------------------------------------------------


def _known_names() -> set[str]:
    from audit.rules import load_rules

    registry = load_rules()
    return set(registry) | {cls.category for cls in registry.values()}


def _strings(value: Any, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} {key}: expected a list of strings")
    return value


def _names(value: Any, where: str, key: str, known: set[str]) -> list[str]:
    names = _strings(value, where, key)
    for name in names:
        if name not in known:
            raise UsageError(f"{where} {key}: unknown rule or category {name!r} (see `mtaudit rules`)")
    return names


def _terms(value: Any, where: str, key: str) -> list[str]:
    from audit.terms import Term

    for entry in _strings(value, where, key):
        try:
            Term.parse(entry)
        except ValueError:
            raise UsageError(f"{where} {key}: empty term") from None
    return value


def validate(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check every key and type; one UsageError naming the file and the key for the first problem."""
    out: dict[str, Any] = {}
    known: set[str] | None = None
    for key, value in table.items():
        if key not in DEFAULTS:
            hint = f" (did you mean {key.replace('_', '-')!r}?)" if key.replace("_", "-") in DEFAULTS else ""
            raise UsageError(f"{where} unknown key {key!r}{hint}; known keys: {', '.join(DEFAULTS)}")
        if key in ("select", "ignore", "severity"):
            known = known or _known_names()
        if key in ("select", "ignore"):
            out[key] = _names(value, where, key, known)
        elif key == "severity":
            if not isinstance(value, dict):
                raise UsageError(f"{where} severity: expected a table of rule or category = severity")
            _names(list(value), where, key, known)
            for name, level in value.items():
                if level not in SEVERITY_LEVELS:
                    raise UsageError(
                        f"{where} severity.{name}: expected one of {', '.join(SEVERITY_LEVELS)}, not {level!r}"
                    )
            out[key] = dict(value)
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise UsageError(f"{where} fail-on: expected one of {', '.join(FAIL_ON)}, not {value!r}")
            out[key] = value
        elif key == "min-score":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
                raise UsageError(f"{where} min-score: expected a number from 0 to 100, not {value!r}")
            out[key] = float(value)
        elif key == "accept":
            out[key] = _terms(value, where, key)
        elif key == "reject":
            if isinstance(value, dict):
                if not all(isinstance(v, str) for v in value.values()):
                    raise UsageError(f"{where} reject: a table maps each term to its replacement (a string)")
                _terms(list(value), where, key)
                out[key] = dict(value)
            else:
                out[key] = dict.fromkeys(_terms(value, where, key))
        elif key in ("include", "exclude"):
            out[key] = _strings(value, where, key)
        elif key in ("lm", "format"):
            if not isinstance(value, str):
                raise UsageError(f"{where} {key}: expected a string")
            out[key] = value
    if "format" in out:
        from audit.report import RENDERERS

        if out["format"] not in RENDERERS:
            raise UsageError(f"{where} format: expected one of {', '.join(RENDERERS)}, not {out['format']!r}")
    accepted = {t.removeprefix("(?i)").casefold() for t in out.get("accept", [])}
    for term in out.get("reject", {}):
        if term.removeprefix("(?i)").casefold() in accepted:
            raise UsageError(f"{where} reject: {term!r} is on the accept list too")
    return out


# -- resolution --------------------------------------------------------------------------------------


def load_settings(
    paths: Iterable[str] = (),
    *,
    config: Path | None = None,
    no_config: bool = False,
    cli: Mapping[str, Any] | None = None,
) -> Settings:
    """The effective settings for a run over ``paths``. ``cli``: values given on the command line
    (None or an empty tuple/list for options not given)."""
    if config is not None and no_config:
        raise UsageError("--config and --no-config do not go together")
    file = None if no_config else (config if config is not None else find_config(start_folder(paths)))
    table = read_config(file) if file is not None else {}
    root = file.resolve().parent if file is not None else Path.cwd()
    values, sources = dict(DEFAULTS), dict.fromkeys(DEFAULTS, DEFAULT)
    for key, value in table.items():
        values[key], sources[key] = value, str(file)
    if "lm" in table:
        values["lm"] = resolve_lm(table["lm"], root)
    for key, value in (cli or {}).items():
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        values[key], sources[key] = (list(value) if isinstance(value, tuple) else value), COMMAND_LINE
    return Settings(values, sources, file, root)


def resolve_lm(spec: str, root: Path) -> str:
    """A model file or folder named in a configuration file is relative to that file's folder."""
    if spec.strip().lower() in LM_KEYWORDS:
        return spec
    prefix, _, rest = spec.partition(":") if spec.startswith(("kenlm:", "hf:")) else ("", "", spec)
    path = Path(rest).expanduser()
    if path.is_absolute() or not (root / path).exists():
        return spec
    resolved = str(root / path)
    return f"{prefix}:{resolved}" if prefix else resolved


# -- path globs -----------------------------------------------------------------------------------------


def path_filter(settings: Settings):
    """A predicate on file paths from ``include`` and ``exclude`` (exclude wins); None when neither is set."""
    if not settings["include"] and not settings["exclude"]:
        return None
    # gitignore syntax, by pathspec (what git, black and ruff's users know: `**`, `[0-9]`, `!` to
    # take a pattern back, a folder name covering everything below it); imported only when needed
    import pathspec

    include = pathspec.GitIgnoreSpec.from_lines(p.strip().removeprefix("./") for p in settings["include"])
    exclude = pathspec.GitIgnoreSpec.from_lines(p.strip().removeprefix("./") for p in settings["exclude"])
    root = settings.root.resolve()

    def wanted(path: str) -> bool:
        resolved = Path(path).resolve()
        try:
            rel = resolved.relative_to(root).as_posix()
        except ValueError:
            rel = resolved.as_posix()
        if exclude.match_file(rel):
            return False
        return not settings["include"] or include.match_file(rel)

    return wanted
