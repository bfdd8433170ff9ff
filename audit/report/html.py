"""The HTML report: one self-contained file (inline CSS and JS, no external URLs) to read in a browser.

A summary table of articles (score badge, counts by severity and category, worst first, linked), then
each article's text with every finding highlighted in place as a ``<mark>`` (colour and border by
severity, underline style by category; hover for the message and suggestions, click or Enter for a
panel), the proposed corrected sentences beside the originals, and the list of findings. Checkboxes
filter by category and severity. All text is escaped; a Content-Security-Policy with the hashes of the
inline style and script forbids anything else, so even a slip in escaping could not run code.

Overlapping findings nest as ``<mark>`` elements; where two only partly overlap, the later one is split
into parts that share its ``data-fid`` (only the first part carries the ``id``).
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from bisect import bisect_left
from collections.abc import Sequence
from html import escape

from audit.document import CATEGORIES, SEVERITIES, Finding, Report
from audit.report import RenderOptions, summary
from audit.report.html_assets import BADGES, JS, UNDERLINES, style_sheet

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
#: the summary table opens sorted by score, worst first; the script keeps aria-sort true on every click
SORTED_BY = ' aria-sort="ascending" data-order="up"'


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def badge(score: float) -> str:
    kind = next(name for name, floor in BADGES if score >= floor)
    return f'<span class="badge {kind}">{score:.1f}</span>'


def _title(f: Finding) -> str:
    lines = [f"{f.severity} · {f.category} · {f.rule}", f.message, f"„{f.text}“"]
    if f.suggestions:
        shown = ["(delete)" if s == "" else f"„{s}“" for s in f.suggestions[:3]]
        lines.append("suggestion: " + " | ".join(shown))
    lines.append(f"confidence {f.confidence:.2f}")
    return "\n".join(lines)


def _open_tag(f: Finding, fid: str, first: bool) -> str:
    classes = f"sev-{f.severity} cat-{f.category}" + ("" if f.end > f.start else " empty")
    ident = f' id="m{fid[1:]}"' if first else ""
    return (
        f'<mark{ident} class="{esc(classes)}" data-fid="{esc(fid)}" data-category="{esc(f.category)}"'
        f' data-severity="{esc(f.severity)}" data-rule="{esc(f.rule)}" title="{esc(_title(f))}"'
        f' tabindex="0">'
    )


def highlight(text: str, findings: Sequence[Finding], prefix: str) -> str:
    """``text`` escaped, with a well-formed ``<mark>`` around every finding: nested where spans nest,
    split into parts (same ``data-fid``) where they only partly overlap. Finding ``k`` gets the
    ``data-fid`` ``f{prefix}-{k}``."""
    fids = [f"f{prefix}-{k}" for k in range(len(findings))]
    order = sorted(range(len(findings)), key=lambda k: (findings[k].start, -findings[k].end, k))
    bounds = sorted({0, len(text)} | {f.start for f in findings} | {f.end for f in findings})
    out: list[str] = []
    stack: list[int] = []
    pos, nxt = 0, 0
    for b in bounds:
        out.append(esc(text[pos:b]))
        pos = b
        ending = [depth for depth, k in enumerate(stack) if findings[k].end <= b]
        if ending:  # close down to the outermost ending mark, then reopen those that go on
            cut = min(ending)
            reopen = [k for k in stack[cut:] if findings[k].end > b]
            out.append("</mark>" * (len(stack) - cut))
            del stack[cut:]
            for k in reopen:
                out.append(_open_tag(findings[k], fids[k], first=False))
                stack.append(k)
        while nxt < len(order) and findings[order[nxt]].start == b:
            k = order[nxt]
            nxt += 1
            out.append(_open_tag(findings[k], fids[k], first=True))
            if findings[k].end > b:
                stack.append(k)
            else:  # an empty span (something missing here): an empty mark the style sheet shows
                out.append("</mark>")
    out.append(esc(text[pos:]))
    out.append("</mark>" * len(stack))
    return "".join(out)


def diff_pair(original: str, corrected: str) -> tuple[str, str]:
    """Both sentences escaped, with removed tokens in ``<del>`` and inserted ones in ``<ins>``."""
    a, b = _TOKENS.findall(original), _TOKENS.findall(corrected)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = esc("".join(a[i1:i2])), esc("".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return "".join(left), "".join(right)


def _count_cells(values: dict[str, int], keys: Sequence[str]) -> str:
    return "".join(f'<td class="num{"" if values.get(k) else " zero"}">{values.get(k, 0)}</td>' for k in keys)


def _worst_first(reports: Sequence[Report]) -> list[int]:
    """The order of the summary table and of the articles below it: worst score first, then input order."""
    return sorted(range(len(reports)), key=lambda i: (reports[i].score, i))


def _summary_table(reports: Sequence[Report]) -> str:
    rows = []
    for i in _worst_first(reports):
        r = reports[i]
        by_category: dict[str, int] = {}
        for f in r.findings:
            by_category[f.category] = by_category.get(f.category, 0) + 1
        categories = ", ".join(
            f"{esc(c)}\u00a0{n}" for c, n in sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
        )
        fluency = "–" if r.fluency is None else f"{r.fluency:.1f}"
        rows.append(
            f'<tr data-id="{esc(r.article.label)}" data-section="a{i}"><th scope="row">'
            f'<a href="#a{i}">{esc(r.article.label)}</a></th><td data-value="{r.score}">{badge(r.score)}</td>'
            f'<td class="num">{fluency}</td><td class="num">{r.article.word_count}</td>'
            + _count_cells(r.counts(), SEVERITIES[::-1])
            + f'<td class="categories">{categories or "–"}</td></tr>'
        )
    head = "".join(
        # a button in each header, so that the sort can be reached and used with the keyboard; aria-sort
        # says how the rows are ordered (worst score first when the page opens)
        f'<th scope="col" class="sortable{" num" if numeric else ""}"{SORTED_BY if name == "score" else ""}>'
        f'<button type="button">{name}</button></th>'
        for name, numeric in (
            ("article", False),
            ("score", False),
            ("fluency", True),
            ("words", True),
            ("critical", True),
            ("major", True),
            ("minor", True),
        )
    )
    search = (
        '<label lang="en">Find an article: <input type="search" id="search" placeholder="id or file name"'
        ' autocomplete="off"></label>'
        if len(reports) > 1
        else ""
    )
    return (
        f'{search}<div class="scroll"><table class="summary"><caption>Articles, worst score first (click a'
        f" column to sort)</caption><thead><tr>{head}"
        '<th scope="col">findings by category</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


#: the score histogram's bins: at least this score (the last bin takes everything below 50)
HISTOGRAM_BINS = (100.0, 95.0, 90.0, 80.0, 70.0, 60.0, 50.0, 0.0)


def _overview(reports: Sequence[Report]) -> str:
    """A feed at a glance: how the article scores spread, and which rules found the most."""
    if len(reports) < 2:
        return ""
    counts = dict.fromkeys(HISTOGRAM_BINS, 0)
    for r in reports:
        counts[next(b for b in HISTOGRAM_BINS if r.score >= b)] += 1
    most = max(counts.values())
    bins = []
    for k, floor in enumerate(HISTOGRAM_BINS):
        label = "100" if floor == 100.0 else f"{floor:g}–{HISTOGRAM_BINS[k - 1]:g}"
        bins.append(
            f'<tr><th scope="row">{label}</th><td class="num">{counts[floor]}</td>'
            f'<td><meter min="0" max="{most}" value="{counts[floor]}"></meter></td></tr>'
        )
    by_rule: dict[tuple[str, str], int] = {}
    for r in reports:
        for f in r.findings:
            by_rule[f.rule, f.severity] = by_rule.get((f.rule, f.severity), 0) + 1
    rules = "".join(
        f'<tr><td><code>{esc(rule)}</code></td><td><span class="sev {esc(sev)}">{esc(sev)}</span></td>'
        f'<td class="num">{n}</td></tr>'
        for (rule, sev), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    )
    rule_table = (
        '<table class="rules"><caption>Findings by rule (the 15 most)</caption><thead><tr>'
        '<th scope="col">rule</th><th scope="col">severity</th><th scope="col" class="num">findings</th>'
        f"</tr></thead><tbody>{rules}</tbody></table>"
        if rules
        else ""
    )
    return (
        '<div class="overview" lang="en"><table class="histogram"><caption>Article scores</caption><thead><tr>'
        '<th scope="col">score</th><th scope="col" class="num">articles</th><th scope="col"></th></tr></thead>'
        f"<tbody>{''.join(bins)}</tbody></table>{rule_table}</div>"
    )


def _legend_and_filters(reports: Sequence[Report], categories: list[str]) -> str:
    s = summary(reports)
    severity_boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{sev}" checked> '
        f'<span class="swatch sev-{sev} cat-casing">{sev}</span> '
        f"({s['by_severity'][sev]})</label>"
        for sev in SEVERITIES[::-1]
    )
    category_boxes = "".join(
        f'<label><input type="checkbox" name="category" value="{esc(c)}" checked> '
        f'<span class="swatch sev-minor cat-{esc(c)}">{esc(c)}</span> '
        f"({s['by_category'].get(c, 0)}, {UNDERLINES.get(c, 'solid')} underline)</label>"
        for c in categories
    )
    return (
        '<form id="filters" lang="en" aria-label="Filter findings">'
        "<p>Colour and border show the severity, the underline style the category; hover over a"
        " highlight for the message and suggestions, click it (or press Enter) to pin them.</p>"
        f"<fieldset><legend>Show severities</legend>{severity_boxes}</fieldset>"
        + (f"<fieldset><legend>Show categories</legend>{category_boxes}</fieldset>" if categories else "")
        + "</form>"
    )


def _corrections(report: Report) -> str:
    """The proposed corrected sentences beside the originals, each saying whether `mtaudit fix` makes
    it by default (every edit in it safe) or only with ``--unsafe`` (one needs judgement)."""
    text = report.article.text
    fixes = [f for f in report.findings if f.suggestions]  # in position order
    starts = [f.start for f in fixes]
    rows = []
    for s in report.sentences:
        original = text[s.start : s.end]
        if s.correction is None or s.correction == original:
            continue
        left, right = diff_pair(original, s.correction)
        line, _ = report.article.line_col(s.start)
        first, last = bisect_left(starts, s.start), bisect_left(starts, s.end)
        edits = [f for f in fixes[first:last] if f.end <= s.end]
        safe = bool(edits) and all(f.applicability == "safe" for f in edits)
        kind = "safe: fix applies it" if safe else "unsafe: fix --unsafe, review it"
        rows.append(
            f'<tr class="correction {"safe" if safe else "unsafe"}"><td class="num">{line}</td><td>{left}</td>'
            f'<td>{right}</td><td lang="en">{kind}</td></tr>'
        )
    if not rows:
        return ""
    return (
        '<table class="corrections" lang="de"><caption lang="en">Proposed corrections</caption><thead lang="en">'
        '<tr><th scope="col" class="num">line</th><th scope="col">original</th>'
        '<th scope="col">proposed correction</th><th scope="col">edits</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


#: the heat map's shades: a token is drawn in the darkest shade whose lower bound its probability reaches
HEAT_LEVELS = ((0.6, "q4"), (0.4, "q3"), (0.2, "q2"), (0.1, "q1"))


def _heat_map(report: Report) -> str:
    """The article text with every token the quality estimator thinks may be wrong shaded by its error
    probability (a collapsed block; absent when the run had no quality estimator)."""
    if report.quality is None:
        return ""
    text = report.article.text
    out, pos = [], 0
    for sentence in report.sentences:
        for start, end, p in sentence.quality or ():
            level = next((name for bound, name in HEAT_LEVELS if p >= bound), None)
            if level is None:
                continue
            out.append(esc(text[pos:start]))
            out.append(
                f'<span class="{level}" title="error probability {p:.2f}">{esc(text[start:end])}</span>'
            )
            pos = end
    out.append(esc(text[pos:]))
    spans = len(report.quality.spans())
    return (
        f'<details class="heat"><summary lang="en">Quality heat map: {_count(spans, "likely error span")}'
        " (shade: the estimated probability that a word is part of an error)</summary>"
        f'<div class="text" lang="de">{"".join(out)}</div></details>'
    )


def _finding_item(report: Report, f: Finding, fid: str) -> str:
    line, col = report.article.line_col(f.start)
    suggestion = ""
    if f.suggestions:
        shown = ["<em>delete</em>" if s == "" else f'<q lang="de">{esc(s)}</q>' for s in f.suggestions[:3]]
        suggestion = " → " + " | ".join(shown)
    return (
        f'<li id="{fid}" data-fid="{fid}" data-category="{esc(f.category)}" data-severity="{esc(f.severity)}">'
        f'<a href="#m{fid[1:]}">{line}:{col}</a> <span class="sev {esc(f.severity)}">{esc(f.severity)}</span>'
        f' <code>{esc(f.rule)}</code> {esc(f.message)}: <q lang="de">{esc(f.text)}</q>{suggestion}</li>'
    )


def _reference_meta(report: Report) -> str:
    """The article's reference-based scores and source language, for its meta line."""
    out = ""
    if report.source is not None:
        out += f" · source language {esc(report.source.language or 'unknown')}"
    ref = report.reference
    if ref is not None:
        out += (
            f" · against the reference: chrF {ref.chrf:.1f}, BLEU {ref.bleu:.1f}, TER {ref.ter:.1f}"
            f" ({_count(len(ref.segments), 'aligned segment')})"
        )
    return out


