"""The HTML report in a real browser: headless Debian Chromium driven by selenium through the system
chromedriver. The page renders, the highlights hold exactly the findings' text, the filters hide and
show them, the console stays clean; a screenshot goes to pytest's tmp dir (a CI artifact).

Without chromium, chromedriver or selenium the test skips with the reason, except under CI (the
environment variable CI set), where it fails: CI installs them (`make test` runs `make browser`).
``SAVE_SCREENSHOT=docs/report-screenshot.png`` also writes the README's screenshot of a seed article.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from audit.report import RenderOptions
from audit.report.html import render
from tests.report.conftest import OPTIONS, sample_reports

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = "/usr/bin/chromedriver"


def _missing(what: str) -> None:
    message = f"{what}: install Debian chromium and chromium-driver (`make browser`) and the dev extra"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (required under CI)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    binary = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    if binary is None or driver_path is None:
        _missing("chromium or chromedriver not found")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def open_report(browser, tmp_path: Path, page: str, name: str = "report.html"):
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    return path


def console_errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


MARK_TEXTS = """
const out = {};
document.querySelectorAll("mark[data-fid]").forEach(m => { out[m.dataset.fid] = (out[m.dataset.fid] || "") + m.textContent; });
return out;
"""

VISIBLE = """
return Array.from(document.querySelectorAll(arguments[0])).map(el => {
  const style = getComputedStyle(el);
  return {cat: el.dataset.category, bg: style.backgroundColor, line: style.textDecorationLine,
          shown: style.display !== "none" && el.getClientRects().length > 0};
});
"""


def test_report_in_the_browser(browser, tmp_path):
    reports = sample_reports()
    open_report(browser, tmp_path, render(reports, OPTIONS))
    assert browser.title == "mtaudit report"
    assert browser.find_element("css selector", "h1").is_displayed()

    # one mark per finding (one part each, but for the one partial overlap), holding the finding's text
    expected = {f"f{i}-{k}": f.text for i, r in enumerate(reports) for k, f in enumerate(r.findings)}
    assert browser.execute_script(MARK_TEXTS) == expected
    n_marks = len(browser.find_elements("css selector", "mark"))
    assert n_marks == len(expected) + 1  # "Wednesdays Markt" is split around "lokalen Wednesdays"
    assert browser.execute_script("return document.querySelectorAll('mark[id]').length") == len(expected)
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1

    # filter: untick a category, its marks lose their highlight and its list entries disappear
    box = browser.find_element("css selector", "#filters input[name=category][value=boilerplate]")
    box.click()
    marks = browser.execute_script(VISIBLE, "mark[data-fid]")
    off = [m for m in marks if m["cat"] == "boilerplate"]
    on = [m for m in marks if m["cat"] != "boilerplate"]
    assert off and all(m["bg"] == "rgba(0, 0, 0, 0)" and m["line"] == "none" for m in off)
    assert on and all(m["bg"] != "rgba(0, 0, 0, 0)" and m["line"] == "underline" for m in on)
    items = browser.execute_script(VISIBLE, "li[data-fid]")
    assert all(not i["shown"] for i in items if i["cat"] == "boilerplate")
    assert all(i["shown"] for i in items if i["cat"] != "boilerplate")
    box.click()
    assert all(m["bg"] != "rgba(0, 0, 0, 0)" for m in browser.execute_script(VISIBLE, "mark[data-fid]"))

    # click a highlight: the panel shows its message and suggestion
    browser.find_element("css selector", "mark[id=m0-2]").click()
    detail = browser.find_element("id", "detail")
    assert detail.is_displayed()
    assert "Word left untranslated" in detail.text and "Mittwochs" in detail.text

    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000
    assert console_errors(browser) == []


def test_seed_article_in_the_browser(browser, tmp_path, seed_reports):
    report = seed_reports["000_84034a147dd17175.txt"]
    name = "seeds/000_84034a147dd17175.txt"  # as `mtaudit check seeds --format html` names it
    report = replace(report, article=replace(report.article, id=name, path=name))
    open_report(
        browser, tmp_path, render([report], RenderOptions(version="0.1.0", signature="")), "seed.html"
    )
    expected = {f"f0-{k}": f.text for k, f in enumerate(report.findings)}
    assert browser.execute_script(MARK_TEXTS) == expected
    shot = tmp_path / "seed.png"
    browser.set_window_size(1280, 1500)  # the summary, the filters and the start of the article
    browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")
    if os.environ.get("SAVE_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["SAVE_SCREENSHOT"])
    assert console_errors(browser) == []


def test_a_feed_in_the_browser(browser, tmp_path):
    """A report of 60 articles: folded, unfolded by the summary's links, searched and sorted."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.wait import WebDriverWait

    reports = sample_reports() * 20  # the summary's ids repeat; the sections are a0 ... a59
    open_report(browser, tmp_path, render(reports, OPTIONS), "feed.html")
    rows = "table.summary tbody tr"
    folded = "return document.querySelectorAll('details.article:not([open])').length"
    assert browser.execute_script(folded) == 60
    # the sortable columns' arrow (a CSS escape that Python once ate)
    arrow = "return getComputedStyle(document.querySelector('th.sortable'), '::after').content"
    assert browser.execute_script(arrow) == '" \u2195"'

    # a summary link unfolds its article and scrolls it into view
    link = browser.find_elements("css selector", f"{rows} a")[30]
    section = link.get_attribute("href").split("#")[1]
    link.click()
    place = (
        "var s = document.getElementById(arguments[0]);"
        "return [s.querySelector('details').open, s.getBoundingClientRect().top, innerHeight];"
    )
    WebDriverWait(browser, 5).until(lambda b: b.execute_script(place, section)[0])  # on hashchange
    _, top, height = browser.execute_script(place, section)
    assert -1 < top < height / 2  # at the top (to a fraction of a pixel)
    assert browser.execute_script(folded) == 59

    # search: only the matching rows and their sections stay
    shown = (
        f"return [document.querySelectorAll('{rows}:not(.off)').length,"
        " document.querySelectorAll('section:not(.off)').length]"
    )
    search = browser.find_element("id", "search")
    search.send_keys("CLEAN")
    assert browser.execute_script(shown) == [20, 20]
    search.clear()
    search.send_keys("q")  # no id has a q
    assert browser.execute_script(shown) == [0, 0]
    search.send_keys(Keys.BACKSPACE)
    assert browser.execute_script(shown) == [60, 60]

    # sort: the page opens worst score first, so a click on score turns it round, a second one back
    headers = browser.find_elements("css selector", "th.sortable")
    header = headers[1]
    scores = (
        f"return Array.from(document.querySelectorAll('{rows} td[data-value]'),"
        " td => parseFloat(td.dataset.value))"
    )
    assert header.get_attribute("aria-sort") == "ascending"
    assert browser.execute_script(scores) == sorted(r.score for r in reports)
    header.click()
    assert browser.execute_script(scores) == sorted((r.score for r in reports), reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    header.click()
    assert browser.execute_script(scores) == sorted(r.score for r in reports)

    # and with the keyboard alone: Tab reaches the header's button, Enter sorts by words
    words = f"return Array.from(document.querySelectorAll('{rows}'), row => parseInt(row.children[3].textContent))"
    button = headers[3].find_element("css selector", "button")
    browser.execute_script("arguments[0].focus()", headers[2].find_element("css selector", "button"))
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element == button
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script(words) == sorted(r.article.word_count for r in reports)
    assert headers[3].get_attribute("aria-sort") == "ascending" and header.get_attribute("aria-sort") is None
    assert console_errors(browser) == []


def test_console_errors_are_seen(browser, tmp_path):
    """The console check above can fail: a page that logs an error and breaks its CSP is caught."""
    open_report(
        browser,
        tmp_path,
        "<!DOCTYPE html><title>x</title><script>console.error('kaputt')</script>",
        "bad.html",
    )
    assert any("kaputt" in entry["message"] for entry in console_errors(browser))
