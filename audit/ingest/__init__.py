"""Readers: text files, directories, standard input and JSONL records, turned into Articles.

``read_inputs`` yields an Article or an InputError for each document, so that one bad file (or one
bad JSONL line) is reported and the others are still audited.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from audit import errors
from audit.document import Article
from audit.errors import InputError
from audit.segment import LONE_SURROGATE, make_article

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".rst", ".jsonl"})
RESERVED_KEYS = ("id", "text", "source", "reference")


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM dropped), else cp1252, else Latin-1; returns (text, encoding).

    A file that is UTF-8 but for a few bytes is refused with the place of the first bad byte, not
    decoded as cp1252: that would turn every umlaut into mojibake, and ``fix --write`` would write
    the file back in cp1252. UTF-16 is named as such, not called binary."""
    if not data:
        raise InputError(where, errors.EMPTY)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        raise InputError(where, errors.UTF16)
    if b"\x00" in data:
        raise InputError(where, errors.BINARY)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        bad = exc
    if _mostly_utf8(data):
        raise InputError(where, invalid_utf8(data, bad))
    for candidate in ("cp1252", "latin-1"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError(where, errors.BINARY)
        return text, candidate
    raise InputError(where, errors.UNDECODABLE)


def _utf16_without_bom(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: a NUL in every other byte of the first 200."""
    head = data[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) >= 0.9 * len(even) or odd.count(0) >= 0.9 * len(odd)


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 hold more valid multi-byte UTF-8 characters than bad
    bytes: UTF-8 with a stray byte, not a cp1252 or Latin-1 file (where ä, ö, ü are single bytes
    that almost never form valid UTF-8 sequences)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good > bad


def invalid_utf8(data: bytes, exc: UnicodeDecodeError, template: str = errors.INVALID_UTF8) -> str:
    """The message for the first invalid byte: which byte, on which line and column."""
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    line = data.count(b"\n", 0, exc.start) + 1
    column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
    byte = data[exc.start]
    return template.format(byte=byte, line=line, column=column)


#: control characters other than tab, line feed, form feed and carriage return
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    # counted by one search: a Python loop over every character took 57 ms per million, this 3 ms
    controls = len(_CONTROL_RE.findall(text))
    return controls > max(2, len(text) // 100)


def scrub(value):
    """``value`` with every lone surrogate (``"\\ud800"`` in JSON, or a Python string) replaced by
    U+FFFD, in strings nested in lists and dicts too. A lone surrogate is no character: it cannot be
    written as UTF-8, so it would abort every report; U+FFFD has the same length, so offsets stay
    exact, and the invisible-character rule reports it."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    return value


def jsonl_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the non-blank lines of JSONL text. Lines end at "\\n" only (JSON Lines):
    ``str.splitlines`` would also split inside records at U+2028, U+0085 and other characters that
    JSON strings may hold as they are."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


def read_jsonl(data: bytes | Iterable[bytes], name: str) -> Iterator[Article | InputError]:
    """The records of JSONL ``data`` (bytes, or its lines as a binary file yields them) as Articles,
    or InputErrors naming the line."""
    for article, _ in jsonl_items(data, name):
        yield article


def _jsonl_lines_of(
    data: bytes | Iterable[bytes], name: str, first: int = 1
) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) of the non-blank lines, read one line at a time, so that a feed of any
    size is never held in memory. Lines are UTF-8; a line with a bad byte is an InputError with its
    column once the file has shown it is UTF-8 (only that record is lost); a legacy file with no
    UTF-8 in it is read as cp1252. UTF-16 and binary data are refused as a whole."""
    lines = data.split(b"\n") if isinstance(data, bytes) else data
    utf8_seen = False
    for number, raw in enumerate(lines, start=first):
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        if number == 1:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
                raise InputError(name, errors.UTF16)
            if b"\x00" in raw:
                raise InputError(name, errors.BINARY)
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
            utf8_seen = utf8_seen or not raw.isascii()
        except UnicodeDecodeError as exc:
            if utf8_seen or _mostly_utf8(raw):
                yield (
                    number,
                    InputError(f"{name}:{number}", invalid_utf8(raw, exc, errors.INVALID_UTF8_RECORD)),
                )
                continue
            line = raw.decode("cp1252", "replace")
        if line.strip():
            yield number, line


def _no_constant(name: str):
    raise ValueError(errors.JSON_CONSTANT.format(name=name))


def jsonl_items(
    data: bytes | Iterable[bytes], name: str, first: int = 1
) -> Iterator[tuple[Article | InputError, dict | None]]:
    """Every non-blank JSONL line as an Article or an InputError, with the record as read (its keys
    in their order, for writing it back), None for an error. ``first``: the line number of ``data``'s
    first line (a slice of a file: ``mtaudit batch``'s shards)."""
    seen_any = False
    try:
        for number, line in _jsonl_lines_of(data, name, first):
            seen_any = True
            where = f"{name}:{number}"
            if isinstance(line, InputError):
                yield line, None
                continue
            try:
                record = scrub(json.loads(line, parse_constant=_no_constant))
            except json.JSONDecodeError as exc:
                yield InputError(where, errors.JSON_INVALID.format(detail=exc.msg)), None
                continue
            except ValueError as exc:
                yield InputError(where, errors.JSON_INVALID.format(detail=exc)), None
                continue
            article = record_article(record, name, number)
            yield article, (None if isinstance(article, InputError) else record)
    except InputError as exc:
        yield exc, None
        return
    if not seen_any:
        yield InputError(name, errors.EMPTY), None


def record_article(record, name: str, number: int) -> Article | InputError:
    """A decoded record (a JSONL line's object, a Parquet row) as an Article, or the InputError that
    says what is wrong with it; ``number`` is its line (or row), from 1."""
    where = f"{name}:{number}"
    problem = _record_problem(record)
    if problem is not None:
        return InputError(where, problem)
    extra = {k: v for k, v in record.items() if k not in RESERVED_KEYS}
    return make_article(
        record["text"],
        id=str(record.get("id", where)),
        source=record.get("source") if isinstance(record.get("source"), str) else None,
        reference=record.get("reference") if isinstance(record.get("reference"), str) else None,
        extra=extra,
        record=(name, number),
    )


def _record_problem(record) -> str | None:
    if not isinstance(record, dict):
        return errors.JSON_NOT_OBJECT
    if not isinstance(record.get("text"), str):
        return errors.JSON_NO_TEXT
    if not record["text"].strip():
        return errors.EMPTY  # as an empty file is: a score of 100 for nothing would pass a CI gate
    record_id = record.get("id", "")
    if not isinstance(record_id, (str, int)) or isinstance(record_id, bool):
        return errors.JSON_BAD_ID
    return None


def read_bytes(data: bytes, name: str, path: str | None, jsonl: bool) -> Iterator[Article | InputError]:
    try:
        if jsonl:
            yield from read_jsonl(data, name)
            return
        text, encoding = decode(data, name)
    except InputError as exc:
        yield exc
        return
    if not text.strip():
        yield InputError(name, errors.EMPTY)
        return
    yield make_article(text, id=name, path=path, encoding=encoding)


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files named, and text files under directories (recursively, sorted, hidden ones skipped).
    A subfolder that cannot be read, a named path that is not a regular file and a symbolic link
    that leads nowhere are InputErrors: never skipped in silence, never read forever (a FIFO,
    /dev/zero)."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            if os.path.lexists(raw):
                yield InputError(raw, errors.LINK_LOOP)
            elif isinstance(exc, FileNotFoundError):
                yield InputError(raw, errors.NOT_FOUND)
            else:
                yield InputError(raw, exc.strerror or str(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _folder(path, raw)
        elif stat.S_ISREG(st.st_mode):
            yield raw
        else:
            yield InputError(raw, errors.NOT_A_FILE)


#: the file ``fix --output-dir`` leaves in its folder: a folder holding it (below the one named) holds
#: mtaudit's corrected copies, which ``check .`` must not audit again
OUTPUT_MARKER = ".mtaudit-output"


def _folder(path: Path, raw: str) -> Iterator[str | InputError]:
    unreadable: list[InputError] = []

    def note(exc: OSError) -> None:
        unreadable.append(InputError(exc.filename or raw, f"folder not read: {exc.strerror or exc}"))

    ignores = _GitIgnores(path)
    found = []
    for folder, subfolders, names in os.walk(path, onerror=note):
        ignores.enter(Path(folder))
        subfolders[:] = [
            d
            for d in subfolders
            if not d.startswith(".")
            and not ignores.ignored(Path(folder, d), folder=True)
            and not Path(folder, d, OUTPUT_MARKER).is_file()  # our own corrected copies
        ]
        for name in names:
            p = Path(folder, name)
            if (
                not name.startswith(".")
                and p.suffix.lower() in TEXT_SUFFIXES
                and p.is_file()
                and not ignores.ignored(p)
            ):
                found.append(p)
    yield from unreadable
    if not found and not unreadable:
        yield InputError(raw, errors.NO_INPUT_FILES)
    yield from (str(p) for p in sorted(found))


def looks_like_jsonl(text: str) -> bool:
    """Whether text read as one article is rather JSON Lines (a first line that is a JSON object
    with a string "text"): standard input is text unless --jsonl-stdin says otherwise."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)


class _GitIgnores:
    """The .gitignore files that apply under a folder: those of its parents up to the repository root
    (the folder with .git) and those met while walking it, each matched relative to its own folder
    with git's rules (pathspec), deeper files overriding shallower ones. Files named on the command
    line are always read; only folder expansion skips what git ignores."""

    def __init__(self, top: Path):
        import pathspec

        self._pathspec = pathspec
        self.specs: list[tuple[Path, object]] = []
        top = Path(os.path.abspath(top))
        parents = []
        for folder in [top.parent, *top.parent.parents]:
            parents.append(folder)
            if (folder / ".git").exists():
                break
        else:
            parents = []  # not in a git repository: only the .gitignore files inside the folder count
        for folder in reversed(parents):
            self._load(folder)

    def _load(self, folder: Path) -> None:
        try:
            lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        self.specs.append((folder, self._pathspec.GitIgnoreSpec.from_lines(lines)))

    def enter(self, folder: Path) -> None:
        self._load(Path(os.path.abspath(folder)))

    def ignored(self, path: Path, folder: bool = False) -> bool:
        path = Path(os.path.abspath(path))
        verdict = None
        for base, spec in self.specs:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            result = spec.check_file(rel + "/" if folder else rel).include
            if result is not None:
                verdict = result
        return bool(verdict)


def read_stdin(stdin: BinaryIO | None = None) -> bytes:
    """All of standard input (or ``stdin``); InputError when it is closed."""
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("<stdin>", errors.STDIN_CLOSED)
    try:
        return stream.read()
    except (OSError, ValueError) as exc:  # ValueError: read of a closed file
        raise InputError("<stdin>", f"{errors.STDIN_CLOSED} ({exc})") from None


def read_inputs(
    paths: Iterable[str], stdin: BinaryIO | None = None, stdin_jsonl: bool = False
) -> Iterator[Article | InputError]:
    """Articles from files, directories and ``-`` (standard input), in the order given."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item == "-":
            if stdin_jsonl:
                yield from _jsonl_stream(stdin, "<stdin>")
                continue
            try:
                data = read_stdin(stdin)
            except InputError as exc:
                yield exc
                continue
            yield from read_bytes(data, "<stdin>", None, False)
            continue
        if item.lower().endswith(".jsonl"):
            yield from _jsonl_file(item)
            continue
        try:
            data = Path(item).read_bytes()
        except OSError as exc:
            yield InputError(item, exc.strerror or str(exc))
            continue
        yield from read_bytes(data, item, item, False)


def _jsonl_file(path: str) -> Iterator[Article | InputError]:
    """The records of a JSONL file, read a line at a time."""
    for article, _ in jsonl_file_items(path):
        yield article


def jsonl_file_items(path: str) -> Iterator[tuple[Article | InputError, dict | None]]:
    """``jsonl_items`` of a JSONL file read a line at a time (a feed of any size is never held); a
    file that cannot be opened or read is an InputError."""
    try:
        with open(path, "rb") as handle:
            yield from jsonl_items(handle, path)  # a binary handle's lines end at b"\n" only
    except OSError as exc:
        yield InputError(path, exc.strerror or str(exc)), None


def _jsonl_stream(stdin: BinaryIO | None, name: str) -> Iterator[Article | InputError]:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield InputError(name, errors.STDIN_CLOSED)
        return
    try:
        yield from read_jsonl(stream, name)
    except (OSError, ValueError) as exc:
        yield InputError(name, f"{errors.STDIN_CLOSED} ({exc})")