#: from this many articles on, the report opens with every article folded (the summary links unfold)
FOLDED_FROM = 50


def _article(report: Report, index: int, opened: bool = True) -> str:
    article = report.article
    counts = report.counts()
    fluency = "no language model" if report.fluency is None else f"fluency {report.fluency:.1f}"
    meta = (
        f"{fluency} · {article.word_count} words · "
        + ", ".join(f"{counts[sev]} {sev}" for sev in SEVERITIES[::-1])
        + (f" · file {esc(article.path)}" if article.path and article.path != article.id else "")
        + _reference_meta(report)
    )
    fids = [f"f{index}-{k}" for k in range(len(report.findings))]
    items = "".join(_finding_item(report, f, fid) for f, fid in zip(report.findings, fids, strict=True))
    findings = (
        f'<h3 lang="en">Findings ({len(report.findings)})</h3><ol class="findings" lang="en">{items}</ol>'
        if report.findings
        else '<p lang="en">No findings.</p>'
    )
    return (
        f'<section id="a{index}" aria-labelledby="a{index}-h"><details class="article"{" open" if opened else ""}>'
        f'<summary><h2 id="a{index}-h">{badge(report.score)} {esc(article.label)}</h2></summary>'
        f'<p class="meta" lang="en">{meta}</p>'
        f'<div class="text" lang="de">{highlight(article.text, report.findings, str(index))}</div>'
        f"{_heat_map(report)}{_corrections(report)}{findings}</details></section>"
    )


