"""How many articles reach each process-wide table: what decides whether a table belongs in
``audit.auditor.PRELOAD`` (loaded before ``--jobs`` forks, shared by the workers) or is better left
to the worker that needs it (no load at all where no article reaches it).

Each article is audited in a child forked after ``Auditor()`` (nothing preloaded), which reports the
tables it loaded: the module's cached no-argument functions (as tests/test_parallel.py finds them),
langdetect's profiles and the wordfreq lists asked for.

    .venv/bin/python scripts/preload_reach.py FILE_OR_FOLDER...
"""

from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(paths: list[str]) -> int:
    import wordfreq

    from audit.auditor import Auditor
    from audit.ingest import read_inputs
    from tests.test_parallel import _process_tables

    asked: set[str] = set()
    for name in ("zipf_frequency", "top_n_list", "get_frequency_dict"):
        real = getattr(wordfreq, name)

        def spy(word_or_lang, *args, _real=real, _name=name, **kwargs):
            lang = args[0] if _name == "zipf_frequency" else word_or_lang
            asked.add(f"wordfreq {_name} {lang}")
            return _real(word_or_lang, *args, **kwargs)

        setattr(wordfreq, name, spy)

    auditor = Auditor()
    before = _process_tables()
    articles = [a for a in read_inputs(paths) if not isinstance(a, Exception)]
    counts: collections.Counter = collections.Counter()
    for article in articles:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            auditor.check_article(article)
            after = _process_tables()
            reached = [name for name in after if after[name] and not before.get(name)]
            from langdetect import detector_factory

            if detector_factory._factory is not None:
                reached.append("langdetect profiles")
            os.write(write, json.dumps(reached + sorted(asked)).encode())
            os._exit(0)
        os.close(write)
        data = b""
        while chunk := os.read(read, 65536):
            data += chunk
        os.close(read)
        os.waitpid(pid, 0)
        counts.update(json.loads(data))
    print(f"{len(articles)} articles; articles that reach each table:")
    for name, n in counts.most_common():
        print(f"{n:6d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
