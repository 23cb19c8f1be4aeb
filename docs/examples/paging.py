"""Walk every commit of a repository, page by page, without writing the page loop.

    OXEN_API_KEY=... python docs/examples/paging.py ox datasets
"""

from __future__ import annotations

import asyncio
import sys

from oxen_server import AsyncOxenServer, OxenServer
from oxen_server.pagination import SyncPaginatedCommitsPage
from oxen_server.types import Commit


def authors(namespace: str, repo_name: str) -> dict[str, int]:
    """Commits per author, over every page: the next page is fetched only when the loop reaches it."""
    counts: dict[str, int] = {}
    with OxenServer() as client:
        commit: Commit
        for commit in client.commits.list_all(namespace, repo_name, page_size=100):
            counts[commit.author] = counts.get(commit.author, 0) + 1
    return counts


def first_pages(client: OxenServer, namespace: str, repo_name: str, pages: int) -> None:
    """The page keeps the response's own fields; iter_pages/has_next_page/get_next_page step by hand."""
    page: SyncPaginatedCommitsPage = client.commits.list_all(namespace, repo_name, page_size=10)
    print(f"{page.total_entries} commits on {page.total_pages} pages")
    for number, current in enumerate(page.iter_pages(), start=1):
        print(number, [commit.id[:8] for commit in current.commits])
        if number == pages or not current.has_next_page():
            break


async def newest_messages(namespace: str, repo_name: str, limit: int) -> list[str]:
    """The async listing is awaited for its first page, or iterated directly with `async for`."""
    async with AsyncOxenServer() as client:
        first = await client.commits.list_all(namespace, repo_name, page_size=limit)
        messages = [commit.message for commit in first.commits]
        async for commit in client.commits.list_all(namespace, repo_name, page_size=limit):
            if len(messages) >= 2 * limit:
                break
            messages.append(commit.message)
    return messages


if __name__ == "__main__":
    namespace, repo_name = (sys.argv[1:3] + ["ox", "datasets"][len(sys.argv[1:3]) :])[:2]
    print(authors(namespace, repo_name))
    with OxenServer() as server:
        first_pages(server, namespace, repo_name, pages=3)
    print(asyncio.run(newest_messages(namespace, repo_name, limit=5)))
