"""The generated `oxen_hub` clients (sync and async) behind one awaitable surface, as in tests/runtime.

The sync client simply blocks inside the async test (the server runs in its own thread); retry sleeps are
recorded instead of slept.
"""

from __future__ import annotations

from typing import Any

from oxen_hub import AsyncOxenHub, OxenHub

KEY = "k"


def open_responses(client: OxenHub | AsyncOxenHub) -> int:
    """Responses handed out by the client's connection pool and not closed yet."""
    return len(client._client._transport._pool._requests)  # type: ignore[union-attr]


class Oxen:
    def __init__(self, client: OxenHub | AsyncOxenHub, delays: list[float]) -> None:
        self.client: Any = client  # Any: the tests call the same surface on both flavours
        self.delays = delays
        self.is_async = isinstance(client, AsyncOxenHub)

    async def run(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        return await result if self.is_async else result

    async def collect(self, stream: Any) -> list[Any]:
        if self.is_async:
            return [chunk async for chunk in stream]
        return list(stream)

    async def enter(self, context: Any) -> Any:
        return await self.run(context.__aenter__ if self.is_async else context.__enter__)

    async def exit(self, context: Any) -> None:
        await self.run(context.__aexit__ if self.is_async else context.__exit__, None, None, None)

    async def close(self) -> None:
        await self.run(self.client.close)

    @property
    def open_responses(self) -> int:
        return open_responses(self.client)


def make_oxen(is_async: bool, **kwargs: Any) -> Oxen:
    delays: list[float] = []
    kwargs.setdefault("api_key", KEY)
    client: OxenHub | AsyncOxenHub
    if is_async:
        client = AsyncOxenHub(**kwargs)

        async def record(seconds: float) -> None:
            delays.append(seconds)

        client._sleep = record  # type: ignore[method-assign]
    else:
        client = OxenHub(**kwargs)
        client._sleep = delays.append  # type: ignore[method-assign]
    return Oxen(client, delays)
