"""`client.repository(namespace, repo_name)` of the Oxen server client (generated fresh, see test_oxen_pages)."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest
from servers.fault import FaultServer, json_reply
from test_oxen_pages import client_of, script_three_pages

pytestmark = pytest.mark.anyio




async def finish(client: Any, result: Any, flavour: str) -> Any:
    if flavour == "async":
        value = await result
        await client.close()
        return value
    client.close()
    return result


async def test_the_view_is_typed_and_keeps_its_bound_values(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    scopes = importlib.import_module(f"{oxen_server_package.__name__}.scopes")
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    repo = client.repository("ox", "datasets")
    assert type(repo) is getattr(scopes, ("Async" if flavour == "async" else "") + "Repository")
    assert (repo.namespace, repo.repo_name) == ("ox", "datasets")
    assert repo.commits is repo.commits  # made once, on first use
    if flavour == "async":
        await client.close()
    else:
        client.close()


async def test_scoped_upload_hits_the_repository_url(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    server.script(
        json_reply({"status": "success", "status_message": "ok", "paths": ["images/dir/a.txt"]})
    )
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    repo = client.repository("ox", "data/sets")
    reply = await finish(
        client,
        repo.workspaces.files.add("ws 1", "images/dir", file=("a.txt", b"hi", "text/plain")),
        flavour,
    )
    assert reply.paths == ["images/dir/a.txt"]
    # Bound values are escaped like any path value ("/" too); `path` keeps its "/" (x-clientgen-allow-slash).
    assert server.last.method == "POST"
    assert server.last.path == "/api/repos/ox/data%2Fsets/workspaces/ws%201/files/images/dir"
    assert b'filename="a.txt"' in server.last.body


async def test_scoped_paginated_listing(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    script_three_pages(server)
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    listing = client.repository("ox", "a/b").commits.list_all(page_size=2)
    if flavour == "async":
        ids = [c.id async for c in listing]
        await client.close()
    else:
        ids = [c.id for c in listing]
        client.close()
    assert ids == ["c1", "c2", "c3", "c4", "c5"]
    assert [r.path for r in server.requests] == ["/api/repos/ox/a%2Fb/commits/all"] * 3
    assert [r.query for r in server.requests] == [
        "page_size=2",
        "page_size=2&page=2",
        "page_size=2&page=3",
    ]


async def test_scoped_with_raw_response(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    server.script(
        json_reply(
            {"status": "success", "status_message": "ok", "paths": []},
            headers={"x-request-id": "r1"},
        )
    )
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    files = client.repository("ox", "datasets").workspaces.files
    raw = await finish(
        client,
        files.with_raw_response.add("ws1", "dir", file=("a.txt", b"hi", "text/plain")),
        flavour,
    )
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "r1"
    assert server.last.path == "/api/repos/ox/datasets/workspaces/ws1/files/dir"


async def test_scoped_paginated_with_raw_response(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    script_three_pages(server)
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    commits = client.repository("ox", "datasets").commits
    if flavour == "async":
        raw = await commits.with_raw_response.list_all()
        page = await raw.parse()
        ids = [c.id async for c in page]
        await client.close()
    else:
        raw = commits.with_raw_response.list_all()
        page = raw.parse()
        ids = [c.id for c in page]
        client.close()
    assert ids == ["c1", "c2", "c3", "c4", "c5"]
    assert server.requests[0].path == "/api/repos/ox/datasets/commits/all"


async def test_unbound_methods_are_unchanged(
    oxen_server_package: ModuleType, server: FaultServer, flavour: str
) -> None:
    script_three_pages(server)
    client = client_of(oxen_server_package, flavour, server, "OxenServer")
    first = await finish(client, client.commits.list_all("ox", "datasets"), flavour)
    assert [c.id for c in first.commits] == ["c1", "c2"]
    assert server.last.path == "/api/repos/ox/datasets/commits/all"
