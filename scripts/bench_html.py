"""Whether the HTML report stays usable at feed scale: the size and render time of a report of 500
articles, and how it loads and responds in headless Chromium (the browser test's driver setup).

    make bench-html                                      # 500 articles, 3 fresh loads, the median
    .venv/bin/python scripts/bench_html.py --articles 2000 --repeat 5 --keep /tmp/feed.html

The articles are the seed articles audited once each (a real Auditor, the CLI's render options) and
repeated under distinct ids (``feed/0042/<seed>``) up to ``--articles``; the page is what
``mtaudit check --format html`` writes for them. In the browser: navigation timing (response end to
DOMContentLoaded end, load event end, first contentful paint), the JS heap, the renderer process's
memory and the DOM size after load, and the page's interactions, timed in the page with
performance.now() from the event's synchronous dispatch to a forced style and layout ("sync") and to
the next animation frame ("frame", what the user waits for): typing a search query key by key,
clearing it, sorting by a column, unfolding one folded article through its summary link, ticking a
category filter off and on (with the articles folded, as the page opens, and with every article
unfolded), opening every article at once and clicking a highlight.

Needs Debian chromium and chromium-driver (`make browser`) and selenium (the dev extra); without
them it says so and exits 0. Timings on a shared or small machine are noisy: compare medians.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-precise-memory-info",  # performance.memory unrounded
    "--window-size=1280,1000",
)


def browser_parts() -> tuple[str, str] | str:
    """The chromium binary and chromedriver, as the browser test finds them, or why not."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (the dev extra: `make install`)"
    binary = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    driver = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    if binary is None or driver is None:
        return "chromium or chromedriver not found (`make browser` installs Debian's as root)"
    return binary, driver


