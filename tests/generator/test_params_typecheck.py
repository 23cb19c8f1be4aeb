"""Typed request inputs: mypy --strict accepts correct dict literals for generated methods and rejects wrong ones.

One fixture spec (`params_typed.yaml`: required and optional keys, enums, nullable, nested objects, arrays of
objects, a discriminated oneOf, allOf, additionalProperties true/schema/false, keys that are no identifiers,
recursion, a schema named `...Param`) and the real Oxen hub target are generated into a temporary folder, then
one mypy run checks both packages and the snippets below: every good snippet passes, every bad line fails with
the error given next to it, reported at that line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import load_target
from generator.pipeline import build
from tests.python_process import run_python
from tests.snapshots import ROOT, generate_fixture

FIXTURE = "params_typed"

GOOD = """
from params_typed import AsyncParamsTyped, ParamsTyped
from params_typed.types import (
    Circle,
    Color,
    Dimensions,
    DimensionsParam,
    PartKind,
    TreeNodeParam,
    WidgetParam,
    WidgetParam_2,
    WidgetParamParam,
    WireNamesParam,
)

client = ParamsTyped(base_url="http://x")
client.widgets.create(name="w", color="red")
client.widgets.create(name="w", color=Color.red, dimensions=Dimensions(width=1, height=2))
client.widgets.create(
    name="w",
    color="green",
    size="small",
    note=None,
    dimensions={"width": 1.0, "height": 2.0},
    parts=[{"kind": "bolt"}, {"kind": PartKind.nut, "label": "x"}],
    shape={"kind": "circle", "radius": 1.0},
    labels={"a": "b"},
    metadata={"owner": "me", "anything": [1, 2]},
    settings={"retries": 1},
    strict={"flag": True},
    wire={"x-trace-id": "t", "class": "c", "2fa": True},
    tree={"value": 1, "children": [{"value": 2, "children": []}], "parent": None},
    extra={"value": 3},
    pet={"name": "Tom", "indoor": True},
)
client.widgets.create(name="w", color="red", settings={"other": 3}, metadata={"x": object()})
client.widgets.create(name="w", color="red", extra=WidgetParam(value=1))
client.shapes.update(body={"kind": "square", "side": 2.0})
client.shapes.update(body=Circle(kind="circle", radius=1.0))
client.search.retrieve(filter={"term": "x", "limit": 3})
whole: WidgetParam_2 = {"name": "w", "color": "red", "pet": {"name": "Tom"}}
node: TreeNodeParam = {"value": 1, "parent": {"value": 0, "parent": None}}
dims: DimensionsParam = {"width": 1, "height": 2}
wire: WireNamesParam = {"x-trace-id": "t"}
extra: WidgetParamParam = {"value": 1}


async def main() -> None:
    async with AsyncParamsTyped(base_url="http://x") as aclient:
        await aclient.widgets.create(name="w", color="red", parts=[{"kind": "nut"}])
"""

OXEN_GOOD = """
from oxen_hub import ChatCompletionRequestMessage, ChatCompletionRequestMessageRole, OxenHub
from oxen_hub.types import ChatCompletionRequestMessageParam, ChatCompletionRequestParam

