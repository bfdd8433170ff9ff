"""Configuration files: discovery, validation, precedence, `mtaudit config`, and the accept/reject lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audit.cli import cli
from audit.config import DEFAULTS, find_config, load_settings, path_filter
from audit.errors import UsageError
from audit.policy import Policy
from audit.terms import Term, parse_terms

MAJOR = "Der Minister sprach über das Сosmodrom in Russland.\n"  # Cyrillic С: mixed-script-word, major
MINOR = "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen .\n"  # space-before-punctuation
UNTRANSLATED = "Kim bleibt defiant gegenüber dem Westen.\n"  # untranslated-word "defiant"


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- discovery ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files, found",
    [
        ({".mtaudit.toml": ""}, ".mtaudit.toml"),
        ({"pyproject.toml": "[tool.mtaudit]\n"}, "pyproject.toml"),
        ({"pyproject.toml": "[tool.ruff]\n"}, None),  # a pyproject.toml without [tool.mtaudit] is skipped
        ({".mtaudit.toml": "", "pyproject.toml": "[tool.mtaudit]\n"}, ".mtaudit.toml"),  # same folder
        ({"a/.mtaudit.toml": "", ".mtaudit.toml": ""}, "a/.mtaudit.toml"),  # the nearest wins
        ({"a/pyproject.toml": "[tool.ruff]\n", ".mtaudit.toml": ""}, ".mtaudit.toml"),  # goes on upwards
        ({"other/.mtaudit.toml": ""}, None),  # only the inputs' folder and its parents count
    ],
)
def test_discovery_walks_up_from_the_input(tmp_path, files, found):
    for name, text in files.items():
        write(tmp_path / name, text)
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    got = find_config(start)
    if found is None:
        assert got is None or not got.is_relative_to(tmp_path)
    else:
        assert got == tmp_path / found


def test_config_from_several_inputs_is_found_from_their_common_folder(tmp_path):
    write(tmp_path / ".mtaudit.toml", 'ignore = ["encoding"]\n')
    a = write(tmp_path / "x" / "a.txt", MAJOR)
    b = write(tmp_path / "y" / "b.txt", MAJOR)
    assert run(["check", str(a), str(b), "--lm", "none"]).exit_code == 0
    assert run(["check", str(a), str(b), "--lm", "none", "--no-config"]).exit_code == 1


# -- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "toml, message",
    [
        ("selct = []\n", "unknown key 'selct'"),
        ("fail_on = 'minor'\n", "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ("select = 'casing'\n", "select: expected a list of strings"),
        ("ignore = ['no-such-rule']\n", "ignore: unknown rule or category 'no-such-rule'"),
        ("fail-on = 'sometimes'\n", "fail-on: expected one of minor, major, critical, never"),
        ("min-score = 120\n", "min-score: expected a number from 0 to 100"),
        ("min-score = true\n", "min-score: expected a number from 0 to 100"),
        ("severity = { casing = 'fatal' }\n", "severity.casing: expected one of minor, major, critical"),
        ("severity = { nonsense = 'minor' }\n", "severity: unknown rule or category 'nonsense'"),
        ("accept = ['']\n", "accept: empty term"),
        ("accept = [1, 2]\n", "accept: expected a list of strings"),
        ("reject = { Kiew = 3 }\n", "reject: a table maps each term"),
        ("accept = ['Kiew']\nreject = ['(?i)kiew']\n", "reject: '(?i)kiew' is on the accept list too"),
        ("exclude = 'drafts'\n", "exclude: expected a list of strings"),
        ("format = 'yaml'\n", "format: expected one of text, json"),
        ("lm = 4\n", "lm: expected a string"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_key(tmp_path, toml, message):
    config = write(tmp_path / ".mtaudit.toml", toml)
    article = write(tmp_path / "a.txt", MAJOR)
    result = run(["check", str(article), "--lm", "none"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(config) in lines[0] and message in lines[0], lines
    assert "Traceback" not in result.output


def test_bad_pyproject_table_names_the_table(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.mtaudit]\nfail-on = 3\n")
    with pytest.raises(UsageError, match=r"pyproject.toml: \[tool.mtaudit\] fail-on"):
        load_settings([str(tmp_path)])


# -- precedence: command line > file > defaults --------------------------------------------------------


def test_precedence_and_sources(tmp_path):
    config = write(tmp_path / ".mtaudit.toml", 'fail-on = "minor"\nmin-score = 90\nignore = ["casing"]\n')
    settings = load_settings([str(tmp_path)], cli={"fail-on": "critical", "select": [], "lm": None})
    assert settings["fail-on"] == "critical" and settings.sources["fail-on"] == "command line"
    assert settings["min-score"] == 90.0 and settings.sources["min-score"] == str(config)
    assert settings["ignore"] == ["casing"] and settings.sources["ignore"] == str(config)
    assert settings["lm"] == DEFAULTS["lm"] and settings.sources["lm"] == "default"
    assert load_settings([str(tmp_path)], no_config=True).sources["fail-on"] == "default"


@pytest.mark.parametrize(
    "toml, text, args, code",
    [
        ('fail-on = "minor"\n', MINOR, [], 1),  # the file lowers the threshold
        ('fail-on = "minor"\n', MINOR, ["--fail-on", "major"], 0),  # the command line wins
        ('fail-on = "minor"\n', MINOR, ["--no-config"], 0),  # defaults only
        ('ignore = ["encoding"]\n', MAJOR, [], 0),
        ('ignore = ["encoding"]\n', MAJOR, ["--ignore", "casing"], 1),  # --ignore replaces the file's
        ('select = ["typography"]\n', MAJOR, [], 0),
        ('severity = { encoding = "minor" }\n', MAJOR, [], 0),  # a category's severity
        ('severity = { encoding = "critical", mixed-script-word = "minor" }\n', MAJOR, [], 0),  # rule wins
        ('severity = { mixed-script-word = "critical" }\n', MAJOR, ["--fail-on", "critical"], 1),
        ("min-score = 99.5\n", MINOR, [], 1),
        ('format = "jsonl"\n', MAJOR, ["--fail-on", "never"], 0),
    ],
)
def test_configuration_changes_the_run(tmp_path, toml, text, args, code):
    write(tmp_path / ".mtaudit.toml", toml)
    article = write(tmp_path / "a.txt", text)
    result = run(["check", str(article), "--lm", "none", *args])
    assert result.exit_code == code, result.output


def test_format_from_config_and_explicit_config_file(tmp_path):
    config = write(tmp_path / "conf" / "team.toml", 'format = "jsonl"\nseverity = { encoding = "minor" }\n')
    article = write(tmp_path / "a.txt", MAJOR)
    result = run(["check", str(article), "--lm", "none", "--config", str(config)])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert [f["severity"] for f in record["findings"]] == ["minor"]
    both = run(["check", str(article), "--config", str(config), "--no-config"])
    assert both.exit_code == 2 and "do not go together" in both.stderr


def test_lm_path_in_config_is_relative_to_the_config_file(tmp_path):
    model = write(tmp_path / "models" / "x.arpa", "")
    write(tmp_path / ".mtaudit.toml", 'lm = "models/x.arpa"\n')
    assert load_settings([str(tmp_path)])["lm"] == str(model)
    write(tmp_path / ".mtaudit.toml", 'lm = "none"\n')
    assert load_settings([str(tmp_path)])["lm"] == "none"


# -- include / exclude ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "include, exclude, path, wanted",
    [
        ([], ["drafts"], "drafts/a.md", False),
        ([], ["drafts"], "news/drafts/a.md", False),  # a name without / matches at any depth
        ([], ["drafts"], "news/a.md", True),
        ([], ["/drafts"], "news/drafts/a.md", True),  # anchored at the config file's folder
        ([], ["*.txt"], "news/a.txt", False),
        ([], ["news/**/old-*.md"], "news/2024/03/old-a.md", False),
        ([], ["news/**/old-*.md"], "news/2024/new-a.md", True),
        (["news/**"], [], "news/a.md", True),
        (["news/**"], [], "blog/a.md", False),
        (["*.md"], ["drafts"], "drafts/a.md", False),  # exclude wins
    ],
)
def test_path_globs(tmp_path, include, exclude, path, wanted):
    write(tmp_path / ".mtaudit.toml", f"include = {json.dumps(include)}\nexclude = {json.dumps(exclude)}\n")
    predicate = path_filter(load_settings([str(tmp_path)]))
    assert predicate(str(tmp_path / path)) is wanted


def test_excluded_files_are_not_audited(tmp_path):
    write(tmp_path / ".mtaudit.toml", 'exclude = ["drafts"]\n')
    write(tmp_path / "news" / "a.txt", UNTRANSLATED)
    draft = write(tmp_path / "drafts" / "b.txt", MAJOR)
    result = run(["check", str(tmp_path), "--lm", "none", "--format", "jsonl", "--fail-on", "never"])
    assert [Path(json.loads(line)["id"]).name for line in result.stdout.splitlines()] == ["a.txt"]
    explicit = run(["check", str(draft), "--lm", "none", "--format", "jsonl"])  # pre-commit names files
    assert explicit.exit_code == 0 and explicit.stdout == ""
    assert f"mtaudit: warning: {draft}: excluded by the configuration" in explicit.stderr


# -- `mtaudit config` ------------------------------------------------------------------------------------


def test_config_command_shows_values_and_their_sources(tmp_path):
    config = write(tmp_path / "pyproject.toml", '[tool.mtaudit]\nfail-on = "minor"\naccept = ["Nixey"]\n')
    result = run(["config", str(tmp_path), "--min-score", "80", "--format", "json"])
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["file"] == str(config)
    settings = shown["settings"]
    assert settings["fail-on"] == {"value": "minor", "source": str(config)}
    assert settings["accept"] == {"value": ["Nixey"], "source": str(config)}
    assert settings["min-score"] == {"value": 80.0, "source": "command line"}
    assert settings["format"] == {"value": "text", "source": "default"}
    assert set(settings) == set(DEFAULTS)

    text = run(["config", str(tmp_path)]).stdout
    assert f"# configuration file: {config}" in text
    assert any(
        line.startswith("fail-on") and '"minor"' in line and str(config) in line for line in text.splitlines()
    )
    assert any(line.startswith("lm") and line.endswith("# default") for line in text.splitlines())


def test_config_command_errors(tmp_path):
    missing = run(["config", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such file or directory" in missing.stderr
    unknown = run(["config", str(tmp_path), "--select", "untranslated,bogus"])
    assert unknown.exit_code == 2 and "unknown rule or category 'bogus'" in unknown.stderr
    write(tmp_path / ".mtaudit.toml", "bogus = 1\n")
    bad = run(["config", str(tmp_path)])
    assert bad.exit_code == 2 and "unknown key 'bogus'" in bad.stderr


# -- accept list ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, text, rule, kept",
    [
        ([], UNTRANSLATED, "untranslated-word", True),
        (["defiant"], UNTRANSLATED, "untranslated-word", False),  # equal to the finding
        (["Defiant"], UNTRANSLATED, "untranslated-word", True),  # case-sensitive by default
        (["(?i)Defiant"], UNTRANSLATED, "untranslated-word", False),  # (?i): any case
        (["bleibt defiant"], UNTRANSLATED, "untranslated-word", False),  # the finding lies inside it
        (["defian"], UNTRANSLATED, "untranslated-word", True),  # no partial words
        (["defiant gegenüber Russland"], UNTRANSLATED, "untranslated-word", True),  # not in the text
        (
            ["Nordkorea"],
            "Nordkorea Nordkorea feuerte zwei Raketen ab.\n",
            "repeated-word",
            True,
        ),  # wider finding
        (["Сosmodrom"], MAJOR, "mixed-script-word", False),
        (["Cosmodrom"], MAJOR, "mixed-script-word", True),  # Latin C: not the same term
    ],
)
def test_accept_list(auditor, accept, text, rule, kept):
    policy = Policy(accept=parse_terms(accept))
    found = [f for f in policy.apply(*_raw(auditor, text)) if f.rule == rule]
    assert bool(found) is kept
    assert policy.dropped["accepted"] == (0 if kept else 1)


def _raw(auditor, text):
    """The findings of the rules alone (before any policy), as the Auditor hands them on."""
    from audit.auditor import _dedupe
    from audit.rules import make_context
    from audit.segment import make_article

    article = make_article(text, id="t")
    ctx = make_context(article, auditor.lexicon)
    return article, _dedupe([f for rule in auditor.rules for f in rule.check(ctx)])


def test_accept_list_from_config_file_through_the_cli(tmp_path):
    article = write(tmp_path / "a.txt", "Er sagte nur spasibo und ging.\n" + UNTRANSLATED)
    before = json.loads(run(["check", str(article), "--lm", "none", "--format", "json"]).stdout)
    assert {f["text"] for f in before["articles"][0]["findings"]} >= {"spasibo", "defiant"}
    write(tmp_path / ".mtaudit.toml", 'accept = ["spasibo", "(?i)DEFIANT"]\n')
    result = run(["check", str(article), "--lm", "none", "--format", "json"])
    after = json.loads(result.stdout)
    assert not {"spasibo", "defiant"} & {f["text"] for f in after["articles"][0]["findings"]}
    assert after["summary"]["suppressed"]["accepted"] == 2
    assert after["articles"][0]["score"] > before["articles"][0]["score"]  # accepted findings do not count
    assert "|policy:" in after["tool"]["signature"]


# -- reject list --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reject, text, found",
    [
        (
            {"Wostochny": "Wostotschny"},
            "Das Treffen fand in Wostochny statt.",
            [("Wostochny", "Wostotschny")],
        ),
        ({"Wostochny": "Wostotschny"}, "Das Treffen fand in Wostochnyj statt.", []),  # whole words only
        ({"Wostochny": "Wostotschny"}, "Das Treffen fand in wostochny statt.", []),  # case-sensitive
        ({"(?i)wostochny": None}, "In WOSTOCHNY und Wostochny.", [("WOSTOCHNY", None), ("Wostochny", None)]),
        (
            {"Corona-Virus": "Coronavirus"},
            "Das Corona-Virus breitet sich aus.",
            [("Corona-Virus", "Coronavirus")],
        ),
        # a replacement that contains its term: the written-out replacement is not flagged again
        (
            {"Putin": "Wladimir Putin"},
            "Wladimir Putin kam, Putin ging.",
            [("Putin", "Wladimir Putin")],
        ),
        ({"(?i)putin": "Wladimir Putin"}, "WLADIMIR PUTIN kam.", []),
    ],
)
def test_rejected_terms(reject, text, found):
    from audit import Auditor

    terms = {Term.parse(term): replacement for term, replacement in reject.items()}
    report = Auditor(select=["rejected-term"], lm="none", policy=Policy(reject=terms)).check(text)
    got = [(f.text, f.suggestions[0] if f.suggestions else None) for f in report.findings]
    assert got == found
    assert all(f.category == "inconsistency" and f.severity == "major" for f in report.findings)


def test_rejected_term_from_config_through_the_cli(tmp_path):
    write(tmp_path / ".mtaudit.toml", '[reject]\n"Kiew" = "Kyjiw"\n')
    article = write(tmp_path / "a.txt", "Der Präsident reiste am Montag nach Kiew.\n")
    result = run(["check", str(article), "--lm", "none", "--format", "json"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["articles"][0]["findings"]
    assert (finding["rule"], finding["text"], finding["suggestions"]) == ("rejected-term", "Kiew", ["Kyjiw"])
    assert run(["check", str(article), "--lm", "none", "--no-config"]).exit_code == 0


def test_fix_does_not_repeat_a_replacement_that_contains_its_term(tmp_path):
    write(tmp_path / ".mtaudit.toml", '[reject]\n"Putin" = "Wladimir Putin"\n')
    article = write(tmp_path / "a.txt", "Putin kam. Wladimir Putin ging.\n")
    assert run(["fix", str(article), "--write", "--unsafe", "--lm", "none"]).exit_code == 0
    assert article.read_text(encoding="utf-8") == "Wladimir Putin kam. Wladimir Putin ging.\n"
    assert run(["fix", str(article), "--unsafe", "--lm", "none"]).exit_code == 0  # nothing more to do
