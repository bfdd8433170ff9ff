"""Baselines: a record of known findings, so that a project is judged only on new ones.

A finding's key is (article, rule, hash of its normalised text); equal keys in one article are told
apart by their order (the occurrence index). Offsets and line numbers are not part of the key, so
edits elsewhere in an article leave its baselined findings baselined. With a baseline, the first *n*
findings of a key in an article are baselined, where *n* is the number of entries of that key.

The article is its file path relative to the baseline file's folder (``/``-separated), or the
record id for JSONL and standard input.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from audit.document import Article, Finding
from audit.errors import UsageError

FORMAT = "mtaudit-baseline"
VERSION = 1
Key = tuple[str, str, str]


def normalise(text: str) -> str:
    """NFC, runs of white space as one space, no outer white space; case is kept (rules depend on it)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


class Baseline:
    """A multiset of finding keys, read from or written to a JSON file."""

    def __init__(self, root: Path, entries: Iterable[Key] = ()):
        self.root = root.resolve()
        self.counts: Counter[Key] = Counter(entries)
        self._texts: dict[Key, str] = {}

    def article_key(self, article: Article) -> str:
        if article.path is None and article.record is not None and article.record[0] != "<stdin>":
            return f"{self._relative(article.record[0])}#{article.id}"  # a record: its file, then its id
        if article.path is None:
            return article.id
        return self._relative(article.path)

    def _relative(self, name: str) -> str:
        path = Path(name).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.relpath(path, self.root)).as_posix()

    def key(self, article: Article, finding: Finding) -> Key:
        return self.article_key(article), finding.rule, text_hash(finding.text)

    def split(self, article: Article, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new findings, baselined findings); ``findings`` in position order."""
        seen: Counter[Key] = Counter()
        new, old = [], []
        for f in findings:
            key = self.key(article, f)
            if not self.counts[key] and article.record is not None:
                key = (article.id, *key[1:])  # a baseline written before records were keyed by file
            seen[key] += 1
            (old if seen[key] <= self.counts[key] else new).append(f)
        return new, old

    def add(self, article: Article, findings: Iterable[Finding]) -> None:
        for f in findings:
            key = self.key(article, f)
            self.counts[key] += 1
            self._texts.setdefault(key, normalise(f.text)[:80])

    def __len__(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> str:
        entries = []
        for key in sorted(self.counts):
            article, rule, digest = key
            for occurrence in range(self.counts[key]):
                entry = {"article": article, "rule": rule, "hash": digest, "occurrence": occurrence}
                if key in self._texts:
                    entry["text"] = self._texts[key]  # for people reviewing the file; not part of the key
                entries.append(entry)
        document = {"format": FORMAT, "version": VERSION, "findings": entries}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; a missing or malformed one is a UsageError naming the file."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(f"--baseline {path}: no such file (write one with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--baseline {path}: cannot read it ({exc})") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"--baseline {path}: invalid JSON ({exc.msg}, line {exc.lineno})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise UsageError(f"--baseline {path}: not an mtaudit baseline file")
        if document.get("version") != VERSION:
            raise UsageError(
                f"--baseline {path}: baseline version {document.get('version')!r} is not {VERSION}"
            )
        entries = document.get("findings")
        fields = ("article", "rule", "hash")
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and all(isinstance(e.get(k), str) for k in fields) for e in entries
        ):
            raise UsageError(
                f'--baseline {path}: "findings" must be a list of {{article, rule, hash}} objects'
            )
        return cls(path.parent, ((e["article"], e["rule"], e["hash"]) for e in entries))
