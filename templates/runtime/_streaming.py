"""Server-sent event streams (`stream=True`), sync and async.

Events are decoded by httpx2's WHATWG event-stream parser (`httpx2.EventSource`), so keep-alive comments,
multi-line data, `id:` and `retry:` fields are handled there; this module turns events into typed chunks.
The HTTP response is closed in every case: after the terminator, on `break` (generator close), on error, on
`close()`/`with`, and when an abandoned stream is garbage-collected.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

import httpx2

if TYPE_CHECKING:
    import asyncio

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    error_message,
)

__all__ = ["AsyncStream", "Stream"]

T = TypeVar("T")
# Close tasks scheduled for abandoned async streams, kept referenced until they finish.
_CLOSING: set[asyncio.Task[None]] = set()  # asyncio is imported only where a task is made


def _check_content_type(response: httpx2.Response) -> None:
    media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media != "text/event-stream":
        response.read()
        body = _maybe_json(response.text)
        raise APIResponseValidationError(
            response,
            body,
            message=f"Expected a text/event-stream response, got {media or 'no content type'!r}",
        )


async def _acheck_content_type(response: httpx2.Response) -> None:
    media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media != "text/event-stream":
        await response.aread()
        body = _maybe_json(response.text)
        raise APIResponseValidationError(
            response,
            body,
            message=f"Expected a text/event-stream response, got {media or 'no content type'!r}",
        )


def _maybe_json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text


class _Decoder(Generic[T]):
    """Turns one event's data into a chunk, or raises for error events (shared by both stream kinds)."""

    __slots__ = ("_parse", "_request", "_response", "_terminator")

    def __init__(
        self, response: httpx2.Response, parse: Callable[[str], T], terminator: str | None
    ) -> None:
        self._response = response
        self._request = response.request
        self._parse = parse
        self._terminator = terminator

    @property
    def needs_terminator(self) -> bool:
        return self._terminator is not None

    def is_end(self, data: str) -> bool:
        return self._terminator is not None and data == self._terminator

    def decode(self, event: str, data: str) -> T | None:
        if event == "error":
            body = _maybe_json(data)
            raise APIError(
                error_message(body) or data or "The server sent an error event",
                self._request,
                body=body,
            )
        if not data.strip():
            return None  # an empty data frame: a keep-alive in all but name
        if '"error"' in data:
            body = _maybe_json(data)
            if isinstance(body, dict) and body.get("error"):
                raise APIError(
                    error_message(body) or "The server sent an error", self._request, body=body
                )
        try:
            return self._parse(data)
        except (
            ValueError
        ) as exc:  # pydantic's ValidationError and json's JSONDecodeError are ValueErrors
            raise APIResponseValidationError(
                self._response,
                _maybe_json(data),
                message=f"Stream chunk does not match the API schema: {exc}",
            ) from exc

    def cut(self) -> APIConnectionError:
        return APIConnectionError(
            message=f"The stream ended before its {self._terminator!r} terminator: the connection was cut",
            request=self._request,
        )


class Stream(Generic[T]):
    """An iterator of chunks from a server-sent event stream; use it in a `with` block or iterate to the end."""

    response: httpx2.Response

    def __init__(
        self, *, response: httpx2.Response, parse: Callable[[str], T], terminator: str | None = None
    ) -> None:
        self.response = response
        self._decoder = _Decoder(response, parse, terminator)
        self._closed = False
        self._iterator = self._iterate()

    def __iter__(self) -> Iterator[T]:
        # A fresh generator per `for` loop (over the same events): when the loop ends early (`break`, an
        # exception) it drops the generator, whose `finally` closes the response at once.
        return self._loop()

    def _loop(self) -> Iterator[T]:
        try:
            yield from self._iterator
        finally:
            self.close()

    def __next__(self) -> T:
        return next(self._iterator)

    def _iterate(self) -> Iterator[T]:
        decoder = self._decoder
        try:
            _check_content_type(self.response)
            for sse in httpx2.EventSource(self.response, max_event_size=None):
                if decoder.is_end(sse.data):
                    return
                chunk = decoder.decode(sse.event, sse.data)
                if chunk is not None:
                    yield chunk
            if decoder.needs_terminator:
                raise decoder.cut()
        except httpx2.TimeoutException as exc:
            raise APITimeoutError(self.response.request, message="The stream timed out") from exc
        except (httpx2.TransportError, httpx2.StreamError) as exc:
            raise APIConnectionError(
                message=f"The stream broke: {exc}", request=self.response.request
            ) from exc
        finally:
            self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            # Nothing useful can be done with an error during garbage collection.
            with contextlib.suppress(Exception):
                self.close()


class AsyncStream(Generic[T]):
    """An async iterator of chunks from a server-sent event stream."""

    response: httpx2.Response

    def __init__(
        self, *, response: httpx2.Response, parse: Callable[[str], T], terminator: str | None = None
    ) -> None:
        self.response = response
        self._decoder = _Decoder(response, parse, terminator)
        self._closed = False
        self._iterator = self._iterate()

    def __aiter__(self) -> AsyncIterator[T]:
        # As for `Stream`: a fresh generator per `async for` loop, which closes the response when the loop
        # ends early and the event loop finalises the dropped generator.
        return self._loop()

    async def _loop(self) -> AsyncIterator[T]:
        try:
            async for chunk in self._iterator:
                yield chunk
        finally:
            await self.close()
            await self._iterator.aclose()

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def _iterate(self) -> AsyncGenerator[T, None]:
        decoder = self._decoder
        try:
            await _acheck_content_type(self.response)
            async for sse in httpx2.EventSource(self.response, max_event_size=None):
                if decoder.is_end(sse.data):
                    return
                chunk = decoder.decode(sse.event, sse.data)
                if chunk is not None:
                    yield chunk
            if decoder.needs_terminator:
                raise decoder.cut()
        except httpx2.TimeoutException as exc:
            raise APITimeoutError(self.response.request, message="The stream timed out") from exc
        except (httpx2.TransportError, httpx2.StreamError) as exc:
            raise APIConnectionError(
                message=f"The stream broke: {exc}", request=self.response.request
            ) from exc
        finally:
            await self.close()

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __del__(self) -> None:
        if getattr(self, "_closed", True):
            return
        # The async response cannot be awaited here; schedule its close on the running loop if there is one.
        self._closed = True
        try:
            import asyncio

            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.response.aclose())
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)
