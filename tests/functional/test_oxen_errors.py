"""HTTP error statuses become typed exceptions carrying the status, the headers and the parsed error body."""

from __future__ import annotations

import oxen_hub
import pytest
from oxen_harness import Oxen, make_oxen
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


LOOSE_PAGE = {
    # `total_entries` (required) is missing, `page_number` is mistyped, `next_token` is unknown, and the
    # generation's status is a value the spec does not list.
    "generations": [
        {
            "generation_id": "g1",
            "enqueued_at": 1700000000,
            "media_type": "image",
            "model_name": "flux",
            "status": "paused",
        }
    ],
    "page_number": "one",
    "page_size": 20,
    "total_pages": 1,
    "next_token": "t",
}


async def test_a_loose_body_is_readable_by_default(oxen: Oxen, server: FaultServer) -> None:
    server.script(json_reply(LOOSE_PAGE))

    page = await oxen.run(oxen.client.generations.list)

    assert page.total_entries is None  # missing: reads as None rather than failing the call
    assert page.page_number == "one"  # mistyped: kept as sent
    assert page.model_extra == {"next_token": "t"}
    assert page.generations[0].status == "paused"
    assert page.generations[0].generation_id == "g1"


async def test_strict_response_validation_refuses_the_same_body(
    oxen: Oxen, server: FaultServer
) -> None:
    server.script(json_reply(LOOSE_PAGE), json_reply(LOOSE_PAGE))
    strict = oxen.client.with_options(strict_response_validation=True)

    with pytest.raises(APIResponseValidationError, match="does not match the API schema") as caught:
        await oxen.run(strict.generations.list)

    assert caught.value.body == LOOSE_PAGE
    constructed = make_oxen(oxen.is_async, base_url=server.url, strict_response_validation=True)
    try:
        with pytest.raises(APIResponseValidationError):
            await constructed.run(constructed.client.generations.list)
    finally:
        await constructed.close()


async def test_a_body_that_does_not_match_the_schema(oxen: Oxen, server: FaultServer) -> None:
    server.script(json_reply({"object": "list", "data": [{"id": "no other field"}]}))
    strict = oxen.client.with_options(strict_response_validation=True)

    with pytest.raises(APIResponseValidationError, match="does not match the API schema") as caught:
        await oxen.run(strict.models.list)

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
        "ClientClosedError",
        "PaginationError",
    ]
    for name in names:
        assert issubclass(getattr(oxen_hub, name), oxen_hub.APIError), name
    assert issubclass(oxen_hub.APITimeoutError, oxen_hub.APIConnectionError)
    assert issubclass(oxen_hub.ClientClosedError, oxen_hub.APIConnectionError)
