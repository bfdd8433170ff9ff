"""Reading files to fix and writing them back without losing a byte.

``read_source`` keeps what writing back needs: the decoded text and its encoding (UTF-8, UTF-8 with
BOM, cp1252, Latin-1), the real file behind a symlink, its mode, and a fingerprint (size and
SHA-256) to notice a file changed by someone else while we were fixing it. ``write_back`` writes the
corrected text in the same encoding (line endings are never touched: offsets keep ``\\r\\n``) to an
unnamed temporary file in the same folder, fsyncs it, gives it the file's mode and renames it over
the file, so that a crash at any moment leaves the old file or the new one, never half of one (and
at most a locked temporary copy, which ``remove_dead_temporaries`` clears on the next run).
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:  # Windows: no locks, so dead temporary files cannot be told from live ones
    fcntl = None

from audit import errors
from audit.document import Article
from audit.errors import InputError, UsageError
from audit.ingest import decode, expand_paths, jsonl_items
from audit.segment import make_article

if TYPE_CHECKING:
    from audit.correct.apply import FixResult

READ_ONLY = "read-only file, not changed"
READ_ONLY_FOLDER = "in a read-only folder, not changed"
BACKUP_EXISTS = "its backup {backup} exists, not overwritten: remove it or choose another --backup suffix"
HARD_LINKS = "has {others} other hard link(s), which keep the old text (the fixed file is a new one)"
CHANGED = "changed on disk while it was being fixed, not overwritten (run again)"
UNENCODABLE = "the corrected text has characters {encoding} cannot hold ({chars}), not changed"
NOT_A_FILE = errors.NOT_A_FILE

_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
#: in the name of every temporary file: ``.NAME.mtaudit-XXXX.tmp``
TEMP_TAG = "mtaudit-"
_TEMP_RE = re.compile(r"\..+\." + TEMP_TAG + r"[a-z0-9_]{8,12}\.tmp")


@dataclass(frozen=True)
class SourceFile:
    """A text file as read for fixing."""

    #: the path as named by the user
    path: str
    #: the file written in the end: the symlink's target when ``path`` is a symlink
    target: Path
    text: str
    encoding: str
    mode: int
    size: int
    sha256: str
    #: owner and group, kept when the file is replaced (as root, a rewritten file became root's)
    uid: int = -1
    gid: int = -1
    #: names of the file (hard links); replacing it leaves the others with the old text
    links: int = 1

    @property
    def is_jsonl(self) -> bool:
        return self.path.lower().endswith(".jsonl")


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path: str) -> SourceFile:
    """Read and decode a file for fixing; InputError when it is missing, empty, binary or undecodable."""
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, NOT_A_FILE)
        data = target.read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from exc
    text, encoding = decode(data, path)
    if not text.strip():
        raise InputError(path, errors.EMPTY)
    return SourceFile(
        path=path,
        target=target,
        text=text,
        encoding=encoding,
        mode=stat.S_IMODE(st.st_mode),
        size=st.st_size,
        sha256=_fingerprint(data),
        uid=st.st_uid,
        gid=st.st_gid,
        links=st.st_nlink,
    )


def articles_of(source: SourceFile) -> Iterator[tuple[Article | InputError, dict | None]]:
    """The articles of a source file, each with its JSONL record (None for a text file)."""
    if not source.is_jsonl:
        yield make_article(source.text, id=source.path, path=source.path, encoding=source.encoding), None
        return
    yield from jsonl_articles(source.text.encode("utf-8"), source.path)


def jsonl_articles(data: bytes, name: str) -> Iterator[tuple[Article | InputError, dict | None]]:
    """JSONL records as articles (``audit.ingest.read_jsonl``), each with the record as read, so that
    its keys can be written back in their order."""
    yield from jsonl_items(data, name)


def is_read_only(path: Path) -> bool:
    """No write permission for us, or (as root, who may write anyway) none for the owner either.
    The same test applies to folders: a file is replaced by a rename in its folder."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not st.st_mode & stat.S_IWUSR


