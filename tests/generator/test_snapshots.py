"""Golden-tree tests: every fixture spec must generate exactly its committed snapshot (`make snapshots`)."""

from __future__ import annotations

import difflib
import io
import os
from pathlib import Path

import pytest

from tests.python_process import run_python
from tests.snapshots import (
    ROOT,
    SNAPSHOTS,
    fixture_names,
    fixture_target,
    generate_fixture,
    read_snapshot,
    snapshot_files,
)

NAMES = fixture_names()


def test_enough_fixtures() -> None:
    assert len(NAMES) >= 8, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_snapshot(name: str) -> None:
    expected = read_snapshot(name)
    actual = snapshot_files(generate_fixture(name))
    if actual == expected:
        return
    report = [f"snapshot {name} differs; review and run `make snapshots` if the change is intended"]
    for path in sorted(set(expected) | set(actual)):
        if path not in expected:
            report.append(f"new file: {path}")
        elif path not in actual:
            report.append(f"file no longer generated: {path}")
        elif expected[path] != actual[path]:
            report.extend(
                difflib.unified_diff(
                    expected[path].decode().splitlines(),
                    actual[path].decode().splitlines(),
                    f"snapshot/{name}/{path}",
                    f"generated/{name}/{path}",
                    lineterm="",
                    n=2,
                )
            )
    pytest.fail("\n".join(report[:200]), pytrace=False)


def test_fixture_packages_import_typecheck_and_lint(tmp_path: Path) -> None:
    """Every fixture's full package (runtime included) imports, and passes mypy --strict and ruff."""
    for name in NAMES:
        files = generate_fixture(name, tmp_path)
        for rel, data in files.items():
            path = tmp_path / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    imports = "; ".join(f"import {n}; {n}.{fixture_target(n, tmp_path).client_class}(base_url='http://x')" for n in NAMES)
    run = run_python("-c", imports, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    mypy = run_python(
        "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), *NAMES,
        cwd=tmp_path,
        timeout=600,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = run_python(
        "-m", "ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), *NAMES,
        cwd=tmp_path,
        timeout=120,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_hostile_strings_stay_inert(tmp_path: Path) -> None:
    """The hostile fixture's payloads appear only inside string literals, docstrings or comments."""
    import ast
    import tokenize

    for rel, data in snapshot_files(generate_fixture("hostile", tmp_path)).items():
        if not rel.endswith(".py"):
            continue
        source = data.decode()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = getattr(node, "module", None) or ""
                names = [a.name for a in node.names]
                assert "os" not in names and module != "os", f"{rel}: injected import {ast.unparse(node)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr != "system", f"{rel}: injected call {ast.unparse(node)}"
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.NAME:
                assert token.string != "pwned", f"{rel}:{token.start[0]} payload escaped its string"


def test_snapshots_directory_has_no_strays() -> None:
    assert sorted(p.name for p in SNAPSHOTS.iterdir() if p.is_dir()) == NAMES


def test_output_is_independent_of_hash_seed_and_cache() -> None:
    """A fresh process with another hash seed and no cache regenerates exactly the committed oxen_hub."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "CLIENTGEN_CACHE_DIR": "off"}
    run = run_python("-m", "generator", "check", "oxen_hub", cwd=ROOT, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
