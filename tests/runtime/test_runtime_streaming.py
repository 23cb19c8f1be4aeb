"""Server-sent event streams: decoding edge cases, errors in the stream, and the response always being closed."""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import httpx2
import pytest
from runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
)
from runtime._models import BaseModel
from runtime._streaming import AsyncStream, Stream
from runtime_harness import Harness, make_client
from servers.fault import (
    FaultServer,
    Reply,
    chat_chunk,
    chat_stream_events,
    error_reply,
    json_reply,
    reset_mid_body,
    sse_reply,
)

pytestmark = pytest.mark.anyio


class Delta(BaseModel):
    content: str | None = None


class Choice(BaseModel):
    index: int
    delta: Delta
    finish_reason: str | None = None


class Chunk(BaseModel):
    id: str
    choices: list[Choice]


DONE = "data: [DONE]\n\n"


async def open_stream(harness: Harness, server: FaultServer, reply: Reply, **kwargs: Any) -> Any:
    server.script(reply)
    return await harness.call(
        "post", "/stream", cast_to=Chunk, stream=True, terminator="[DONE]", json={}, **kwargs
    )


def texts(chunks: list[Chunk]) -> list[str | None]:
    return [c.choices[0].delta.content for c in chunks]


async def wait_closed(response: httpx2.Response, limit: float = 2.0) -> bool:
    """Async closes scheduled by the event loop (finalised generators) land within a few loop turns."""
    deadline = time.monotonic() + limit
    while not response.is_closed and time.monotonic() < deadline:
        await anyio.sleep(0.01)
    return response.is_closed


async def test_yields_typed_chunks_and_stops_at_done(harness: Harness, server: FaultServer) -> None:
    events = chat_stream_events("m", ["Hel", "lo"])
    stream = await open_stream(harness, server, sse_reply(*events, "data: not even json\n\n"))

    assert isinstance(stream, AsyncStream if harness.is_async else Stream)
    chunks = await harness.collect(stream)

    assert all(type(c) is Chunk for c in chunks)
    assert texts(chunks) == ["Hel", "lo", None]
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert stream.response.is_closed
    assert harness.open_responses == 0
    assert server.last.headers["accept"] == "text/event-stream"


def _awkward_stream() -> bytes:
    euro = chat_chunk("prix: 5 €, café")
    multi_line = (
        '{"id": "chatcmpl-1",\ndata: "choices": [{"index": 0, "delta": {"content": "two lines"}}]}'
    )
    return (
        ": ping\n\n"
        ":\n"
        "retry: 3000\n\n"
        "id: 41\n\n"
        "data:\n\n"
        "data: \n\n"
        f"id: 42\nretry: 10\ndata: {euro}\n\n"
        f"data: {multi_line}\n\n"
        f"event: message\r\ndata: {chat_chunk('crlf')}\r\n\r\n"
        ": keep-alive\n"
        f"data: {chat_chunk('last')}\n\n"
        f"{DONE}"
    ).encode()


AWKWARD_TEXTS = ["prix: 5 €, café", "two lines", "crlf", "last"]


async def test_comments_empty_frames_retry_id_multiline_and_split_writes(
    harness: Harness, server: FaultServer
) -> None:
    raw = _awkward_stream()
    euro = raw.index("€".encode())
    cuts = sorted({*range(0, len(raw), 37), euro + 1, euro + 2})  # mid-line, mid-character
    pieces = [raw[a:b] for a, b in zip(cuts, [*cuts[1:], len(raw)], strict=True)]

    stream = await open_stream(harness, server, sse_reply(*pieces, pause=0.002))

    assert texts(await harness.collect(stream)) == AWKWARD_TEXTS
    assert stream.response.is_closed


async def test_one_byte_at_a_time(harness: Harness) -> None:
    raw = _awkward_stream()

    def sync_bytes() -> Iterator[bytes]:
        for i in range(len(raw)):
            yield raw[i : i + 1]

    async def async_bytes() -> AsyncIterator[bytes]:
        for i in range(len(raw)):
            yield raw[i : i + 1]

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = async_bytes() if harness.is_async else sync_bytes()
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    transport = httpx2.MockTransport(handler)
    http = (
        httpx2.AsyncClient(transport=transport)
        if harness.is_async
        else httpx2.Client(transport=transport)
    )
    mocked = harness.use(
        make_client(harness.is_async, base_url="http://test", delays=[], http_client=http)
    )
    try:
        stream = await mocked.call("get", "/s", cast_to=Chunk, stream=True, terminator="[DONE]")
        assert texts(await mocked.collect(stream)) == AWKWARD_TEXTS
    finally:
        await mocked.close(mocked.client)


@pytest.mark.parametrize(
    ("event", "message", "body"),
    [
        (
            '{"error": {"message": "overloaded", "type": "server"}}',
            "overloaded",
            {"error": {"message": "overloaded", "type": "server"}},
        ),
        ("plain words", "plain words", "plain words"),
    ],
)
async def test_an_error_event_raises_the_servers_message(
    harness: Harness, server: FaultServer, event: str, message: str, body: object
) -> None:
    first = f"data: {chat_chunk('ok')}\n\n"
    stream = await open_stream(
        harness, server, sse_reply(first, f"event: error\ndata: {event}\n\n", DONE)
    )
    got: list[Chunk] = []

    with pytest.raises(APIError) as caught:
        if harness.is_async:
            async for chunk in stream:
                got.append(chunk)
        else:
            got.extend(stream)

    assert texts(got) == ["ok"]
    assert type(caught.value) is APIError
    assert str(caught.value) == message
    assert caught.value.body == body
    assert stream.response.is_closed


