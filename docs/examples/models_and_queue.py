"""List models, inspect one, and queue an image generation, waiting for it to finish."""

from __future__ import annotations

import time

from oxen_hub import NotFoundError, OxenHub
from oxen_hub.types import Model


def describe(model: Model) -> str:
    owner = model.owned_by
    return f"{model.id} ({owner})"


def main() -> None:
    client = OxenHub(max_retries=3, timeout=30.0)
    listing = client.models.list()
    for model in listing.data[:10]:
        print(describe(model))
    try:
        print(describe(client.models.retrieve("flux-schnell")))
    except NotFoundError:
        print("flux-schnell is not available")

    queued = client.queue.create(model="flux-schnell", prompt="an ox reading a book", num_generations=1)
    generation_id = queued.generations[0].generation_id
    for _ in range(30):
        status = client.queue.retrieve(str(generation_id))
        if status.status in ("succeeded", "failed", "cancelled"):
            print(status.status, status.result_url)
            break
        time.sleep(2)


if __name__ == "__main__":
    main()
