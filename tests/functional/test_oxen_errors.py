"""HTTP error statuses become typed exceptions carrying the status, the headers and the parsed error body."""

from __future__ import annotations

import oxen_hub
import pytest
from oxen_harness import Oxen
from oxen_hub import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from servers.fault import FaultServer, Reply, error_reply, json_reply, malformed_json

pytestmark = pytest.mark.anyio

MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
async def test_statuses_map_to_typed_errors(
    oxen: Oxen, server: FaultServer, status: int, error: type[APIStatusError]
) -> None:
    server.script(error_reply(status, f"server says {status}", x_request_id=f"req_{status}"))

    with pytest.raises(APIError) as caught:
        await oxen.run(
            oxen.client.chat.completions.create, model="m", messages=MESSAGES, max_retries=0
        )

    exc = caught.value
    assert type(exc) is error
    assert isinstance(exc, APIStatusError)
    assert exc.status_code == status
    assert exc.headers["x-request-id"] == f"req_{status}"
    assert exc.request_id == f"req_{status}"
    assert exc.body == {
        "error": {"message": f"server says {status}", "type": "test_error", "code": status}
    }
    assert exc.message == f"Error code: {status} - server says {status}"
    assert str(exc) == exc.message
    assert exc.request is not None and exc.request.url.path == "/api/ai/chat/completions"
    assert server.count == 1


async def test_error_bodies_that_are_not_json(oxen: Oxen, server: FaultServer) -> None:
    server.script(Reply(502, {"content-type": "text/html"}, [b"<h1>Bad gateway</h1>"]), Reply(500))

    with pytest.raises(InternalServerError) as caught:
        await oxen.run(oxen.client.models.list, max_retries=0)
    with pytest.raises(InternalServerError) as empty:
        await oxen.run(oxen.client.models.list, max_retries=0)

    assert caught.value.status_code == 502
    assert caught.value.body == "<h1>Bad gateway</h1>"
    assert str(caught.value) == "Error code: 502 - <h1>Bad gateway</h1>"
    assert empty.value.body is None
    assert str(empty.value) == "Error code: 500"


async def test_malformed_json_on_success(oxen: Oxen, server: FaultServer) -> None:
    server.script(malformed_json())

    with pytest.raises(APIResponseValidationError) as caught:
        await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)

    assert isinstance(caught.value, APIError)
    assert caught.value.status_code == 200
    assert server.count == 1


async def test_a_body_that_does_not_match_the_schema(oxen: Oxen, server: FaultServer) -> None:
    server.script(json_reply({"object": "list", "data": [{"id": "no other field"}]}))

    with pytest.raises(APIResponseValidationError, match="does not match the API schema") as caught:
        await oxen.run(oxen.client.models.list)

    assert caught.value.body == {"object": "list", "data": [{"id": "no other field"}]}


def test_every_error_is_importable_from_the_package_and_an_api_error() -> None:
    names = [
        "APIConnectionError",
        "APITimeoutError",
        "APIResponseValidationError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ]
    for name in names:
        assert issubclass(getattr(oxen_hub, name), oxen_hub.APIError), name
    assert issubclass(oxen_hub.APITimeoutError, oxen_hub.APIConnectionError)
