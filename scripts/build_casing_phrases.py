"""Build casing_capitalised_phrases.tsv: capitalised adjective + noun pairs that German writes capitalised.

Set phrases and names keep a capitalised adjective mid-sentence ("des Kalten Krieges", "der Vereinigten
Staaten", "der Russischen Föderation"). This script counts, on the TRAIN split of ../shared/corpus, every
mid-sentence capitalised word with an adjective ending followed by a capitalised word, and keeps the pairs
seen at least twice, keyed by the adjective's stem and the noun's stem so that inflected variants match.

    .venv/bin/python scripts/build_casing_phrases.py   (about two minutes)

(It imports scripts/corpus.py for the one definition of the split.)
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from corpus import iter_corpus  # noqa: E402

from audit.rules.casing import adjective_stem, noun_key  # noqa: E402

# A lower-case word (or comma) then a capitalised word with an adjective ending, then a capitalised word.
PAIR_RE = re.compile(
    r"(?<=[a-zäöüß,] )(?:[A-ZÄÖÜ][\w]*-)?([A-ZÄÖÜ][a-zäöüß]+(?:e|en|er|es|em)) ([A-ZÄÖÜ][\w-]*[a-zäöüß])"
)


def main() -> None:
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    for _, line in iter_corpus("train"):
        for m in PAIR_RE.finditer(line):
            pairs[adjective_stem(m.group(1)), noun_key(m.group(2))] += 1
    out = Path(__file__).with_name("casing_capitalised_phrases.tsv")
    kept = sorted((k for k, c in pairs.items() if c >= 2), key=lambda k: (k[0], k[1]))
    with out.open("w", encoding="utf-8") as handle:
        handle.write(
            "# Capitalised adjective stem <TAB> noun key: set phrases and names seen mid-sentence at least twice\n"
            "# in the train split of ../shared/corpus (Wikipedia CC BY-SA 4.0, Bundestag protocols, federal laws,\n"
            "# Klexikon CC BY-SA). Built by scripts/build_casing_phrases.py.\n"
        )
        for adj, noun in kept:
            handle.write(f"{adj}\t{noun}\n")
    print(f"{len(pairs)} pairs, {len(kept)} kept -> {out}")


if __name__ == "__main__":
    main()
