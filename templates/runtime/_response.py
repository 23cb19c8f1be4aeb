"""Parsed, raw and streamed responses.

`client.x.with_raw_response.y(...)` returns an `APIResponse` (status, headers, request id, `.parse()`);
`client.x.with_streaming_response.y(...)` returns a context manager whose response body is read only when asked.
Both are plain wrappers around the resource method: they set a context variable that the client reads.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar, cast

import httpx2

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    request_id_of,
)
from ._streaming import AsyncStream, Stream

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryResponse",
    "BinaryResponse",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
ResponseMode = Literal["raw", "streamed"]
response_mode: ContextVar[ResponseMode | None] = ContextVar("response_mode", default=None)
_WRITE_CHUNK = 1 << 16


# ---------------------------------------------------------------------------------------------- parsing


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def parser_for(cast_to: Any) -> Callable[[bytes | str], Any]:
    """A function from a JSON document to `cast_to`: a model's own fast JSON validator when it is one."""
    validate = getattr(cast_to, "model_validate_json", None)
    if validate is not None:
        return cast("Callable[[bytes | str], Any]", validate)
    if cast_to is object or cast_to is Any:
        return json.loads
    adapter = _ADAPTERS.get(cast_to)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cast_to] = TypeAdapter(cast_to)
    return adapter.validate_json


def parse_body(response: httpx2.Response, cast_to: Any, strict: bool = False) -> Any:
    """The body as `cast_to`: validated strictly first; unless `strict`, built leniently when that fails."""
    if cast_to is None:
        return None
    if cast_to is str:
        return response.text
    if cast_to is bytes:
        return response.content
    content = response.content
    if cast_to is object and not content:
        return None
    try:
        return parser_for(cast_to)(content)
    except (
        ValueError
    ) as exc:  # pydantic's ValidationError and json's JSONDecodeError are ValueErrors
        try:
            body: object = json.loads(content)
        except ValueError:
            raise APIResponseValidationError(
                response,
                response.text,
                message=f"Response body is not valid JSON (status {response.status_code})",
            ) from None
        if not strict:
            from ._construct import construct_type

            return construct_type(body, cast_to)
        message = f"Response body does not match the API schema: {_short(exc)}"
        raise APIResponseValidationError(response, body, message=message) from None


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()
    return "; ".join(text[:3])[:500]


@functools.lru_cache(maxsize=256)
def _chunk_parser(cast_to: Any, strict: bool) -> Callable[[str], Any]:
    parse = parser_for(cast_to)
    if strict:
        return parse

    def lenient(data: str) -> Any:
        try:
            return parse(data)
        except ValueError:
            body = json.loads(data)  # not JSON: nothing to build, the stream reports it
            from ._construct import construct_type

            return construct_type(body, cast_to)

    return lenient


class PageMarker:
    """A base of every page class (`_pagination`), so that the client knows one without importing pydantic."""

    __slots__ = ()


class ResponseParsing:
    """How the HTTP response becomes the method's return value.

    `kind` is "parse" (the body read and parsed as `cast_to`), "stream" (server-sent events parsed as
    `cast_to`, ending at `terminator`) or "binary" (the body handed over unread). `strict` makes a body that
    does not match its model an error instead of a leniently built model. `page_request` is set when
    `cast_to` is a page class: what the page needs to fetch the pages after it (see `_pagination`).
    """

    __slots__ = ("cast_to", "kind", "page_request", "strict", "terminator")

    def __init__(
        self,
        cast_to: Any,
        kind: Literal["parse", "stream", "binary"] = "parse",
        terminator: str | None = None,
        strict: bool = False,
    ) -> None:
        self.cast_to = cast_to
        self.kind = kind
        self.terminator = terminator
        self.strict = strict
        self.page_request: Any = None


def finish_sync(response: httpx2.Response, how: ResponseParsing, retries_taken: int = 0) -> Any:
    if how.kind == "stream":
        return Stream(
            response=response,
            parse=_chunk_parser(how.cast_to, how.strict),
            terminator=how.terminator,
        )
    if how.kind == "binary":
        return BinaryResponse(response, retries_taken)
    return _parsed(response, how)


