"""A progress bar on standard error, for people watching a long run in a terminal.

It stays silent unless its stream is a terminal, and appears only once a run has taken ``delay``
seconds with inputs still to go (a long JSONL file counts its records as they go by), so quick runs,
pipes, files and CI logs never see it. It writes only
to its own stream (standard error), never into a report, and erases itself when done.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = 1.0,
        clock=time.monotonic,
    ):
        """``total``: the number of inputs (files); ``enabled``: None decides by ``stream.isatty()``."""
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.total = total
        self.done = 0
        self.articles = 0
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.last_draw = 0.0
        self.drawn = False

    def advance(self, inputs: int = 0, articles: int = 0, label: str = "") -> None:
        self.done += inputs
        self.articles += articles
        if not self.enabled or self.done >= self.total:  # nothing left to wait for: no bar
            return
        now = self.clock()
        if now - self.started < self.delay or (self.drawn and now - self.last_draw < 0.1):
            return
        self.last_draw, self.drawn = now, True
        self.stream.write("\r" + self.line(label) + "\x1b[K")
        self.stream.flush()

    def line(self, label: str = "") -> str:
        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        share = self.done / self.total if self.total else 1.0
        bar_width = 24
        filled = int(round(share * bar_width))
        bar = "█" * filled + "░" * (bar_width - filled)
        elapsed = self.clock() - self.started
        eta = ""
        if 0 < self.done < self.total:
            eta = f" ~{elapsed / self.done * (self.total - self.done):.0f}s left"
        text = f"{bar} {self.done}/{self.total} inputs, {self.articles} articles{eta}"
        if label:
            text += f"  {label}"
        return text[:width]

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
