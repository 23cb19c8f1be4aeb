"""A generated operation with cookie parameters keeps the client's auth cookie (both reach the server)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from servers.fault import FaultServer, json_reply

from generator.config import default_target
from generator.pipeline import build

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Cookies", "version": "1"},
    "security": [{"session": []}],
    "components": {
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "api_session"}}
    },
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {"name": "tracking", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "theme", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "array", "items": {}}}},
                    }
                },
            }
        }
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("cookies")
    spec = root / "cookies.json"
    spec.write_text(json.dumps(SPEC))
    built = build(
        default_target(spec=spec, overlay=None, package="cookies_client", output_dir=root)
    )
    for rel, data in built.files.items():
        path = root / "cookies_client" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("cookies_client")
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.split(".")[0] == "cookies_client"]:
            del sys.modules[name]


def test_cookie_parameters_join_the_auth_cookie(package: ModuleType, server: FaultServer) -> None:
    client = package.CookiesClient(api_key="secret", base_url=server.url)
    server.script(json_reply([]))
    assert client.items.list(tracking="t 1") == []
    assert server.last.headers["cookie"] == "api_session=secret; tracking=t%201"


def test_without_cookie_parameters_the_auth_cookie_alone(
    package: ModuleType, server: FaultServer
) -> None:
    client = package.CookiesClient(api_key="secret", base_url=server.url)
    server.script(json_reply([]))
    client.items.list()
    assert server.last.headers["cookie"] == "api_session=secret"


@pytest.mark.anyio
async def test_async_client_too(package: ModuleType, server: FaultServer) -> None:
    client = package.AsyncCookiesClient(api_key="secret", base_url=server.url)
    server.script(json_reply([]))
    await client.items.list(tracking="x", theme="dark")
    assert server.last.headers["cookie"] == "api_session=secret; tracking=x; theme=dark"
    await client.close()


def test_the_generated_call_passes_cookies_apart_from_headers(package: ModuleType) -> None:
    source = Path(package.__file__).parent.joinpath("resources", "items.py").read_text()
    assert 'cookies={"tracking": tracking, "theme": theme}' in source
    assert '"Cookie"' not in source
