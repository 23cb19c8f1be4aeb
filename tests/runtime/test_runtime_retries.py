"""Retries, backoff, Retry-After, idempotency keys, timeouts and cancellation, for the sync and async clients."""

from __future__ import annotations

import asyncio
import email.utils
import random
import socket
import time

import httpx2
import pytest
from runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from runtime_harness import AsyncClient, Harness, SyncClient, open_responses
from servers.fault import (
    FaultServer,
    error_reply,
    json_reply,
    malformed_json,
    reset_mid_body,
    stall,
)

pytestmark = pytest.mark.anyio

OK = json_reply({"ok": True})


def http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_statuses_are_retried(
    harness: Harness, server: FaultServer, status: int
) -> None:
    server.script(error_reply(status), error_reply(status), OK)

    assert await harness.call("get", "/thing") == {"ok": True}

    assert server.count == 3
    assert len(harness.delays) == 2
    assert harness.open_responses == 0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, UnprocessableEntityError),
        (418, APIStatusError),
    ],
)
async def test_other_4xx_are_never_retried(
    harness: Harness, server: FaultServer, status: int, error: type[APIStatusError]
) -> None:
    server.script(error_reply(status, "no good"), OK)

    with pytest.raises(error) as caught:
        await harness.call("post", "/thing", json={"a": 1})

    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert caught.value.body == {
        "error": {"message": "no good", "type": "test_error", "code": status}
    }
    assert server.count == 1
    assert harness.delays == []


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
async def test_gives_up_after_max_retries(
    harness: Harness, server: FaultServer, status: int, error: type[APIStatusError]
) -> None:
    server.script(*[error_reply(status, "down")] * 3, OK)

    with pytest.raises(error) as caught:
        await harness.call("get", "/thing")

    assert caught.value.status_code == status
    assert str(caught.value) == f"Error code: {status} - down"
    assert server.count == 3  # the default: 2 retries after the first attempt
    assert harness.open_responses == 0


async def test_max_retries_per_client_per_call_and_with_options(
    harness: Harness, server: FaultServer
) -> None:
    no_retries = harness.new(max_retries=0)
    server.script(error_reply(500), OK)
    with pytest.raises(InternalServerError):
        await no_retries.call("get", "/thing")
    assert server.count == 1

    server.reset()
    server.script(*[error_reply(500)] * 4, OK)
    assert await no_retries.call("get", "/thing", max_retries=4) == {"ok": True}
    assert server.count == 5

    server.reset()
    server.script(error_reply(500), error_reply(500), OK)
    copy = harness.use(harness.client.with_options(max_retries=1))
    with pytest.raises(InternalServerError):
        await copy.call("get", "/thing")
    assert server.count == 2
    assert harness.client.max_retries == 2  # the original is unchanged
    assert copy.client.max_retries == 1


@pytest.mark.parametrize(("jitter", "factor"), [(0.0, 1.0), (1.0, 0.75)])
async def test_backoff_doubles_from_half_a_second_to_an_8s_cap(
    harness: Harness,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    jitter: float,
    factor: float,
) -> None:
    monkeypatch.setattr(random, "random", lambda: jitter)
    server.script(*[error_reply(503)] * 7)

    with pytest.raises(InternalServerError):
        await harness.call("get", "/thing", max_retries=6)

    assert harness.delays == [d * factor for d in [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]]


async def test_backoff_jitter_varies(harness: Harness, server: FaultServer) -> None:
    server.script(*[error_reply(503)] * 6)
    with pytest.raises(InternalServerError):
        await harness.call("get", "/thing", max_retries=5)
    nominal = [0.5, 1.0, 2.0, 4.0, 8.0]
    assert all(0.75 * n <= d <= n for d, n in zip(harness.delays, nominal, strict=True))
    assert len({d / n for d, n in zip(harness.delays, nominal, strict=True)}) > 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after-ms": "100", "retry-after": "7"}, 0.1),  # the precise one wins
        ({"retry-after-ms": "soon", "retry-after": "3"}, 3.0),
    ],
)
async def test_retry_after_is_honoured(
    harness: Harness, server: FaultServer, headers: dict[str, str], expected: float
) -> None:
    server.script(json_reply({"error": "slow down"}, 429, headers), OK)

    assert await harness.call("get", "/thing") == {"ok": True}

    assert harness.delays == [expected]


