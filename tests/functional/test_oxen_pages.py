"""Paged listings of the committed Oxen clients (which the drift check keeps equal to what the generator
makes of `specs/`), against a real local server."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest
from servers.fault import FaultServer, json_reply

pytestmark = pytest.mark.anyio


def commit(index: int) -> dict[str, Any]:
    return {
        "id": f"c{index}",
        "parent_ids": [],
        "message": f"commit {index}",
        "author": "ox",
        "email": "ox@example.com",
        "timestamp": "2024-01-01T00:00:00Z",
    }


def commits_page(number: int, total: int, ids: list[int]) -> dict[str, Any]:
    return {
        "status": "success",
        "status_message": "resource_found",
        "page_number": number,
        "page_size": len(ids),
        "total_pages": total,
        "total_entries": 5,
        "commits": [commit(i) for i in ids],
    }


def script_three_pages(server: FaultServer) -> None:
    server.script(
        json_reply(commits_page(1, 3, [1, 2])),
        json_reply(commits_page(2, 3, [3, 4])),
        json_reply(commits_page(3, 3, [5])),
    )


def client_of(package: ModuleType, flavour: str, server: FaultServer, name: str) -> Any:
    cls = getattr(package, ("Async" if flavour == "async" else "") + name)
    return cls(api_key="k", base_url=server.url)


def queries(server: FaultServer) -> list[str]:
    return [r.query for r in server.requests]


async def test_sync_page_iterates_every_commit_of_every_page(
    oxen_server_package: ModuleType, server: FaultServer
) -> None:
    script_three_pages(server)
    pagination = importlib.import_module(f"{oxen_server_package.__name__}.pagination")
    with client_of(oxen_server_package, "sync", server, "OxenServer") as client:
        page = client.commits.list_all("ox", "datasets", page_size=2)
        assert isinstance(page, pagination.SyncPaginatedCommitsPage)
        assert [c.id for c in page.commits] == ["c1", "c2"]
        assert page.total_pages == 3
        assert server.count == 1  # later pages are fetched only when iteration reaches them
        assert [c.id for c in page] == ["c1", "c2", "c3", "c4", "c5"]
    assert [r.path for r in server.requests] == ["/api/repos/ox/datasets/commits/all"] * 3
    assert queries(server) == ["page_size=2", "page_size=2&page=2", "page_size=2&page=3"]


async def test_async_listing_awaited_for_the_first_page(
    oxen_server_package: ModuleType, server: FaultServer
) -> None:
    script_three_pages(server)
    pagination = importlib.import_module(f"{oxen_server_package.__name__}.pagination")
    async with client_of(oxen_server_package, "async", server, "OxenServer") as client:
        page = await client.commits.list_all("ox", "datasets")
        assert isinstance(page, pagination.AsyncPaginatedCommitsPage)
        assert page.page_number == 1 and server.count == 1
        assert [c.id async for c in page] == ["c1", "c2", "c3", "c4", "c5"]
    assert queries(server) == ["", "page=2", "page=3"]


async def test_async_listing_iterated_directly(
    oxen_server_package: ModuleType, server: FaultServer
) -> None:
    script_three_pages(server)
    async with client_of(oxen_server_package, "async", server, "OxenServer") as client:
        ids = [c.id async for c in client.commits.list_all("ox", "datasets", page=1)]
    assert ids == ["c1", "c2", "c3", "c4", "c5"]
    assert queries(server) == ["page=1", "page=2", "page=3"]


async def test_nested_items_of_a_comparison(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    def compare_page(number: int, ids: list[int]) -> dict[str, Any]:
        body = commits_page(number, 2, ids)
        del body["commits"]
        body["compare"] = {
            "base_commit": commit(0),
            "head_commit": commit(9),
            "commits": [commit(i) for i in ids],
        }
        return body

    server.script(json_reply(compare_page(1, [1, 2])), json_reply(compare_page(2, [3])))
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    listing = client.compare.list_commits("ox", "datasets", "main..feature/x")
    if flavour == "async":
        ids = [c.id async for c in listing]
        await client.close()
    else:
        ids = [c.id for c in listing]
        client.close()
    assert ids == ["c1", "c2", "c3"]
    assert [r.path for r in server.requests] == [
        "/api/repos/ox/datasets/compare/main..feature/x/commits"
    ] * 2
    assert queries(server) == ["", "page=2"]


async def test_fine_tunes_without_page_counts_stop_at_an_empty_page(
    oxen_hub_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    def fine_tunes(ids: list[str]) -> dict[str, Any]:
        return {"status": "success", "fine_tunes": [{"id": i, "name": i} for i in ids]}

    server.script(
        json_reply(fine_tunes(["a", "b"])),
        json_reply(fine_tunes(["c"])),
        json_reply(fine_tunes([])),
    )
    client = client_of(oxen_hub_package, flavour, server, "OxenHub")
    listing = client.user.fine_tunes.list(page_size=2)
    if flavour == "async":
        ids = [f.id async for f in listing]
        await client.close()
    else:
        ids = [f.id for f in listing]
        client.close()
    assert ids == ["a", "b", "c"]
    assert queries(server) == ["page_size=2", "page_size=2&page=2", "page_size=2&page=3"]


async def test_with_raw_response_parses_to_a_working_page(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    script_three_pages(server)
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    if flavour == "async":
        raw = await client.commits.with_raw_response.list_all("ox", "datasets")
        assert raw.status_code == 200
        page = await raw.parse()
        ids = [c.id async for c in page]
        await client.close()
    else:
        raw = client.commits.with_raw_response.list_all("ox", "datasets")
        assert raw.status_code == 200
        page = raw.parse()
        ids = [c.id for c in page]
        client.close()
    assert ids == ["c1", "c2", "c3", "c4", "c5"]
    assert server.count == 3


async def test_with_streaming_response_parses_to_a_working_page(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    script_three_pages(server)
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    streamed = client.commits.with_streaming_response.list_all("ox", "datasets")
    if flavour == "async":
        async with streamed as response:
            page = await response.parse()
        ids = [c.id async for c in page]
        await client.close()
    else:
        with streamed as response:
            page = response.parse()
        ids = [c.id for c in page]
        client.close()
    assert ids == ["c1", "c2", "c3", "c4", "c5"]
    assert server.count == 3
