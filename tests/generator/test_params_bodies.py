"""Typed request inputs change types only: a dict matching a params `TypedDict` and the equivalent model go out as
exactly the bytes the client sent before params types existed (pinned below, captured from the generator before
them), on a local loopback server.

The `params_typed` fixture client is generated into a temporary folder and used in this process; the Oxen hub
client is generated there too and driven in a child process, since the committed `oxen_hub` is already imported
under that name here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from servers.fault import FaultServer, Reply, json_reply

from generator.config import load_target
from generator.pipeline import build
from tests.python_process import run_python
from tests.snapshots import ROOT, generate_fixture

pytestmark = pytest.mark.anyio

WIDGET_BODY = (
    b'{"name":"w","color":"green","size":"small","note":null,"dimensions":{"width":1.0,"height":2.0},'
    b'"parts":[{"kind":"bolt"},{"kind":"nut","label":"x"}],"shape":{"kind":"circle","radius":1.5},'
    b'"labels":{"a":"b"},"metadata":{"owner":"me","anything":[1,2]},"settings":{"retries":1,"other":3},'
    b'"strict":{"flag":true},"wire":{"x-trace-id":"t","class":"c","2fa":true},'
    b'"tree":{"value":1,"children":[{"value":2,"children":[]}],"parent":null},"extra":{"value":3},'
    b'"pet":{"name":"Tom","indoor":true}}'
)
SHAPE_BODY = b'{"kind":"square","side":2.0}'
FILTER_QUERY = "filter%5Bterm%5D=x&filter%5Blimit%5D=3"
CHAT_BODY = (
    b'{"messages":[{"role":"user","content":"hi"},{"role":"user","content":"hi"}],"model":"m"}'
)
# A model is sent as its dump: its fields in the order the class declares them.
CHAT_BODY_OF_MODELS = (
    b'{"messages":[{"content":"hi","role":"user"},{"content":"hi","role":"user"}],"model":"m"}'
)

DICTS: dict[str, Any] = {
    "dimensions": {"width": 1.0, "height": 2.0},
    "parts": [{"kind": "bolt"}, {"kind": "nut", "label": "x"}],
    "shape": {"kind": "circle", "radius": 1.5},
    "metadata": {"owner": "me", "anything": [1, 2]},
    "settings": {"retries": 1, "other": 3},
    "strict": {"flag": True},
    "wire": {"x-trace-id": "t", "class": "c", "2fa": True},
    "tree": {"value": 1, "children": [{"value": 2, "children": []}], "parent": None},
    "extra": {"value": 3},
    "pet": {"name": "Tom", "indoor": True},
}
# The same values as model instances (the class each key's schema became).
MODEL_CLASSES = {
    "dimensions": "Dimensions",
    "shape": "Circle",
    "metadata": "Metadata",
    "settings": "Settings",
    "strict": "Strict",
    "wire": "WireNames",
    "tree": "TreeNode",
    "extra": "WidgetParam",
    "pet": "Cat",
}
OXEN_CHAT = """
import sys
sys.path.insert(0, sys.argv[1])
from servers.fault import FaultServer, json_reply
from oxen_hub import ChatCompletionRequestMessage, OxenHub
from oxen_hub.types import ChatCompletionRequestMessageParam

server = FaultServer()
server.start()
try:
    client = OxenHub(api_key="k", base_url=server.url, max_retries=0)
    typed: ChatCompletionRequestMessageParam = {"role": "user", "content": "hi"}
    model = ChatCompletionRequestMessage.model_validate({"role": "user", "content": "hi"})
    reply = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
    server.script(json_reply(reply))
    client.chat.completions.create(model="m", messages=[typed, {"role": "user", "content": "hi"}])
    sys.stdout.write(server.last.body.hex() + "\\n")
    server.script(json_reply(reply))
    client.chat.completions.create(model="m", messages=[model, model])
    sys.stdout.write(server.last.body.hex() + "\\n")
finally:
    server.stop()
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("params_bodies")
    hub = build(load_target(ROOT / "specs" / "oxen_hub.toml", output_root=out)).files
    for package, files in (
        ("params_typed", generate_fixture("params_typed", out)),
        ("oxen_hub", hub),
    ):
        for rel, data in files.items():
            path = out / package / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    yield out


@pytest.fixture(scope="module")
def package(generated: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(generated))
    try:
        yield importlib.import_module("params_typed")
    finally:
        sys.path.remove(str(generated))
        for name in [
            n for n in sys.modules if n == "params_typed" or n.startswith("params_typed.")
        ]:
            del sys.modules[name]


def _as_models(types: ModuleType) -> dict[str, Any]:
    values: dict[str, Any] = {
        key: getattr(types, MODEL_CLASSES[key]).model_validate(value)
        for key, value in DICTS.items()
        if key in MODEL_CLASSES
    }
    values["parts"] = [types.Part.model_validate(part) for part in DICTS["parts"]]
    return values


@pytest.mark.parametrize("as_models", [False, True], ids=["dicts", "models"])
def test_widget_body_is_unchanged(
    package: ModuleType, server: FaultServer, as_models: bool
) -> None:
    types = importlib.import_module("params_typed.types")
    values = _as_models(types) if as_models else DICTS
    client = package.ParamsTyped(base_url=server.url, max_retries=0)
    server.script(json_reply({"name": "w", "color": "red"}))
    color = types.Color.green if as_models else "green"
    client.widgets.create(
        name="w", color=color, size="small", note=None, labels={"a": "b"}, **values
    )
    assert server.last.body == WIDGET_BODY


async def test_whole_body_and_query_object_are_unchanged(
    package: ModuleType, server: FaultServer
) -> None:
    types = importlib.import_module("params_typed.types")
    async with package.AsyncParamsTyped(base_url=server.url, max_retries=0) as client:
        for body in ({"kind": "square", "side": 2.0}, types.Square(kind="square", side=2.0)):
            server.script(Reply(204))
            await client.shapes.update(body=body)
            assert server.last.body == SHAPE_BODY
        server.script(Reply(204))
        await client.search.retrieve(filter={"term": "x", "limit": 3})
        assert server.last.query == FILTER_QUERY


def test_oxen_chat_messages_as_typed_dicts_and_as_models_are_unchanged(generated: Path) -> None:
    run = run_python("-c", OXEN_CHAT, str(generated), cwd=ROOT / "tests", timeout=120)
    assert run.returncode == 0, run.stderr
    assert [bytes.fromhex(line) for line in run.stdout.split()] == [CHAT_BODY, CHAT_BODY_OF_MODELS]
