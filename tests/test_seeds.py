"""Acceptance on the five seed articles: every artifact the core-auditor issue names is found, in the
right category, and none of the names, loanwords and quoted titles it names is flagged.

The rules are not tuned to these strings (tests/rules/ has other names, loanwords and English words);
this table only checks that the seeds, real MT output, come out as a reader would mark them up.
"""

from __future__ import annotations

import re

import pytest

# (seed file prefix, category, text that must lie inside or overlap a finding of that category)
EXPECTED = [
    ("002", "untranslated", "Wednesdays"),
    ("002", "untranslated", "defiant"),
    ("002", "untranslated", "belligerer"),
    # UI phrases are page residue, reported once as such (not again as foreign words)
    ("001", "boilerplate", "Leave a Reply"),
    ("003", "boilerplate", "Top List in the World"),
    ("003", "boilerplate", "Read more »"),
    ("004", "mixed-language", "verschreibt de Volkskrant"),
    ("002", "garbled", "Zugestrichterparade"),
    ("002", "garbled", "ostliches"),
    ("002", "garbled", "letztwochen"),
    ("000", "garbled", "auchs"),
    ("002", "garbled", "unbeugbare"),
    ("002", "garbled", "getrennenden"),
    ("000", "glued", "Kim Jong-unals"),
    ("000", "glued", "Militäreinrichtungenund"),
    ("000", "glued", "Kurzstreckenraketenso"),
    ("000", "glued", "erhöhenGETTY"),
    ("000", "glued", "Amur-Region.MIKHAIL"),
    ("000", "duplicate", "Nordkorea Nordkorea"),
    ("000", "duplicate", "Wladimir Putin ist verzweifelt auf der Suche nach Munition"),
    ("000", "boilerplate", "Hören"),
    ("000", "boilerplate", "PREV"),
    ("000", "boilerplate", "NEXT"),
    ("002", "boilerplate", "zum Inhalt"),
    ("002", "boilerplate", "Lesen Sie auch:"),
    ("002", "boilerplate", "still_20719608_8542.219_still.jpg"),
    ("004", "boilerplate", "Schreibe einen Kommentar"),
    ("004", "boilerplate", "1694609902 Putin verhaetschelt"),
    ("003", "casing", "verhältnis immer enger: wladimir putin will nach nordkorea reisen"),
    ("003", "casing", "präsident"),
    ("001", "typography", "fortzuführen ."),
    ("002", "typography", "Selensky's"),
    ("002", "encoding", "Сosmodrom"),
    ("000", "inconsistency", "Wostochny"),
    ("004", "inconsistency", "Vostotsjny"),
    ("002", "inconsistency", "Pyongyang"),
    ("002", "grammar", "die Abzug"),
    ("002", "grammar", "wachsendes Partnerschaft"),
    ("002", "grammar", "Letzter Monat teilte"),
    # sentence structure (the syntax issue's examples)
    ("000", "grammar", "der Präsident Wladimir Putin besuchen"),
    ("000", "grammar", "Russland war"),
    ("000", "grammar", "Der Kreml versprach"),
    ("000", "grammar", "von die Munitionsfabriken"),
    ("000", "grammar", "Pjöngjang Sie leugnen"),
    ("001", "grammar", "mitgebracht hatte Der Panzerzug"),
    ("001", "grammar", "statt Nordkorea hat"),
    ("002", "grammar", "Beide Moskau und Pyongyang"),
]

NEVER_FLAGGED = [
    "Wall Street Journal",
    "Royal United Services Institute",
    "Chatham House",
    "Planet Labs",
    "Maxar Technologies",
    "Yonhap News",
    "«Godfather of British Blues»",
    "Ein Deal",
    "Talkshow",
]


def _report(seed_reports, prefix):
    (name,) = [n for n in seed_reports if n.startswith(prefix)]
    return seed_reports[name]


@pytest.mark.parametrize("prefix, category, snippet", EXPECTED)
def test_seed_artifact_is_found(seed_reports, prefix, category, snippet):
    report = _report(seed_reports, prefix)
    text = report.article.text
    positions = [m.start() for m in re.finditer(re.escape(snippet), text)]
    assert positions, f"{snippet!r} is not in seed {prefix}"
    hits = [
        f
        for f in report.findings
        if f.category == category and any(f.start < p + len(snippet) and p < f.end for p in positions)
    ]
    assert hits, f"no {category} finding on {snippet!r} in seed {prefix}"


@pytest.mark.parametrize("snippet", NEVER_FLAGGED)
def test_names_loanwords_and_titles_are_not_flagged(seed_reports, snippet):
    seen = False
    for report in seed_reports.values():
        text = report.article.text
        for m in re.finditer(re.escape(snippet), text):
            seen = True
            overlapping = [f for f in report.findings if f.start < m.end() and m.start() < f.end]
            assert not overlapping, f"{snippet!r} flagged: {[(f.rule, f.text) for f in overlapping]}"
    assert seen, f"{snippet!r} is not in the seeds"


def test_one_finding_per_problem(seed_reports):
    """A UI phrase is page residue: reported once, as boilerplate, not again as foreign words."""
    for name, report in seed_reports.items():
        residue = [f for f in report.findings if f.category == "boilerplate"]
        for f in report.findings:
            if f.category in ("mixed-language", "untranslated"):
                assert not any(b.start <= f.start and f.end <= b.end for b in residue), (name, f.text)
    foreign = [f for r in seed_reports.values() for f in r.findings if f.category == "mixed-language"]
    assert any("Volkskrant" in f.text for f in foreign)  # foreign words outside page residue stay
