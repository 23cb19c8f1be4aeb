"""The console entry point (`python -m generator`, `clientgen`): exit codes and output intact."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.python_process import run_python

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "specs" / "enums.yaml"


def _run(*args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(cache) if cache else "off"}
    return run_python("-m", "generator", *args, cwd=ROOT, env=env)


def test_generate_prints_its_summary_and_exits_zero(tmp_path: Path) -> None:
    args = ("generate", "--spec", str(FIXTURE), "--package", "enums", "--out", str(tmp_path))
    cold = _run(*args, cache=tmp_path / "cache")
    assert cold.returncode == 0, cold.stderr
    assert "enums: " in cold.stdout and "files written to" in cold.stdout
    # A second run finds every input cached and runs no stage; same files either way.
    first = (tmp_path / "enums" / "_manifest.json").read_bytes()
    warm = _run(*args, cache=tmp_path / "cache")
    assert warm.returncode == 0, warm.stderr
    assert (tmp_path / "enums" / "_manifest.json").read_bytes() == first


def test_errors_keep_their_exit_code_and_message(tmp_path: Path) -> None:
    done = _run("generate", "--spec", str(tmp_path / "missing.json"), "--package", "x", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "spec file not found" in done.stderr and "Traceback" not in done.stderr
    assert _run("generate", "no_such_target").returncode == 2


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = _run("--debug", "generate", "--spec", str(tmp_path / "missing.json"), "--package", "x", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "UsageError" in done.stderr


def test_commands_without_the_pipeline(tmp_path: Path) -> None:
    helped = _run("--help")
    assert helped.returncode == 0 and "generate" in helped.stdout
    invalid = _run("validate", str(ROOT / "specs" / "oxen_hub_api.json"))
    assert invalid.returncode == 1
    assert invalid.stdout.count("\n") + invalid.stderr.count("\n") > 30  # every problem, all flushed