def finish_async(response: httpx2.Response, how: ResponseParsing, retries_taken: int = 0) -> Any:
    if how.kind == "stream":
        return AsyncStream(
            response=response,
            parse=_chunk_parser(how.cast_to, how.strict),
            terminator=how.terminator,
        )
    if how.kind == "binary":
        return AsyncBinaryResponse(response, retries_taken)
    return _parsed(response, how)


def _parsed(response: httpx2.Response, how: ResponseParsing) -> Any:
    parsed = parse_body(response, how.cast_to, how.strict)
    if how.page_request is not None and isinstance(parsed, how.cast_to):
        # A page keeps the request that fetched it, to ask for the next page the same way.
        parsed._page_request = how.page_request
    return parsed


# ---------------------------------------------------------------------------------------------- body errors


@contextlib.contextmanager
def _body_errors(response: httpx2.Response) -> Iterator[None]:
    """httpx2's errors while reading a body, raised as the client's own (every error is an `APIError`)."""
    try:
        yield
    except httpx2.TimeoutException as exc:
        raise APITimeoutError(
            response.request, message="Timed out reading the response body"
        ) from exc
    except httpx2.TransportError as exc:
        raise APIConnectionError(
            message=f"The response body could not be read: {exc}", request=response.request
        ) from exc


def _translated(response: httpx2.Response, chunks: Iterator[T]) -> Iterator[T]:
    with _body_errors(response):
        yield from chunks


async def _atranslated(response: httpx2.Response, chunks: AsyncIterator[T]) -> AsyncIterator[T]:
    with _body_errors(response):
        async for chunk in chunks:
            yield chunk


# ---------------------------------------------------------------------------------------------- raw access


class _ResponseInfo:
    http_response: httpx2.Response
    retries_taken: int

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response.headers)

    @property
    def url(self) -> httpx2.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url.path}>"


