"""What in a Markdown file is not article text: front matter, fenced code, HTML comments, inline code.

A Hugo or Jekyll post starts with YAML (``---``) or TOML (``+++``) front matter; documentation holds
fenced code blocks (```` ``` ```` or ``~~~``, CommonMark's rules: up to three spaces of indentation,
closed by a fence of the same character at least as long, or by the end of the file); editors leave
``<!-- comments -->``; inline code is set in backticks. None of it is German prose: the auditor
reports nothing there and ``fix`` never edits it. The spans are found here, on the text as read;
offsets are the article's own, so nothing has to be mapped back.

Only files named ``*.md``, ``*.markdown`` or ``*.mdx`` are read this way: in a ``.txt`` file a ``---``
line is page residue, which the boilerplate rules report. An ``*.html`` or ``*.htm`` file is read for
its visible text the same way: tags, comments, ``<script>`` and ``<style>`` (and front matter, as Hugo
allows) are markup; offsets stay those of the file. Character references (``&amp;``, ``&auml;``) are
left as they are: decode them before auditing if the feed spells umlauts that way. Folders are
not searched for HTML files (a site's build output, or an old mtaudit report, is rarely meant):
name them on the command line.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
HTML_SUFFIXES = (".html", ".htm")

_FRONT_MATTER = re.compile(r"\ufeff?(---|\+\+\+)[ \t]*\r?\n")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)([^\n]*?[^`\n])\1(?!`)")


_HTML_HIDDEN = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*\?>")


def markup_of(text: str, path: str | None) -> tuple[tuple[int, int], ...]:
    """The markup of ``text`` as the file ``path`` is named: Markdown's, HTML's, or none."""
    name = (path or "").lower()
    if name.endswith(MARKDOWN_SUFFIXES):
        return markup_spans(text)
    if name.endswith(HTML_SUFFIXES):
        return html_spans(text)
    return ()


def html_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of an HTML file that are not visible text: comments, scripts, styles and tags."""
    spans = [m.span() for m in _COMMENT.finditer(text)]
    outside = _outside(spans)
    spans.extend(m.span() for m in _HTML_HIDDEN.finditer(text) if outside(*m.span()))
    outside = _outside(spans)
    spans.extend(m.span() for m in _HTML_TAG.finditer(text) if outside(*m.span()))
    front = _front_matter(text)
    return _merge(spans + ([front] if front else []))


def _front_matter(text: str) -> tuple[int, int] | None:
    opening = _FRONT_MATTER.match(text)
    if opening is None:
        return None
    fence = re.escape(opening.group(1))
    closing = re.compile(rf"^{fence}[ \t]*(?:\r?\n|\Z)", re.MULTILINE).search(text, opening.end())
    return (0, closing.end()) if closing else None  # an unclosed fence is a separator line, not front matter


def _fences(text: str, start: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    while True:
        opening = _FENCE.search(text, position)
        if opening is None:
            return spans
        marks = opening.group(1)
        if marks[0] == "`" and "`" in opening.group(0)[opening.end(1) - opening.start() :]:
            position = opening.end()  # ```` ```x` ```` on one line is inline code, not a fence
            continue
        closing = re.compile(rf"^ {{0,3}}{re.escape(marks[0])}{{{len(marks)},}}[ \t]*$", re.MULTILINE)
        end = closing.search(text, opening.end() + 1)
        stop = end.end() if end else len(text)
        spans.append((opening.start(), stop))
        position = stop


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def _outside(spans: list[tuple[int, int]]):
    """A test of whether a span overlaps none of ``spans`` (a bisection per test: a file of thousands
    of comments and code spans stays linear)."""
    from audit.spans import SpanIndex

    index = SpanIndex(_merge(spans))
    return lambda start, end: not index.overlaps(start, end)


def markup_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of ``text`` (a Markdown file) that are not article text, sorted and merged."""
    spans: list[tuple[int, int]] = []
    front = _front_matter(text)
    if front:
        spans.append(front)
    spans.extend(_fences(text, front[1] if front else 0))
    outside = _outside(spans)
    spans.extend(m.span() for m in _COMMENT.finditer(text) if outside(m.start(), m.start() + 4))
    outside = _outside(spans)
    spans.extend(m.span() for m in _INLINE_CODE.finditer(text) if outside(*m.span()))
    return _merge(spans)