def encode(text: str, encoding: str, where: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        chars = "".join(sorted({ch for ch in text if not _encodable(ch, encoding)}))[:10]
        raise InputError(where, UNENCODABLE.format(encoding=encoding, chars=chars)) from exc


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _before_replace(target: Path) -> None:
    """Called after the new content is on disk and before the file is checked and replaced (a seam
    for tests that change the file or fail at this point)."""


def _unchanged(source: SourceFile) -> bool:
    """Whether the file still holds the bytes we read (compared by size, then by SHA-256)."""
    try:
        if os.stat(source.target).st_size != source.size:
            return False
        return _fingerprint(source.target.read_bytes()) == source.sha256
    except OSError:
        return False


def write_back(source: SourceFile, text: str, *, backup: str | None = None) -> list[str]:
    """Replace the file with ``text``, keeping its encoding, mode and owner; first copy it to
    ``path + backup``. Returns notes for the user (hard links that keep the old text).

    Refuses (InputError, file untouched) a read-only file or folder, a text its encoding cannot hold,
    an existing backup file, and a file that changed on disk since it was read.
    """
    if is_read_only(source.target):
        raise InputError(source.path, READ_ONLY)
    if is_read_only(source.target.parent):
        raise InputError(source.path, READ_ONLY_FOLDER)
    data = encode(text, source.encoding, source.path)
    owner = (source.uid, source.gid)
    if backup:
        backup_path = Path(str(source.target) + backup)
        if os.path.lexists(backup_path):
            raise InputError(source.path, BACKUP_EXISTS.format(backup=backup_path))
        original = source.target.read_bytes()
        if _fingerprint(original) != source.sha256:
            raise InputError(source.path, CHANGED)
        _replace_atomically(backup_path, original, source.mode, check=None, owner=owner)
    _replace_atomically(source.target, data, source.mode, check=source, owner=owner)
    return [HARD_LINKS.format(others=source.links - 1)] if source.links > 1 else []


def write_new(path: Path, text: str, encoding: str = "utf-8", mode: int = 0o644) -> None:
    """Write a new file (or replace one) atomically, creating its folder."""
    data = encode(text, encoding, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace_atomically(path, data, mode, check=None)


def _replace_atomically(
    target: Path, data: bytes, mode: int, check: SourceFile | None, owner: tuple[int, int] = (-1, -1)
) -> None:
    """Write ``data`` to a temporary file in ``target``'s folder and rename it over ``target``.

    On Linux the temporary file is unnamed (O_TMPFILE) until an instant before the rename: it gets a
    name only after the check that the file is unchanged, immediately before the rename; elsewhere
    it is named from the start. Its name is ``.NAME.mtaudit-*.tmp`` and it is locked (flock) while
    it lives, so that a process killed between naming it and the rename, which no system call can
    rule out (Linux has no "link over"), leaves a file that the next ``fix --write`` in that folder
    knows to be dead and removes (``remove_dead_temporaries``). Removed on any error.
    """
    directory = target.parent
    tmp: str | None = None
    handle = None
    try:
        handle = _open_unnamed(directory)
        if handle is not None:
            _write_all(handle, data, mode, owner)
        else:
            handle, tmp = _open_named(directory, target.name)
            _write_all(handle, data, mode, owner)
        _before_replace(target)
        if check is not None and not _unchanged(check):
            raise InputError(check.path, CHANGED)
        if tmp is None:
            try:
                tmp = _link_unnamed(handle, directory, target.name)
            except OSError:  # linkat refused (a restricted /proc): a named temporary file after all
                handle.close()
                handle, tmp = _open_named(directory, target.name)
                _write_all(handle, data, mode, owner)
        if fcntl is None:
            handle.close()  # Windows renames no file that is open
        os.replace(tmp, target)
        tmp = None
        _fsync_directory(directory)
    except OSError as exc:
        raise InputError(str(check.path if check else target), exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if handle is not None:
            handle.close()  # the lock goes with it, after the rename


def _open_named(directory: Path, name: str):
    """A new, locked temporary file ``.NAME.mtaudit-XXXX.tmp`` in ``directory``, and its path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.{TEMP_TAG}", suffix=".tmp", dir=directory)
    _lock(fd)
    return os.fdopen(fd, "wb"), tmp


def _lock(fd: int) -> None:
    """Lock a temporary file for as long as it is open: the lock dies with its process."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _write_all(handle, data: bytes, mode: int, owner: tuple[int, int] = (-1, -1)) -> None:
    handle.write(data)
    handle.flush()
    if owner != (-1, -1):
        # root keeps the owner of the file it rewrites; another user can keep at most the group
        with contextlib.suppress(OSError):
            os.fchown(handle.fileno(), *owner)
    os.fchmod(handle.fileno(), mode)  # after chown, which may clear set-id bits
    os.fsync(handle.fileno())


def _open_unnamed(directory: Path):
    """An unnamed file in ``directory`` (O_TMPFILE), open for writing; None where the system or the
    file system cannot."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        fd = os.open(directory, flag | os.O_WRONLY, 0o600)
    except OSError:
        return None
    _lock(fd)
    return os.fdopen(fd, "wb")


def _link_unnamed(handle, directory: Path, name: str) -> str:
    """Give the unnamed file a hidden unique name in ``directory``, which it returns."""
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        for _ in range(100):
            tmp = str(directory / f".{name}.{TEMP_TAG}{os.urandom(6).hex()}.tmp")
            try:
                # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N names the open, unnamed file
                os.link(str(handle.fileno()), tmp, src_dir_fd=proc, follow_symlinks=True)
            except FileExistsError:
                continue
            return tmp
    finally:
        os.close(proc)
    raise FileExistsError(f"no free temporary name beside {name}")


def remove_dead_temporaries(directory: Path) -> int:
    """Remove the temporary files that a killed ``fix --write`` left in ``directory``; returns how many.

    Ours are named ``.NAME.mtaudit-XXXX.tmp`` and locked while their process lives: one we can
    lock has no live writer (a lock dies with its process), and holds a copy of a file's new text
    whose original is still in place, so removing it loses nothing.
    """
    removed = 0
    if fcntl is None:
        return 0
    try:
        names = [entry.name for entry in os.scandir(directory) if _TEMP_RE.fullmatch(entry.name)]
    except OSError:
        return 0
    for name in names:
        path = os.path.join(directory, name)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            st = os.fstat(fd)
            # still the file we locked (not renamed over its target meanwhile), and a plain file
            if stat.S_ISREG(st.st_mode) and os.stat(path, follow_symlinks=False).st_ino == st.st_ino:
                os.unlink(path)
                removed += 1
        except OSError:  # locked by a live writer (BlockingIOError), or gone
            pass
        finally:
            os.close(fd)
    return removed


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unified_diff(original: str, fixed: str, name: str) -> str:
    """A unified diff from ``original`` to ``fixed``, with ``a/`` and ``b/`` names as git writes them."""
    a = _LINE_RE.findall(original)
    b = _LINE_RE.findall(fixed)
    out = []
    name = name.lstrip("/")
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


_WORDS_RE = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(original: str, fixed: str, name: str) -> str:
    """The changed lines only, each once with its changes marked in place as ``git diff --word-diff``
    writes them (``[-removed-]{+added+}``), under ``--- a/NAME`` / ``+++ b/NAME`` and the line's
    number in the original: a one-word fix in a long paragraph reads at a glance."""
    a = _LINE_RE.findall(original)
    b = _LINE_RE.findall(fixed)
    name = name.lstrip("/")
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = "".join(a[i1:i2]).rstrip("\r\n")
        new = "".join(b[j1:j2]).rstrip("\r\n")
        out.append(f"@@ line {i1 + 1} @@\n{_marked(old, new)}\n")
    return "".join(out) if len(out) > 2 else ""


def _marked(old: str, new: str) -> str:
    x, y = _WORDS_RE.findall(old), _WORDS_RE.findall(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append("".join(x[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + "".join(x[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + "".join(y[j1:j2]) + "+}")
    return "".join(parts)


def fix_record(result: FixResult, record: dict | None) -> dict:
    """The JSONL record of a fixed article: the input record's keys in their order (for a text file:
    ``id`` and ``path``), ``text`` corrected, ``original`` the input text, ``edits`` with offsets into
    ``original``."""
    article = result.article
    out = dict(record) if record is not None else {"id": article.id, "path": article.path}
    out["text"] = result.text
    out["original"] = article.text
    out["edits"] = [e.to_dict() for e in result.edits]
    return out


def mark_output_dir(out_dir: Path) -> None:
    """Leave ``OUTPUT_MARKER`` in ``out_dir`` so that a later ``check`` of a folder above it leaves
    the corrected copies alone (as ``.gitignore`` would); a folder that cannot be written is left to
    the copies' own error."""
    from audit.ingest import OUTPUT_MARKER

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        marker = out_dir / OUTPUT_MARKER
        if not marker.exists():
            marker.write_text(
                "Corrected copies written by `mtaudit fix --output-dir`: `mtaudit check` of a folder"
                " above this one does not audit them (name this folder to audit it).\n",
                encoding="utf-8",
            )
    except OSError:
        pass


def mirror_paths(paths: Sequence[str], out_dir: Path) -> list[tuple[str, Path] | InputError]:
    """Every input file with the path of its corrected copy under ``out_dir``: files found under a
    directory keep their path below it, a file named directly keeps its name. UsageError when two
    inputs would land on one copy, or a copy on an input."""
    pairs: list[tuple[str, Path] | InputError] = []
    for raw in paths:
        if raw == "-":
            raise UsageError("--output-dir: standard input has no file name to mirror")
        root = Path(raw)
        for item in expand_paths([raw]):
            if isinstance(item, InputError):
                pairs.append(item)
                continue
            relative = Path(item).relative_to(root) if root.is_dir() else Path(item).name
            pairs.append((item, out_dir / relative))
    inputs = {Path(p[0]).resolve() for p in pairs if not isinstance(p, InputError)}
    seen: dict[Path, str] = {}
    for pair in pairs:
        if isinstance(pair, InputError):
            continue
        item, dest = pair
        resolved = dest.resolve()
        if resolved in inputs:
            raise UsageError(f"--output-dir: the copy of {item} would overwrite an input ({dest})")
        if resolved in seen:
            raise UsageError(f"--output-dir: {seen[resolved]} and {item} would both be written to {dest}")
        seen[resolved] = item
    return pairs


__all__ = [
    "SourceFile",
    "articles_of",
    "fix_record",
    "mirror_paths",
    "is_read_only",
    "jsonl_articles",
    "read_source",
    "unified_diff",
    "write_back",
    "write_new",
]