async def test_a_chunk_with_an_error_object_raises(harness: Harness, server: FaultServer) -> None:
    error = '{"error": {"message": "quota exceeded", "code": "quota"}}'
    stream = await open_stream(harness, server, sse_reply(f"data: {error}\n\n", DONE))

    with pytest.raises(APIError, match=r"^quota exceeded$") as caught:
        await harness.collect(stream)

    assert caught.value.body == {"error": {"message": "quota exceeded", "code": "quota"}}
    assert stream.response.is_closed


async def test_a_null_error_field_is_not_an_error(harness: Harness, server: FaultServer) -> None:
    chunk = chat_chunk("fine")[:-1] + ', "error": null}'
    stream = await open_stream(harness, server, sse_reply(f"data: {chunk}\n\n", DONE))

    assert texts(await harness.collect(stream)) == ["fine"]


@pytest.mark.parametrize(
    "tail",
    ["", f"data: {chat_chunk('unfinished')}\n", "data: [DONE]"],
    ids=["clean-end", "partial-event", "unterminated-done"],
)
async def test_a_stream_ending_before_done_is_a_connection_error(
    harness: Harness, server: FaultServer, tail: str
) -> None:
    stream = await open_stream(harness, server, sse_reply(f"data: {chat_chunk('a')}\n\n", tail))

    with pytest.raises(APIConnectionError, match=r"ended before its '\[DONE\]' terminator"):
        await harness.collect(stream)

    assert stream.response.is_closed


async def test_a_connection_cut_mid_stream_is_a_connection_error(
    harness: Harness, server: FaultServer
) -> None:
    stream = await open_stream(
        harness, server, sse_reply(f"data: {chat_chunk('a')}\n\ndata: {{", cut=True)
    )

    with pytest.raises(APIConnectionError) as caught:
        await harness.collect(stream)

    assert isinstance(caught.value.__cause__, httpx2.RemoteProtocolError)
    assert stream.response.is_closed
    assert harness.open_responses == 0


async def test_a_stream_stalling_mid_way_times_out(harness: Harness, server: FaultServer) -> None:
    first = f"data: {chat_chunk('a')}\n\n"
    reply = sse_reply(first, f"data: {chat_chunk('b')}\n\n", DONE, pause=1.0)
    stream = await open_stream(harness, server, reply, timeout=0.3)
    started = time.monotonic()

    with pytest.raises(APITimeoutError, match="The stream timed out"):
        await harness.collect(stream)

    assert time.monotonic() - started < 1.5
    assert stream.response.is_closed


async def test_a_non_event_stream_answer_is_a_validation_error(
    harness: Harness, server: FaultServer
) -> None:
    stream = await open_stream(harness, server, json_reply({"id": "x"}))

    with pytest.raises(APIResponseValidationError, match="Expected a text/event-stream response"):
        await harness.collect(stream)

    assert stream.response.is_closed


async def test_an_error_status_raises_before_streaming(
    harness: Harness, server: FaultServer
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await open_stream(harness, server, error_reply(400, "bad stream"))

    assert caught.value.body == {
        "error": {"message": "bad stream", "type": "test_error", "code": 400}
    }
    assert harness.open_responses == 0


async def test_an_error_status_whose_body_breaks_still_raises_the_status_error(
    harness: Harness, server: FaultServer
) -> None:
    with pytest.raises(APIStatusError) as caught:
        await open_stream(harness, server, reset_mid_body(b'{"error": {"mess', status=400))

    assert caught.value.status_code == 400
    assert caught.value.body is None
    assert harness.open_responses == 0


# ---------------------------------------------------------------------------------------------- closing


async def test_break_closes_the_response(harness: Harness, server: FaultServer) -> None:
    stream = await open_stream(
        harness, server, sse_reply(*chat_stream_events("m", ["a", "b", "c"]))
    )

    if harness.is_async:
        async for _ in stream:
            break
    else:
        for _ in stream:
            break

    assert await wait_closed(stream.response)
    assert harness.open_responses == 0


async def test_an_exception_in_the_loop_closes_the_response(
    harness: Harness, server: FaultServer
) -> None:
    stream = await open_stream(harness, server, sse_reply(*chat_stream_events("m", ["a", "b"])))

    with pytest.raises(RuntimeError, match="caller failed"):
        if harness.is_async:
            async for _ in stream:
                raise RuntimeError("caller failed")
        else:
            for _ in stream:
                raise RuntimeError("caller failed")

    assert await wait_closed(stream.response)


async def test_with_closes_the_response(harness: Harness, server: FaultServer) -> None:
    stream = await open_stream(harness, server, sse_reply(*chat_stream_events("m", ["a", "b"])))

    assert isinstance(stream, AsyncIterator if harness.is_async else Iterator)
    if harness.is_async:
        async with stream as entered:
            assert entered is stream
            first = await stream.__anext__()
    else:
        with stream as entered:
            assert entered is stream
            first = next(stream)

    assert texts([first]) == ["a"]
    assert stream.response.is_closed
    assert harness.open_responses == 0


async def test_an_abandoned_stream_is_closed_when_collected(
    harness: Harness, server: FaultServer
) -> None:
    stream = await open_stream(harness, server, sse_reply(*chat_stream_events("m", ["a", "b"])))
    response = stream.response
    first = await stream.__anext__() if harness.is_async else next(stream)
    assert texts([first]) == ["a"]
    assert not response.is_closed

    del stream
    gc.collect()

    assert await wait_closed(response)
    assert harness.open_responses == 0


async def test_next_and_for_share_one_position(harness: Harness, server: FaultServer) -> None:
    stream = await open_stream(
        harness, server, sse_reply(*chat_stream_events("m", ["a", "b", "c"]))
    )

    first = await stream.__anext__() if harness.is_async else next(stream)
    rest = await harness.collect(stream)

    assert texts([first, *rest]) == ["a", "b", "c", None]
