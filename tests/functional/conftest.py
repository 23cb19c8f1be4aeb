"""Fixtures for the functional tests: `oxen` runs each test with the generated sync and async clients."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from types import ModuleType

import pytest
from oxen_harness import Oxen, make_oxen
from servers.fault import FaultServer


@pytest.fixture(params=["sync", "async"])
async def oxen(request: pytest.FixtureRequest, server: FaultServer) -> AsyncIterator[Oxen]:
    """A client made as users make it (its own connection pool), on the local server."""
    harness = make_oxen(request.param == "async", base_url=server.url)
    try:
        yield harness
    finally:
        await harness.close()


@pytest.fixture(scope="session")
def oxen_server_package() -> ModuleType:
    """The committed Oxen server client, as a module (the page and scope tests reach its submodules)."""
    return importlib.import_module("oxen_server")


@pytest.fixture(scope="session")
def oxen_hub_package() -> ModuleType:
    return importlib.import_module("oxen_hub")


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)
