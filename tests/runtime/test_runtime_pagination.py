"""Paged listings: page-number and cursor pages, fetched lazily, each once, with the first call's options."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest
from runtime._exceptions import APIResponseValidationError, PaginationError
from runtime._models import BaseModel
from runtime._pagination import (
    AsyncPage,
    AsyncPaginator,
    CursorPagination,
    PageNumberPagination,
    SyncPage,
)
from runtime._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from runtime_harness import SECRET, Harness, make_client
from servers.fault import FaultServer, error_reply, json_reply

pytestmark = pytest.mark.anyio


class Commit(BaseModel):
    id: str
    message: str | None = None


class PaginatedCommits(BaseModel):
    commits: list[Commit]
    page_number: int
    total_pages: int


NUMBERED = PageNumberPagination(
    param="page", items="commits", current="page_number", total="total_pages"
)


class SyncCommitsPage(SyncPage[Commit], PaginatedCommits):
    __pagination__ = NUMBERED


class AsyncCommitsPage(AsyncPage[Commit], PaginatedCommits):
    __pagination__ = NUMBERED


class CommitList(BaseModel):
    commits: list[Commit]


UNTIL_EMPTY = PageNumberPagination(param="page", items="commits")


class SyncUntilEmptyPage(SyncPage[Commit], CommitList):
    __pagination__ = UNTIL_EMPTY


class AsyncUntilEmptyPage(AsyncPage[Commit], CommitList):
    __pagination__ = UNTIL_EMPTY


class CursorList(BaseModel):
    data: list[Commit]
    next: str | None = None
    has_more: bool | None = None


NEXT_CURSOR = CursorPagination(param="cursor", items="data", next_cursor="next", has_more="has_more")
AFTER_ID = CursorPagination(param="after", items="data", item_cursor="id", has_more="has_more")


class SyncNextCursorPage(SyncPage[Commit], CursorList):
    __pagination__ = NEXT_CURSOR


class AsyncNextCursorPage(AsyncPage[Commit], CursorList):
    __pagination__ = NEXT_CURSOR


class SyncAfterIdPage(SyncPage[Commit], CursorList):
    __pagination__ = AFTER_ID


class AsyncAfterIdPage(AsyncPage[Commit], CursorList):
    __pagination__ = AFTER_ID


PAGES: dict[str, tuple[type[SyncPage[Commit]], type[AsyncPage[Commit]]]] = {
    "numbered": (SyncCommitsPage, AsyncCommitsPage),
    "until_empty": (SyncUntilEmptyPage, AsyncUntilEmptyPage),
    "next_cursor": (SyncNextCursorPage, AsyncNextCursorPage),
    "after_id": (SyncAfterIdPage, AsyncAfterIdPage),
}


def commits(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "message": f"commit {i}"} for i in ids]


def numbered(page: int, total: int, *ids: str) -> dict[str, Any]:
    return {"commits": commits(*ids), "page_number": page, "total_pages": total}


def query(recorded: Any) -> dict[str, str]:
    return dict(parse_qsl(recorded.query))


async def first_page(harness: Harness, kind: str, path: str = "/commits", **kwargs: Any) -> Any:
    """What a generated listing method does: sync `_request(cast_to=page)`, async `_request_page(page=)`."""
    sync_page, async_page = PAGES[kind]
    if harness.is_async:
        paginator = harness.client._request_page("get", path, page=async_page, **kwargs)  # type: ignore[union-attr]
        assert isinstance(paginator, AsyncPaginator)
        return await paginator
    return harness.client._request("get", path, cast_to=sync_page, **kwargs)


async def every_item(harness: Harness, page: Any) -> list[Any]:
    if harness.is_async:
        return [item async for item in page]
    return list(page)


async def every_page(harness: Harness, page: Any) -> list[Any]:
    if harness.is_async:
        return [p async for p in page.iter_pages()]
    return list(page.iter_pages())


async def test_page_numbers_run_through_every_page_with_the_same_options(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply(numbered(1, 3, "a", "b")),
        error_reply(503),  # retried: the page keeps the call's max_retries
        json_reply(numbered(2, 3, "c")),
        json_reply(numbered(3, 3, "d")),
    )

    page = await first_page(
        harness,
        "numbered",
        query={"page_size": 2},
        extra_query={"branch": "main"},
        extra_headers={"X-Trace": "t-1"},
        max_retries=1,
        timeout=5.0,
    )
    ids = [c.id for c in await every_item(harness, page)]

    assert ids == ["a", "b", "c", "d"]
    assert isinstance(page, PaginatedCommits) and page.total_pages == 3
    assert [query(r) for r in server.requests] == [
        {"page_size": "2", "branch": "main"},
        {"page_size": "2", "branch": "main", "page": "2"},
        {"page_size": "2", "branch": "main", "page": "2"},
        {"page_size": "2", "branch": "main", "page": "3"},
    ]
    for recorded in server.requests:
        assert recorded.headers["x-trace"] == "t-1"
        assert recorded.headers["authorization"] == f"Bearer {SECRET}"


async def test_pages_are_fetched_lazily_and_each_once(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply(numbered(1, 2, "a", "b")), json_reply(numbered(2, 2, "c")))

    page = await first_page(harness, "numbered")
    assert server.count == 1
    seen: list[str] = []
    if harness.is_async:
        async for commit in page:
            seen.append(commit.id)
            if commit.id == "b":
                assert server.count == 1
    else:
        for commit in page:
            seen.append(commit.id)
            if commit.id == "b":
                assert server.count == 1

    assert seen == ["a", "b", "c"]
    assert server.count == 2


async def test_iter_pages_has_next_page_and_get_next_page(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply(numbered(1, 2, "a")), json_reply(numbered(2, 2, "b")), json_reply(numbered(2, 2, "b"))
    )

    page = await first_page(harness, "numbered", query={"page": 1})
    assert page.has_next_page()
    second = await harness.run(page.get_next_page)
    pages = await every_page(harness, page)

    assert [c.id for c in second.page_items()] == ["b"]
    assert not second.has_next_page()
    assert [[c.id for c in p.page_items()] for p in pages] == [["a"], ["b"]]
    assert pages[0] is page
    with pytest.raises(PaginationError, match="last page"):
        await harness.run(second.get_next_page)
    assert server.count == 3  # get_next_page and iter_pages each fetched page 2; nothing more


async def test_without_a_total_pages_run_until_an_empty_one(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply({"commits": commits("a")}),
        json_reply({"commits": commits("b")}),
        json_reply({"commits": []}),
    )

    page = await first_page(harness, "until_empty", query={"page": 4})

    assert [c.id for c in await every_item(harness, page)] == ["a", "b"]
    assert [query(r).get("page") for r in server.requests] == ["4", "5", "6"]


async def test_next_cursor_pages_stop_when_has_more_is_false(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply({"data": commits("a", "b"), "next": "cur-2", "has_more": True}),
        json_reply({"data": commits("c"), "next": "cur-3", "has_more": False}),
    )

    page = await first_page(harness, "next_cursor")

    assert [c.id for c in await every_item(harness, page)] == ["a", "b", "c"]
    assert [query(r).get("cursor") for r in server.requests] == [None, "cur-2"]


async def test_item_cursor_pages_send_the_last_item_id(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply({"data": commits("a", "b"), "has_more": True}),
        json_reply({"data": commits("c"), "has_more": True}),
        json_reply({"data": [], "has_more": True}),
    )

    page = await first_page(harness, "after_id", query={"limit": 2})

    assert [c.id for c in await every_item(harness, page)] == ["a", "b", "c"]
    assert [query(r) for r in server.requests] == [
        {"limit": "2"},
        {"limit": "2", "after": "b"},
        {"limit": "2", "after": "c"},
    ]


async def test_a_repeated_cursor_stops_with_an_error_instead_of_looping(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply({"data": commits("a"), "next": "same"}),
        json_reply({"data": commits("b"), "next": "same"}),
    )
    page = await first_page(harness, "next_cursor")
    seen: list[str] = []

    with pytest.raises(PaginationError, match="cursor=same again"):
        if harness.is_async:
            async for commit in page:
                seen.append(commit.id)
        else:
            for commit in page:
                seen.append(commit.id)

    assert seen == ["a", "b"]
    assert server.count == 2


async def test_a_server_ignoring_the_page_number_stops_with_an_error(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply({"commits": commits("a", "b")}), json_reply({"commits": commits("a", "b")})
    )
    page = await first_page(harness, "until_empty")

    with pytest.raises(PaginationError, match="same items"):
        await every_item(harness, page)

    assert server.count == 2


async def test_a_current_page_field_that_never_moves_stops_with_an_error(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply(numbered(1, 5, "a")), json_reply(numbered(1, 5, "b")))
    page = await first_page(harness, "numbered")

    with pytest.raises(PaginationError, match="page=2 again"):
        await every_item(harness, page)

    assert server.count == 2


async def test_the_async_paginator_is_awaitable_and_iterable(server: FaultServer) -> None:
    # Async only: AsyncPaginator is the async listing surface; sync methods return the page itself.
    harness = Harness(make_client(True, base_url=server.url, delays=[]), [], server.url)
    server.script(
        json_reply(numbered(1, 2, "a")),
        json_reply(numbered(2, 2, "b")),
        json_reply(numbered(1, 2, "a")),
    )
    paginator = harness.client._request_page("get", "/commits", page=AsyncCommitsPage)  # type: ignore[union-attr]
    assert server.count == 0  # nothing is sent before it is awaited or iterated

    ids = [commit.id async for commit in paginator]
    first = await paginator

    assert ids == ["a", "b"]
    assert isinstance(first, AsyncCommitsPage) and first.page_number == 1
    assert server.count == 3
    await harness.close_all()


async def test_raw_response_parse_returns_a_working_page(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply(numbered(1, 2, "a"), headers={"x-request-id": "req-1"}),
        json_reply(numbered(2, 2, "b")),
    )
    if harness.is_async:
        raw = await async_to_raw_response_wrapper(harness.client._request_page)(  # type: ignore[union-attr]
            "get", "/commits", page=AsyncCommitsPage, extra_headers={"X-Trace": "raw"}
        )
        page = await raw.parse()
    else:
        raw = to_raw_response_wrapper(harness.client._request)(
            "get", "/commits", cast_to=SyncCommitsPage, extra_headers={"X-Trace": "raw"}
        )
        page = raw.parse()

    assert raw.request_id == "req-1"
    assert [c.id for c in await every_item(harness, page)] == ["a", "b"]
    assert [r.headers["x-trace"] for r in server.requests] == ["raw", "raw"]


async def test_pages_are_lenient_or_strict_like_any_body(
    harness: Harness, server: FaultServer
) -> None:
    # A mistyped page number (the number sent is used instead) and an item without its id.
    loose_second = {"commits": [{"message": "no id"}], "page_number": "two", "total_pages": 2}
    server.script(json_reply(numbered(1, 2, "a")), json_reply(loose_second))
    page = await first_page(harness, "numbered")
    items = await every_item(harness, page)
    assert [c.id for c in items] == ["a", None]
    assert items[1].message == "no id"
    assert server.count == 2

    strict = harness.new(strict_response_validation=True)
    server.script(json_reply(numbered(1, 2, "a")), json_reply(loose_second))
    strict_page = await first_page(strict, "numbered")
    with pytest.raises(APIResponseValidationError):
        await every_item(strict, strict_page)


async def test_a_post_listing_gets_a_new_idempotency_key_per_page(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply(numbered(1, 2, "a")), json_reply(numbered(2, 2, "b")))
    sync_page, async_page = PAGES["numbered"]
    if harness.is_async:
        page = await harness.client._request_page("post", "/search", page=async_page, json={"q": "x"})  # type: ignore[union-attr]
    else:
        page = harness.client._request("post", "/search", cast_to=sync_page, json={"q": "x"})

    await every_item(harness, page)

    keys = [r.headers["idempotency-key"] for r in server.requests]
    assert len(set(keys)) == 2
    assert [r.json() for r in server.requests] == [{"q": "x"}, {"q": "x"}]


def test_a_page_built_by_hand_cannot_fetch_more() -> None:
    page = SyncCommitsPage.model_validate(numbered(1, 2, "a"))

    assert page.has_next_page()
    with pytest.raises(PaginationError, match="not returned by a client call"):
        page.get_next_page()


def test_pagination_descriptors_are_plain_and_checked() -> None:
    assert repr(NUMBERED) == (
        "PageNumberPagination(items='commits', param='page', current='page_number', total='total_pages')"
    )
    with pytest.raises(ValueError, match="exactly one of next_cursor"):
        CursorPagination(param="after", items="data")
    with pytest.raises(ValueError, match="exactly one of next_cursor"):
        CursorPagination(param="after", items="data", next_cursor="next", item_cursor="id")


class View(BaseModel):
    rows: list[Commit]
    page_number: int
    total_pages: int


class Nested(BaseModel):
    view: View


NESTED = PageNumberPagination(
    param="page", items="view.rows", current="view.page_number", total="view.total_pages"
)


class SyncNestedPage(SyncPage[Commit], Nested):
    __pagination__ = NESTED


class AsyncNestedPage(AsyncPage[Commit], Nested):
    __pagination__ = NESTED


PAGES["nested"] = (SyncNestedPage, AsyncNestedPage)


async def test_fields_may_be_dotted_paths_into_nested_objects(
    harness: Harness, server: FaultServer
) -> None:
    server.script(
        json_reply({"view": {"rows": commits("a"), "page_number": 1, "total_pages": 2}}),
        json_reply({"view": {"rows": commits("b"), "page_number": 2, "total_pages": 2}}),
    )

    page = await first_page(harness, "nested")

    assert [c.id for c in page.page_items()] == ["a"]
    assert [c.id for c in await every_item(harness, page)] == ["a", "b"]
    assert [query(r).get("page") for r in server.requests] == [None, "2"]


def test_item_cursors_are_read_from_raw_items_of_a_loose_page() -> None:
    loose = SyncAfterIdPage.model_construct(data=[{"id": "x"}, {"id": "y"}], has_more=None)

    assert AFTER_ID.next_value(loose, None) == "y"
    assert NUMBERED.next_value(SyncCommitsPage.model_construct(commits=None), "3") is None
