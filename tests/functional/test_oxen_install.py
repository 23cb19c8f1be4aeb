"""Each Oxen client installs with pip from its own folder into a clean venv and works from an unrelated folder.

The venv gets nothing but what `pip install <folder>` brings (the client and its declared dependencies, from
this machine's configured package index); the calls go to the local loopback test server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers.fault import FaultServer, json_reply

from generator.config import load_target
from generator.pipeline import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def venv_python(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with both Oxen clients pip-installed from freshly generated folders."""
    out = tmp_path_factory.mktemp("install")
    folders = []
    for name in ("oxen_hub", "oxen_server"):
        target = load_target(ROOT / "specs" / f"{name}.toml", output_root=out / "generated")
        for rel, data in build(target).files.items():
            path = target.output_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        folders.append(str(target.output_dir))
    venv = out / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *folders],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield python


def run_in_venv(python: Path, cwd: Path, code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.pop("OXEN_API_KEY", None)
    env.pop("OXEN_BASE_URL", None)
    done = subprocess.run(
        [str(python), "-I", "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_installed_hub_client_completes_a_chat(
    venv_python: Path, server: FaultServer, tmp_path: Path
) -> None:
    out = run_in_venv(
        venv_python,
        tmp_path,
        f"""
        import importlib.metadata, oxen_hub
        from oxen_hub import OxenHub

        client = OxenHub(api_key="k", base_url={server.url!r}, max_retries=0)
        reply = client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "hi"}}])
        print(reply.choices[0].message.content)
        print(oxen_hub.__file__)
        print(importlib.metadata.version("oxen-hub"))
        print(sorted(importlib.metadata.requires("oxen-hub")))
        """,
    )
    content, location, version, requires = out.splitlines()
    assert content == "Hello!"
    assert "site-packages" in location and str(ROOT) not in location
    assert version == "0.243.1"
    assert requires == "['httpx2<3,>=2.16.2', 'pydantic<3,>=2.14.3']"
    assert server.last.path == "/api/ai/chat/completions"
    assert server.last.headers["authorization"] == "Bearer k"


def test_the_installed_server_client_calls_its_server(
    venv_python: Path, server: FaultServer, tmp_path: Path
) -> None:
    server.script(
        json_reply({"status": "success", "status_message": "resource_found", "version": "0.52.0"})
    )
    out = run_in_venv(
        venv_python,
        tmp_path,
        f"""
        import oxen_server
        from oxen_server import OxenServer
        from oxen_server.pagination import SyncPaginatedCommitsPage
        from oxen_server.types import CommitResponse

        client = OxenServer(api_key="k", base_url={server.url!r}, max_retries=0)
        print(client.health.check().model_dump(exclude_none=True))
        print(oxen_server.__file__)
        """,
    )
    reply, location = out.splitlines()
    assert "'version': '0.52.0'" in reply
    assert "site-packages" in location
    assert server.last.path == "/api/version"
