"""Raw and streamed responses, binary bodies, the generic `request()` and the per-call escape hatches."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from runtime._constants import REQUEST_ID_HEADERS
from runtime._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
)
from runtime._models import BaseModel
from runtime._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryResponse,
    BinaryResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from runtime._streaming import AsyncStream, Stream
from runtime._types import omit
from runtime_harness import SECRET, AsyncClient, Harness
from servers.fault import (
    FaultServer,
    Reply,
    binary_reply,
    chat_stream_events,
    error_reply,
    json_reply,
    reset_mid_body,
    sse_reply,
    stall,
)

pytestmark = pytest.mark.anyio

ITEM = {"id": "item_1", "name": "first"}


class Item(BaseModel):
    id: str
    name: str | None = None


def raw(harness: Harness, method: str, path: str, **kwargs: Any) -> Any:
    """What `resource.with_raw_response.method(...)` is: the method wrapped by the runtime's raw wrapper."""
    kwargs.setdefault("cast_to", Item)
    if harness.is_async:
        return async_to_raw_response_wrapper(harness.client._request)(method, path, **kwargs)
    return to_raw_response_wrapper(harness.client._request)(method, path, **kwargs)


def streamed(harness: Harness, method: str, path: str, **kwargs: Any) -> Any:
    kwargs.setdefault("cast_to", Item)
    if harness.is_async:
        return async_to_streamed_response_wrapper(harness.client._request)(method, path, **kwargs)
    return to_streamed_response_wrapper(harness.client._request)(method, path, **kwargs)


async def test_raw_response_has_status_headers_request_id_and_parse(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        error_reply(503), json_reply(ITEM, 201, {"x-request-id": "req_42", "x-extra": "1"})
    )

    response = await harness.run(raw, harness, "get", "/items/1")

    assert isinstance(response, AsyncAPIResponse if harness.is_async else APIResponse)
    assert response.status_code == 201
    assert response.headers["x-extra"] == "1"
    assert response.request_id == "req_42"
    assert response.retries_taken == 1
    assert response.method == "GET"
    assert response.url.path == "/items/1"
    parsed = await harness.run(response.parse)
    assert parsed == Item(id="item_1", name="first")
    assert await harness.run(response.parse) is parsed
    assert await harness.run(response.json) == ITEM
    assert response.is_closed
    assert harness.open_responses == 0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        *[({name: f"id-{name}"}, f"id-{name}") for name in REQUEST_ID_HEADERS],
        ({"cf-ray": "ray", "x-request-id": "first"}, "first"),  # the first known name wins
        ({"x-request-id": "", "request-id": "second"}, "second"),  # an empty value is no id
        ({"x-trace-id": "unknown"}, None),
    ],
)
async def test_responses_and_errors_read_the_request_id_alike(
    harness: Harness, server: FaultServer, headers: dict[str, str], expected: str | None
) -> None:
    server.script(json_reply(ITEM, 200, headers), json_reply({"error": "no"}, 404, headers))

    response = await harness.run(raw, harness, "get", "/items/1")
    with pytest.raises(APIStatusError) as caught:
        await harness.call("get", "/items/2")

    assert response.request_id == expected
    assert caught.value.request_id == expected


class CountingBody(httpx2.AsyncByteStream):
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.iterations = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.iterations += 1
        yield self.data


class CountingResponse(httpx2.Response):
    aread_calls = 0

    async def aread(self) -> bytes:
        self.aread_calls += 1
        return await super().aread()


async def test_async_raw_response_asks_for_the_body_once() -> None:
    """httpx2's `send` (not streamed) has read the body; the runtime must not ask for it again."""
    body = CountingBody(b'{"id": "item_1", "name": "first"}')
    sent: list[CountingResponse] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(
            CountingResponse(200, headers={"content-type": "application/json"}, stream=body)
        )
        return sent[-1]

    http = httpx2.AsyncClient(transport=httpx2.MockTransport(handler))
    async with AsyncClient(api_key=SECRET, base_url="http://test", http_client=http) as client:
        response = await async_to_raw_response_wrapper(client._request)("get", "/i", cast_to=Item)
        reads_before_use = sent[0].aread_calls

        assert await response.parse() == Item(**ITEM)
        assert await response.json() == ITEM
        assert await response.text() == body.data.decode()

    assert reads_before_use == 1  # the one in httpx2's send
    assert body.iterations == 1
    assert len(sent) == 1


