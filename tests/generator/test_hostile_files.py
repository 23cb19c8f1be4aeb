"""Hostile output folders, package names and interrupted runs (issue 14, class "Files").

Every case ends in a located usage error (exit 2) naming the path, the option or the target file's key, or in a
package that imports; no run leaves a temporary file or folder behind, and the package gets the permissions
`mkdir` and `open` give under the user's umask.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator import write
from generator.atomic import write_atomic
from generator.cli import main
from generator.config import RUNTIME_DEPENDENCY_MODULES
from tests.generated_package import assert_imports_whole

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SPEC = ROOT / "tests" / "fixtures" / "specs" / "enums.yaml"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")


def _generate(out: Path, package: str = "enums") -> Result:
    args = ["generate", "--spec", str(SPEC), "--package", package, "--out", str(out)]
    return CliRunner().invoke(main, args)


def _assert_usage_error(result: Result, *located: str) -> None:
    output = result.output
    assert result.exit_code == 2, output
    assert "unexpected" not in output and "Traceback" not in output, output
    assert output.startswith("error: ") and "  fix: " in output, output
    for text in located:
        assert text in output, output


# --- the output folder -------------------------------------------------------------------------------------


def test_out_that_is_a_file(tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.write_text("")
    _assert_usage_error(_generate(occupied), "--out", str(occupied), "is a file")
    assert occupied.read_text() == ""


def test_package_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "enums").write_text("")
    _assert_usage_error(_generate(tmp_path), "--out", str(tmp_path / "enums"), "is a file")


def test_out_under_a_file(tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.write_text("")
    out = occupied / "deeper" / "still"
    _assert_usage_error(_generate(out), "--out", f"{occupied} is a file")


def test_out_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, for whom every folder is writable: the permission check is what is exercised.
    monkeypatch.setattr(write.os, "access", lambda path, mode: False)
    _assert_usage_error(_generate(tmp_path / "out"), str(tmp_path / "out"), "is not writable")
    assert not (tmp_path / "out").exists()


def test_writing_fails_with_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mkdtemp = tempfile.mkdtemp

    def refuse_in_out(suffix: Any = None, prefix: Any = None, dir: Any = None) -> str:
        if dir is not None and Path(dir).is_relative_to(tmp_path):
            raise PermissionError(13, "Permission denied", str(dir))
        return mkdtemp(suffix, prefix, dir)

    monkeypatch.setattr(tempfile, "mkdtemp", refuse_in_out)
    _assert_usage_error(
        _generate(tmp_path / "out"), "cannot write the package", "Permission denied"
    )


def test_out_missing_is_created_and_imports(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    result = _generate(out, "h11_client")
    assert result.exit_code == 0, result.output
    assert_imports_whole(out, "h11_client")


# --- package names -----------------------------------------------------------------------------------------

BAD_PACKAGES = {
    "class": "is a Python keyword",
    "import": "is a Python keyword",
    "enums\n": "not a valid Python module name",
    "enums\nimport os": "not a valid Python module name",
    "my-client": "not a valid Python module name",
    "café": "not a valid Python module name",
    "1client": "not a valid Python module name",
    "../escape": "not a valid Python module name",
    "json": "would shadow",
    "asyncio": "would shadow",
    **{name: "would shadow" for name in sorted(RUNTIME_DEPENDENCY_MODULES)},
}


@pytest.mark.parametrize("package", sorted(BAD_PACKAGES))
def test_bad_package_name(tmp_path: Path, package: str) -> None:
    _assert_usage_error(_generate(tmp_path, package), "--package", BAD_PACKAGES[package])
    assert list(tmp_path.iterdir()) == []


def _import_closure(roots: tuple[str, ...]) -> set[str]:
    """Top-level modules of the distributions the generated package needs, transitively, as installed here."""
    by_distribution: dict[str, set[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for name in distributions:
            by_distribution.setdefault(_normal(name), set()).add(module)
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = _normal(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requirements = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # required on another platform or Python version only
        todo.extend(
            re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]
            for requirement in requirements
            if "extra ==" not in requirement
        )
    return {module for name in seen for module in by_distribution.get(name, ())}


def _normal(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def test_refused_names_cover_the_runtime_dependencies() -> None:
    modules = {m for m in _import_closure(("httpx2", "pydantic")) if not m.startswith("_")}
    assert {"httpx2", "pydantic", "pydantic_core", "h11", "anyio", "idna"} <= modules
    assert modules - RUNTIME_DEPENDENCY_MODULES - sys.stdlib_module_names == set()


TOML_CASES = {
    "files_package_keyword_class": "[target].package",
    "files_package_keyword_import": "[target].package",
    "files_package_newline": "[target].package",
    "files_package_non_identifier": "[target].package",
    "files_package_upper_case": "[target].package",
    "files_package_runtime_dependency": "[target].package",
    "files_package_dependency_of_dependency": "[target].package",
    "files_package_pydantic_core": "[target].package",
    "files_package_stdlib": "[target].package",
    "files_client_class_newline": "[target].client",
    "files_names_key_newline": "[names]",
    "files_client_class_keyword": "[target].client",
    "files_scope_keyword": "[scopes.class]",
}


def test_every_toml_fixture_is_a_case() -> None:
    assert sorted(p.stem for p in HOSTILE.glob("files_*.toml")) == sorted(TOML_CASES)


@pytest.mark.parametrize("case", sorted(TOML_CASES))
def test_bad_target_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\n')
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs / SPEC.name)
    shutil.copy(HOSTILE / f"{case}.toml", specs / f"{case}.toml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", case])
    assert result.exit_code in (1, 2), result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output, result.output
    assert f"{case}.toml {TOML_CASES[case]}" in result.output, result.output
    assert not (tmp_path / "generated").exists()


# --- no temporary file or folder survives a failure ----------------------------------------------------------


class _Fault(Exception):
    pass


def _recording_temporaries(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every temporary file and folder the run creates (TemporaryDirectory goes through mkdtemp)."""
    created: list[Path] = []
    mkdtemp, mkstemp = tempfile.mkdtemp, tempfile.mkstemp

    def recording_mkdtemp(*args: Any, **kwargs: Any) -> Any:
        path = mkdtemp(*args, **kwargs)
        created.append(Path(path))
        return path

    def recording_mkstemp(*args: Any, **kwargs: Any) -> Any:
        handle, path = mkstemp(*args, **kwargs)
        created.append(Path(path))
        return handle, path

    monkeypatch.setattr(tempfile, "mkdtemp", recording_mkdtemp)
    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)
    return created


