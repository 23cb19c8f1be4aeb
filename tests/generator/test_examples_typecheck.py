"""A spec bump that breaks caller code shows the exact lines: `make regen` type-checks docs/examples."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.python_process import run_python

ROOT = Path(__file__).resolve().parent.parent.parent
BREAKING_ACTION = """
  - target: $.components.schemas.ChatCompletionResponse.properties.choices
    description: test only - a response field disappears in a spec bump
    remove: true
"""


def _mypy_examples(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(project / "generated")}
    return run_python("-m", "mypy", "--strict", "--no-incremental", "docs/examples", cwd=project, env=env)


def test_breaking_bump_is_reported_at_the_caller_lines(tmp_path: Path) -> None:
    for folder in ("specs", "generated", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    clean = _mypy_examples(tmp_path)
    assert clean.returncode == 0, clean.stdout

    overlay = tmp_path / "specs" / "oxen_hub_api.overlay.yaml"
    overlay.write_text(overlay.read_text() + BREAKING_ACTION)
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["generate", "oxen_hub"], catch_exceptions=False)
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 0, result.output
    broken = _mypy_examples(tmp_path)
    assert broken.returncode == 1
    lines = [line for line in broken.stdout.splitlines() if line.startswith("docs/examples/chat.py:")]
    assert lines, broken.stdout
    assert any('"ChatCompletionResponse" has no attribute "choices"' in line for line in lines), lines