def _run_line(options: RenderOptions) -> str:
    """When the run was made and with what: the header's second line (absent when unknown)."""
    if not options.generated:
        return ""
    signature = f" · <code>{esc(options.signature)}</code>" if options.signature else ""
    return f'<p class="meta">run {esc(options.generated)}{signature}</p>'


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    s = summary(reports, options)
    present = set(s["by_category"])
    categories = [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))
    css, js = style_sheet(), JS
    csp = f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}"
    sev = s["by_severity"]
    mean = "–" if s["mean_score"] is None else f"{s['mean_score']:.1f}"
    overview = (
        f"{_count(s['articles'], 'article')}, {_count(s['words'], 'word')}, {_count(s['findings'], 'finding')}"
        f" ({sev['critical']} critical,"
        f" {sev['major']} major, {sev['minor']} minor); mean score {mean}"
    )
    left_out = [(s.get("baselined", 0), "in the baseline")] + [
        (
            n,
            {"inline": "suppressed inline", "accepted": "accepted", "unchanged": "in unchanged lines"}.get(
                k, k
            ),
        )
        for k, n in s.get("suppressed", {}).items()
    ]
    if "reference_scores" in s:
        ref = s["reference_scores"]
        overview += (
            f"; against the references: chrF {ref['chrf']:.1f}, BLEU {ref['bleu']:.1f}, TER {ref['ter']:.1f}"
        )
    if any(n for n, _ in left_out):
        overview += "; not shown: " + ", ".join(f"{n} {esc(why)}" for n, why in left_out if n)
    version = f"mtaudit {esc(options.version)}" if options.version else "mtaudit"
    signature = f" · <code>{esc(options.signature)}</code>" if options.signature else ""
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>mtaudit report</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n"
        f'<header lang="en"><h1>mtaudit report</h1><p>{overview}</p>{_run_line(options)}</header>\n'
        f'<main>\n{_overview(reports)}<nav lang="en" aria-label="Articles">{_summary_table(reports)}</nav>\n'
        f"{_legend_and_filters(reports, categories)}\n"
        + "\n".join(_article(reports[i], i, len(reports) < FOLDED_FROM) for i in _worst_first(reports))
        + "\n</main>\n"
        '<div id="detail" role="status" aria-live="polite" lang="de" hidden>'
        '<button type="button" id="detail-close" aria-label="close" lang="en">×</button>'
        '<p id="detail-text"></p></div>\n'
        f'<footer lang="en">{version}{signature}</footer>\n'
        f"<script>{js}</script>\n</body>\n</html>\n"
    )