class APIResponse(_ResponseInfo, Generic[R]):
    """The HTTP response of one call, with `.parse()` for what the method would have returned."""

    def __init__(self, raw: httpx2.Response, how: ResponseParsing, retries_taken: int = 0) -> None:
        self.http_response = raw
        self.retries_taken = retries_taken
        self._how = how
        self._parsed: Any = _UNSET

    def parse(self) -> R:
        if self._parsed is _UNSET:
            if self._how.kind == "parse":
                self.read()
            self._parsed = finish_sync(self.http_response, self._how, self.retries_taken)
        return cast(R, self._parsed)

    def read(self) -> bytes:
        with _body_errors(self.http_response):
            return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return _translated(self.http_response, self.http_response.iter_bytes(chunk_size))

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return _translated(self.http_response, self.http_response.iter_text(chunk_size))

    def iter_lines(self) -> Iterator[str]:
        return _translated(self.http_response, self.http_response.iter_lines())

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> APIResponse[R]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIResponse(_ResponseInfo, Generic[R]):
    def __init__(self, raw: httpx2.Response, how: ResponseParsing, retries_taken: int = 0) -> None:
        self.http_response = raw
        self.retries_taken = retries_taken
        self._how = how
        self._parsed: Any = _UNSET

    async def parse(self) -> R:
        if self._parsed is _UNSET:
            if self._how.kind == "parse":
                await self.read()
            self._parsed = finish_async(self.http_response, self._how, self.retries_taken)
        return cast(R, self._parsed)

    async def read(self) -> bytes:
        with _body_errors(self.http_response):
            return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        return json.loads(await self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return _atranslated(self.http_response, self.http_response.aiter_bytes(chunk_size))

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return _atranslated(self.http_response, self.http_response.aiter_text(chunk_size))

    def iter_lines(self) -> AsyncIterator[str]:
        return _atranslated(self.http_response, self.http_response.aiter_lines())

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncAPIResponse[R]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


_UNSET: Any = object()


# ---------------------------------------------------------------------------------------------- binary bodies


class BinaryResponse(_ResponseInfo):
    """A binary body that is not read until asked: `.read()`, `.iter_bytes()` or `.write_to_file(path)`.

    The connection stays open until the body is consumed or `close()` is called; use it in a `with` block.
    """

    def __init__(self, response: httpx2.Response, retries_taken: int = 0) -> None:
        self.http_response = response
        self.retries_taken = retries_taken

    @property
    def content_type(self) -> str | None:
        return self.http_response.headers.get("content-type")

    def read(self) -> bytes:
        try:
            with _body_errors(self.http_response):
                return self.http_response.read()
        finally:
            self.http_response.close()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        try:
            with _body_errors(self.http_response):
                yield from self.http_response.iter_bytes(chunk_size)
        finally:
            self.http_response.close()

    def write_to_file(self, file: str | os.PathLike[str]) -> int:
        """Stream the body to `file` chunk by chunk; returns the number of bytes written."""
        written = 0
        try:
            with _body_errors(self.http_response), open(file, "wb") as handle:
                for chunk in self.http_response.iter_bytes(_WRITE_CHUNK):
                    handle.write(chunk)
                    written += len(chunk)
        finally:
            self.http_response.close()
        return written

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        response = getattr(self, "http_response", None)
        if response is not None and not response.is_closed:
            # Nothing useful can be done with an error during garbage collection.
            with contextlib.suppress(Exception):
                response.close()


class AsyncBinaryResponse(_ResponseInfo):
    def __init__(self, response: httpx2.Response, retries_taken: int = 0) -> None:
        self.http_response = response
        self.retries_taken = retries_taken

    @property
    def content_type(self) -> str | None:
        return self.http_response.headers.get("content-type")

    async def read(self) -> bytes:
        try:
            with _body_errors(self.http_response):
                return await self.http_response.aread()
        finally:
            await self.http_response.aclose()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        try:
            with _body_errors(self.http_response):
                async for chunk in self.http_response.aiter_bytes(chunk_size):
                    yield chunk
        finally:
            await self.http_response.aclose()

    async def write_to_file(self, file: str | os.PathLike[str]) -> int:
        written = 0
        try:
            # Local disk writes between network reads.
            with _body_errors(self.http_response), open(file, "wb") as handle:
                async for chunk in self.http_response.aiter_bytes(_WRITE_CHUNK):
                    handle.write(chunk)
                    written += len(chunk)
        finally:
            await self.http_response.aclose()
        return written

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


# ---------------------------------------------------------------------------------------------- wrappers


class ResponseContextManager(Generic[R]):
    """Makes the request on `__enter__` and closes the response on `__exit__`."""

    def __init__(self, request: Callable[[], R]) -> None:
        self._request = request
        self._response: R | None = None

    def __enter__(self) -> R:
        self._response = self._request()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        close = getattr(self._response, "close", None)
        if close is not None:
            close()


class AsyncResponseContextManager(Generic[R]):
    def __init__(self, request: Callable[[], Awaitable[R]]) -> None:
        self._request = request
        self._response: R | None = None

    async def __aenter__(self) -> R:
        self._response = await self._request()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        close = getattr(self._response, "close", None)
        if close is not None:
            await close()


def _call_in_mode(
    mode: ResponseMode, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs
) -> Any:
    token = response_mode.set(mode)
    try:
        return func(*args, **kwargs)
    finally:
        response_mode.reset(token)


async def _acall_in_mode(
    mode: ResponseMode, func: Callable[P, Awaitable[Any]], *args: P.args, **kwargs: P.kwargs
) -> Any:
    token = response_mode.set(mode)
    try:
        return await func(*args, **kwargs)
    finally:
        response_mode.reset(token)


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        return cast("APIResponse[R]", _call_in_mode("raw", func, *args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[AsyncAPIResponse[R]]]:
    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[R]:
        return cast("AsyncAPIResponse[R]", await _acall_in_mode("raw", func, *args, **kwargs))

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[P, R],
) -> Callable[P, ResponseContextManager[APIResponse[R]]]:
    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[APIResponse[R]]:
        return ResponseContextManager(
            lambda: cast("APIResponse[R]", _call_in_mode("streamed", func, *args, **kwargs))
        )

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[AsyncAPIResponse[R]]]:
    @functools.wraps(func)
    def wrapped(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncResponseContextManager[AsyncAPIResponse[R]]:
        async def request() -> AsyncAPIResponse[R]:
            return cast(
                "AsyncAPIResponse[R]", await _acall_in_mode("streamed", func, *args, **kwargs)
            )

        return AsyncResponseContextManager(request)

    return wrapped