def start_browser(binary: str, driver_path: str, profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(120)
    driver.set_page_load_timeout(300)
    return driver


def feed_reports(n: int, lm: str) -> tuple[list, object, float]:
    """``n`` reports: the seeds audited once each, repeated under distinct ids; the CLI's options."""
    from audit import __version__
    from audit.auditor import Auditor
    from audit.ingest import read_inputs
    from audit.report import RenderOptions
    from audit.report.common import RuleInfo

    start = time.perf_counter()
    auditor = Auditor(lm=lm)
    seeds = [
        auditor.check_article(a) for a in read_inputs([str(ROOT / "seeds")]) if not isinstance(a, Exception)
    ]
    audit_seconds = time.perf_counter() - start
    reports = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        name = f"feed/{i:04d}/{Path(seed.article.id).name}"
        reports.append(replace(seed, article=replace(seed.article, id=name, path=name)))
    options = RenderOptions(
        signature=auditor.signature,
        version=__version__,
        rules=tuple(RuleInfo.of(rule) for rule in auditor.rules),
        generated=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    )
    return reports, options, audit_seconds


# In the page: helpers that time an action from its synchronous dispatch to a forced style and
# layout ("sync") and to the next animation frame after it ("frame").
HELPERS = """
window.__bench = {
  flush: function () { return document.body.getBoundingClientRect().height + document.body.offsetHeight; },
  time: function (action, done) {
    var t0 = performance.now();
    action();
    window.__bench.flush();
    var sync = performance.now() - t0;
    requestAnimationFrame(function () { setTimeout(function () {
      done({sync: sync, frame: performance.now() - t0});
    }, 0); });
  }
};
"""

LOAD = """
var nav = performance.getEntriesByType("navigation")[0];
var paint = performance.getEntriesByType("paint").filter(function (e) { return e.name === "first-contentful-paint"; });
var memory = performance.memory || {};
return {
  response_to_dcl_ms: nav.domContentLoadedEventEnd - nav.responseEnd,
  dcl_ms: nav.domContentLoadedEventEnd,
  load_ms: nav.loadEventEnd,
  fcp_ms: paint.length ? paint[0].startTime : null,
  js_heap_mb: memory.usedJSHeapSize ? memory.usedJSHeapSize / 1048576 : null,
  dom_nodes: document.getElementsByTagName("*").length,
  marks: document.querySelectorAll("mark[data-fid]").length,
  articles: document.querySelectorAll("details.article").length,
  folded: document.querySelectorAll("details.article:not([open])").length
};
"""

# each: (name, JavaScript run by execute_async_script; the last argument is the callback)
INTERACTIONS = {
    # one key at a time, as typed: an input event per key; the slowest key and all keys together
    "search: type a query (slowest key)": """
var done = arguments[arguments.length - 1], query = arguments[0], box = document.getElementById("search");
var keys = [], i = 0, t0 = performance.now();
box.focus(); box.value = "";
(function next() {
  if (i === query.length) {
    return done({sync: Math.max.apply(null, keys.map(function (k) { return k.sync; })),
                 frame: Math.max.apply(null, keys.map(function (k) { return k.frame; })),
                 all_keys: performance.now() - t0,
                 shown: document.querySelectorAll("table.summary tbody tr:not(.off)").length});
  }
  box.value += query[i++];
  window.__bench.time(function () { box.dispatchEvent(new Event("input", {bubbles: true})); },
                      function (t) { keys.push(t); next(); });
})();
""",
    "search: clear it (every article back)": """
var done = arguments[arguments.length - 1], box = document.getElementById("search");
window.__bench.time(function () { box.value = ""; box.dispatchEvent(new Event("input", {bubbles: true})); }, done);
""",
    "sort: click the words column": """
var done = arguments[arguments.length - 1];
var th = Array.prototype.find.call(document.querySelectorAll("table.summary th.sortable"),
                                   function (h) { return h.textContent.trim().indexOf("words") === 0; });
window.__bench.time(function () { th.click(); }, done);
""",
    "sort: click the article column": """
var done = arguments[arguments.length - 1];
var th = document.querySelector("table.summary th.sortable");
window.__bench.time(function () { th.click(); }, done);
""",
    "unfold one article (its summary link)": """
var done = arguments[arguments.length - 1];
var rows = document.querySelectorAll("table.summary tbody tr");
var link = rows[Math.floor(rows.length / 2)].querySelector("a");
var t0 = performance.now();
window.addEventListener("hashchange", function () {  // after the page's own listener
  window.__bench.flush();
  var sync = performance.now() - t0;
  requestAnimationFrame(function () { setTimeout(function () {
    var section = document.querySelector(link.getAttribute("href"));
    done({sync: sync, frame: performance.now() - t0, opened: section.querySelector("details").open});
  }, 0); });
}, {once: true});
link.click();
""",
    "filter: category off, articles folded": """
var done = arguments[arguments.length - 1], box = document.querySelector(arguments[1]);
window.__bench.time(function () { box.click(); }, done);
""",
    "filter: category on, articles folded": """
var done = arguments[arguments.length - 1], box = document.querySelector(arguments[1]);
window.__bench.time(function () { box.click(); }, done);
""",
    "open every article at once (as find-in-page may)": """
var done = arguments[arguments.length - 1];
window.__bench.time(function () {
  document.querySelectorAll("details.article").forEach(function (d) { d.open = true; });
}, done);
""",
    "filter: category off, every article open": """
var done = arguments[arguments.length - 1], box = document.querySelector(arguments[1]);
window.__bench.time(function () { box.click(); }, done);
""",
    "filter: category on, every article open": """
var done = arguments[arguments.length - 1], box = document.querySelector(arguments[1]);
window.__bench.time(function () { box.click(); }, done);
""",
    "click a highlight (detail panel)": """
var done = arguments[arguments.length - 1];
var marks = document.querySelectorAll("mark[data-fid]"), mark = marks[Math.floor(marks.length / 2)];
window.__bench.time(function () { mark.click(); }, function (t) {
  t.shown = !document.getElementById("detail").hidden; done(t);
});
""",
}


def biggest_category(driver) -> str:
    """The selector of the filter box of the category with the most findings."""
    return driver.execute_script(
        """var best = null, most = -1;
        document.querySelectorAll("#filters input[name=category]").forEach(function (box) {
          var n = document.querySelectorAll('mark[data-fid][data-category="' + box.value + '"]').length;
          if (n > most) { most = n; best = box.value; } });
        return '#filters input[name=category][value="' + best + '"]';"""
    )


def renderer_rss_mb(driver) -> float | None:
    """The resident memory of the biggest Chromium renderer process under this driver (Linux /proc):
    what the page costs besides the JS heap (the DOM, layout, the text), or None."""
    try:
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        ours, grew = {driver.service.process.pid}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in ours} - ours
            ours |= more
            grew = bool(more)
        sizes = []
        for pid in ours:
            if b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                status = Path(f"/proc/{pid}/status").read_text()
                sizes.append(int(status.split("VmRSS:")[1].split()[0]) / 1024)
        return max(sizes) if sizes else None
    except (OSError, AttributeError, IndexError, ValueError):
        return None