# Steps of a run that touch the file system or a subprocess: each fails in turn, first, midway and last time.
_STEPS: dict[str, tuple[Any, str]] = {
    "write_bytes": (Path, "write_bytes"),
    "write_text": (Path, "write_text"),
    "mkdir": (Path, "mkdir"),
    "rename": (Path, "rename"),
    "chmod": (Path, "chmod"),
    "subprocess_run": (subprocess, "run"),
    "mkdtemp": (tempfile, "mkdtemp"),
}


def _counting(
    monkeypatch: pytest.MonkeyPatch, fail_at: dict[str, tuple[int, type[BaseException]]]
) -> dict[str, int]:
    calls = dict.fromkeys(_STEPS, 0)
    for step, (owner, attribute) in _STEPS.items():
        original: Callable[..., Any] = getattr(owner, attribute)

        def wrapped(
            *args: Any, _step: str = step, _original: Callable[..., Any] = original, **kwargs: Any
        ) -> Any:
            calls[_step] += 1
            if step_fault := fail_at.get(_step):
                index, kind = step_fault
                if calls[_step] == index:
                    raise kind(f"injected failure of {_step} call {index}")
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, attribute, wrapped)
    return calls


def _with_previous_package(out: Path) -> Path:
    (out / "enums").mkdir(parents=True)
    (out / "enums" / "previous.txt").write_text("the previous package")
    return out


@pytest.fixture(scope="module")
def step_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
        out = _with_previous_package(tmp_path_factory.mktemp("count") / "out")
        calls = _counting(monkeypatch, {})
        result = _generate(out)
        counts = dict(calls)
    assert result.exit_code == 0, result.output
    return counts


def _fault_points() -> Iterator[tuple[str, str, type[BaseException]]]:
    for step in _STEPS:
        for position in ("first", "middle", "last"):
            for kind in (_Fault, KeyboardInterrupt):
                yield step, position, kind


@pytest.mark.parametrize(
    ("step", "position", "kind"),
    list(_fault_points()),
    ids=[f"{s}-{p}-{k.__name__}" for s, p, k in _fault_points()],
)
def test_failure_leaves_no_temporaries(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    step_counts: dict[str, int],
    step: str,
    position: str,
    kind: type[BaseException],
) -> None:
    total = step_counts[step]
    if total == 0:
        pytest.skip(f"a run makes no {step} call")
    index = {"first": 1, "middle": (total + 1) // 2, "last": total}[position]
    out = _with_previous_package(tmp_path / "out")
    created = _recording_temporaries(monkeypatch)
    calls = _counting(monkeypatch, {step: (index, kind)})
    result = _generate(out)
    assert calls[step] >= index
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    left = [path for path in created if path.exists() and path != out / "enums"]
    assert left == [], f"{step} call {index} failed with {kind.__name__}: left {left}"
    assert sorted(p.name for p in out.iterdir()) == ["enums"]
    if (out / "enums" / "previous.txt").exists():
        assert (out / "enums" / "previous.txt").read_text() == "the previous package"


# --- permissions -------------------------------------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("mask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_package_permissions_follow_the_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int, folder: int, file: int
) -> None:
    umask(mask)
    result = _generate(tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "enums"
    modes = {
        path.relative_to(tmp_path).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in [root, *root.rglob("*")]
    }
    expected = {path: folder if (tmp_path / path).is_dir() else file for path in modes}
    assert modes == expected


def test_write_atomic_modes(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    fresh = tmp_path / "fresh.txt"
    write_atomic(fresh, b"new")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_atomic(kept, b"new")
    assert (stat.S_IMODE(kept.stat().st_mode), kept.read_bytes()) == (0o640, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.txt", "kept.txt"]


def test_write_atomic_failure_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.txt", b"data")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2])
def test_terminated_run_leaves_no_temporaries(tmp_path: Path, delay: float) -> None:
    """`kill` (SIGTERM) at some point of a real run: it unwinds like Ctrl-C and removes what it created."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    environment = {**os.environ, "TMPDIR": str(scratch), "CLIENTGEN_CACHE_DIR": "off"}
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(SPEC)]
    process = subprocess.Popen(
        [*command, "--package", "enums", "--out", str(out)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.terminate()
    _, errors = process.communicate(timeout=120)
    assert process.returncode in (0, 130), errors
    assert "Traceback" not in errors
    assert list(scratch.iterdir()) == []
    assert [p.name for p in out.iterdir()] in ([], ["enums"]) if out.exists() else True
