"""Build the compact English -> German dictionary ``models/dict/en-de.tsv.gz`` from Ding (``trans-de-en``).

Ding (Frank Richter, TU Chemnitz, GPL-2+) is distributed by Debian as the package ``trans-de-en``: one
line per entry, ``German :: English``; `` | `` separates aligned sub-entries (the plural, derived forms,
examples), ``;`` separates synonyms, and annotations stand in brackets: ``{m}``/``{f}``/``{n}``/``{pl}``
(gender, plural), ``{adj}``, ``{adv}``, ``{vt}``..., ``[ugs.]`` (register, region, field), ``(...)``
(glosses), ``<...>`` (variant spellings), ``/.../`` (abbreviations).

Build time only (apt is needed here, never at run time): the package is fetched with ``apt-get download
trans-de-en`` and unpacked with ``dpkg-deb -x`` unless ``--deb``/``--source`` name it. The output keeps
what the untranslated-word fixes need: English headwords of at most three words without ``sb.``/``sth.``
placeholders (``to`` dropped from verbs), and for each the German equivalents without placeholders
(``jdm.``, ``etw.``), region or register marks (Austrian, Swiss, colloquial, archaic, vulgar...), at most
three words, with their part of speech. Equivalents are ranked by Ding's order (first sub-entry, first
synonym on either side) and German frequency (wordfreq Zipf), best first, at most ``--per-key``.

An English adjective also receives the German equivalents of its ``-ly`` adverb (German adverbs are
the uninflected adjective: ``defiantly`` -> ``trotzig`` serves ``defiant`` too), ranked after its own.

Output: ``english<TAB>german|pos<TAB>german|pos...`` per line, sorted by key, gzip with mtime=0 so
the build is reproducible; plus ``models/dict/metadata.json`` (source, version, licence, counts,
size, sha256).

Usage: ``.venv/bin/python scripts/build_bilingual.py [--deb trans-de-en_1.9-6_all.deb | --source FILE]``
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "models" / "dict"
OUT_FILE = OUT_DIR / "en-de.tsv.gz"
METADATA = OUT_DIR / "metadata.json"
DING_PATH_IN_DEB = "usr/share/trans/de-en"

# Marks on a German or English synonym that make it a poor default translation for news text.
EXCLUDED_MARKS = frozenset(
    [
        "Ös.",
        "Schw.",
        "Süddt.",
        "Norddt.",
        "Mitteldt.",
        "Westdt.",
        "Ostdt.",
        "Bayr.",
        "BW",
        "Lux.",
        "Südtirol",
        "Liechtenstein",
        "ugs.",
        "slang",
        "vulg.",
        "pej.",
        "veraltet",
        "selten",
        "obs.",
        "archaic",
        "rare",
        "dialect",
        "humor.",
        "Jugendsprache",
        "Sprw.",
        "prov.",
        "poet.",
        "Kinderspr.",
        "childspeak",
        "euphem.",
    ]
)
PLACEHOLDERS = re.compile(r"\b(?:jd[mns]?|etw|sb|sth|sth/sb|sb/sth|jds|so|o\.s|oneself)\.(?:\s|$)|…|\.\.\.")
GERMAN_POS = {
    "m": "m",
    "f": "f",
    "n": "n",
    "pl": "pl",
    "adj": "adj",
    "adv": "adv",
    "vt": "v",
    "vi": "v",
    "vr": "v",
    "v": "v",
}
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside brackets: ``"a {prp; +Gen.}; b"`` -> ``["a {prp; +Gen.}", " b"]``."""
    parts, depth, current = [], 0, []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _BRACKETS:
            depth += 1
        elif ch in _BRACKETS.values() and depth:
            depth -= 1
        if depth == 0 and text.startswith(sep, i):
            parts.append("".join(current))
            current = []
            i += len(sep)
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


_ANNOTATION = re.compile(r"\{([^}]*)\}|\[([^\]]*)\]|\(([^)]*)\)|<([^>]*)>|/[^/\s][^/]*/")


