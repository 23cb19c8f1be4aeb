"""Work in one repository without repeating its namespace and name: stage a file and commit it.

    OXEN_API_KEY=... python docs/examples/repository.py ox datasets images/cat.png
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from oxen_server import AsyncOxenServer, OxenServer
from oxen_server.scopes import Repository


def latest_commit(repo: Repository) -> str:
    """Any function that works on one repository can take the bound view instead of two strings."""
    for commit in repo.commits.list_all(page_size=1):
        return f"{commit.id[:8]} {commit.message}"
    return "(no commits)"


def stage_and_list(namespace: str, repo_name: str, file: Path) -> None:
    with OxenServer() as client:
        repo = client.repository(namespace, repo_name)
        print(latest_commit(repo))
        workspace = repo.workspaces.create(branch_name="main", workspace_id="example-ws")
        print("workspace", workspace.workspace.id if workspace.workspace else "?")
        added = repo.workspaces.files.add("example-ws", "images", file=file)
        print("staged", added.paths)
        # The unbound methods stay: the same call with the two strings spelled out.
        client.workspaces.files.unstage(namespace, repo_name, "example-ws", f"images/{file.name}")


async def count_entries(namespace: str, repo_name: str, directory: str) -> int:
    async with AsyncOxenServer() as client:
        repo = client.repository(namespace, repo_name)
        return len([entry async for entry in repo.directories.list_entries(directory)])


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) != 3:
        sys.exit("usage: repository.py NAMESPACE REPO_NAME FILE")
    stage_and_list(args[0], args[1], Path(args[2]))
    print(asyncio.run(count_entries(args[0], args[1], "main/images")), "entries in main/images")
