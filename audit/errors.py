"""Every error the library raises for bad input or bad usage, with its message, in one place."""

from __future__ import annotations


def printable(name: str) -> str:
    """A file name as it can be printed and written into reports: the bytes of a name that is not
    UTF-8 (which Python keeps as lone surrogates) shown as U+FFFD."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte ("\\ud800" in a JSONL id)
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in name)


class AuditError(Exception):
    """Base class: a problem the user can fix; the CLI prints it on one line and exits with 2."""


class InputError(AuditError):
    """An input that cannot be audited. ``where`` names the file (and line), for the one-line message."""

    def __init__(self, where: str, reason: str):
        where = printable(where)
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    def __reduce__(self):  # pickled whole (``--jobs`` workers send them back), not as its message
        return type(self), (self.where, self.reason)


class UsageError(AuditError):
    """Options that do not fit together or name nothing we know."""


class ModelError(AuditError):
    """A model file the pipeline needs is missing, unreadable or not the file its metadata describes."""


NOT_FOUND = "no such file or directory"
EMPTY = "empty input (nothing to audit)"
BINARY = "binary file, not text (it contains NUL bytes or undecodable data)"
UNDECODABLE = "not UTF-8 and no other text encoding fits"
JSON_INVALID = "invalid JSON ({detail})"
JSON_NOT_OBJECT = "a JSONL record must be a JSON object"
JSON_NO_TEXT = 'a JSONL record needs a string "text"'
JSON_BAD_ID = 'a JSONL record "id" must be a string or an integer'
JSON_CONSTANT = "{name} is not standard JSON"
UTF16 = "UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)"
INVALID_UTF8 = (
    "not valid UTF-8: byte 0x{byte:02x} at line {line}, column {column} (the rest is UTF-8): "
    "fix that byte; the file is left as it is"
)
INVALID_UTF8_RECORD = (
    "not valid UTF-8: byte 0x{byte:02x} at column {column} (the rest is UTF-8): fix that byte"
)
NO_INPUT_FILES = "no text files found"
NOT_A_FILE = "not a regular file (a FIFO, device or socket): pipe its content to standard input (-) instead"
LINK_LOOP = "a symbolic link that leads nowhere (broken, or a loop)"
STDIN_CLOSED = "standard input is closed"
