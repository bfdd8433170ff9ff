"""What the CI formats (sarif, github, junit, html) share: rule metadata from the registry, the mapping
of MQM severities to linter levels, where a finding is (file path or record id), and fingerprints.

Renderers learn about rules only through ``RuleInfo`` records: the rules that ran when the caller says
(``RenderOptions.rules``), otherwise everything in the registry (``audit.rules.load_rules``).
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from audit.document import Article, Finding, Report

if TYPE_CHECKING:
    from audit.report import RenderOptions

#: severity order, most severe last
SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}

#: SARIF result levels and GitHub annotation commands: critical and major fail a build, minor warns
LEVELS = {"critical": "error", "major": "error", "minor": "warning"}

#: the key of our fingerprint in SARIF ``partialFingerprints``; bump the version if the recipe changes
FINGERPRINT_KEY = "mtaudit/v1"


@dataclass(frozen=True)
class RuleInfo:
    """A rule's registry metadata, all a renderer may know about it."""

    id: str
    category: str
    severity: str
    message: str
    description: str = ""
    version: int = 1

    @classmethod
    def of(cls, rule: type) -> RuleInfo:
        """From a rule class (or instance) of ``audit.rules``."""
        return cls(
            id=rule.id,
            category=rule.category,
            severity=rule.severity,
            message=rule.message,
            description=getattr(rule, "description", "") or "",
            version=getattr(rule, "version", 1),
        )

    @property
    def name(self) -> str:
        """A readable identifier in SARIF's style: ``untranslated-word`` -> ``UntranslatedWord``."""
        return "".join(part.capitalize() for part in self.id.replace("_", "-").split("-"))


def rule_catalog(options: RenderOptions, reports: Sequence[Report] = ()) -> list[RuleInfo]:
    """The rules to describe: those that ran (``options.rules``) or else all registered rules, sorted by
    id; plus any rule a finding names that neither lists (described from the finding itself)."""
    if options.rules is not None:
        catalog = list(options.rules)
    else:
        from audit.rules import load_rules

        catalog = [RuleInfo.of(cls) for _, cls in sorted(load_rules().items())]
    known = {r.id for r in catalog}
    for report in reports:
        for f in report.findings:
            if f.rule not in known:
                known.add(f.rule)
                catalog.append(RuleInfo(f.rule, f.category, f.severity, f.message))
    return catalog


def artifact_path(article: Article) -> str | None:
    """The file an article came from, as a POSIX path relative to the working directory where it lies
    under it (what CI systems resolve against the checkout); None for JSONL records and standard input."""
    if article.path is None:
        return None
    path = Path(article.path)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return PurePosixPath(os.path.normpath(path).replace(os.sep, "/")).as_posix()


def record_path(article: Article) -> str | None:
    """The JSONL file a record came from, as ``artifact_path`` gives a file (None for a text file or
    standard input)."""
    if article.record is None or article.record[0] == "<stdin>":
        return None
    return artifact_path(replace(article, path=article.record[0]))


def artifact_uri(article: Article) -> str:
    """A URI reference for SARIF: the relative path (percent-encoded), a file:// URI for a path outside
    the working directory, or the percent-encoded article id for records without a file."""
    path = artifact_path(article)
    if path is None:  # a record: its label (file#id), so that two files' records stay apart
        record = record_path(article)
        return quote(f"{record}#{article.id}" if record else article.id, safe="")
    if PurePosixPath(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def normalise(text: str) -> str:
    """Matched text as fingerprints see it: NFC, case-folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A stable hash per finding of one article (in the order given): rule, normalised matched text and
    which occurrence of that pair it is, counted in text order. It does not depend on offsets, so edits
    elsewhere in the article leave it alone."""
    seen: dict[tuple[str, str], int] = {}
    out = [""] * len(findings)
    for i in sorted(
        range(len(findings)), key=lambda i: (findings[i].start, findings[i].end, findings[i].rule)
    ):
        f = findings[i]
        key = (f.rule, normalise(f.text))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out[i] = hashlib.sha256(f"{f.rule}\x00{key[1]}\x00{occurrence}".encode()).hexdigest()[:32]
    return out


def one_line(text: str) -> str:
    """Line breaks shown as ⏎, for formats that list one finding per line."""
    return text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def finding_summary(f: Finding, single_line: bool = False) -> str:
    """The message, the matched text in quotes, the first suggestion; ``single_line``: breaks as ⏎."""
    shown = one_line if single_line else str
    line = f'{f.message}: "{shown(f.text)}"'
    if f.suggestions:
        suggestion = shown(f.suggestions[0])
        line += f' (suggestion: "{suggestion}")' if suggestion else " (suggestion: delete it)"
    return line