async def test_retry_after_as_http_date(harness: Harness, server: FaultServer) -> None:
    server.script(json_reply({}, 503, {"retry-after": http_date(30)}), OK)

    assert await harness.call("get", "/thing") == {"ok": True}

    [delay] = harness.delays
    assert 28.0 <= delay <= 31.0  # the date has a one-second resolution


@pytest.mark.parametrize(
    "headers",
    [{"retry-after": "soon"}, {"retry-after": http_date(-30)}, {"retry-after": "-5"}, {}],
    ids=["garbage", "past-date", "negative", "absent"],
)
async def test_unusable_retry_after_falls_back_to_backoff(
    harness: Harness, server: FaultServer, headers: dict[str, str]
) -> None:
    server.script(json_reply({}, 429, headers), OK)

    assert await harness.call("get", "/thing") == {"ok": True}

    [delay] = harness.delays
    assert 0.375 <= delay <= 0.5


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "61"},
        {"retry-after": "120.5"},
        {"retry-after-ms": "60001"},
        {"retry-after": http_date(600)},
    ],
    ids=["seconds", "float", "ms", "date"],
)
async def test_a_longer_server_delay_means_no_retry(
    harness: Harness, server: FaultServer, headers: dict[str, str]
) -> None:
    server.script(
        error_reply(429, "come back later", **{k.replace("-", "_"): v for k, v in headers.items()}),
        OK,
    )

    with pytest.raises(RateLimitError) as caught:
        await harness.call("get", "/thing")

    assert caught.value.headers["retry-after" if "retry-after" in headers else "retry-after-ms"]
    assert server.count == 1
    assert harness.delays == []
    assert harness.open_responses == 0


async def test_x_should_retry_true_retries_a_400(harness: Harness, server: FaultServer) -> None:
    server.script(error_reply(400, x_should_retry="true"), OK)

    assert await harness.call("post", "/thing", json={}) == {"ok": True}

    assert server.count == 2


async def test_x_should_retry_false_stops_a_503(harness: Harness, server: FaultServer) -> None:
    server.script(error_reply(503, x_should_retry="false"), OK)

    with pytest.raises(InternalServerError):
        await harness.call("post", "/thing", json={})

    assert server.count == 1


async def test_one_idempotency_key_per_call_and_an_attempt_number_per_attempt(
    harness: Harness, server: FaultServer
) -> None:
    server.script(error_reply(500), error_reply(502), OK, OK)

    await harness.call("post", "/thing", json={"a": 1})
    await harness.call("post", "/thing", json={"a": 1})

    keys = [r.headers.get("idempotency-key") for r in server.requests]
    assert keys[0] and keys[0] == keys[1] == keys[2]
    assert keys[3] and keys[3] != keys[0]
    assert [r.headers["x-attempt-number"] for r in server.requests] == ["1", "2", "3", "1"]
    assert [r.json() for r in server.requests] == [{"a": 1}] * 4


async def test_gets_carry_no_idempotency_key_and_callers_can_choose_one(
    harness: Harness, server: FaultServer
) -> None:
    server.script(OK, error_reply(500), OK)

    await harness.call("get", "/thing")
    await harness.call("delete", "/thing", extra_headers={"Idempotency-Key": "mine"})

    assert "idempotency-key" not in server.requests[0].headers
    assert server.requests[0].headers["x-attempt-number"] == "1"
    assert [r.headers["idempotency-key"] for r in server.requests[1:]] == ["mine", "mine"]


async def test_failed_attempts_are_closed(harness: Harness, server: FaultServer) -> None:
    big = error_reply(503, "x" * 200_000)  # more than one read: closing it matters
    server.script(big, big, OK)

    assert await harness.call("get", "/thing") == {"ok": True}
    assert harness.open_responses == 0

    server.script(big, big, big)
    with pytest.raises(InternalServerError):
        await harness.call("get", "/thing", stream=True, cast_to=dict)  # streamed responses too
    assert harness.open_responses == 0


async def test_connection_resets_are_retried(harness: Harness, server: FaultServer) -> None:
    server.script(reset_mid_body(), reset_mid_body(), OK)

    assert await harness.call("get", "/thing") == {"ok": True}

    assert server.count == 3
    assert len(harness.delays) == 2
    assert harness.open_responses == 0


