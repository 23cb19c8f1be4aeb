"""Fixtures for the runtime tests: `harness` runs each test with a sync and with an async client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from runtime_harness import Harness, make_client
from servers.fault import FaultServer


@pytest.fixture(params=["sync", "async"])
async def harness(request: pytest.FixtureRequest, server: FaultServer) -> AsyncIterator[Harness]:
    delays: list[float] = []
    client = make_client(request.param == "async", base_url=server.url, delays=delays)
    h = Harness(client, delays, server.url)
    try:
        yield h
    finally:
        await h.close_all()