client = OxenHub(api_key="k")
client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
message = ChatCompletionRequestMessage(role=ChatCompletionRequestMessageRole.user, content="hi")
client.chat.completions.create(model="m", messages=[message, {"role": "assistant", "content": "yo"}])
first: ChatCompletionRequestMessageParam = {"role": ChatCompletionRequestMessageRole.system, "content": "x"}
params: ChatCompletionRequestParam = {"model": "m", "messages": [first], "temperature": 0.5}
reply = client.chat.completions.create(**params)
chunks = client.chat.completions.create(model="m", messages=[first], stream=True)
"""

# (the call, what mypy must say about its line)
INCOMPATIBLE = 'has incompatible type "dict[str, {}]"; expected "{}'
BAD = [
    (
        'client.widgets.create(name="w", color="red", dimensions={"width": 1.0, "heigth": 2.0})',
        INCOMPATIBLE.format("float", "DimensionsParam | Dimensions | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="blue")',
        "\"Literal['blue']\"; expected \"Literal['red', 'green'] | Color\"",
    ),
    (
        'client.widgets.create(name="w", color="red", size="huge")',
        "expected \"Literal['small', 'large'] | WidgetSize | Omit\"",
    ),
    (
        'client.widgets.create(name="w", color="red", dimensions={"width": 1.0})',
        INCOMPATIBLE.format("float", "DimensionsParam | Dimensions | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", parts=[{"kind": "screw"}])',
        'List item 0 has incompatible type "dict[str, str]"; expected "PartParam | Part"',
    ),
    (
        'client.widgets.create(name="w", color="red", parts=[{"knd": "bolt"}])',
        'List item 0 has incompatible type "dict[str, str]"; expected "PartParam | Part"',
    ),
    (
        'client.widgets.create(name="w", color="red", shape={"kind": "circle", "side": 1.0})',
        INCOMPATIBLE.format("object", "CircleParam | Circle | SquareParam | Square | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", strict={"flag": True, "other": 1})',
        INCOMPATIBLE.format("int", "StrictParam | Strict | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", wire={"x-trace-id": "t", "klass": "c"})',
        INCOMPATIBLE.format("str", "WireNamesParam | WireNames | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", wire={"class": "c"})',
        INCOMPATIBLE.format("str", "WireNamesParam | WireNames | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", tree={"value": 1, "children": [{"valu": 2}]})',
        'expected "TreeNodeParam | TreeNode | Omit"',
    ),
    (
        'client.widgets.create(name="w", color="red", extra={"value": "3"})',
        INCOMPATIBLE.format("str", "WidgetParamParam | WidgetParam | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", pet={"indoor": True})',
        INCOMPATIBLE.format("bool", "CatParam | Cat | Omit"),
    ),
    (
        'client.widgets.create(name="w", color="red", settings={"retries": 1, "other": "x"})',
        'Dict entry 1 has incompatible type "str": "str"; expected "str": "int"',
    ),
    (
        'client.shapes.update(body={"kind": "triangle", "side": 2.0})',
        INCOMPATIBLE.format("object", "CircleParam | Circle | SquareParam | Square"),
    ),
    (
        'client.search.retrieve(filter={"limit": 3})',
        INCOMPATIBLE.format("int", "FilterParam | Filter | Omit"),
    ),
    (
        'dims: DimensionsParam = {"width": 1.0, "heigth": 2.0}',
        'Extra key "heigth" for TypedDict "DimensionsParam"',
    ),
    (
        'dims2: DimensionsParam = {"width": 1.0}',
        'Missing key "height" for TypedDict "DimensionsParam"',
    ),
    (
        'part: PartParam = {"kind": "screw"}',
        'expression has type "Literal[\'screw\']", TypedDict item "kind" has type',
    ),
    (
        'wire: WireNamesParam = {"class": "c"}',
        'Missing key "x-trace-id" for TypedDict "WireNamesParam"',
    ),
    (
        'node: TreeNodeParam = {"value": 1, "parent": {"vale": 0}}',
        'TypedDict item "parent" has type "TreeNodeParam | None"',
    ),
]
BAD_HEADER = [
    "from params_typed import ParamsTyped",
    "from params_typed.types import DimensionsParam, PartParam, TreeNodeParam, WireNamesParam",
    'client = ParamsTyped(base_url="http://x")',
]
MESSAGE_ITEM = (
    'List item 0 has incompatible type "dict[str, str]"; '
    'expected "ChatCompletionRequestMessageParam | ChatCompletionRequestMessage"'
)
OXEN_BAD = [
    # The call: a misspelt role value and a misspelt key.
    (
        'client.chat.completions.create(model="m", messages=[{"role": "usr", "contnet": "hi"}])',
        MESSAGE_ITEM,
    ),
    (
        'client.chat.completions.create(model="m", messages=[{"role": "usr", "content": "hi"}])',
        MESSAGE_ITEM,
    ),
    (
        'client.chat.completions.create(model="m", messages=[{"role": "user", "contnet": "hi"}])',
        MESSAGE_ITEM,
    ),
    ('client.chat.completions.create(model="m", messages=[{"role": "user"}])', MESSAGE_ITEM),
]
OXEN_BAD_HEADER = ["from oxen_hub import OxenHub", 'client = OxenHub(api_key="k")']
ERROR = re.compile(r"^(?P<file>[\w/.]+\.py):(?P<line>\d+): error: (?P<message>.*)$")


def _write_bad(path: Path, header: list[str], cases: list[tuple[str, str]]) -> dict[int, str]:
    """The snippet file; the line of each case and the message expected there."""
    path.write_text("\n".join([*header, *(code for code, _ in cases)]) + "\n")
    return {len(header) + index + 1: expected for index, (_, expected) in enumerate(cases)}


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], list[str]]:
    """mypy --strict over both generated packages and every snippet, in one run: its errors by place."""
    out = tmp_path_factory.mktemp("params")
    files = dict(generate_fixture(FIXTURE, out))
    hub = build(load_target(ROOT / "specs" / "oxen_hub.toml", output_root=out))
    for package, package_files in ((FIXTURE, files), ("oxen_hub", hub.files)):
        for rel, data in package_files.items():
            path = out / package / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    (out / "good.py").write_text(GOOD)
    (out / "oxen_good.py").write_text(OXEN_GOOD)
    _write_bad(out / "bad.py", BAD_HEADER, BAD)
    _write_bad(out / "oxen_bad.py", OXEN_BAD_HEADER, OXEN_BAD)
    targets = [FIXTURE, "oxen_hub", "good.py", "oxen_good.py", "bad.py", "oxen_bad.py"]
    cache = str(out / ".mypy_cache")
    run = run_python("-m", "mypy", "--strict", "--cache-dir", cache, *targets, cwd=out, timeout=600)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    errors: dict[tuple[str, int], list[str]] = {}
    for line in run.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            place = (match["file"], int(match["line"]))
            errors.setdefault(place, []).append(match["message"])
        elif ": error:" in line:
            pytest.fail(f"unparsed mypy error: {line}")
    assert errors or run.returncode == 0, run.stdout
    return errors


def test_generated_packages_and_good_calls_type_check(
    mypy_errors: dict[tuple[str, int], list[str]],
) -> None:
    elsewhere = {p: m for p, m in mypy_errors.items() if p[0] not in ("bad.py", "oxen_bad.py")}
    assert elsewhere == {}


@pytest.mark.parametrize(
    ("name", "header", "cases"),
    [("bad.py", BAD_HEADER, BAD), ("oxen_bad.py", OXEN_BAD_HEADER, OXEN_BAD)],
)
def test_each_bad_call_fails_at_its_line(
    mypy_errors: dict[tuple[str, int], list[str]],
    tmp_path: Path,
    name: str,
    header: list[str],
    cases: list[tuple[str, str]],
) -> None:
    expected = _write_bad(tmp_path / name, header, cases)
    for line, message in expected.items():
        reported = mypy_errors.get((name, line), [])
        assert any(message in m for m in reported), (cases[line - len(header) - 1][0], reported)
    unexpected = {line for file, line in mypy_errors if file == name} - set(expected)
    assert unexpected == set()
