"""The corpus of hostile specs (issue 14): one fixture per behaviour, its expected ending in a manifest.

Every `tests/fixtures/hostile/*.expect.toml` holds a table per fixture (the file of that stem beside it: a
spec, or a target `.toml`): `outcome = "generates"` (exit 0, and the package compiles, imports every module,
resolves every export, lists itself with `dir()` and has every model fully defined) or `"error"` with `exit` (1 or 2) and `pointer`, text the
output must hold (the JSON pointer or TOML key of the problem). `lenient = true` adds `--lenient`; `warns` is
text the output must hold as well. No run may print "unexpected" or a traceback.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.generated_package import assert_imports_whole

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SPEC_SUFFIXES = (".json", ".yaml", ".yml", ".toml")


def _cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    for manifest in sorted(HOSTILE.glob("*.expect.toml")):
        for stem, expected in tomllib.loads(manifest.read_text(encoding="utf-8")).items():
            assert stem not in cases, f"{stem} is in two manifests"
            cases[stem] = expected
    return cases


CASES = _cases()

def _fixture(stem: str) -> Path:
    found = [HOSTILE / f"{stem}{suffix}" for suffix in SPEC_SUFFIXES if (HOSTILE / f"{stem}{suffix}").exists()]
    assert len(found) == 1, f"{stem}: expected one fixture file, found {found}"
    return found[0]


def test_corpus_is_large_and_every_fixture_has_an_expectation() -> None:
    listed_elsewhere = {p.stem for p in HOSTILE.glob("*") if p.suffix in SPEC_SUFFIXES}
    listed_elsewhere -= {p.name.removesuffix(".toml") for p in HOSTILE.glob("*.expect.toml")}
    # Fixtures of the first classes have their own tests (test_hostile_characters/depth/files.py).
    own_tests = {p for p in listed_elsewhere if p.startswith(("characters_", "depth_", "files_"))}
    assert listed_elsewhere - own_tests <= set(CASES), "fixtures without an expectation"
    assert len(listed_elsewhere) >= 100


def _run(stem: str, expected: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
    fixture = _fixture(stem)
    lenient = ["--lenient"] if expected.get("lenient") else []
    if fixture.suffix != ".toml":
        args = ["generate", "--spec", str(fixture), "--package", "hostile", "--out", str(tmp_path / "out")]
        return CliRunner().invoke(main, [*args, *lenient]), tmp_path / "out", "hostile"
    # A target file: in a project of its own, with the spec it names where it names it.
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\n')
    specs = tmp_path / "specs"
    specs.mkdir()
    target = tomllib.loads(fixture.read_text(encoding="utf-8"))["target"]
    spec = (specs / target["spec"]).resolve()
    spec.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy((HOSTILE / target["spec"]).resolve(), spec)
    shutil.copy(fixture, specs / fixture.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", fixture.stem, *lenient])
    return result, tmp_path / target.get("output", "generated"), target["package"]


@pytest.mark.parametrize("stem", sorted(CASES))
def test_hostile_spec(stem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = CASES[stem]
    result, out, package = _run(stem, expected, tmp_path, monkeypatch)
    output = result.output
    assert "unexpected" not in output and "Traceback" not in output, output
    for text in (expected.get("pointer"), expected.get("warns")):
        assert text is None or text in output, f"{text!r} not in:\n{output}"
    if expected["outcome"] == "error":
        assert result.exit_code == expected["exit"], output
        assert not out.exists() or not any(out.iterdir()), "a failed run wrote files"
        return
    assert expected["outcome"] == "generates"
    assert result.exit_code == 0, output
    assert_imports_whole(out, package)
