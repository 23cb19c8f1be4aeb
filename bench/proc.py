"""Run a child process with a timeout and report its wall time and peak memory (for the bench scripts)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finished:
    code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def run(
    cmd: list[str], *, timeout: float, cwd: Path, env: dict[str, str] | None = None
) -> Finished:
    # Flush the previous run's writes (and the deletion of its output) first, so that neither tool's time
    # includes the other's pending disk work.
    os.sync()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        deadline = started + timeout
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        process.returncode = code if code is not None else -9
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Finished(
            code=code,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_mb=usage.ru_maxrss
            / 1024.0,  # Linux reports KiB; wait4 covers the child's whole tree
        )
