"""Progress for long runs: a redrawn status line on a terminal, plain lines elsewhere (CI logs).

Small specs generate in about a second and print nothing extra; a run is "long" when the spec is large.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

LONG_RUN_BYTES = 2_000_000


class Progress:
    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self._started = time.perf_counter()
        self._last_draw = 0.0
        self._label = ""

    def stage(self, label: str) -> None:
        if not self.enabled:
            return
        self._label = label
        elapsed = time.perf_counter() - self._started
        if self.tty:
            self.stream.write(f"\r\033[K{label} ({elapsed:.1f} s)")
        else:
            self.stream.write(f"{label} ({elapsed:.1f} s)\n")
        self.stream.flush()

    def count(self, done: int, total: int) -> None:
        """Redraw `label done/total` on a terminal (at most ten times a second); plain runs stay quiet."""
        if not self.tty:
            return
        now = time.perf_counter()
        if now - self._last_draw < 0.1 and done < total:
            return
        self._last_draw = now
        self.stream.write(f"\r\033[K{self._label}: {done}/{total}")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


QUIET = Progress(False)
