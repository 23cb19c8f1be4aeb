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

    def stage(self, label: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self._started
            line = f"{label} ({elapsed:.1f} s)"
            self.stream.write(f"\r\033[K{line}" if self.tty else f"{line}\n")
            self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


QUIET = Progress(False)
