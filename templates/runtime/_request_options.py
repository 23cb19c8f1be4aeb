"""What one call sends (`RequestArgs` from a generated method, `RequestOptions` once built) and the lazily made
httpx2 client that sends it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypedDict, TypeVar

import httpx2

from ._constants import DEFAULT_CONNECTION_LIMITS, IDEMPOTENCY_HEADER
from ._exceptions import ClientClosedError
from ._response import ResponseParsing
from ._types import FileContent, Headers, Omit, Query, Timeout
from ._utils import FileSet, query_value

__all__ = ["LazyHttpClient", "RequestArgs", "RequestOptions"]

HttpxClient = TypeVar("HttpxClient", httpx2.Client, httpx2.AsyncClient)
# The prefix of idempotency keys the client makes itself (a caller's own key is never replaced).
GENERATED_KEY_PREFIX = "clientgen-"


class RequestArgs(TypedDict, total=False):
    """What a generated method passes to `_request` besides the method, path and `cast_to`."""

    stream: bool
    binary: bool
    terminator: str | None
    path_params: Mapping[str, object] | None
    allow_slash: Sequence[str]
    query: Mapping[str, object] | None
    deep_object: Sequence[str]
    headers: Mapping[str, object] | None
    cookies: Mapping[str, object] | None
    json: object
    data: Mapping[str, object] | Omit | None
    files: Mapping[str, object] | None
    content: FileContent | str | Omit | None
    content_type: str | None
    auth: bool
    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Mapping[str, object] | None
    timeout: Timeout | Omit
    max_retries: int | Omit


class RequestOptions:
    """Everything about one call that does not change between its attempts."""

    __slots__ = (
        "auth",
        "content",
        "data",
        "files",
        "headers",
        "how",
        "max_retries",
        "method",
        "params",
        "stream",
        "timeout",
        "url",
    )

    def __init__(
        self,
        *,
        method: str,
        url: str,
        params: list[tuple[str, str]],
        headers: dict[str, str],
        content: bytes | None,
        data: dict[str, Any] | None,
        files: FileSet | None,
        timeout: Timeout,
        max_retries: int,
        auth: bool,
        how: ResponseParsing,
        stream: bool,
    ) -> None:
        self.method = method
        self.url = url
        self.params = params
        self.headers = headers
        self.content = content
        self.data = data
        self.files = files
        self.timeout = timeout
        self.max_retries = max_retries
        self.auth = auth
        self.how = how
        self.stream = stream

    def with_query_value(self, name: str, value: object) -> RequestOptions:
        """The same request with query parameter `name` set to `value` (the next page's request).

        The body is read into memory already; files were closed after the first call, so a multipart request
        cannot be repeated. A generated idempotency key is renewed: the server must not answer with the
        stored reply to the first request.
        """
        params = [pair for pair in self.params if pair[0] != name]
        params.append((name, query_value(value)))
        headers = self.headers
        key = headers.get(IDEMPOTENCY_HEADER)
        if key is not None and key.startswith(GENERATED_KEY_PREFIX):
            headers = {
                **headers,
                IDEMPOTENCY_HEADER: f"{GENERATED_KEY_PREFIX}{os.urandom(16).hex()}",
            }
        return RequestOptions(
            method=self.method,
            url=self.url,
            params=params,
            headers=headers,
            content=self.content,
            data=self.data,
            files=None,
            timeout=self.timeout,
            max_retries=self.max_retries,
            auth=self.auth,
            how=self.how,
            stream=False,
        )

    def query_value(self, name: str) -> str | None:
        """The last value sent for query parameter `name`, if any."""
        found = None
        for key, value in self.params:
            if key == name:
                found = value
        return found


def new_sync_client() -> httpx2.Client:
    return httpx2.Client(limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True)


def new_async_client() -> httpx2.AsyncClient:
    return httpx2.AsyncClient(limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True)


class LazyHttpClient(Generic[HttpxClient]):
    """The httpx2 client behind an API client, made on first request and shared by `with_options` copies.

    Making it loads the TLS trust store, the slowest part of constructing a client; a client that is built
    but never used (a CLI's `--help`, an import-time default) should not pay for that.
    """

    def __init__(
        self, given: HttpxClient | None, make: Callable[[], HttpxClient], *, owned: bool = True
    ) -> None:
        self._client: HttpxClient | None = given
        self._make: Callable[[], HttpxClient] = make
        self._lock = threading.Lock()
        self._closed = False
        # False for an httpx2 client handed to `with_options`: its owner closes it, not the copy.
        self.owned = owned

    def get(self) -> HttpxClient:
        client = self._client
        if client is None or self._closed or client.is_closed:
            with self._lock:
                if self._closed or (self._client is not None and self._client.is_closed):
                    raise ClientClosedError()
                if self._client is None:
                    self._client = self._make()
                client = self._client
        return client

    @property
    def is_closed(self) -> bool:
        return self._closed or (self._client is not None and self._client.is_closed)

    def close(self) -> HttpxClient | None:
        """Mark closed; return the httpx2 client to close, if one was made or given and is ours to close."""
        self._closed = True
        return self._client if self.owned else None
