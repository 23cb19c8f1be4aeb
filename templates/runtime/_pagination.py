"""Paged listings: page classes that are the API's own response models, iterated item by item across pages.

The generated `pagination.py` declares, per paginated response model, one sync and one async page class:

    class SyncPaginatedCommitsPage(SyncPage[Commit], PaginatedCommits):
        __pagination__ = PageNumberPagination(param="page", items="commits", total="total_pages")

    class AsyncPaginatedCommitsPage(AsyncPage[Commit], PaginatedCommits):
        __pagination__ = PageNumberPagination(param="page", items="commits", total="total_pages")

(the page base first, then the model). A sync method returns `self._client._request("get", path,
cast_to=SyncPaginatedCommitsPage, ...)`; an async one is a plain `def` returning `self._client._request_page(
"get", path, page=AsyncPaginatedCommitsPage, ...)`, an `AsyncPaginator` that can be awaited (the first page)
or iterated (every item). A page fetches the next one lazily, once, with the same options as the first call
(headers, extra query, timeout, retries, auth); only the pagination parameter changes.

A server that answers a request for the next page with a page already seen (a cursor or page number sent
before, or exactly the items of the page before) would make iteration endless: `PaginationError` is raised
before any repeated item is yielded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

import pydantic

from ._exceptions import PaginationError
from ._response import PageMarker

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient
    from ._request_options import RequestOptions

__all__ = [
    "AsyncPage",
    "AsyncPaginator",
    "CursorPagination",
    "PageNumberPagination",
    "Pagination",
    "SyncPage",
]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT", bound="AsyncPage[Any]")
SyncPageT = TypeVar("SyncPageT", bound="SyncPage[Any]")
AsyncPageT = TypeVar("AsyncPageT", bound="AsyncPage[Any]")


class Pagination:
    """How a listing pages: which query parameter moves it on, and where a page keeps its items.

    Every response field named here may be a dotted path into nested objects (`"compare.commits"`).
    """

    __slots__ = ("items", "param")

    def __init__(self, *, param: str, items: str) -> None:
        self.param = param
        self.items = items

    def page_items(self, page: object) -> list[Any]:
        value = _field(page, self.items)
        return value if isinstance(value, list) else []

    def next_value(self, page: object, sent: str | None) -> object | None:
        """The value of `param` that asks for the page after `page` (sent with `sent`), None at the end."""
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _all_slots(type(self)))
        return f"{type(self).__name__}({fields})"


def _all_slots(cls: type) -> list[str]:
    return [name for klass in reversed(cls.__mro__) for name in getattr(klass, "__slots__", ())]


def _field(value: object, path: str) -> Any:
    """A response field by name, or by dotted path when it is nested in objects (`compare.commits`)."""
    for name in path.split("."):
        value = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
        if value is None:
            return None
    return value


def _whole_number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


class PageNumberPagination(Pagination):
    """Numbered pages: `param` is the page number (the first page is 1 unless the call sends another).

    The page number is the response's `current` field when declared, else the one sent. With a `total`
    field (the number of pages) there is a next page while the number is below it; without one (or when the
    response leaves it out), while pages come back with items.
    """

    __slots__ = ("current", "total")

    def __init__(
        self, *, param: str, items: str, current: str | None = None, total: str | None = None
    ) -> None:
        super().__init__(param=param, items=items)
        self.current = current
        self.total = total

    def next_value(self, page: object, sent: str | None) -> object | None:
        number = _whole_number(_field(page, self.current)) if self.current else None
        if number is None:
            number = _whole_number(sent) if sent is not None else None
        if number is None:
            number = 1
        total = _whole_number(_field(page, self.total)) if self.total else None
        if total is not None:
            return number + 1 if number < total else None
        return number + 1 if self.page_items(page) else None


class CursorPagination(Pagination):
    """Cursor pages: `param` carries the cursor of the next page.

    The cursor is the response's `next_cursor` field, or the `item_cursor` field (e.g. `id`) of the page's
    last item (OpenAI's `after` style). There is a next page while the page had items, a cursor is there and,
    when `has_more` is declared, that field is not false.
    """

    __slots__ = ("has_more", "item_cursor", "next_cursor")

    def __init__(
        self,
        *,
        param: str,
        items: str,
        next_cursor: str | None = None,
        has_more: str | None = None,
        item_cursor: str | None = None,
    ) -> None:
        if (next_cursor is None) == (item_cursor is None):
            raise ValueError(
                f"CursorPagination(param={param!r}) needs exactly one of next_cursor= (a response field) "
                "and item_cursor= (a field of each item)"
            )
        super().__init__(param=param, items=items)
        self.next_cursor = next_cursor
        self.has_more = has_more
        self.item_cursor = item_cursor

    def next_value(self, page: object, sent: str | None) -> object | None:
        items = self.page_items(page)
        if not items:
            return None
        if self.has_more is not None and _field(page, self.has_more) is False:
            return None
        if self.next_cursor is not None:
            cursor = _field(page, self.next_cursor)
        else:
            cursor = _field(items[-1], cast(str, self.item_cursor))
        return None if cursor is None or cursor == "" else cursor


class _PageBase(PageMarker, pydantic.BaseModel, Generic[ItemT]):
    """What sync and async pages share; the model's own fields come from the other base."""

    # No validator is built for these bases themselves: only the generated page classes are ever parsed.
    model_config = pydantic.ConfigDict(defer_build=True)

    __pagination__: ClassVar[Pagination]
    # (client, RequestOptions) of the call that returned this page, values of `param` sent in this listing.
    _page_request: Any = pydantic.PrivateAttr(default=None)
    _pages_sent: tuple[str | None, ...] = pydantic.PrivateAttr(default=())

    def page_items(self) -> list[ItemT]:
        """This page's items (the response field that holds them, whatever the API calls it)."""
        return self.__pagination__.page_items(self)

    def _sent_value(self) -> str | None:
        if self._page_request is None:
            return None
        options: RequestOptions = self._page_request[1]
        return options.query_value(self.__pagination__.param)

    def _next_value(self) -> object | None:
        return self.__pagination__.next_value(self, self._sent_value())

    def has_next_page(self) -> bool:
        return self._next_value() is not None

    def _next_request(self) -> tuple[Any, RequestOptions, tuple[str | None, ...]]:
        value = self._next_value()
        if value is None:
            raise PaginationError(
                f"{type(self).__name__} is the last page: check has_next_page() before get_next_page()"
            )
        if self._page_request is None:
            raise PaginationError(
                f"This {type(self).__name__} was not returned by a client call, so it cannot fetch the "
                "next page"
            )
        client, options = self._page_request
        spec = self.__pagination__
        sent = self._pages_sent or (self._sent_value(),)
        following = options.with_query_value(spec.param, value)
        encoded = following.query_value(spec.param)
        if encoded in sent:
            raise PaginationError(
                f"The server asked for {spec.param}={encoded} again, a page already fetched in this listing; "
                "stopping instead of repeating its items forever"
            )
        return client, following, (*sent, encoded)

    def _accept_next(
        self,
        following: _PageBase[Any],
        request: tuple[Any, RequestOptions],
        sent: tuple[str | None, ...],
    ) -> None:
        # The parser gave the page the first call's request (its `ResponseParsing` is shared); this one
        # was sent with another value of `param`, which the page after it is computed from.
        following._page_request = request
        following._pages_sent = sent
        items = following.page_items()
        if items and items == self.page_items():
            param = self.__pagination__.param
            raise PaginationError(
                f"The server answered {param}={sent[-1]} with the same items as the page before (does it "
                f"ignore {param}?); stopping instead of repeating them forever"
            )


class SyncPage(_PageBase[ItemT]):
    """A page of a listing: the response model itself, plus iteration over every item of every page."""

    def __iter__(self) -> Iterator[ItemT]:  # type: ignore[override]
        for page in self.iter_pages():
            yield from page.page_items()

    def iter_pages(self: SyncPageT) -> Iterator[SyncPageT]:
        """This page, then each following page, fetched when the previous one is done."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def get_next_page(self: SyncPageT) -> SyncPageT:
        """Fetch the page after this one; `PaginationError` when there is none."""
        client, options, sent = self._next_request()
        following = cast("SyncPageT", cast("SyncAPIClient", client)._execute(options))
        self._accept_next(following, (client, options), sent)
        return following


class AsyncPage(_PageBase[ItemT]):
    """An async page: `async for item in page` goes through every item of every page."""

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.page_items():
                yield item

    async def iter_pages(self: AsyncPageT) -> AsyncIterator[AsyncPageT]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def get_next_page(self: AsyncPageT) -> AsyncPageT:
        client, options, sent = self._next_request()
        following = cast("AsyncPageT", await cast("AsyncAPIClient", client)._execute(options))
        self._accept_next(following, (client, options), sent)
        return following


class AsyncPaginator(Generic[PageT, ItemT]):
    """What an async listing method returns: `await` it for the first page, or `async for` every item."""

    __slots__ = ("_fetch",)

    def __init__(self, fetch: Callable[[], Awaitable[PageT]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, PageT]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page = await self._fetch()
        async for item in page:
            yield cast(ItemT, item)
