"""Async client: list a repository's fine-tunes and their checkpoints concurrently."""

from __future__ import annotations

import asyncio

from oxen_hub import AsyncOxenHub


async def main(namespace: str, repo: str) -> None:
    async with AsyncOxenHub() as client:
        listing = await client.repos.fine_tunes.list(namespace, repo, page_size=20)
        jobs = [job for job in listing.fine_tunes or [] if job.id]
        checkpoints = await asyncio.gather(
            *(client.repos.fine_tunes.checkpoints.list(namespace, repo, job.id or "") for job in jobs)
        )
        for job, found in zip(jobs, checkpoints, strict=True):
            print(job.name, job.status, [c.step for c in found.checkpoints or []])


if __name__ == "__main__":
    asyncio.run(main("ox", "datasets"))
