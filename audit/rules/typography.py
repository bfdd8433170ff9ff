"""Typography: spacing around punctuation, doubled spaces, quotes that do not pair up or mix styles,
and the English possessive apostrophe that German does not use (Selensky's -> Selenskys)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from audit.document import Finding
from audit.rules import ArticleContext, Rule, register

SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=[^\W_])( +)([.,;:!?])(?=\s|$)")
DOUBLE_SPACE_RE = re.compile(r"(?<=\S)( {2,})(?=\S)")
# A genitive: the possessive is followed by the noun it belongs to ("Selensky's Friedensvision").
POSSESSIVE_RE = re.compile(r"\b([A-ZÄÖÜ][^\W\d_]+)['’]s (?=([A-ZÄÖÜ][^\W\d_]*))")

# German opening -> closing quotes, and the closers each opener accepts.
OPENERS = {"„": ("“",), "»": ("«",), "«": ("»",), "‚": ("‘",)}
CLOSERS = {"“": "„", "«": "»", "»": "«", "‘": "‚"}


@register
class SpaceBeforePunctuationRule(Rule):
    id = "space-before-punctuation"
    category = "typography"
    severity = "minor"
    message = "Space before punctuation"

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for m in SPACE_BEFORE_PUNCT_RE.finditer(ctx.text):
            # "z. B. :" or a lone dash list are rare; an ellipsis "…" is not matched.
            yield self.finding(ctx, m.start(1), m.end(2), suggestions=[m.group(2)], applicability="safe")


@register
class DoubleSpaceRule(Rule):
    id = "double-space"
    category = "typography"
    severity = "minor"
    message = "Several spaces between words"

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for m in DOUBLE_SPACE_RE.finditer(ctx.text):
            yield self.finding(ctx, m.start(1), m.end(1), suggestions=[" "], applicability="safe")


@register
class EnglishPossessiveRule(Rule):
    id = "english-possessive"
    category = "typography"
    severity = "minor"
    message = "English possessive apostrophe: German writes the genitive s without an apostrophe"

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for m in POSSESSIVE_RE.finditer(ctx.text):
            name = m.group(1)
            if ctx.lexicon.is_german(m.group()):
                continue  # a name written with the apostrophe (McDonald's) is known as such
            if ctx.quoted_foreign.contains(m.start(), m.end()):
                continue  # inside a quoted English title
            if not ctx.lexicon.hunspell_de(m.group(2)):
                continue  # an English name goes on: "St Margaret's Church", "Martin's Churchyard"
            end = m.end() - 1  # the possessive, without the space the pattern needs after it
            # Names in s, x, z take an apostrophe alone (Boris' Plan): no mechanical fix for them.
            sibilant = name.endswith(("s", "ß", "x", "z", "ce"))
            yield self.finding(
                ctx,
                m.start(),
                end,
                suggestions=[name + "'"] if sibilant else [name + "s"],
                confidence=0.9,
                applicability="unsafe" if sibilant else "safe",
            )


@register
class UnbalancedQuotesRule(Rule):
    id = "unbalanced-quotes"
    category = "typography"
    severity = "minor"
    message = "Quotation marks do not pair up"
    description = 'An opening „ closed by a straight " or an English ”, or a closing mark with no opening one, within one paragraph.'

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for paragraph in ctx.article.paragraphs:
            yield from self._check_paragraph(ctx, paragraph.start, paragraph.text)

    def _check_paragraph(self, ctx: ArticleContext, base: int, text: str) -> Iterator[Finding]:
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(text):
            if ch in "«»" and (i == 0 or text[i - 1] == " ") and (i + 1 == len(text) or text[i + 1] == " "):
                continue  # a free-standing » is an arrow ("Read more »"), not a quotation mark
            if ch == "»" and stack and stack[-1][0] == "«":
                stack.pop()  # «…» pairs either way round; treat » as the closer here
                continue
            if ch in OPENERS and not (ch in CLOSERS and stack and stack[-1][0] == CLOSERS[ch]):
                stack.append((ch, i))
                continue
            if ch in CLOSERS:
                if stack and stack[-1][0] == CLOSERS[ch]:
                    stack.pop()
                elif ch == "‘":
                    continue  # also an apostrophe-like mark in names
                else:
                    yield self.finding(
                        ctx,
                        base + i,
                        base + i + 1,
                        message="Closing quotation mark without an opening one",
                        confidence=0.7,
                    )
                continue
            if ch in '"”' and stack and stack[-1][0] == "„":
                _, pos = stack.pop()
                yield self.finding(
                    ctx,
                    base + i,
                    base + i + 1,
                    message="Mixed quotation marks: „ closed by " + ch,
                    suggestions=["“"],
                    confidence=0.9,
                )
        for ch, pos in stack:
            if ch == "‚":
                continue
            yield self.finding(
                ctx, base + pos, base + pos + 1, message="Opening quotation mark never closed", confidence=0.7
            )
