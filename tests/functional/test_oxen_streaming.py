"""Streaming chat completions and raw/streamed response access through the generated resources."""

from __future__ import annotations

import gc
import time

import anyio
import pytest
from oxen_harness import Oxen
from oxen_hub import (
    APIConnectionError,
    APIError,
    APIResponse,
    AsyncAPIResponse,
    AsyncStream,
    ChatCompletionChunk,
    ChatCompletionResponse,
    Stream,
)
from servers.fault import FaultServer, chat_chunk, chat_stream_events, json_reply, sse_reply

pytestmark = pytest.mark.anyio

MESSAGES = [{"role": "user", "content": "hi"}]


async def create_stream(
    oxen: Oxen,
) -> Stream[ChatCompletionChunk] | AsyncStream[ChatCompletionChunk]:
    stream = await oxen.run(
        oxen.client.chat.completions.create, model="m", messages=MESSAGES, stream=True
    )
    assert isinstance(stream, AsyncStream if oxen.is_async else Stream)
    return stream  # type: ignore[no-any-return]


async def test_stream_yields_chunks_until_done(oxen: Oxen, server: FaultServer) -> None:
    stream = await create_stream(oxen)
    chunks = await oxen.collect(stream)

    assert all(type(c) is ChatCompletionChunk for c in chunks)
    assert [c.choices[0].delta.content for c in chunks] == ["Hel", "lo", None]
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert stream.response.is_closed
    assert server.last.json() == {"model": "m", "messages": MESSAGES, "stream": True}
    assert server.last.headers["accept"] == "text/event-stream"
    assert oxen.open_responses == 0


async def test_stream_false_returns_the_json_model(oxen: Oxen, server: FaultServer) -> None:
    reply = await oxen.run(
        oxen.client.chat.completions.create, model="m", messages=MESSAGES, stream=False
    )

    assert type(reply) is ChatCompletionResponse
    assert server.last.json()["stream"] is False


async def test_keep_alives_and_split_chunks(oxen: Oxen, server: FaultServer) -> None:
    raw = (
        ": ping\n\nretry: 1000\nid: 1\n\ndata:\n\n"
        f"data: {chat_chunk('naïve ☕')}\n\n: ping\n\n{''.join(chat_stream_events('m', ['!']))}"
    ).encode()
    cup = raw.index("☕".encode())
    server.script(sse_reply(raw[:20], raw[20 : cup + 1], raw[cup + 1 : cup + 2], raw[cup + 2 :]))

    chunks = await oxen.collect(await create_stream(oxen))

    assert [c.choices[0].delta.content for c in chunks] == ["naïve ☕", "!", None]


async def test_error_event_and_error_chunk_raise_api_error(oxen: Oxen, server: FaultServer) -> None:
    server.script(
        sse_reply('event: error\ndata: {"error": {"message": "model overloaded"}}\n\n'),
        sse_reply(f"data: {chat_chunk('a')}\n\n", 'data: {"error": {"message": "bad key"}}\n\n'),
    )

    with pytest.raises(APIError, match=r"^model overloaded$"):
        await oxen.collect(await create_stream(oxen))
    with pytest.raises(APIError, match=r"^bad key$"):
        await oxen.collect(await create_stream(oxen))
    assert oxen.open_responses == 0


async def test_a_stream_cut_before_done(oxen: Oxen, server: FaultServer) -> None:
    server.script(sse_reply(f"data: {chat_chunk('a')}\n\n"))
    stream = await create_stream(oxen)

    with pytest.raises(APIConnectionError):
        await oxen.collect(stream)

    assert stream.response.is_closed


async def test_break_and_garbage_collection_close_the_response(
    oxen: Oxen, server: FaultServer
) -> None:
    server.script(
        sse_reply(*chat_stream_events("m", ["a", "b"])),
        sse_reply(*chat_stream_events("m", ["a", "b"])),
    )
    broken = await create_stream(oxen)
    if oxen.is_async:
        async for _ in broken:  # type: ignore[union-attr]
            break
    else:
        for _ in broken:  # type: ignore[union-attr]
            break
    abandoned = await create_stream(oxen)
    response = abandoned.response
    await oxen.run(abandoned.__anext__ if oxen.is_async else abandoned.__next__)  # type: ignore[union-attr]
    del abandoned
    gc.collect()

    deadline = time.monotonic() + 2.0  # async closes land after a few event-loop turns
    while not (broken.response.is_closed and response.is_closed) and time.monotonic() < deadline:
        await anyio.sleep(0.01)
    assert broken.response.is_closed
    assert response.is_closed


async def test_with_raw_response(oxen: Oxen, server: FaultServer) -> None:
    server.script(
        json_reply(
            {"id": "chatcmpl-9", "object": "chat.completion"}, 200, {"x-request-id": "req_9"}
        )
    )

    raw = await oxen.run(
        oxen.client.chat.completions.with_raw_response.create, model="m", messages=MESSAGES
    )

    assert isinstance(raw, AsyncAPIResponse if oxen.is_async else APIResponse)
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert raw.request_id == "req_9"
    parsed = await oxen.run(raw.parse)
    assert type(parsed) is ChatCompletionResponse
    assert parsed.id == "chatcmpl-9"


async def test_with_streaming_response(oxen: Oxen, server: FaultServer) -> None:
    context = oxen.client.chat.completions.with_streaming_response.create(
        model="m", messages=MESSAGES, stream=True
    )
    response = await oxen.enter(context)
    try:
        assert response.status_code == 200
        assert not response.is_closed
        if oxen.is_async:
            lines = [line async for line in response.iter_lines()]
        else:
            lines = list(response.iter_lines())
    finally:
        await oxen.exit(context)

    assert [line for line in lines if line] == [
        e.strip() for e in chat_stream_events("m", ["Hel", "lo"])
    ]
    assert response.is_closed

    context = oxen.client.chat.completions.with_streaming_response.create(
        model="m", messages=MESSAGES
    )
    response = await oxen.enter(context)
    try:
        parsed = await oxen.run(response.parse)
    finally:
        await oxen.exit(context)
    assert type(parsed) is ChatCompletionResponse
    assert response.is_closed
    assert oxen.open_responses == 0
