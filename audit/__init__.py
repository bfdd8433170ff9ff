"""mtaudit: finds machine-translation artifacts in German text and scores sentences and articles.

    from audit import Auditor
    report = Auditor().check(text)
    report.score, report.findings

Nothing heavy is imported here; the lexicon and models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from audit.auditor import Auditor
    from audit.correct.apply import FixResult
    from audit.document import Article, Finding, Report


def __getattr__(name: str):
    if name == "Auditor":
        from audit.auditor import Auditor

        return Auditor
    if name in ("Article", "Finding", "Report", "Sentence", "Token"):
        from audit import document

        return getattr(document, name)
    raise AttributeError(f"module 'audit' has no attribute {name!r}")


def check(text: str, id: str = "-") -> Report:
    """Audit one text with all rules (a shortcut for ``Auditor().check``)."""
    from audit.auditor import Auditor

    return Auditor().check(text, id=id)


def fix(text: str, id: str = "-", *, unsafe: bool = False, auditor: Auditor | None = None) -> FixResult:
    """Correct one text as ``mtaudit fix`` does: ``result.text`` is the corrected text, ``result.edits``
    the edits applied (offsets into ``text``). Only safe edits unless ``unsafe``; pass an ``auditor``
    to choose rules and model, and to reuse it across calls."""
    from audit.auditor import Auditor
    from audit.correct.apply import fix_article
    from audit.segment import make_article

    return fix_article(auditor or Auditor(), make_article(text, id=id), unsafe=unsafe)


__all__ = ["Auditor", "Article", "Finding", "Report", "check", "fix", "__version__"]
