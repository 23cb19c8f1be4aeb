"""The built wheel is a working tool on its own: installed into a clean venv, away from this source tree, it
generates, checks and imports a client from a spec in an unrelated folder (issue 13, point 1).

The wheel is built from a copy of the files a clone has (pyproject.toml, README.md, generator/, templates/), so
the build leaves nothing in this tree; the venv gets the wheel and its pinned dependencies from the package index
pip is configured with, and the runs clear PYTHONPATH and start outside this repository, so only the installed
copy can answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PETSTORE = ROOT / "tests" / "fixtures" / "specs" / "params.yaml"
_SOURCES = ("pyproject.toml", "README.md", "generator", "templates")


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in _SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", out, source, cwd=source)
    (built,) = out.glob("clientgen-*.whl")
    return built


@pytest.fixture(scope="module")
def tool(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel installed, its pinned dependencies and httpx2 (which the generated client needs)."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys._base_executable, "-m", "venv", "--without-pip", venv, cwd=venv)  # type: ignore[attr-defined]
    python = venv / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", "--python", python)
    _run(*pip, "install", "-c", ROOT / "requirements.lock", wheel, "httpx2", cwd=venv)
    return venv / "bin"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["CLIENTGEN_CACHE_DIR"] = "off"
    return env


def test_the_wheel_carries_every_module_and_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")}
    templates = {
        "generator/_templates/" + p.relative_to(ROOT / "templates").as_posix()
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert modules <= names, sorted(modules - names)
    assert templates <= names, sorted(templates - names)
    assert any(n.endswith("entry_points.txt") for n in names)


def test_the_installed_tool_generates_a_client_in_an_unrelated_folder(
    tool: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(PETSTORE, elsewhere / "petstore.yaml")
    env = _clean_env()
    where = _run(tool / "python", "-c", "import generator; print(generator.__file__)", cwd=elsewhere, env=env)
    assert "site-packages" in where and str(ROOT) not in where
    out = _run(
        tool / "clientgen", "generate", "--spec", "petstore.yaml", "--package", "petstore", "--out", "build",
        cwd=elsewhere, env=env,
    )
    assert "petstore: 2 operations" in out
    script = "from petstore import Petstore; print(type(Petstore(api_key='k', base_url='http://127.0.0.1:9')))"
    printed = _run(tool / "python", "-c", script, cwd=elsewhere / "build", env=env)
    assert "Petstore" in printed


def test_the_installed_tool_adopts_a_new_repository(tool: Path, tmp_path: Path) -> None:
    repo = tmp_path / "consumer"
    (repo / "app").mkdir(parents=True)
    _run("git", "init", "-q", repo, cwd=tmp_path)
    env = _clean_env()
    clientgen = tool / "clientgen"
    out = _run(clientgen, "init", "pets", "--spec", PETSTORE, cwd=repo / "app", env=env)
    assert "clientgen generate pets" in out
    _run(clientgen, "generate", cwd=repo / "app", env=env)
    assert "is up to date" in _run(clientgen, "check", cwd=repo, env=env)
    printed = _run(tool / "python", "-c", "import pets; print(pets.Pets)", cwd=repo / "generated", env=env)
    assert "Pets" in printed
