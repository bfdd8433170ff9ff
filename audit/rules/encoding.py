"""Encoding damage: mojibake (UTF-8 read as Latin-1/cp1252), mixed-script homoglyph words, control characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from audit.document import Finding
from audit.rules import ArticleContext, Rule, register

# UTF-8 bytes of common German and typographic characters, decoded as cp1252/Latin-1:
# Ã¼ (ü), Ã¤ (ä), Ã¶ (ö), ÃŸ (ß), Ã„ (Ä), Ã– (Ö), Ãœ (Ü), Ã© (é), â€ž („), â€œ (“), â€“ (–), Â  (nbsp) ...
MOJIBAKE_RE = re.compile(
    r"(?:Ã[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€[\u0080-\u00bf€™žœ“”˜¦¢¡]|Â[\u00a0-\u00bf])+"
)
#: candidate runs for ftfy: a lead byte's character followed by continuation bytes' characters, any
#: number of times (double mojibake "groÃƒÅ¸" for "groß", "â‚¬" for "€" are not in MOJIBAKE_RE)
CANDIDATE_RE = re.compile(r"(?:[ÃÂâÅ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+)+")
CONTROL_RE = re.compile(
    r"[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]"
)
WORD_RE = re.compile(r"[^\W\d_]{2,}")

# Cyrillic and Greek letters that look like Latin ones.
HOMOGLYPHS = {
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Χ": "X",
    "ο": "o",
}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script
    return "OTHER"


def _repair_mojibake(text: str) -> str | None:
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


@register
class MojibakeRule(Rule):
    id = "mojibake"
    category = "encoding"
    severity = "major"
    message = "Mojibake: UTF-8 text decoded with the wrong encoding"
    description = (
        "Sequences such as Ã¼ for ü, â€ž for „ or â‚¬ for €, left by one or more wrong decoding steps "
        "(repaired with ftfy)."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for m in CANDIDATE_RE.finditer(ctx.text):
            import ftfy  # on the first candidate: its import (tables, expressions) costs 0.05-0.1 s at start

            run = m.group()
            # ftfy undoes repeated wrong decodings and knows cp1252's gaps; a run it leaves alone is
            # still flagged when it is the classic pattern, with the one-step repair
            fixed = ftfy.fix_encoding(run)
            if fixed == run and not MOJIBAKE_RE.search(run):
                continue
            repaired = fixed if fixed != run else _repair_mojibake(run)
            clean = repaired is not None and not CONTROL_RE.search(repaired)
            yield self.finding(
                ctx,
                m.start(),
                m.end(),
                suggestions=[repaired] if repaired else [],
                confidence=0.95,
                applicability="safe" if clean else "unsafe",  # the bytes decode back exactly
            )


@register
class MixedScriptRule(Rule):
    id = "mixed-script-word"
    category = "encoding"
    severity = "major"
    message = "Word mixes Latin letters with look-alike Cyrillic or Greek ones"
    description = (
        "A homoglyph such as a Cyrillic С inside a Latin word (Сosmodrom) breaks search and spelling."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for m in WORD_RE.finditer(ctx.text):
            word = m.group()
            if max(word) <= "\u00ff":
                continue  # Latin-1 alone (nearly every German word): Latin letters or no script at all
            scripts = {_script(ch) for ch in word} - {"OTHER"}
            if "LATIN" not in scripts or len(scripts) < 2:
                continue
            fixed = "".join(HOMOGLYPHS.get(ch, ch) if _script(ch) != "LATIN" else ch for ch in word)
            suggestions = [fixed] if all(_script(ch) in ("LATIN", "OTHER") for ch in fixed) else []
            yield self.finding(
                ctx,
                m.start(),
                m.end(),
                suggestions=suggestions,
                applicability="safe" if suggestions else "unsafe",
            )


@register
class ControlCharacterRule(Rule):
    id = "control-character"
    category = "encoding"
    severity = "minor"
    message = "Invisible control or formatting character"
    description = (
        "Control characters, zero-width spaces, bidirectional marks and U+FFFD replacement characters."
    )

    def check(self, ctx: ArticleContext) -> Iterator[Finding]:
        for m in CONTROL_RE.finditer(ctx.text):
            name = unicodedata.name(m.group(), f"U+{ord(m.group()):04X}")
            severity = "major" if m.group() == "\ufffd" else None
            yield self.finding(
                ctx,
                m.start(),
                m.end(),
                message=f"{self.message} ({name})",
                suggestions=[""],
                severity=severity,
                # U+FFFD stands for a lost character: deleting it does not bring that back
                applicability="unsafe" if m.group() == "\ufffd" else "safe",
            )
