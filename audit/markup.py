"""What in a Markdown file is not article text: front matter, fenced code, HTML comments, inline code.

A Hugo or Jekyll post starts with YAML (``---``) or TOML (``+++``) front matter; documentation holds
fenced code blocks (```` ``` ```` or ``~~~``, CommonMark's rules: up to three spaces of indentation,
closed by a fence of the same character at least as long, or by the end of the file); editors leave
``<!-- comments -->``; inline code is set in backticks. None of it is German prose: the auditor
reports nothing there and ``fix`` never edits it. The spans are found here, on the text as read;
offsets are the article's own, so nothing has to be mapped back.

Markdown's block structure is read too (``markdown_blocks``, CommonMark's rules where they matter for
prose): a paragraph runs over its soft line breaks until a blank line or a line that starts a block
(a heading, a list item, a block quote, a table, a thematic break), so a hard-wrapped sentence is one
sentence; the markers of those blocks (``##``, ``-``, ``1.``, ``>``), thematic breaks and setext
underlines, and a table's pipes and delimiter row are markup; each table cell is a paragraph of its own.
An HTML file's paragraphs are its blocks (``html_blocks``): the text between block-level tags or blank
lines, over its line breaks.

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


def structure_of(path: str | None) -> str:
    """How a file's paragraphs are found: "markdown" and "html" (blocks, which run over soft line
    breaks: ``markdown_blocks``, ``html_blocks``) or "lines" (a non-empty line is a paragraph: text
    files and JSONL records)."""
    name = (path or "").lower()
    if name.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return "lines"


def blocks_of(text: str, structure: str, markup: tuple[tuple[int, int], ...] | None = None):
    """The paragraphs of ``text`` read as ``structure`` ("markdown" or "html"), or None for "lines"."""
    if structure == "markdown":
        return markdown_blocks(text, markup)
    if structure == "html":
        return html_blocks(text, html_spans(text) if markup is None else markup)
    return None


def markup_of(text: str, path: str | None) -> tuple[tuple[int, int], ...]:
    """The markup of ``text`` as the file ``path`` is named: Markdown's, HTML's, or none."""
    structure = structure_of(path)
    if structure == "markdown":
        return markup_spans(text)
    if structure == "html":
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


#: tags that end a paragraph where a browser lays out a block (and <br>)
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|body|br|caption|center|dd|details|dialog|div|dl|dt|fieldset"
    r"|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|li|main|nav|noscript|ol|option|p|pre"
    r"|section|summary|table|tbody|td|tfoot|th|thead|title|tr|ul)(?=[\s/>])[^<>]*>",
    re.IGNORECASE,
)
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def html_blocks(text: str, markup: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` (an HTML file) as ``(start, end)``: the text between block-level
    tags (``<p>``, ``<div>``, ``<li>``, ``<h1>``, ``<td>``, ``<br>``, ...) or blank lines, over its line
    breaks, as a browser lays it out; white space trimmed; where ``markup`` (the tags, comments,
    scripts) leaves no prose, none. Inline tags (``<a>``, ``<em>``) stay inside a paragraph."""
    from audit.spans import SpanIndex

    index = SpanIndex(_merge(list(markup)))
    cuts = [(0, 0)]
    cuts += [m.span() for m in _HTML_BLOCK_TAG.finditer(text)]
    cuts += [m.span() for m in _BLANK_LINE.finditer(text)]
    cuts.append((len(text), len(text)))
    cuts.sort()
    blocks = []
    position = 0
    for start, end in cuts:
        if start > position and has_prose(text, position, start, index):
            body = trimmed(text, position, start)
            if body is not None:
                blocks.append(body)
        position = max(position, end)
    return blocks


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


def _inline_spans(text: str) -> list[tuple[int, int]]:
    """Front matter, fenced code, comments and inline code."""
    spans: list[tuple[int, int]] = []
    front = _front_matter(text)
    if front:
        spans.append(front)
    spans.extend(_fences(text, front[1] if front else 0))
    outside = _outside(spans)
    spans.extend(m.span() for m in _COMMENT.finditer(text) if outside(m.start(), m.start() + 4))
    outside = _outside(spans)
    spans.extend(m.span() for m in _INLINE_CODE.finditer(text) if outside(*m.span()))
    return spans


def markup_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of ``text`` (a Markdown file) that are not article text, sorted and merged."""
    spans = _inline_spans(text)
    return _merge(spans + _blocks(text, spans)[0])


def markdown_blocks(text: str, markup: tuple[tuple[int, int], ...] | None = None) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` (a Markdown file) as ``(start, end)``: lines joined over soft line
    breaks, a heading or a list item from after its marker, each table cell on its own (see the module
    docstring); white space trimmed. A line that ``markup`` covers ends a paragraph (default: this
    text's front matter, fenced code, comments and inline code; a window of a longer file passes the
    file's markup, clipped, whose fence may open before the window); a paragraph may still hold markup
    (inline code, a comment)."""
    return _blocks(text, _inline_spans(text) if markup is None else list(markup))[1]