def clean(term: str) -> tuple[str, list[str], list[str]] | None:
    """A synonym without its annotations, its ``{...}`` tags and its ``[...]`` marks; None if empty."""
    tags: list[str] = []
    marks: list[str] = []
    for m in _ANNOTATION.finditer(term):
        if m.group(1) is not None:
            tags.extend(t.strip() for t in m.group(1).split(";"))
        elif m.group(2) is not None:
            marks.extend(t.strip() for t in m.group(2).split(";"))
    text = re.sub(r"\s+", " ", _ANNOTATION.sub(" ", term)).strip(" ,;")
    return (text, tags, marks) if text else None


def excluded(marks: list[str]) -> bool:
    return any(m in EXCLUDED_MARKS for m in marks)


def german_entry(term: str) -> tuple[str, str] | None:
    cleaned = clean(term)
    if cleaned is None:
        return None
    text, tags, marks = cleaned
    if excluded(marks) or PLACEHOLDERS.search(text) or len(text.split()) > 3:
        return None
    if not re.fullmatch(r"[^\W\d_][\w\-' .]*", text) or text.endswith("-"):
        return None
    pos = next((GERMAN_POS[t] for t in tags if t in GERMAN_POS), "")
    return text, pos


def english_keys(term: str) -> list[tuple[str, bool]]:
    """Lower-cased English headwords of one synonym and whether it is a verb (``to go`` -> ``go``)."""
    cleaned = clean(term)
    if cleaned is None:
        return []
    text, _, marks = cleaned
    if excluded(marks) or PLACEHOLDERS.search(text):
        return []
    verb = text.startswith("to ")
    if verb:
        text = text[3:]
    text = text.lower()
    if len(text.split()) > 3 or not re.fullmatch(r"[a-z][a-z\-' ]*", text) or text.endswith("-"):
        return []
    return [(text, verb)]


def parse(lines) -> dict[str, dict[tuple[str, str], float]]:
    """English key -> {(German, pos): best rank penalty} (lower is better)."""
    table: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for line in lines:
        if line.startswith("#") or " :: " not in line:
            continue
        german_side, english_side = line.rstrip("\n").split(" :: ", 1)
        de_subs = split_top(german_side, " | ")
        en_subs = split_top(english_side, " | ")
        if len(de_subs) != len(en_subs):
            de_subs, en_subs = de_subs[:1], en_subs[:1]
        for sub_index, (de_sub, en_sub) in enumerate(zip(de_subs, en_subs, strict=True)):
            germans = [german_entry(t) for t in split_top(de_sub, ";")]
            # "kämpferisch; streitlustig {adj}": a word-class tag at the end covers the whole list
            last_pos = germans[-1][1] if germans and germans[-1] else ""
            if last_pos in ("adj", "adv", "v"):
                germans = [(g[0], g[1] or last_pos) if g else None for g in germans]
            en_terms = split_top(en_sub, ";")
            # A line that pairs many German with many English synonyms is loose ("angriffslustig;
            # schwierig; ... :: awkward; defiant; truculent"): a 1:1 entry is the surer translation.
            looseness = 0.2 * min(len(en_terms) - 1, 4) + 0.1 * min(len(germans) - 1, 6)
            for en_index, en_term in enumerate(en_terms):
                for key, verb in english_keys(en_term):
                    for de_index, entry in enumerate(germans):
                        if entry is None:
                            continue
                        german, pos = entry
                        if verb and pos not in ("v", ""):
                            continue
                        penalty = (
                            0.25 * min(de_index, 6)
                            + 0.5 * min(en_index, 3)
                            + 0.3 * min(sub_index, 1)
                            + looseness
                        )
                        old = table[key].get((german, pos))
                        if old is None or penalty < old:
                            table[key][(german, pos)] = penalty
    return table


