"""Shared fixtures: import paths for the runtime and the generated packages, and the local test server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# `import runtime` (templates/runtime, tested on its own) and `import oxen_hub` (the generated client).
for _path in (ROOT / "generated", ROOT / "templates"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from servers.fault import FaultServer  # noqa: E402


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(fault_server: FaultServer) -> Iterator[FaultServer]:
    """The session's server with an empty script and request log for this test."""
    fault_server.reset()
    yield fault_server
    fault_server.reset()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