_NEWLINE = re.compile(r"\r\n|\r|\n")
#: a table's delimiter row: | --- | :---: | or --- | ---
_DELIMITER_ROW = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?[ \t]*$")
#: a thematic break (***, - - -, ___) or a setext heading's underline (===, ---)
_BREAK = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_BULLET = re.compile(r" {0,3}[-+*][ \t]+(?=\S)")
_ORDERED = re.compile(r" {0,3}(\d{1,9})[.)][ \t]+(?=\S)")
_PIPE = re.compile(r"(?<!\\)\|")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, blank ones too, without the line ending."""
    out, position = [], 0
    for m in _NEWLINE.finditer(text):
        out.append((position, m.start()))
        position = m.end()
    out.append((position, len(text)))
    return out


def has_prose(text: str, start: int, end: int, index) -> bool:
    """Whether ``start:end`` holds anything but white space outside the spans of ``index`` (a
    ``SpanIndex`` of markup)."""
    position = start
    for s, e in sorted(index.overlapping(start, end)):
        if text[position:s].strip():
            return True
        position = max(position, e)
    return bool(text[position:end].strip())


def _blocks(text: str, inline: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Markdown's block markup (markers, breaks, table pipes and delimiter rows) and its paragraphs.

    Written here rather than taken from a Markdown parser (markdown-it-py, mistune): those give a
    tree of rendered tokens, not the source offsets of each paragraph's text, which every finding and
    every ``fix`` edit needs; the prose blocks are all this needs of the grammar."""
    from audit.spans import SpanIndex

    index = SpanIndex(_merge(inline))
    lines = _lines(text)
    markup: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    current: list[int] | None = None  # [start, end] of the paragraph being read
    in_item = False  # the paragraph being read is a list item's
    table = False  # inside a table (from its header row to a blank line)

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append((current[0], current[1]))
        current = None

    for k, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line.strip():
            close()
            table = False
            continue
        if table:  # a row, until a blank line or a line of markup (a fence)
            if _DELIMITER_ROW.match(line) or has_prose(text, start, end, index):
                _cells(text, start, end, markup, blocks)
                continue
            table = False
        if not has_prose(text, start, end, index):  # fenced code, a comment, front matter, a break
            close()
            continue
        if "|" in line and _table_header(text, lines, k):
            close()
            table = True
            _cells(text, start, end, markup, blocks)
            continue
        if _BREAK.match(line) or ("|" in line and _DELIMITER_ROW.match(line)):
            close()
            markup.append((start, end))
            continue
        position = start
        while (m := _QUOTE.match(text, position, end)) is not None:
            position = m.end()
        marker = _marker(text, position, end, interrupting=current is not None and not in_item)
        if position > start:
            markup.append((start, position))
        if current is not None and marker is None:
            current[1] = _trimmed_end(text, position, end)  # a soft line break: the paragraph goes on
            continue
        close()
        kind = None
        if marker is not None:
            kind, marker_end = marker
            markup.append((position, marker_end))
            position = marker_end
        body = trimmed(text, position, end)
        if body is not None:
            current = list(body)
            in_item = kind == "item"
        if kind == "heading":
            close()
    close()
    return markup, blocks


def _table_header(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """Whether line ``k`` (which holds a pipe) is a table's header row: a delimiter row follows it."""
    if k + 1 == len(lines) or _DELIMITER_ROW.match(text, *lines[k]):
        return False
    return _DELIMITER_ROW.match(text, *lines[k + 1]) is not None


def _marker(text: str, position: int, end: int, *, interrupting: bool) -> tuple[str, int] | None:
    """The block marker at ``position`` (its kind and where it ends), if the line starts a block; a
    line inside a paragraph is interrupted only by what CommonMark lets interrupt one (an ordered
    list item only when it starts at 1)."""
    if m := _HEADING.match(text, position, end):
        return "heading", m.end()
    if m := _BULLET.match(text, position, end):
        return "item", m.end()
    if (m := _ORDERED.match(text, position, end)) and (not interrupting or int(m.group(1)) == 1):
        return "item", m.end()
    return None


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start:end`` without white space at either end, or None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    end = _trimmed_end(text, start, end)
    return (start, end) if start < end else None


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _cells(text: str, start: int, end: int, markup: list, blocks: list) -> None:
    """A table row: its pipes (outside inline code) are markup, its cells paragraphs; a delimiter row
    is all markup."""
    if _DELIMITER_ROW.match(text, start, end):
        markup.append((start, end))
        return
    code = [m.span() for m in _INLINE_CODE.finditer(text, start, end)]
    cell = start
    for m in _PIPE.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in code):
            continue
        markup.append(m.span())
        if (body := trimmed(text, cell, m.start())) is not None:
            blocks.append(body)
        cell = m.end()
    if (body := trimmed(text, cell, end)) is not None:
        blocks.append(body)
