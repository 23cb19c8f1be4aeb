"""Run this interpreter in a child process, as the tests that check whole commands and imports do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_python(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python ARGS` with the interpreter running the tests, its output captured as text."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