async def test_raw_response_of_a_stream_parses_to_a_stream(
    harness: Harness, server: FaultServer
) -> None:
    server.script(sse_reply(*chat_stream_events("m", ["a"])))

    response = await harness.run(
        raw, harness, "post", "/s", stream=True, terminator="[DONE]", cast_to=dict
    )
    stream = await harness.run(response.parse)

    assert isinstance(stream, AsyncStream if harness.is_async else Stream)
    assert [c["choices"][0]["delta"] for c in await harness.collect(stream)] == [
        {"content": "a"},
        {},
    ]
    assert response.is_closed


async def test_streamed_response_reads_nothing_until_asked(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        Reply(
            200, {"content-type": "application/x-ndjson"}, [b"line one\n", b"line two\n"], pause=0.6
        )
    )
    started = time.monotonic()

    if harness.is_async:
        async with streamed(harness, "get", "/lines") as response:
            entered = time.monotonic() - started
            with pytest.raises(httpx2.ResponseNotRead):
                _ = response.http_response.content
            lines = [line async for line in response.iter_lines()]
    else:
        with streamed(harness, "get", "/lines") as response:
            entered = time.monotonic() - started
            with pytest.raises(httpx2.ResponseNotRead):
                _ = response.http_response.content
            lines = list(response.iter_lines())

    assert entered < 0.4  # the second line was still 0.6 s away
    assert lines == ["line one", "line two"]
    assert response.is_closed
    assert harness.open_responses == 0


async def test_streamed_response_parse_and_iter_bytes(
    harness: Harness, server: FaultServer
) -> None:
    body = b'{"id": "item_1", "name": "first"}'
    server.script(json_reply(ITEM), json_reply(ITEM))

    if harness.is_async:
        async with streamed(harness, "get", "/items/1") as first:
            assert await first.parse() == Item(**ITEM)
        async with streamed(harness, "get", "/items/1") as second:
            assert b"".join([b async for b in second.iter_bytes()]) == body
    else:
        with streamed(harness, "get", "/items/1") as first:
            assert first.parse() == Item(**ITEM)
        with streamed(harness, "get", "/items/1") as second:
            assert b"".join(second.iter_bytes()) == body

    assert first.is_closed
    assert second.is_closed


async def test_streamed_response_closes_unread_bodies_on_exit(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply({"big": "x" * 300_000}))

    if harness.is_async:
        async with streamed(harness, "get", "/big") as response:
            pass
    else:
        with streamed(harness, "get", "/big") as response:
            pass

    assert response.is_closed
    assert harness.open_responses == 0


async def test_a_body_broken_while_streamed_is_a_connection_error(
    harness: Harness, server: FaultServer
) -> None:
    server.script(reset_mid_body())

    with pytest.raises(APIConnectionError, match="could not be read"):
        if harness.is_async:
            async with streamed(harness, "get", "/items/1") as response:
                await response.read()
        else:
            with streamed(harness, "get", "/items/1") as response:
                response.read()

    assert harness.open_responses == 0


async def test_status_errors_raise_from_raw_and_streamed_calls(
    harness: Harness, server: FaultServer
) -> None:
    server.script(*[error_reply(500)] * 6)

    with pytest.raises(InternalServerError):
        await harness.run(raw, harness, "get", "/x")
    with pytest.raises(InternalServerError):
        if harness.is_async:
            async with streamed(harness, "get", "/x"):
                pass
        else:
            with streamed(harness, "get", "/x"):
                pass
    assert harness.open_responses == 0


# ---------------------------------------------------------------------------------------------- binary


async def test_binary_bodies_read_write_and_iterate(
    harness: Harness, server: FaultServer, tmp_path: Path
) -> None:
    data = os.urandom(300_000)
    server.script(*[binary_reply(data, "image/png")] * 3)

    first = await harness.call("get", "/file", cast_to=bytes, binary=True)
    assert isinstance(first, AsyncBinaryResponse if harness.is_async else BinaryResponse)
    assert first.content_type == "image/png"
    assert not first.is_closed
    assert await harness.run(first.read) == data
    assert first.is_closed

    second = await harness.call("get", "/file", cast_to=bytes, binary=True)
    assert await harness.run(second.write_to_file, tmp_path / "out.png") == len(data)
    assert (tmp_path / "out.png").read_bytes() == data
    assert second.is_closed

    third = await harness.call("get", "/file", cast_to=bytes, binary=True)
    if harness.is_async:
        pieces = [p async for p in third.iter_bytes(65536)]
    else:
        pieces = list(third.iter_bytes(65536))
    assert b"".join(pieces) == data
    assert third.is_closed
    assert harness.open_responses == 0


