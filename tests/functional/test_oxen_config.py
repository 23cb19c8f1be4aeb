"""Client configuration: environment variables, an injected httpx2 client, closing, and `with_options` copies."""

from __future__ import annotations

import httpx2
import pytest
from oxen_harness import Oxen, make_oxen, open_responses
from oxen_hub import AsyncOxenHub, OxenHub
from servers.fault import FaultServer

pytestmark = pytest.mark.anyio

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture(params=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "async")


async def test_key_and_base_url_from_the_environment(
    is_async: bool, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OXEN_API_KEY", "env-key")
    monkeypatch.setenv("OXEN_BASE_URL", server.url + "/")
    oxen = make_oxen(is_async, api_key=None)
    try:
        assert oxen.client.base_url == server.url
        assert oxen.client.api_key == "env-key"
        await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)
    finally:
        await oxen.close()

    assert server.last.headers["authorization"] == "Bearer env-key"


async def test_arguments_win_over_the_environment(
    is_async: bool, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OXEN_API_KEY", "env-key")
    monkeypatch.setenv("OXEN_BASE_URL", "http://127.0.0.1:9")
    oxen = make_oxen(is_async, api_key="arg-key", base_url=server.url)
    try:
        await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)
    finally:
        await oxen.close()

    assert server.last.headers["authorization"] == "Bearer arg-key"


async def test_defaults_without_environment(
    is_async: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OXEN_API_KEY", raising=False)
    monkeypatch.delenv("OXEN_BASE_URL", raising=False)
    oxen = make_oxen(is_async, api_key=None)
    try:
        assert oxen.client.base_url == "https://hub.oxen.ai"
        assert oxen.client.api_key is None
        assert oxen.client.max_retries == 2
        assert oxen.client.timeout == httpx2.Timeout(600.0, connect=5.0)
    finally:
        await oxen.close()


async def test_no_key_sends_no_authorization(
    is_async: bool, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OXEN_API_KEY", raising=False)
    oxen = make_oxen(is_async, api_key=None, base_url=server.url)
    try:
        await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)
    finally:
        await oxen.close()

    assert "authorization" not in server.last.headers


async def test_an_injected_http_client_is_used(is_async: bool, server: FaultServer) -> None:
    http: httpx2.Client | httpx2.AsyncClient
    if is_async:
        http = httpx2.AsyncClient(headers={"X-Injected": "yes"})
    else:
        http = httpx2.Client(headers={"X-Injected": "yes"})
    oxen = make_oxen(is_async, base_url=server.url, http_client=http)

    await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)
    assert oxen.client._client is http
    await oxen.close()

    assert server.last.headers["x-injected"] == "yes"
    assert server.last.headers["authorization"] == "Bearer k"
    assert http.is_closed  # closing the client closes the pool it was given


async def test_context_manager_closes(server: FaultServer) -> None:
    with OxenHub(api_key="k", base_url=server.url) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
        assert not client.is_closed
    assert client.is_closed

    async with AsyncOxenHub(api_key="k", base_url=server.url) as aclient:
        await aclient.chat.completions.create(model="m", messages=MESSAGES)
        assert not aclient.is_closed
    assert aclient.is_closed
    assert server.count == 2


async def test_with_options_copies_and_shares_the_pool(oxen: Oxen, server: FaultServer) -> None:
    original = oxen.client
    copy = original.with_options(max_retries=0, timeout=3.0, default_headers={"X-Team": "a"})

    assert type(copy) is type(original)
    assert copy is not original
    assert copy._client is original._client
    assert (copy.max_retries, copy.timeout, copy.api_key) == (0, 3.0, "k")
    assert (original.max_retries, original.timeout) == (2, httpx2.Timeout(600.0, connect=5.0))
    assert copy.chat.completions._client is copy
    assert original.chat.completions._client is original

    await oxen.run(original.chat.completions.create, model="m", messages=MESSAGES)
    await oxen.run(copy.chat.completions.create, model="m", messages=MESSAGES)

    assert "x-team" not in server.requests[0].headers
    assert server.requests[1].headers["x-team"] == "a"
    pool = original._client._transport._pool
    assert len(pool.connections) == 1  # one keep-alive connection served both
    assert open_responses(original) == 0

    other_key = original.with_options(api_key="other")
    await oxen.run(other_key.chat.completions.create, model="m", messages=MESSAGES)
    assert server.last.headers["authorization"] == "Bearer other"