def rank(table, per_key: int, min_zipf_en: float, min_zipf_phrase: float) -> dict[str, list[tuple[str, str]]]:
    from wordfreq import zipf_frequency

    # Adjectives take the German adverbs of their -ly adverb ("defiantly" -> "trotzig" for "defiant"),
    # a little behind their own equivalents of the same standing.
    for key in [k for k in table if k.endswith("ly")]:
        base = table.get(key[:-2])
        if base is None:
            continue
        for (german, pos), penalty in table[key].items():
            if pos == "adv" and german.islower() and " " not in german:
                old = base.get((german, "adj"))
                base[(german, "adj")] = min(old, penalty + 0.5) if old is not None else penalty + 0.5
    out: dict[str, list[tuple[str, str]]] = {}
    for key, entries in table.items():
        words = key.split()
        floor = min_zipf_en if len(words) == 1 else min_zipf_phrase
        if min(zipf_frequency(w, "en") for w in words) < floor:
            continue
        scored = []
        for (german, pos), penalty in entries.items():
            zipf = zipf_frequency(german, "de")
            multiword = len(german.split()) > 1
            scored.append((penalty - 0.5 * zipf + (1.0 if multiword else 0.0), german, pos))
        scored.sort()
        out[key] = [(g, p) for _, g, p in scored[:per_key]]
    return out


def fetch_deb(workdir: Path) -> Path:
    subprocess.run(["apt-get", "download", "trans-de-en"], cwd=workdir, check=True)
    return next(workdir.glob("trans-de-en_*.deb"))


def extract(deb: Path, workdir: Path) -> Path:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir / "x")], check=True)
    return workdir / "x" / DING_PATH_IN_DEB


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deb", type=Path, help="trans-de-en .deb (default: apt-get download)")
    parser.add_argument("--source", type=Path, help="the unpacked Ding file (usr/share/trans/de-en)")
    parser.add_argument("--per-key", type=int, default=8)
    parser.add_argument("--min-zipf-en", type=float, default=1.5, help="drop rare English headwords")
    parser.add_argument(
        "--min-zipf-phrase", type=float, default=3.5, help="drop phrases with a word rarer than this"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        deb = args.deb
        source = args.source
        if source is None:
            deb = deb or fetch_deb(workdir)
            source = extract(deb.resolve(), workdir)
        text = source.read_text(encoding="utf-8")
        version = next((ln.split("::", 1)[1].strip() for ln in text.splitlines()[:5] if "Version" in ln), "?")
        table = rank(parse(text.splitlines()), args.per_key, args.min_zipf_en, args.min_zipf_phrase)
        deb_name = deb.name if deb else None
        deb_sha = sha256(deb) if deb else None
        source_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
        for key in sorted(table):
            cells = "\t".join(f"{g}|{p}" for g, p in table[key])
            gz.write(f"{key}\t{cells}\n".encode())
    tmp_out = OUT_FILE.with_suffix(".tmp")
    tmp_out.write_bytes(buffer.getvalue())
    tmp_out.replace(OUT_FILE)
    metadata = {
        "file": OUT_FILE.name,
        "description": "English headword -> German equivalents (best first), from Ding via Debian trans-de-en",
        "format": "english<TAB>german|pos<TAB>...; pos: m f n pl adj adv v or empty; gzip mtime=0",
        "builder": "scripts/build_bilingual.py",
        "source": {
            "name": "Ding German-English dictionary (Frank Richter, TU Chemnitz)",
            "url": "https://dict.tu-chemnitz.de/ (Debian package trans-de-en)",
            "debian_package": deb_name,
            "debian_package_sha256": deb_sha,
            "ding_version": version,
            "ding_file_sha256": source_sha,
        },
        "licence": "GPL-2.0-or-later (Ding; see models/dict/README.md)",
        "options": {
            "per_key": args.per_key,
            "min_zipf_en": args.min_zipf_en,
            "min_zipf_phrase": args.min_zipf_phrase,
        },
        "entries": len(table),
        "pairs": sum(len(v) for v in table.values()),
        "bytes": OUT_FILE.stat().st_size,
        "sha256": sha256(OUT_FILE),
    }
    METADATA.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{OUT_FILE}: {metadata['entries']} headwords, {metadata['pairs']} pairs, {metadata['bytes']} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
