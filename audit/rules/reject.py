"""The project's reject list: terms its house style never wants to see (``reject`` in the configuration).

The terms come from the configuration (``audit.policy.Policy.configure`` hands them to the rule);
without any, the rule finds nothing. Matching is exact, as for the accept list (``audit.terms``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from audit.document import Finding
from audit.rules import ArticleContext, Rule, register
from audit.terms import Term


@register
class RejectedTermRule(Rule):
    id = "rejected-term"
    category = "inconsistency"
    severity = "major"
    message = "term on the project's reject list"
    description = (
        "A term listed under `reject` in the configuration (exact match; `(?i)` for any case), with the "
        "replacement the configuration gives, if any. Off unless terms are configured."
    )

    def __init__(self, terms: Mapping[Term, str | None] | None = None):
        self.terms: dict[Term, str | None] = dict(terms or {})

    def configure(self, terms: Mapping[Term, str | None]) -> None:
        self.terms = dict(terms)

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for term, replacement in self.terms.items():
            for start, end in term.occurrences(ctx.text):
                if replacement and _inside_replacement(ctx.text, start, term, replacement):
                    continue  # "Putin" inside "Wladimir Putin" is the house style already
                message = self.message if replacement is None else f"{self.message}: use {replacement!r}"
                yield self.finding(
                    ctx,
                    start,
                    end,
                    message=message,
                    suggestions=() if replacement is None else (replacement,),
                )


def _inside_replacement(text: str, start: int, term: Term, replacement: str) -> bool:
    """Whether the occurrence of ``term`` at ``start`` is part of ``replacement`` written out (a
    replacement that contains its term, "Putin" -> "Wladimir Putin": flagging that again would make
    `fix` write "Wladimir Wladimir Putin")."""
    for offset, _ in term.occurrences(replacement):
        begin = start - offset
        written = text[begin : begin + len(replacement)] if begin >= 0 else ""
        if written == replacement or (term.ignore_case and written.casefold() == replacement.casefold()):
            return True
    return False
