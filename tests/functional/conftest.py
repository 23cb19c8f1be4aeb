"""Fixtures for the functional tests: `oxen` runs each test with the generated sync and async clients."""

from __future__ import annotations

from collections.abc import AsyncIterator

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
