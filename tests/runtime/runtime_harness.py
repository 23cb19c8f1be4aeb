"""Minimal sync and async clients built on the runtime, and a harness giving both one awaitable surface.

One async test body checks the sync and the async client: the sync client simply blocks (the server runs in its
own thread). Retry sleeps are recorded, never slept.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable
from typing import Any, ClassVar

import httpx2
from runtime._base_client import AsyncAPIClient, SyncAPIClient
from runtime._constants import DEFAULT_CONNECTION_LIMITS

SECRET = "sk-test-SECRET-4f7a9c2e"


class SyncClient(SyncAPIClient):
    _api_key_env: ClassVar[str] = "RUNTIME_TEST_API_KEY"
    _base_url_env: ClassVar[str] = "RUNTIME_TEST_BASE_URL"
    _auth_kind: ClassVar[str | None] = "bearer"
    _user_agent: ClassVar[str] = "runtime-test/1"


class AsyncClient(AsyncAPIClient):
    _api_key_env: ClassVar[str] = "RUNTIME_TEST_API_KEY"
    _base_url_env: ClassVar[str] = "RUNTIME_TEST_BASE_URL"
    _auth_kind: ClassVar[str | None] = "bearer"
    _user_agent: ClassVar[str] = "runtime-test/1"


def open_responses(client: SyncAPIClient | AsyncAPIClient) -> int:
    """Responses handed out by the client's connection pool and not closed yet."""
    return len(client._client._transport._pool._requests)  # type: ignore[union-attr]


class Harness:
    """One client (sync or async) with a uniform awaitable surface for tests."""

    def __init__(
        self, client: SyncAPIClient | AsyncAPIClient, delays: list[float], url: str
    ) -> None:
        self.client = client
        self.delays = delays
        self.url = url
        self.is_async = isinstance(client, AsyncAPIClient)
        self._made: list[SyncAPIClient | AsyncAPIClient] = [client]

    def new(self, **kwargs: Any) -> Harness:
        """Another client of the same flavour (closed at the end of the test), sharing the recorded delays."""
        kwargs.setdefault("base_url", self.url)
        client = make_client(self.is_async, delays=self.delays, **kwargs)
        self._made.append(client)
        return self.use(client)

    def use(self, client: SyncAPIClient | AsyncAPIClient) -> Harness:
        """A harness around another client of this flavour (e.g. a `with_options` copy)."""
        other = Harness(client, self.delays, self.url)
        other._made = self._made
        return other

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """`client._request(...)`, the entry point of every generated method; `cast_to` defaults to JSON."""
        kwargs.setdefault("cast_to", object)
        return await self.run(self.client._request, method, path, **kwargs)

    async def run(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        return await result if self.is_async else result

    async def collect(self, stream: Any) -> list[Any]:
        if self.is_async:
            return [chunk async for chunk in stream]
        return list(stream)

    async def close(self, obj: Any) -> None:
        await self.run(obj.close)

    async def close_all(self) -> None:
        for client in self._made:
            await self.close(client)

    @property
    def open_responses(self) -> int:
        return open_responses(self.client)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    return httpx2.create_ssl_context()


def pool(is_async: bool) -> httpx2.Client | httpx2.AsyncClient:
    """The pool the runtime would make, but with one shared SSL context: loading the CA bundle for every
    client costs ~0.1 s, which adds up over a few hundred tests (`tests/functional` covers the default).
    """
    kwargs: dict[str, Any] = {
        "limits": DEFAULT_CONNECTION_LIMITS,
        "follow_redirects": True,
        "verify": _ssl_context(),
    }
    return httpx2.AsyncClient(**kwargs) if is_async else httpx2.Client(**kwargs)


def make_client(
    is_async: bool,
    *,
    base_url: str,
    delays: list[float],
    classes: tuple[type[SyncClient], type[AsyncClient]] = (SyncClient, AsyncClient),
    **kwargs: Any,
) -> SyncAPIClient | AsyncAPIClient:
    """A client of the given flavour; `classes` swaps in subclasses with other settings (e.g. auth kind)."""
    kwargs.setdefault("api_key", SECRET)
    kwargs.setdefault("http_client", pool(is_async))
    sync_class, async_class = classes
    client: SyncAPIClient | AsyncAPIClient
    if is_async:
        client = async_class(base_url=base_url, **kwargs)

        async def record(seconds: float) -> None:
            delays.append(seconds)

        client._sleep = record  # type: ignore[method-assign]
    else:
        client = sync_class(base_url=base_url, **kwargs)
        client._sleep = delays.append  # type: ignore[method-assign]
    return client
