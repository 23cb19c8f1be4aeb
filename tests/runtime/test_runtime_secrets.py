"""The API key never shows: not in repr, exception text, tracebacks or logs; logged URLs hide query secrets."""

from __future__ import annotations

import logging
import traceback
from typing import Any, ClassVar

import httpx2
import pytest
from runtime._base_client import SyncAPIClient
from runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
)
from runtime_harness import SECRET, Harness, SyncClient
from servers.fault import (
    FaultServer,
    chat_chunk,
    error_reply,
    json_reply,
    malformed_json,
    reset_mid_body,
    sse_reply,
    stall,
)

pytestmark = pytest.mark.anyio

QUERY_SECRET = "qs-SECRET-b81d"


def everything_shown(exc: BaseException) -> str:
    """All a user could see of an error: str, repr, args, and the formatted traceback with its causes."""
    shown = [str(exc), repr(exc), repr(exc.args), "".join(traceback.format_exception(exc))]
    return "\n".join(shown)


async def test_repr_never_shows_the_key(harness: Harness) -> None:
    copy = harness.client.with_options(max_retries=0)

    for client in (harness.client, copy):
        assert SECRET not in repr(client)
        assert SECRET not in str(client)
        assert "api_key=set" in repr(client)


async def raise_each_kind_of_error(harness: Harness, server: FaultServer) -> list[APIError]:
    server.script(
        error_reply(401, "invalid key"),
        reset_mid_body(),
        stall(),
        malformed_json(),
        sse_reply("event: error\ndata: overloaded\n\n"),
    )
    errors: list[APIError] = []
    calls: list[dict[str, Any]] = [
        {"json": {"a": 1}},
        {},
        {"timeout": 0.2},
        {"extra_query": {"api_key": QUERY_SECRET}},
        {"stream": True, "terminator": "[DONE]"},
    ]
    for kwargs in calls:
        try:
            result = await harness.call("post", "/thing", max_retries=0, **kwargs)
            await harness.collect(result)
        except APIError as exc:
            errors.append(exc)
    return errors


async def test_errors_and_tracebacks_never_show_the_key(
    harness: Harness, server: FaultServer
) -> None:
    errors = await raise_each_kind_of_error(harness, server)

    kinds = [type(e) for e in errors]
    assert kinds == [
        AuthenticationError,
        APIConnectionError,
        APITimeoutError,
        APIResponseValidationError,
        APIError,
    ]
    assert all(r.headers["authorization"] == f"Bearer {SECRET}" for r in server.requests)
    for error in errors:
        shown = everything_shown(error)
        assert SECRET not in shown
        assert QUERY_SECRET not in shown


async def test_logs_never_show_the_key_or_query_secrets(
    harness: Harness, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="runtime")
    server.script(error_reply(503), json_reply({}))

    await harness.call(
        "get", "/items", query={"page": 2}, extra_query={"api_key": QUERY_SECRET, "token": "t0k"}
    )
    await raise_each_kind_of_error(harness, server)

    messages = [r.getMessage() for r in caplog.records if r.name.startswith("runtime")]
    assert len(messages) == 2 + 5
    first, second = messages[:2]
    assert first.startswith(
        f"GET {server.url}/items?page=2&api_key=[redacted]&token=[redacted] -> 503 in "
    )
    assert first.endswith("ms (attempt 1)")
    assert " -> 200 in " in second
    assert second.endswith("(attempt 2)")
    assert "-> timeout in" in messages[4]
    assert "-> error (RemoteProtocolError) in" in messages[3]
    text = "\n".join(messages) + caplog.text
    assert SECRET not in text
    assert QUERY_SECRET not in text
    assert "t0k" not in text


class QueryKeyClient(SyncAPIClient):
    _auth_kind: ClassVar[str | None] = "query"
    _auth_name: ClassVar[str] = "access"  # a name that looks like nothing secret


def test_a_key_sent_in_the_query_is_redacted_from_logs_and_errors(
    server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="runtime")
    server.script(malformed_json(), error_reply(404))

    with QueryKeyClient(api_key=SECRET, base_url=server.url, max_retries=0) as client:
        with pytest.raises(APIResponseValidationError) as invalid:
            client._request("get", "/items", cast_to=object, query={"page": 1})
        with pytest.raises(APIError) as missing:
            client._request("get", "/other", cast_to=object)

    assert server.requests[0].query == f"page=1&access={SECRET}"
    assert "authorization" not in server.requests[0].headers
    assert "access=[redacted]" in caplog.text
    assert SECRET not in caplog.text
    assert SECRET not in everything_shown(invalid.value)
    assert SECRET not in everything_shown(missing.value)


@pytest.mark.parametrize("bad_key", [SECRET + "\n", SECRET + "\r\nX-Injected: 1", SECRET + "é"])
def test_a_key_that_cannot_be_sent_is_refused_without_echoing_it(bad_key: str) -> None:
    with pytest.raises(ValueError, match="cannot be sent in an HTTP header") as caught:
        SyncClient(api_key=bad_key, base_url="http://127.0.0.1:9")
    assert SECRET not in everything_shown(caught.value)

    good = SyncClient(api_key=SECRET, base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError, match="cannot be sent in an HTTP header") as caught:
        good.with_options(api_key=bad_key)
    good.close()
    assert SECRET not in everything_shown(caught.value)


async def test_stream_errors_never_show_the_key(harness: Harness, server: FaultServer) -> None:
    server.script(sse_reply(f"data: {chat_chunk('a')}\n\n", "data: {", cut=True))
    stream = await harness.call("post", "/s", stream=True, terminator="[DONE]", cast_to=dict)

    with pytest.raises(APIConnectionError) as caught:
        await harness.collect(stream)

    assert isinstance(caught.value.__cause__, httpx2.RemoteProtocolError)
    assert SECRET not in everything_shown(caught.value)
