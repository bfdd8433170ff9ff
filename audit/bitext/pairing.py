"""``--source`` and ``--reference`` for text files: each input file's partner, by relative path.

``check feed/ --source originals/`` pairs ``feed/a/b.txt`` with ``originals/a/b.txt``; a single file
pairs with a single file (``check de.txt --source en.txt``). A file with no partner, and a partner
with no file, are errors naming both paths (exit 2), never a silent audit without the source. JSONL
records carry their own ``source`` and ``reference`` keys, so JSONL input takes no partner option.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from audit.errors import InputError, UsageError, printable

#: what a partner file is to the article, by option
ROLES = {"--source": "source", "--reference": "reference"}


def _norm(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


@dataclass
class Partners:
    """The partner files of one option (``--source`` or ``--reference``) for the run's inputs."""

    option: str
    partner: Path
    #: the PATH arguments as given (files and folders), to take relative paths from
    roots: tuple[str, ...]
    used: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, option: str, partner: Path | None, roots: tuple[str, ...], files: int) -> Partners | None:
        if partner is None:
            return None
        if not partner.exists():
            raise UsageError(f"{option} {partner}: no such file or folder")
        if partner.is_file() and files > 1:
            raise UsageError(
                f"{option} {partner}: a file pairs with one input file, and there are {files};"
                " give a folder (files are paired by relative path)"
            )
        if partner.is_dir() and "-" in roots:
            raise UsageError(f"{option} {partner}: standard input pairs with a file, not a folder")
        return cls(option, partner, roots)

    @property
    def role(self) -> str:
        return ROLES[self.option]

    def path_for(self, item: str) -> Path:
        """Where ``item``'s partner is: the partner file itself, or the same relative path under the
        partner folder (relative to the folder argument ``item`` was found in)."""
        if self.partner.is_file():
            return self.partner
        target = _norm(item)
        for raw in sorted((r for r in self.roots if r != "-"), key=len, reverse=True):
            root = _norm(raw)
            if os.path.isdir(raw) and target.startswith(root.rstrip(os.sep) + os.sep):
                return self.partner / os.path.relpath(target, root)
        return self.partner / os.path.basename(item)

    def read(self, item: str) -> str:
        """The text of ``item``'s partner; InputError (naming ``item``) when it is missing or unusable."""
        from audit.ingest import decode

        path = self.path_for(item)
        self.used.add(_norm(str(path)))
        if not path.is_file():
            raise InputError(
                item, f"no {self.role} to pair with: {printable(str(path))} does not exist ({self.option})"
            )
        try:
            text, _ = decode(path.read_bytes(), str(path))
        except OSError as exc:
            raise InputError(str(path), exc.strerror or str(exc)) from None
        if not text.strip():
            raise InputError(item, f"its {self.role} {printable(str(path))} is empty")
        return text

    def unpaired(self) -> list[str]:
        """Files under the partner folder that no input file paired with (sorted)."""
        if not self.partner.is_dir():
            return []
        from audit.ingest import expand_paths

        found = [p for p in expand_paths([str(self.partner)]) if isinstance(p, str)]
        return sorted(p for p in found if _norm(p) not in self.used)
