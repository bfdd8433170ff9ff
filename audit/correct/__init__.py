"""Corrections: candidate suggestions for findings, and the engine that turns them into edits.

- ``edits``: ``Edit``, ``edits_from_findings`` (safe only, unless unsafe is asked for) and the
  deterministic choice among overlapping edits.
- ``apply``: applying edits, the fix loop (check, apply, re-check until stable) and the proposed
  correction of each sentence in a report.
- ``files``: reading files to fix and writing them back atomically, in their encoding and mode.

Nothing heavy is imported here.
"""

from __future__ import annotations