async def test_connection_errors_raise_after_retries(harness: Harness, server: FaultServer) -> None:
    server.script(*[reset_mid_body()] * 3)

    with pytest.raises(APIConnectionError) as caught:
        await harness.call("post", "/thing", json={})

    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx2.RemoteProtocolError)
    assert server.count == 3
    assert harness.open_responses == 0


async def test_refused_connections_are_retried(harness: Harness) -> None:
    with socket.socket() as sock:  # a port nobody listens on once the socket is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refused = harness.new(base_url=f"http://127.0.0.1:{port}")

    with pytest.raises(APIConnectionError) as caught:
        await refused.call("get", "/thing")

    assert isinstance(caught.value.__cause__, httpx2.ConnectError)
    assert len(harness.delays) == 2


async def test_a_stalled_server_times_out_within_the_timeout(
    harness: Harness, server: FaultServer
) -> None:
    server.script(stall())
    started = time.monotonic()

    with pytest.raises(APITimeoutError):
        await harness.call("get", "/thing", timeout=0.3, max_retries=0)

    assert 0.25 <= time.monotonic() - started < 1.5
    assert server.count == 1


async def test_timeouts_are_retried_and_client_timeout_applies(
    harness: Harness, server: FaultServer
) -> None:
    quick = harness.new(timeout=0.3)
    server.script(stall(), stall(), OK)
    started = time.monotonic()

    assert await quick.call("get", "/thing") == {"ok": True}

    assert 0.5 <= time.monotonic() - started < 2.5
    assert server.count == 3
    assert len(harness.delays) == 2

    server.script(stall())
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await harness.use(harness.client.with_options(timeout=0.3, max_retries=0)).call("get", "/x")
    assert time.monotonic() - started < 1.5


async def test_malformed_json_is_a_validation_error(harness: Harness, server: FaultServer) -> None:
    server.script(malformed_json(), OK)

    with pytest.raises(APIResponseValidationError) as caught:
        await harness.call("get", "/thing")

    assert isinstance(caught.value, APIError)
    assert caught.value.status_code == 200
    assert caught.value.body == '{"id": "chatcmpl-1", "choices": [{'
    assert "not valid JSON" in str(caught.value)
    assert server.count == 1  # a success status is never retried


# ---------------------------------------------------------------------------------------------- interrupts


def test_keyboard_interrupt_during_backoff_propagates_at_once(server: FaultServer) -> None:
    calls: list[float] = []

    def interrupted(seconds: float) -> None:
        calls.append(seconds)
        raise KeyboardInterrupt

    with SyncClient(api_key="k", base_url=server.url) as client:
        client._sleep = interrupted  # type: ignore[method-assign]
        server.script(error_reply(503), OK)

        with pytest.raises(KeyboardInterrupt):
            client._request("get", "/thing", cast_to=object)

        assert server.count == 1
        assert len(calls) == 1
        assert open_responses(client) == 0


def test_keyboard_interrupt_during_a_request_is_not_retried() -> None:
    attempts: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        attempts.append(request)
        raise KeyboardInterrupt

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    with (
        SyncClient(api_key="k", base_url="http://test", http_client=http) as client,
        pytest.raises(KeyboardInterrupt),
    ):
        client._request("post", "/thing", cast_to=object, json={})
    assert len(attempts) == 1


async def test_cancellation_during_a_request_propagates_at_once(server: FaultServer) -> None:
    server.script(stall(), OK)
    async with AsyncClient(api_key="k", base_url=server.url) as client:
        task = asyncio.ensure_future(client._request("get", "/thing", cast_to=object))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        task.cancel()

        with pytest.raises(asyncio.CancelledError):
            await task

        assert time.monotonic() - started < 0.5
        await asyncio.sleep(0.1)
        assert server.count == 1
        assert open_responses(client) == 0


async def test_cancellation_during_backoff_propagates_at_once(server: FaultServer) -> None:
    server.script(error_reply(503, retry_after="30"), OK)
    async with AsyncClient(api_key="k", base_url=server.url) as client:  # the real sleep
        task = asyncio.ensure_future(client._request("get", "/thing", cast_to=object))
        await asyncio.sleep(0.2)
        task.cancel()

        with pytest.raises(asyncio.CancelledError):
            await task

        assert server.count == 1
        assert open_responses(client) == 0
