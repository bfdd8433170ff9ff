"""The shipped model files: found through the package (``audit.lexicon.models_dir``), checked
against their metadata, and a clear error when one is missing or damaged.

A pipeline that quietly loses a model file finds less while its signature claims the same rule set
(without the corpus word list, ``Zugestrichterparade`` and ``auchs`` go unseen), so every file the
default pipeline reads goes through ``model_file``: missing, a size or SHA-256 that differs from its
folder's ``metadata.json``, is a ``ModelError`` naming the file (one line, exit code 2).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from audit.errors import ModelError
from audit.lexicon import models_dir

#: files up to this size are hashed when first used (a few milliseconds); larger ones (the 74 MB
#: KenLM model) are checked by size, and their hash is the one in the metadata the signature carries
HASH_LIMIT = 32_000_000

_HINT = "reinstall mtaudit, rebuild it with `make models`, or point MTAUDIT_MODELS at a folder that has it"


def model_file(relative: str) -> Path:
    """The path of a shipped model file (``"lexicon/de-corpus-words.tsv.gz"``), checked."""
    path = models_dir() / relative
    return verified(path)


def verified(path: Path) -> Path:
    try:
        st = path.stat()
    except OSError:
        raise ModelError(f"model file not found: {path} ({_HINT})") from None
    _check(path, st.st_size, st.st_mtime_ns)
    return path


@lru_cache(maxsize=64)
def _check(path: Path, size: int, mtime_ns: int) -> None:
    expected = expected_digest(path)
    if expected is None:
        return
    sha256, expected_size = expected
    if expected_size is not None and expected_size != size:
        raise ModelError(
            f"model file corrupt: {path} has {size} bytes, its metadata.json says {expected_size} ({_HINT})"
        )
    if sha256 and size <= HASH_LIMIT:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha256:
            raise ModelError(
                f"model file corrupt: {path} does not match the SHA-256 in its metadata.json ({_HINT})"
            )


def expected_digest(path: Path) -> tuple[str | None, int | None] | None:
    """(sha256, size) that the folder's metadata.json gives for ``path``, None when it gives none.
    The metadata files differ in shape ({"file", "sha256", "size_bytes"}, {"files": {NAME: {...}}},
    {"model_file": {"name", ...}}); any object that names the file and has a sha256 counts."""
    meta = path.parent / "metadata.json"
    if not meta.is_file():
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model metadata unreadable: {meta} ({exc})") from None
    return _find(data, path.name)


def _find(node, name: str):
    if isinstance(node, dict):
        if "sha256" in node and name in (node.get("file"), node.get("name")):
            size = node.get("size_bytes", node.get("bytes"))
            return node["sha256"], int(size) if size is not None else None
        if isinstance(node.get(name), dict) and "sha256" in node[name]:
            entry = node[name]
            size = entry.get("size_bytes", entry.get("bytes"))
            return entry["sha256"], int(size) if size is not None else None
        for value in node.values():
            found = _find(value, name)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find(value, name)
            if found is not None:
                return found
    return None
