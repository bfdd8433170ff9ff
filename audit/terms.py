"""Exact-match term lists: the accept list (never flagged) and the reject list (always flagged).

A term matches only as a whole: its first and last characters, when they are letters or digits, must
not touch another letter or digit (``Deal`` matches in ``ein Deal.``, not in ``Dealer``). Matching is
case-sensitive; an entry written ``(?i)deal`` matches in any case (Python's ``str.casefold``). No
other pattern syntax: every other character stands for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

IGNORE_CASE = "(?i)"


@dataclass(frozen=True)
class Term:
    text: str
    ignore_case: bool = False
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("an empty term")
        body = re.escape(self.text)
        if re.match(r"\w", self.text):
            body = r"(?<!\w)" + body
        if re.search(r"\w$", self.text):
            body += r"(?!\w)"
        object.__setattr__(self, "pattern", re.compile(body, re.IGNORECASE if self.ignore_case else 0))

    @classmethod
    def parse(cls, entry: str) -> Term:
        """A config entry: the term itself, or ``(?i)`` and the term for any case."""
        if entry.startswith(IGNORE_CASE):
            return cls(entry[len(IGNORE_CASE) :], ignore_case=True)
        return cls(entry)

    @property
    def entry(self) -> str:
        return IGNORE_CASE + self.text if self.ignore_case else self.text

    def equals(self, text: str) -> bool:
        return text.casefold() == self.text.casefold() if self.ignore_case else text == self.text

    def might_contain(self, text: str) -> bool:
        """A cheap test: can an occurrence of this term hold ``text``?"""
        return text.casefold() in self.text.casefold() if self.ignore_case else text in self.text

    def occurrences(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int]]:
        """Spans of whole-word occurrences in ``text`` (starting in ``[pos, endpos)``)."""
        end = len(text) if endpos is None else min(len(text), endpos)
        for m in self.pattern.finditer(text, pos):
            if m.start() >= end:
                break
            yield m.start(), m.end()


def parse_terms(entries: Iterable[str]) -> tuple[Term, ...]:
    return tuple(Term.parse(e) for e in entries)


def covered_by(terms: Iterable[Term], text: str, start: int, end: int) -> Term | None:
    """The term whose text equals ``text[start:end]`` or one of whose occurrences holds that span."""
    span = text[start:end]
    for term in terms:
        if term.equals(span):
            return term
        if not term.might_contain(span):
            continue
        width = len(term.text)
        for s, e in term.occurrences(text, max(0, end - width), start + 1):
            if s <= start and end <= e:
                return term
    return None