async def test_a_retried_binary_download_counts_its_retries(
    harness: Harness, server: FaultServer
) -> None:
    data = b"\x89PNG" + os.urandom(1000)
    server.script(error_reply(503), binary_reply(data), error_reply(503), binary_reply(data))

    direct = await harness.call("get", "/file", cast_to=bytes, binary=True)
    retries_direct = direct.retries_taken
    body = await harness.run(direct.read)
    response = await harness.run(raw, harness, "get", "/file", cast_to=bytes, binary=True)
    via_raw = await harness.run(response.parse)
    retries_via_raw = via_raw.retries_taken
    await harness.close(via_raw)

    assert isinstance(direct, AsyncBinaryResponse if harness.is_async else BinaryResponse)
    assert body == data
    assert (retries_direct, response.retries_taken, retries_via_raw) == (1, 1, 1)
    assert server.count == 4
    assert harness.open_responses == 0


async def test_a_binary_body_cut_short_is_a_connection_error(
    harness: Harness, server: FaultServer, tmp_path: Path
) -> None:
    server.script(reset_mid_body(b"\x89PNG...", content_type="image/png"))
    response = await harness.call("get", "/file", cast_to=bytes, binary=True)

    with pytest.raises(APIConnectionError):
        await harness.run(response.write_to_file, tmp_path / "out.png")

    assert response.is_closed
    assert harness.open_responses == 0


# ---------------------------------------------------------------------------------------------- escape hatches


async def test_request_calls_endpoints_missing_from_the_spec(
    harness: Harness, server: FaultServer
) -> None:
    server.script(error_reply(503), json_reply({"hello": "world"}), json_reply(ITEM))

    got = await harness.run(
        harness.client.request,
        "POST",
        "/v2/secret-feature",
        query={"a": 1},
        json={"x": [1, 2]},
        headers={"X-Custom": "yes"},
    )
    item = await harness.run(harness.client.request, "GET", "/v2/items/1", cast_to=Item)

    assert got == {"hello": "world"}
    assert item == Item(**ITEM)
    posted = server.requests[1]
    assert (posted.method, posted.path, posted.query) == ("POST", "/v2/secret-feature", "a=1")
    assert posted.json() == {"x": [1, 2]}
    assert posted.headers["authorization"] == f"Bearer {SECRET}"
    assert posted.headers["x-custom"] == "yes"
    assert posted.headers["x-attempt-number"] == "2"
    assert server.last.method == "GET"


async def test_extra_headers_query_and_body(harness: Harness, server: FaultServer) -> None:
    server.script(json_reply({}))

    await harness.call(
        "post",
        "/things",
        query={"q": "x", "skip": omit},
        json={"a": 1, "b": None, "c": omit},
        extra_headers={"X-Extra": "yes", "User-Agent": "mine/2"},
        extra_query={"page": 2, "tags": ["p", "q"]},
        extra_body={"d": {"e": True}},
    )

    sent = server.last
    assert sent.json() == {"a": 1, "b": None, "d": {"e": True}}
    assert sent.query == "q=x&page=2&tags=p&tags=q"
    assert sent.headers["x-extra"] == "yes"
    assert sent.headers["user-agent"] == "mine/2"
    assert sent.headers["content-type"] == "application/json"


async def test_extra_body_on_an_operation_without_a_body(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply({}), json_reply({}))

    await harness.call("post", "/models/m/activate", extra_body={"force": True})
    await harness.call("post", "/models/m/activate")

    with_extra, without = server.requests
    assert with_extra.json() == {"force": True}
    assert with_extra.headers["content-type"] == "application/json"
    assert without.body == b""
    assert "content-type" not in without.headers


async def test_per_call_timeout_overrides_the_clients(
    harness: Harness, server: FaultServer
) -> None:
    slow_ok = harness.new(timeout=0.2)
    server.script(Reply(200, {}, [b"{}"], stall=0.5))

    assert await slow_ok.call("get", "/slow", timeout=3.0, max_retries=0) == {}

    server.script(stall())
    with pytest.raises(APITimeoutError):
        await harness.call("get", "/slow", timeout=0.2, max_retries=0)
