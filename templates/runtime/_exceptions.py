"""The errors a generated client raises. `APIError` is the base of all of them.

Messages carry the status and the server's own error message, never request headers or the API key.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2

from ._constants import REQUEST_ID_HEADERS

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
]


class APIError(Exception):
    """Base class of every error raised by the client.

    `body` is the server's error body (parsed JSON, else text; None when there was none). `code`, `type` and
    `param` come from it when it has them, in OpenAI's shape (`{"error": {"message", "type", "param",
    "code"}}`) or as top-level keys; Oxen's `{"status": "error", "status_message": "..."}` gives its
    `status_message` as the code. Each is None when absent.
    """

    message: str
    request: httpx2.Request | None
    body: object | None
    code: str | int | None
    type: str | None
    param: str | None

    def __init__(
        self, message: str, request: httpx2.Request | None = None, *, body: object | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        self.code, self.type, self.param = error_details(body)


def error_details(body: object | None) -> tuple[str | int | None, str | None, str | None]:
    """`code`, `type` and `param` from an error body of any shape (never raises)."""
    if not isinstance(body, dict):
        return None, None, None
    nested = body.get("error")
    sources = (nested, body) if isinstance(nested, dict) else (body,)

    def first(key: str) -> object:
        for source in sources:
            value = source.get(key)
            if value is not None:
                return value
        return None

    code = first("code")
    if code is None and body.get("status") == "error":
        code = body.get("status_message")
    kind = first("type")
    param = first("param")
    return (
        code if isinstance(code, str | int) and not isinstance(code, bool) else None,
        kind if isinstance(kind, str) else None,
        param if isinstance(param, str) else None,
    )


class APIResponseValidationError(APIError):
    """The server answered with success, but the body is not what the spec says (or not JSON at all)."""

    def __init__(
        self, response: httpx2.Response, body: object | None, *, message: str | None = None
    ) -> None:
        super().__init__(
            message
            or f"Response from {response.request.method} {response.request.url.path} does not match the API schema",
            response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    response: httpx2.Response
    status_code: int

    def __init__(self, message: str, *, response: httpx2.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.response.headers)


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class RateLimitError(APIStatusError):
    status_code = 429


class InternalServerError(APIStatusError):
    """Any 5xx status."""


class APIConnectionError(APIError):
    """The request never got an HTTP answer: DNS, refused or reset connection, broken stream."""

    def __init__(
        self, *, message: str = "Connection error.", request: httpx2.Request | None
    ) -> None:
        super().__init__(message, request, body=None)


class ClientClosedError(APIConnectionError):
    """A request on a client that was closed (`close()`, or the end of its `with` block)."""

    def __init__(self) -> None:
        super().__init__(
            message=(
                "The client has been closed, so it cannot send requests (nor can its with_options copies"
                " that share its connection pool): create a new client"
            ),
            request=None,
        )


class PaginationError(APIError):
    """The server answered a request for the next page with a page already seen.

    Iterating further would repeat the same items forever, so the iteration stops with this error.
    """


class APITimeoutError(APIConnectionError):
    def __init__(
        self, request: httpx2.Request | None, *, message: str = "Request timed out."
    ) -> None:
        super().__init__(message=message, request=request)


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def request_id_of(headers: httpx2.Headers) -> str | None:
    """The id the server gave the request (what its support asks for); responses and errors read it alike."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


def parse_error_body(response: httpx2.Response) -> object | None:
    """The error body as JSON when it is JSON, else as text (None when empty)."""
    try:
        content = response.content
    except httpx2.ResponseNotRead:  # the connection broke while the error body was being read
        return None
    if not content:
        return None
    try:
        parsed: object = json.loads(content)
        return parsed
    except ValueError:
        return response.text


def error_message(body: object | None) -> str | None:
    """The server's own message from common error shapes ({"error": {"message"}}, {"message"}, {"detail"})."""
    if isinstance(body, dict):
        error: Any = body.get("error", body)
        if isinstance(error, dict):
            for key in ("message", "detail", "error_description", "title", "status_message"):
                value = error.get(key)
                if isinstance(value, str) and value:
                    return value
        if isinstance(error, str) and error:
            return error
        detail = body.get("detail")
        if isinstance(detail, str):
            return detail
    if isinstance(body, str) and body.strip():
        return body.strip()[:500]
    return None


def make_status_error(response: httpx2.Response) -> APIStatusError:
    body = parse_error_body(response)
    status = response.status_code
    server_message = error_message(body)
    message = f"Error code: {status}"
    if server_message:
        message += f" - {server_message}"
    elif body is not None:
        message += f" - {json.dumps(body)[:500] if not isinstance(body, str) else body[:500]}"
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, response=response, body=body)
