"""Compile the german-nouns table (Wiktionary-derived, CC BY-SA 4.0; the ``german-nouns`` package) into
``models/morph/de-nouns-wiktionary.npz``, the form the agreement rules read (audit.lexicon.morphology).

Parsing the package's 20 MB CSV took over a second at every start of ``mtaudit check``; the compiled
table loads in a few hundredths of a second. It holds two arrays:

- ``forms``: every form of the table (nouns, and the names the table lists), sorted, UTF-8, joined by
  newlines, as uint8;
- ``masks``: one uint32 per form: bit ``4 * case + number-gender`` for each reading
  (``audit.lexicon.morphology.MASK_CELLS``), ``UNSURE`` for a noun whose agreement the table cannot
  decide, ``NAME`` for a first name, surname or place name.

Uncompressed, so that loading is a read (the wheel compresses it). Deterministic: the same package
gives the same bytes. The entry in ``models/morph/metadata.json`` records its size, SHA-256, form
count, source package and version, and licence; the other entries there are kept.

    .venv/bin/python scripts/build_noun_table.py
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.lexicon.morphology import COMPILED_TABLE, form_masks, read_csv_table  # noqa: E402

OUT = ROOT / "models" / COMPILED_TABLE


def compile_table(csv_path: str | Path) -> bytes:
    """The .npz bytes of the compiled table for the german-nouns CSV at ``csv_path``."""
    masks = form_masks(*read_csv_table(csv_path))
    for form in masks:
        if not form or "\n" in form:
            raise SystemExit(f"{csv_path}: a form the compiled table cannot hold: {form!r}")
    arrays = {
        "forms": np.frombuffer("\n".join(masks).encode("utf-8"), dtype=np.uint8),
        "masks": np.fromiter(masks.values(), dtype=np.uint32, count=len(masks)),
    }
    # what np.savez writes, with a fixed timestamp on each entry (np.savez stamps the current time):
    # the same package gives the same bytes
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, array in arrays.items():
            entry = io.BytesIO()
            np.lib.format.write_array(entry, array, allow_pickle=False)
            archive.writestr(
                zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), entry.getvalue()
            )
    return buffer.getvalue()


def main() -> int:
    from german_nouns.config import CSV_FILE_PATH

    data = compile_table(CSV_FILE_PATH)
    OUT.write_bytes(data)
    with np.load(OUT) as table:
        forms = int(table["masks"].shape[0])
    meta_path = OUT.parent / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.setdefault("files", {})[OUT.name] = {
        "forms": forms,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "builder": "scripts/build_noun_table.py",
        "source": {
            "name": "german-nouns (Wiktionary-derived noun table, Gregor Weichbrodt)",
            "url": "https://github.com/gambolputty/german-nouns",
            "package": f"german-nouns=={version('german-nouns')}",
            "csv_sha256": hashlib.sha256(Path(CSV_FILE_PATH).read_bytes()).hexdigest(),
        },
        "licence": "CC BY-SA 4.0 (Wiktionary); the compiled table is shared under the same licence",
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {forms} forms, {len(data) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
