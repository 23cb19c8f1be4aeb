"""`clientgen init` in a new repository, then `generate` and `check` there, from its root and from a subfolder.

Specs come from a file or from a loopback HTTP server; nothing touches the internet.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.lock import read_lock
from tests.generator.test_fetch_and_lock import SPEC_V1, SpecServer
from tests.python_process import run_python

ROOT = Path(__file__).resolve().parent.parent.parent
PARAMS_SPEC = ROOT / "tests" / "fixtures" / "specs" / "params.yaml"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new git repository that knows nothing of clientgen, as the current folder."""
    repo = tmp_path / "consumer"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(tmp_path / "cache"))
    return repo


@pytest.fixture
def server() -> Iterator[SpecServer]:
    made = SpecServer()
    yield made
    made.close()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _imports_client(repo: Path, package: str, client: str) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import importlib;"
        f"module = importlib.import_module({package!r}); c = getattr(module, {client!r})(api_key='k');"
        "print(type(c).__name__, c.base_url)"
    )
    done = run_python("-c", script, str(repo / "generated"), cwd=repo.parent, timeout=120)
    assert done.returncode == 0, done.stderr
    assert client in done.stdout


def test_init_generate_check_and_a_hand_edit_is_caught(repository: Path) -> None:
    code, out = run("init", "pets", "--spec", str(PARAMS_SPEC))
    assert code == 0, out
    assert "clientgen generate pets" in out and "clientgen check pets" in out
    target = tomllib.loads((repository / "specs" / "pets.toml").read_text())["target"]
    assert target == {
        "spec": "pets_openapi.yaml",
        "package": "pets",
        "client": "Pets",
        "async_client": "AsyncPets",
        "base_url": "https://params.example.com/v1",
        "api_key_env": "PETS_API_KEY",
        "base_url_env": "PETS_BASE_URL",
        "log_env": "PETS_LOG",
    }
    assert (repository / "specs" / "pets_openapi.yaml").read_bytes() == PARAMS_SPEC.read_bytes()
    lock = read_lock(repository / "specs" / "pets_openapi.yaml")
    assert lock is not None and lock.info_version and lock.bytes == PARAMS_SPEC.stat().st_size
    overlay = (repository / "specs" / "pets_openapi.overlay.yaml").read_text()
    assert overlay.startswith("# Fixes to pets_openapi.yaml go here")

    code, out = run("generate")
    assert code == 0, out
    assert (repository / "generated" / "pets" / "__init__.py").is_file()
    code, out = run("check")
    assert code == 0 and "is up to date" in out, out
    _imports_client(repository, "pets", "Pets")

    client_module = repository / "generated" / "pets" / "_client.py"
    client_module.write_text(client_module.read_text() + "# a hand edit\n")
    code, out = run("check", "pets")
    assert code == 1
    assert "changed: generated/pets/_client.py" in out


def test_the_same_from_a_subfolder_with_tool_clientgen(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repository / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.clientgen]\nspecs = "api"\noutput = "src/clients"\n'
    )
    sub = repository / "src" / "app"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    code, out = run("init", "pets", "--spec", str(PARAMS_SPEC))
    assert code == 0, out
    assert "wrote ../../api/pets.toml" in out
    assert (repository / "api" / "pets.toml").is_file()
    code, out = run("generate", "pets")
    assert code == 0, out
    assert (repository / "src" / "clients" / "pets" / "_client.py").is_file()
    assert not (repository / "generated").exists() and not (sub / "generated").exists()
    code, out = run("check")
    assert code == 0, out
    edited = repository / "src" / "clients" / "pets" / "_version.py"
    edited.write_text(edited.read_text() + "# a hand edit\n")
    code, out = run("check")
    assert code == 1 and "changed: ../clients/pets/_version.py" in out, out


def test_init_downloads_a_url_and_locks_it(repository: Path, server: SpecServer) -> None:
    spec = json.loads(json.dumps(SPEC_V1))
    spec["servers"] = [{"url": "/{version}", "variables": {"version": {"default": "v2"}}}]
    body = json.dumps(spec).encode()
    server.body("/openapi", body, headers={"ETag": '"abc"'})
    code, out = run("init", "pet_store", "--spec", f"{server.url}/openapi")
    assert code == 0, out
    assert "clientgen fetch pet_store" in out
    target = tomllib.loads((repository / "specs" / "pet_store.toml").read_text())["target"]
    assert target["url"] == f"{server.url}/openapi"
    assert target["base_url"] == f"{server.url}/v2"
    assert (target["client"], target["async_client"]) == ("PetStore", "AsyncPetStore")
    assert target["api_key_env"] == "PET_STORE_API_KEY"
    written = repository / "specs" / "pet_store_openapi.json"
    assert written.read_bytes() == body
    lock = read_lock(written)
    assert lock is not None
    assert (lock.source_url, lock.info_version, lock.etag) == (f"{server.url}/openapi", "1.0.0", '"abc"')
    code, out = run("fetch", "pet_store")
    assert code == 0 and "unchanged (1.0.0)" in out, out
    code, out = run("generate")
    assert code == 0, out


def test_init_never_overwrites(repository: Path) -> None:
    assert run("init", "pets", "--spec", str(PARAMS_SPEC))[0] == 0
    target = repository / "specs" / "pets.toml"
    target.write_text(target.read_text() + "# reviewed\n")
    code, out = run("init", "pets", "--spec", str(PARAMS_SPEC))
    assert code == 2
    assert "error: specs/pets.toml exists" in out and "where: specs/pets.toml" in out
    assert target.read_text().endswith("# reviewed\n")


def test_a_spec_left_over_from_before_is_not_overwritten_either(repository: Path) -> None:
    (repository / "specs").mkdir()
    (repository / "specs" / "pets_openapi.yaml").write_text("old")
    code, out = run("init", "pets", "--spec", str(PARAMS_SPEC))
    assert code == 2 and "specs/pets_openapi.yaml exists" in out
    assert not (repository / "specs" / "pets.toml").exists()
    assert (repository / "specs" / "pets_openapi.yaml").read_text() == "old"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "json", "--spec", str(PARAMS_SPEC)], "would shadow"),
        (["init", "Pets", "--spec", str(PARAMS_SPEC)], "not a valid Python module name"),
        (["init", "pets", "--spec", "no/such/spec.yaml"], "cannot read the spec no/such/spec.yaml"),
        (["init", "pets"], "Missing option '--spec'"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(
    repository: Path, args: list[str], message: str
) -> None:
    code, out = run(*args)
    assert code == 2
    assert message in out
    assert not (repository / "specs").exists()


def test_without_targets_the_message_points_at_init(repository: Path) -> None:
    code, out = run("generate")
    assert code == 2
    assert "clientgen init NAME --spec FILE_OR_URL" in out
