"""What changed against a git base: the files and lines behind ``--changed-only`` and ``--changed-lines``.

The comparison is between the merge base of the base ref and ``HEAD`` (what a pull request adds, as
``git diff BASE...HEAD`` shows it) and the working tree, so uncommitted edits count too; untracked
files that git does not ignore count as wholly changed. Changed lines are the added or modified
lines of ``git diff --unified=0`` (the ``+start,count`` side of each hunk); deleted lines leave
nothing behind to flag.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from audit.errors import UsageError

DEFAULT_BASES = ("origin/main", "origin/master", "main", "master")
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("--changed-only needs git, and git is not installed") from None
    if proc.returncode != 0:
        detail = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        raise UsageError(f"git {' '.join(args[:2])}: {detail}")
    return proc.stdout


def _exists(ref: str, cwd: Path) -> bool:
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    except UsageError:
        return False
    return True


def default_base(cwd: Path) -> str:
    """The pull request's base on GitHub Actions (``origin/$GITHUB_BASE_REF``), else the first of
    origin/main, origin/master, main, master that exists, else HEAD (uncommitted changes only)."""
    github = os.environ.get("GITHUB_BASE_REF")
    candidates = ([f"origin/{github}"] if github else []) + list(DEFAULT_BASES)
    return next((ref for ref in candidates if _exists(ref, cwd)), "HEAD")


def changed_lines(base: str | None, cwd: Path) -> dict[Path, frozenset[int] | None]:
    """Resolved path -> changed 1-based line numbers of the new version (None: a new, untracked file)."""
    try:
        root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except UsageError:
        raise UsageError(f"--changed-only: {cwd} is not inside a git repository") from None
    base = base or default_base(root)
    if not _exists(base, root):
        raise UsageError(f"--base {base}: no such git revision (fetch it first, e.g. fetch-depth: 0)")
    try:
        merge_base = _git(["merge-base", base, "HEAD"], root).strip()
    except UsageError:
        raise UsageError(
            f"--base {base}: no common history with HEAD (a shallow clone? fetch more)"
        ) from None
    diff = _git(
        ["diff", "--no-color", "--no-ext-diff", "--unified=0", "--diff-filter=ACMR", merge_base, "--"], root
    )
    out: dict[Path, frozenset[int] | None] = {}
    current: Path | None = None
    lines: set[int] = set()
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            if current is not None:
                out[current] = frozenset(lines)
            current, lines = None, set()
        elif line.startswith("+++ "):
            name = _unquote(line[4:])
            current = (root / name.removeprefix("b/")).resolve() if name != "/dev/null" else None
        elif line.startswith("rename to ") and current is None:
            current = (root / _unquote(line[len("rename to ") :])).resolve()
        elif (m := HUNK.match(line)) and current is not None:
            start, count = int(m.group(1)), int(m.group(2) or 1)
            lines.update(range(start, start + count))
    if current is not None:
        out[current] = frozenset(lines)
    for name in _git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0"):
        if name:
            out[(root / name).resolve()] = None
    return out


def _unquote(name: str) -> str:
    """git quotes names with unusual characters in C style even with core.quotepath=off."""
    name = name.rstrip("\t")
    if len(name) >= 2 and name[0] == name[-1] == '"':
        raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", "replace")
    return name
