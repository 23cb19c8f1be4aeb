"""Error details from any error body, `with_options(http_client=, default_query=)` and closed clients."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import pytest
from runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    BadRequestError,
    ClientClosedError,
    NotFoundError,
)
from runtime_harness import Harness, pool
from servers.fault import FaultServer, Reply, json_reply, sse_reply

pytestmark = pytest.mark.anyio


async def failure(harness: Harness, server: FaultServer, reply: Reply) -> APIStatusError:
    server.script(reply)
    with pytest.raises(APIStatusError) as caught:
        await harness.call("get", "/fails", max_retries=0)
    return caught.value


async def test_openai_shaped_errors_give_code_type_and_param(
    harness: Harness, server: FaultServer
) -> None:
    body = {
        "error": {
            "message": "No such model",
            "type": "invalid_request_error",
            "param": "model",
            "code": "model_not_found",
        }
    }

    error = await failure(harness, server, json_reply(body, 400))

    assert isinstance(error, BadRequestError)
    assert (error.code, error.type, error.param) == ("model_not_found", "invalid_request_error", "model")
    assert error.body == body
    assert error.message == "Error code: 400 - No such model"


async def test_top_level_error_keys_are_read_too(harness: Harness, server: FaultServer) -> None:
    body = {"message": "bad page size", "type": "validation", "param": "page_size", "code": 4001}

    error = await failure(harness, server, json_reply(body, 400))

    assert (error.code, error.type, error.param) == (4001, "validation", "page_size")


async def test_oxen_status_messages_give_the_code(harness: Harness, server: FaultServer) -> None:
    body = {"status": "error", "status_message": "resource_not_found", "oxen_version": "0.36.0"}

    error = await failure(harness, server, json_reply(body, 404))

    assert isinstance(error, NotFoundError)
    assert (error.code, error.type, error.param) == ("resource_not_found", None, None)
    assert error.body == body


@pytest.mark.parametrize(
    ("reply", "body"),
    [
        (Reply(500, {"content-type": "text/plain"}, [b"upstream exploded"]), "upstream exploded"),
        (json_reply([1, "two"], 500), [1, "two"]),
        (json_reply({"error": "just a string"}, 500), {"error": "just a string"}),
        (
            json_reply({"error": {"code": True, "type": 5, "param": ["x"]}}, 500),
            {"error": {"code": True, "type": 5, "param": ["x"]}},
        ),
        (json_reply({"status": "ok", "status_message": "odd"}, 500), {"status": "ok", "status_message": "odd"}),
        (Reply(500, {"content-length": "0"}, []), None),
    ],
    ids=["text", "list", "error-string", "mistyped", "not-an-oxen-error", "empty"],
)
async def test_odd_error_bodies_leave_the_details_none(
    harness: Harness, server: FaultServer, reply: Reply, body: object
) -> None:
    error = await failure(harness, server, reply)

    assert error.body == body
    assert (error.code, error.type, error.param) == (None, None, None)


async def test_every_api_error_has_body_and_details(harness: Harness, server: FaultServer) -> None:
    event = {"error": {"message": "overloaded", "type": "server_error", "code": "overloaded"}}
    server.script(sse_reply(f"event: error\ndata: {json.dumps(event)}\n\n"))
    stream = await harness.call("post", "/stream", cast_to=object, stream=True, json={})
    with pytest.raises(APIError) as caught:
        await harness.collect(stream)

    assert caught.value.body == event
    assert (caught.value.code, caught.value.type) == ("overloaded", "server_error")
    bare = APIConnectionError(request=None)
    assert (bare.body, bare.code, bare.type, bare.param) == (None, None, None, None)


async def close_pool(harness: Harness, http_client: Any) -> None:
    await harness.run(http_client.aclose if harness.is_async else http_client.close)


def sent_query(server: FaultServer) -> list[dict[str, str]]:
    return [dict(parse_qsl(r.query)) for r in server.requests]


async def test_default_query_is_merged_and_extra_query_wins(
    harness: Harness, server: FaultServer
) -> None:
    base = harness.new(default_query={"namespace": "ox", "v": "1"})
    copy = base.use(base.client.with_options(default_query={"v": "2", "debug": True}))
    server.script(*[json_reply({}) for _ in range(3)])

    await base.call("get", "/a")
    await copy.call("get", "/b", query={"limit": 5})
    await copy.call("get", "/c", extra_query={"namespace": "other"})

    assert sent_query(server) == [
        {"namespace": "ox", "v": "1"},
        {"namespace": "ox", "v": "2", "debug": "true", "limit": "5"},
        {"namespace": "other", "v": "2", "debug": "true"},
    ]


async def test_with_options_http_client_swaps_the_pool_without_owning_it(
    harness: Harness, server: FaultServer
) -> None:
    other: Any = pool(harness.is_async)
    copy = harness.use(harness.client.with_options(http_client=other))
    server.script(json_reply({"n": 1}), json_reply({"n": 2}))

    assert await copy.call("get", "/x") == {"n": 1}
    assert copy.client._client is other
    assert harness.client._client is not other

    await copy.close(copy.client)
    assert copy.client.is_closed
    assert not other.is_closed  # the caller gave it, the caller closes it
    assert await harness.call("get", "/y") == {"n": 2}  # the original keeps its own pool
    await close_pool(harness, other)


async def test_a_call_on_a_closed_client_says_so(harness: Harness, server: FaultServer) -> None:
    shared_copy = harness.use(harness.client.with_options(max_retries=0))
    own_pool: Any = pool(harness.is_async)
    own_copy = harness.use(harness.client.with_options(http_client=own_pool))
    server.script(json_reply({"ok": True}))

    await harness.close(harness.client)

    assert harness.client.is_closed and shared_copy.client.is_closed
    for closed in (harness, shared_copy, harness.use(harness.client.with_options(timeout=1.0))):
        with pytest.raises(ClientClosedError, match=r"client has been closed.*create a new client"):
            await closed.call("get", "/x")
    assert isinstance(ClientClosedError(), APIConnectionError)
    assert await own_copy.call("get", "/x") == {"ok": True}  # its own pool is still open
    assert server.count == 1
    await close_pool(harness, own_pool)


async def test_a_client_whose_given_pool_was_closed_says_so(
    harness: Harness, server: FaultServer
) -> None:
    given: Any = pool(harness.is_async)
    client = harness.new(http_client=given)
    await close_pool(harness, given)

    with pytest.raises(ClientClosedError):
        await client.call("get", "/x")
    assert client.client.is_closed
    assert server.count == 0
