"""Raw responses (headers, request id) and the Oxen server client's binary download and multipart upload."""

from __future__ import annotations

from pathlib import Path

from oxen_hub import OxenHub
from oxen_server import OxenServer


def main() -> None:
    hub = OxenHub()
    raw = hub.models.with_raw_response.list()
    print(raw.status_code, raw.request_id, raw.headers.get("content-type"))
    print(len(raw.parse().data), "models")

    server = OxenServer()
    with server.files.download("ox", "datasets", "main/README.md") as download:
        download.write_to_file(Path("README.download.md"))
    added = server.workspaces.files.add(
        "ox", "datasets", "my-workspace", "images", file=Path("cat.png")
    )
    print(added)


if __name__ == "__main__":
    main()
