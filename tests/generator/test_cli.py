"""CLI behaviour and error output: every failure is a located, one-paragraph message with the right exit code.

Expected outputs live in tests/generator/cli_expected/; `UPDATE_SNAPSHOTS=1` (or `make snapshots`) rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import UsageError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXPECTED = HERE / "cli_expected"
BAD = "tests/fixtures/bad"

CASES = {
    "validate_hub_without_overlay": (["validate", "specs/oxen_hub_api.json"], 1),
    "validate_hub_with_overlay": (
        ["validate", "specs/oxen_hub_api.json", "--overlay", "specs/oxen_hub_api.overlay.yaml"],
        0,
    ),
    "validate_missing_file": (["validate", "specs/no_such_spec.json"], 2),
    "validate_yaml_syntax_error": (["validate", f"{BAD}/broken.yaml"], 2),
    "validate_swagger2": (["validate", f"{BAD}/swagger.json"], 1),
    "validate_not_openapi": (["validate", f"{BAD}/not_openapi.json"], 1),
    "validate_external_ref_refused": (["validate", f"{BAD}/external_ref.yaml"], 1),
    "validate_external_ref_bundled": (["validate", f"{BAD}/external_ref.yaml", "--allow-external-refs"], 0),
    "overlay_target_matches_nothing": (
        ["validate", "tests/fixtures/specs/params.yaml", "--overlay", f"{BAD}/stale.overlay.yaml"],
        1,
    ),
    "overlay_missing_file": (["validate", "tests/fixtures/specs/params.yaml", "--overlay", f"{BAD}/none.yaml"], 2),
    "generate_unknown_target": (["generate", "no_such_target"], 2),
    "generate_spec_without_package": (["generate", "--spec", "tests/fixtures/specs/params.yaml"], 2),
    "generate_invalid_spec": (
        ["generate", "--spec", "specs/oxen_hub_api.json", "--package", "hub", "--out", "/nonexistent-clientgen"],
        1,
    ),
    "generate_bad_package_name": (
        ["generate", "--spec", "tests/fixtures/specs/params.yaml", "--package", "json", "--out", "build"],
        2,
    ),
}


@pytest.fixture(autouse=True)
def _in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_output(case: str) -> None:
    args, code = CASES[case]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    output = result.output
    assert "Traceback" not in output
    assert result.exit_code == code, output
    expected_file = EXPECTED / f"{case}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        EXPECTED.mkdir(exist_ok=True)
        expected_file.write_text(output)
    assert expected_file.exists(), f"no expected output for {case}; run `make snapshots`"
    assert output == expected_file.read_text()


def test_hub_without_overlay_lists_31_located_problems() -> None:
    result = CliRunner().invoke(main, ["validate", "specs/oxen_hub_api.json"])
    problems = [line for line in result.output.splitlines() if line.startswith("/paths/")]
    assert len(problems) == 31
    assert all("[" in line and "]:" in line for line in problems)  # each names its operation
    assert result.output.rstrip().endswith("31 problems (OpenAPI 3.0.0)")


def test_every_expected_output_has_a_case() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.txt")) == sorted(CASES)


def test_debug_lets_the_error_through_for_its_traceback() -> None:
    # CliRunner records a SystemExit as the exception too, so the test names the error itself: without
    # --debug the failure ends in a one-paragraph message and exit status 2; with it, the UsageError comes
    # through (the console entry point prints its traceback, see test_entry.py).
    quiet = CliRunner().invoke(main, ["validate", "specs/no_such_spec.json"])
    assert isinstance(quiet.exception, SystemExit) and quiet.exit_code == 2
    assert "spec file not found" in quiet.output
    loud = CliRunner().invoke(main, ["--debug", "validate", "specs/no_such_spec.json"])
    assert isinstance(loud.exception, UsageError), loud.exception
    assert "spec file not found" in str(loud.exception)
