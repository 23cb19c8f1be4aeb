"""The official OpenAI spec (OAS 3.1, 3 MB of YAML, invalid as published) generates a working, typed client.

The client is generated once per session, in lenient mode and without a target file, with the project's default
cache (so that repeated runs take seconds). Its chat completions module must pass `mypy --strict`, and
`client.chat.completions.create(...)` must send what the official `openai` package sends for the same arguments.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers.fault import FaultServer, chat_completion, json_reply

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "fixtures" / "openai" / "openai-openapi-2.3.0.yml"
# Not `openai`: the generated package must not shadow the official one it is compared with.
PACKAGE = "openai_client"
CHAT_MODULE = f"{PACKAGE}.resources.chat.completions"


def _cache_root() -> Path | None:
    from generator.cache import default_cache

    return default_cache().root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The directory holding the generated `openai_client` package, importable for the module's tests."""
    out = tmp_path_factory.mktemp("openai")
    # No overlay: lenient mode copes with the spec's 23 validation problems as published.
    cmd = [sys.executable, "-m", "generator", "generate", "--spec", str(SPEC)]
    cmd += ["--package", PACKAGE, "--out", str(out), "--lenient"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    # Every validation problem is a warning located at its node, none at the document root.
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) >= 23
    assert not [w for w in warnings if w.startswith("warning: /:")], warnings
    # Lenient mode generates every operation of the spec: nothing is reported as skipped.
    assert "skipped:" not in done.stderr, done.stderr[-4000:]
    assert "openai_client: 271 operations, " in done.stdout, done.stdout[-2000:]
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_imports_with_chat_completions_create(generated: Path) -> None:
    package = importlib.import_module(PACKAGE)
    client = package.OpenaiClient(api_key="sk-test", base_url="http://127.0.0.1:9")
    try:
        assert callable(client.chat.completions.create)
        module = importlib.import_module(CHAT_MODULE)
        assert module.Completions.create.__qualname__ == "Completions.create"
    finally:
        client.close()


def test_chat_completions_module_passes_mypy_strict(generated: Path) -> None:
    cache = _cache_root()
    cache_dir = (cache / "mypy-openai") if cache is not None else (generated / ".mypy_cache")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(cache_dir),
            "-m",
            CHAT_MODULE,
        ],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "MYPYPATH": str(generated)},
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]


def _create_arguments() -> dict[str, Any]:
    return {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.2,
    }


def _completion() -> dict[str, Any]:
    """A chat completion as OpenAI's API sends it: the spec requires `refusal` and `logprobs` (null here)."""
    body = chat_completion("gpt-4o")
    body["choices"][0]["logprobs"] = None
    body["choices"][0]["message"]["refusal"] = None
    return body


def test_create_sends_what_the_official_package_sends(
    generated: Path, server: FaultServer
) -> None:
    import openai

    package = importlib.import_module(PACKAGE)
    server.script(json_reply(_completion()), json_reply(_completion()))

    official = openai.OpenAI(api_key="sk-test", base_url=server.url, max_retries=0)
    ours = package.OpenaiClient(api_key="sk-test", base_url=server.url, max_retries=0)
    try:
        expected = official.chat.completions.create(**_create_arguments())
        got = ours.chat.completions.create(**_create_arguments())
    finally:
        official.close()
        ours.close()

    assert server.count == 2
    theirs, mine = server.requests
    assert (mine.method, mine.path, mine.query) == (theirs.method, theirs.path, theirs.query)
    assert (mine.method, mine.path) == ("POST", "/chat/completions")
    assert mine.json() == theirs.json() == _create_arguments()
    assert mine.headers["content-type"] == theirs.headers["content-type"] == "application/json"
    assert mine.headers["authorization"] == theirs.headers["authorization"] == "Bearer sk-test"
    # And both read the same answer.
    assert got.choices[0].message.content == expected.choices[0].message.content == "Hello!"
    assert got.model == expected.model == "gpt-4o"
