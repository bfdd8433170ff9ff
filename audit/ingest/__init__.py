"""Readers: text files, directories, standard input and JSONL records, turned into Articles.

``read_inputs`` yields an Article or an InputError for each document, so that one bad file (or one
bad JSONL line) is reported and the others are still audited.
"""

from __future__ import annotations

import json
import os
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
    """Decode bytes as UTF-8 (BOM dropped), else cp1252, else Latin-1; returns (text, encoding)."""
    if not data:
        raise InputError(where, errors.EMPTY)
    if b"\x00" in data:
        raise InputError(where, errors.BINARY)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError:
        pass
    for candidate in ("cp1252", "latin-1"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError(where, errors.BINARY)
        return text, candidate
    raise InputError(where, errors.UNDECODABLE)


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
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


def read_jsonl(data: bytes, name: str) -> Iterator[Article | InputError]:
    text, _ = decode(data, name)
    seen_any = False
    for number, line in jsonl_lines(text):
        seen_any = True
        where = f"{name}:{number}"
        try:
            record = scrub(json.loads(line))
        except json.JSONDecodeError as exc:
            yield InputError(where, errors.JSON_INVALID.format(detail=exc.msg))
            continue
        if not isinstance(record, dict):
            yield InputError(where, errors.JSON_NOT_OBJECT)
            continue
        if not isinstance(record.get("text"), str):
            yield InputError(where, errors.JSON_NO_TEXT)
            continue
        record_id = record.get("id", where)
        if not isinstance(record_id, (str, int)) or isinstance(record_id, bool):
            yield InputError(where, errors.JSON_BAD_ID)
            continue
        extra = {k: v for k, v in record.items() if k not in RESERVED_KEYS}
        yield make_article(
            record["text"],
            id=str(record_id),
            source=record.get("source") if isinstance(record.get("source"), str) else None,
            reference=record.get("reference") if isinstance(record.get("reference"), str) else None,
            extra=extra,
        )
    if not seen_any:
        yield InputError(name, errors.EMPTY)


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


def _folder(path: Path, raw: str) -> Iterator[str | InputError]:
    unreadable: list[InputError] = []

    def note(exc: OSError) -> None:
        unreadable.append(InputError(exc.filename or raw, f"folder not read: {exc.strerror or exc}"))

    found = []
    for folder, subfolders, names in os.walk(path, onerror=note):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in names:
            p = Path(folder, name)
            if not name.startswith(".") and p.suffix.lower() in TEXT_SUFFIXES and p.is_file():
                found.append(p)
    yield from unreadable
    if not found and not unreadable:
        yield InputError(raw, errors.NO_INPUT_FILES)
    yield from (str(p) for p in sorted(found))


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
            try:
                data = read_stdin(stdin)
            except InputError as exc:
                yield exc
                continue
            yield from read_bytes(data, "<stdin>", None, stdin_jsonl)
            continue
        try:
            data = Path(item).read_bytes()
        except OSError as exc:
            yield InputError(item, exc.strerror or str(exc))
            continue
        yield from read_bytes(data, item, item, item.lower().endswith(".jsonl"))
