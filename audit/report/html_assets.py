"""The inline style sheet and script of the HTML report (no external files: the report works offline).

Colour says the severity (light backgrounds under near-black text, contrast above 10:1) and so does the
border (dotted, solid, double width); the underline style says the category, so colour is never the
only signal.
"""

from __future__ import annotations

#: underline style per category (the second cue besides colour); the legend shows it
UNDERLINES = {
    "untranslated": "wavy",
    "mixed-language": "wavy",
    "garbled": "dotted",
    "encoding": "dotted",
    "glued": "dashed",
    "typography": "dashed",
    "duplicate": "double",
    "boilerplate": "double",
    "casing": "solid",
    "grammar": "solid",
    "inconsistency": "solid",
    "disfluent": "solid",
}

#: score badge classes: at least this score
BADGES = (("good", 95.0), ("fair", 80.0), ("poor", 0.0))

CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
  background: #fff; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 6rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 .5rem; border-top: 1px solid #bbb; padding-top: 1rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
a { color: #0645ad; }
a:focus, mark:focus, input:focus, button:focus { outline: 3px solid #1a5fb4; outline-offset: 1px; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
td.zero { color: #595959; }
td.categories { font-size: .9rem; min-width: 14rem; }
table.summary th[scope=row] { overflow-wrap: anywhere; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.meta { color: #333; margin: .25rem 0 .75rem; }
.badge { display: inline-block; min-width: 3.2em; text-align: center; border-radius: .3em;
  padding: 0 .35em; font-weight: 700; font-variant-numeric: tabular-nums; border: 1px solid #333; }
.badge.good { background: #c8efcf; } .badge.fair { background: #ffe6a6; } .badge.poor { background: #ffc4c4; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ccc; border-radius: .3em;
  padding: .75rem 1rem; background: #fcfcfc; }
mark, .swatch { color: #111; cursor: pointer; border-radius: 2px; text-decoration-line: underline;
  text-decoration-thickness: 2px; text-underline-offset: .22em; text-decoration-color: #222; }
.sev-minor { background: #fff0a6; border: 1px dotted #6b5500; }
.sev-major { background: #ffcf9e; border: 1px solid #8f3e00; }
.sev-critical { background: #ffb0b0; border: 3px double #8f0000; }
mark.empty::after { content: "\\2038"; }
CATEGORY_RULES
mark.off, mark.off.empty::after { background: transparent; border-color: transparent;
  text-decoration-line: none; cursor: auto; }
li.off, tr.off { display: none; }
.swatch { cursor: auto; padding: 0 .2em; }
fieldset { border: 1px solid #bbb; border-radius: .3em; margin: .5rem 0; }
fieldset label { display: inline-block; margin: 0 1rem .2rem 0; white-space: nowrap; }
.sev { font-weight: 700; } .sev.critical { color: #8f0000; } .sev.major { color: #8f3e00; }
.sev.minor { color: #5c4a00; }
ol.findings { padding-left: 1.5rem; } ol.findings li { margin: .2rem 0; }
ol.findings li.current { background: #e4ecfb; }
q { quotes: "\\201E" "\\201C"; font-weight: 600; }
del { background: #ffd6d6; color: #111; } ins { background: #cdf3d3; color: #111; text-decoration: none; }
.correction td { white-space: pre-wrap; }
#detail { position: fixed; left: 1rem; right: 1rem; bottom: 1rem; max-width: 48rem; margin: 0 auto;
  background: #fff; border: 2px solid #1a5fb4; border-radius: .4rem; padding: .6rem 2.6rem .6rem .9rem;
  box-shadow: 0 .3rem 1rem rgba(0, 0, 0, .25); white-space: pre-line; }
#detail button { position: absolute; top: .3rem; right: .3rem; font-size: 1.1rem; }
details.heat summary { cursor: pointer; margin: .4rem 0; }
.q1 { background: #fff3d6; } .q2 { background: #ffe0a8; } .q3 { background: #ffc27a; }
.q4 { background: #ff9d6e; }
footer { margin-top: 3rem; color: #333; font-size: .9rem; overflow-wrap: anywhere; }
.overview { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; }
meter { width: 12rem; }
#search { font: inherit; padding: .2rem .4rem; min-width: 16rem; margin: .25rem 0 .5rem; }
table.summary th.sortable { cursor: pointer; }
table.summary th.sortable button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; } table.summary th.sortable::after { content: " \\2195"; color: #777; }
section.off { display: none; }
details.article > summary { cursor: pointer; list-style-position: outside; }
details.article > summary h2 { display: inline; border: 0; }
section { border-top: 1px solid #bbb; margin-top: 2rem; padding-top: .5rem; }
/* a feed of hundreds of articles: the browser lays out and paints only the sections near the view
   (2.1rem: a folded one; the clip margin keeps the summary's disclosure triangle) */
section { content-visibility: auto; contain-intrinsic-size: auto 2.1rem; overflow-clip-margin: 1.5rem; }
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; }
  body { color: #e6e6e6; background: #161616; }
  a { color: #8ab4f8; }
  th, td, fieldset { border-color: #555; }
  td.zero { color: #9a9a9a; }
  .meta, footer { color: #c8c8c8; }
  .text { background: #1e1e1e; border-color: #444; }
  #detail { background: #222; color: #eee; }
  ol.findings li.current { background: #243a5e; }
  .sev.critical { color: #ff8a8a; } .sev.major { color: #ffb26b; } .sev.minor { color: #f0d264; }
}
"""

JS = """
(function () {
  "use strict";
  var boxes = document.querySelectorAll("#filters input[type=checkbox]");
  function apply() {
    var off = {};
    boxes.forEach(function (box) { if (!box.checked) { off[box.name + ":" + box.value] = true; } });
    document.querySelectorAll("mark[data-fid], li[data-fid]").forEach(function (el) {
      var hidden = off["category:" + el.dataset.category] || off["severity:" + el.dataset.severity];
      el.classList.toggle("off", Boolean(hidden));
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  var detail = document.getElementById("detail");
  var detailText = document.getElementById("detail-text");
  var current = null;
  function show(mark) {
    if (current) { current.classList.remove("current"); }
    current = document.getElementById(mark.dataset.fid);
    if (current) { current.classList.add("current"); }
    detailText.textContent = mark.title;
    detail.hidden = false;
  }
  function markOf(event) {
    var mark = event.target.closest ? event.target.closest("mark[data-fid]") : null;
    return mark && !mark.classList.contains("off") ? mark : null;
  }
  document.addEventListener("click", function (event) {
    var mark = markOf(event);
    if (mark) { show(mark); }
  });
  document.addEventListener("keydown", function (event) {
    var mark = markOf(event);
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(mark); }
    if (event.key === "Escape") { detail.hidden = true; }
  });
  document.getElementById("detail-close").addEventListener("click", function () { detail.hidden = true; });
  function unfold() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var folded = target ? target.closest("details.article") || target.querySelector("details.article") : null;
    if (folded) { folded.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", unfold);
  unfold();
  var search = document.getElementById("search");
  if (search) {
    search.addEventListener("input", function () {
      var needle = search.value.toLowerCase();
      document.querySelectorAll("table.summary tbody tr").forEach(function (row) {
        var hit = !needle || row.dataset.id.toLowerCase().indexOf(needle) >= 0;
        row.classList.toggle("off", !hit);
        var section = document.getElementById(row.dataset.section);
        if (section) { section.classList.toggle("off", !hit); }
      });
    });
  }
  document.querySelectorAll("table.summary th.sortable").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var body = th.closest("table").tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var up = th.dataset.order !== "up";
      rows.sort(function (a, b) {
        var x = a.children[index].dataset.value || a.children[index].textContent;
        var y = b.children[index].dataset.value || b.children[index].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var d = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return up ? d : -d;
      });
      th.parentNode.querySelectorAll("th[aria-sort]").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      th.dataset.order = up ? "up" : "down";
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""


def style_sheet() -> str:
    """The CSS, with one underline rule per category."""
    rules = "\n".join(
        f".cat-{category} {{ text-decoration-style: {style}; }}" for category, style in UNDERLINES.items()
    )
    return CSS.replace("CATEGORY_RULES", rules)
