"""Build grammar_rarely_bare_nouns.txt: nouns that German seldom uses without a determiner.

A demonstrative or indefinite pronoun may stand right before a bare noun phrase ("weil das Zeit
kostet", "dass jeder Hilfe braucht"), so article-noun-agreement trusts a determiner after a verb only
when the noun is one that is seldom bare (Abzug, Schuldspruch). This script counts, on the TRAIN split
of ../shared/corpus, how often each capitalised word follows a lower-case word that is no determiner,
contraction or inflected adjective ("bare"), against how often it follows a determiner, and keeps the
words seen at least 20 times with a bare share under 3%. Bare after a preposition or conjunction
("nach Abzug", "Aufbau und Abzug") says nothing about pronouns and is not counted.

    .venv/bin/python scripts/build_grammar_bare_nouns.py   (about a minute)

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

from audit.rules.grammar import PREPOSITIONS, determiner  # noqa: E402

PAIR_RE = re.compile(r"(?<![\w-])([a-zäöüß]+) (?=([A-ZÄÖÜ][a-zäöüß]+)\b(?!-))")
CONTRACTIONS = frozenset({"am", "im", "zum", "zur", "beim", "vom", "ins", "ans", "aufs", "übers", "fürs"})
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# After these a bare noun says nothing about pronouns ("nach Abzug", "Aufbau und Abzug"): not counted.
NEUTRAL = PREPOSITIONS | {"und", "oder", "sowie", "als", "wie", "bzw", "aber", "sondern", "noch", "sowohl"}


def main() -> None:
    bare: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    for _, line in iter_corpus("train"):
        for m in PAIR_RE.finditer(line):
            prev, noun = m.group(1), m.group(2)
            if prev in CONTRACTIONS or determiner(prev) is not None:
                total[noun] += 1
            elif prev not in NEUTRAL and not prev.endswith(ADJECTIVE_ENDINGS):
                total[noun] += 1
                bare[noun] += 1
    kept = sorted(w for w, n in total.items() if n >= 20 and bare[w] < 0.03 * n)
    out = Path(__file__).with_name("grammar_rarely_bare_nouns.txt")
    with out.open("w", encoding="utf-8") as handle:
        handle.write(
            "# Capitalised words seldom used without a determiner (bare share < 3%, seen >= 20 times) in the\n"
            "# train split of ../shared/corpus (Wikipedia CC BY-SA 4.0, Bundestag protocols, federal laws,\n"
            "# Klexikon CC BY-SA). Built by scripts/build_grammar_bare_nouns.py.\n"
        )
        for word in kept:
            handle.write(word + "\n")
    print(f"{len(total)} words, {len(kept)} kept -> {out}")


if __name__ == "__main__":
    main()