def one_load(driver, url: str, query: str) -> dict:
    driver.get("about:blank")
    driver.get(url)
    driver.execute_script(
        "return new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 0); }); });"
    )
    result = {"load": driver.execute_script(LOAD)}
    try:  # the JS heap as DevTools reports it (CDP), besides performance.memory
        driver.execute_cdp_cmd("Performance.enable", {})
        metrics = {
            m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
        }
        result["load"]["cdp_js_heap_mb"] = metrics.get("JSHeapUsedSize", 0) / 1048576
    except Exception:  # noqa: BLE001 - a driver without CDP: performance.memory alone
        pass
    result["load"]["renderer_rss_mb"] = renderer_rss_mb(driver)
    driver.execute_script(HELPERS)
    box = biggest_category(driver)
    result["category"] = box.split('"')[1]
    timings = {}
    for name, script in INTERACTIONS.items():
        timings[name] = driver.execute_async_script(script, query, box)
    result["interactions"] = timings
    return result


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=500, help="articles in the report")
    parser.add_argument(
        "--repeat", type=int, default=3, help="renders, and loads in a fresh browser; the median"
    )
    parser.add_argument("--lm", default="ngram", help="the fluency model of the audit (as `--lm`)")
    parser.add_argument("--query", default="0123", help="what to type into the search box")
    parser.add_argument("--keep", type=Path, help="also write the report here")
    args = parser.parse_args()
    if args.articles < 2:
        parser.error("--articles: at least 2 (one article has no search box, sorting or folding)")

    parts = browser_parts()
    if isinstance(parts, str):
        print(f"bench_html: skipped: {parts}")
        return 0
    binary, driver_path = parts

    from audit.report.html import render

    reports, options, audit_seconds = feed_reports(args.articles, args.lm)
    renders = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        page = render(reports, options)
        renders.append(time.perf_counter() - start)
    data = page.encode("utf-8")

    loads = []
    with tempfile.TemporaryDirectory(prefix="mtaudit-html-") as tmp:
        path = Path(tmp, "report.html")
        path.write_bytes(data)
        if args.keep:
            args.keep.write_bytes(data)
        for k in range(args.repeat):  # a fresh browser and profile each time: no memory or state kept
            driver = start_browser(binary, driver_path, str(Path(tmp, f"profile-{k}")))
            try:
                version = driver.capabilities.get("browserVersion", "?")
                loads.append(one_load(driver, path.as_uri(), args.query))
                print(json.dumps(loads[-1]), file=sys.stderr, flush=True)
            finally:
                driver.quit()

    load = {key: median([r["load"].get(key) for r in loads]) for key in loads[0]["load"]}
    interactions = {
        name: {key: median([r["interactions"][name].get(key) for r in loads]) for key in ("sync", "frame")}
        for name in INTERACTIONS
    }
    typed = median([r["interactions"]["search: type a query (slowest key)"]["all_keys"] for r in loads])
    result = {
        "articles": len(reports),
        "findings": sum(len(r.findings) for r in reports),
        "words": sum(r.article.word_count for r in reports),
        "bytes": len(data),
        "megabytes": round(len(data) / 1e6, 2),
        "gzip_megabytes": round(len(gzip.compress(data, 6)) / 1e6, 2),
        "audit_seconds": round(audit_seconds, 2),
        "render_seconds": round(statistics.median(renders), 3),
        "chromium": version,
        "repeat": args.repeat,
        "load": load,
        "category": loads[0]["category"],
        "query": args.query,
        "search_all_keys_ms": typed,
        "interactions_ms": interactions,
    }
    print(
        f"HTML report of {result['articles']} articles ({result['words']:,} words, {result['findings']:,} findings)"
    )
    print(
        f"median of {args.repeat} renders, and of {args.repeat} loads each in a fresh headless Chromium {version}\n"
    )
    print("| measure | value |\n|---|---|")
    print(
        f"| page size | {len(data):,} bytes ({result['megabytes']} MB; {result['gzip_megabytes']} MB gzipped) |"
    )
    print(f"| render (`audit.report.html.render`) | {result['render_seconds']} s |")
    print(
        f"| DOM | {load['dom_nodes']:,.0f} elements, {load['marks']:,.0f} highlights, "
        f"{load['folded']:,.0f} of {load['articles']:,.0f} articles folded |"
    )
    print(f"| responseEnd → DOMContentLoaded end | {load['response_to_dcl_ms']} ms |")
    fcp = "not reported" if load["fcp_ms"] is None else f"{load['fcp_ms']} ms"
    print(f"| first contentful paint (from navigation start) | {fcp} |")
    print(f"| DOMContentLoaded end (from navigation start) | {load['dcl_ms']} ms |")
    print(f"| load event end (from navigation start) | {load['load_ms']} ms |")
    print(f"| JS heap after load (performance.memory) | {load['js_heap_mb']} MB |")
    if load.get("cdp_js_heap_mb") is not None:
        print(f"| JS heap after load (CDP JSHeapUsedSize) | {load['cdp_js_heap_mb']} MB |")
    if load.get("renderer_rss_mb") is not None:
        print(f"| the page's renderer process after load (RSS) | {load['renderer_rss_mb']} MB |")
    print("\n| interaction | handler + style/layout (ms) | to next frame (ms) |\n|---|---|---|")
    for name, t in interactions.items():
        label = name.replace("category", f"category `{result['category']}`")
        if name.startswith("search: type"):
            label = f"search: type `{args.query}` (slowest key; all {len(args.query)} keys {typed} ms)"
        print(f"| {label} | {t['sync']} | {t['frame']} |")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
