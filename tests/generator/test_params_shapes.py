"""Params types as generated: their names and modules, their keys (allOf merged, readOnly left out), open and
closed objects, the functional form for keys that are no identifiers, determinism, and that every params module
of every fixture imports."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from generator.typemap import ObjectShape, TypeMapper
from tests.python_process import run_python
from tests.snapshots import fixture_names, generate_fixture


class _NoModels:
    def class_for(self, ptr: str) -> None:
        return None


SCHEMAS: dict[str, Any] = {
    "Base": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
    },
    "Child": {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["age"], "properties": {"age": {"type": "integer"}}},
        ]
    },
    "Open": {"type": "object", "properties": {"a": {}}, "additionalProperties": True},
    "Typed": {
        "type": "object",
        "properties": {"a": {}},
        "additionalProperties": {"type": "integer"},
    },
    "Closed": {"type": "object", "properties": {"a": {}}, "additionalProperties": False},
    "MapOnly": {"type": "object", "additionalProperties": {"type": "integer"}},
    "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}], "properties": {"x": {}}},
}


def _shape(name: str) -> ObjectShape | None:
    mapper = TypeMapper({"components": {"schemas": SCHEMAS}}, _NoModels(), lambda n: n)
    return mapper.object_shape(f"#/components/schemas/{name}")


def test_all_of_merges_keys_and_required_and_leaves_read_only_out() -> None:
    shape = _shape("Child")
    assert shape is not None
    assert [wire for wire, _ in shape.properties] == ["name", "age"]
    assert dict(shape.properties)["name"] == "#/components/schemas/Base/properties/name"
    assert shape.required == {"name", "age"}
    assert shape.extra is None


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("Open", ""),
        ("Typed", "#/components/schemas/Typed/additionalProperties"),
        ("Closed", None),
        ("Loop", None),
    ],
)
def test_additional_properties(name: str, extra: str | None) -> None:
    shape = _shape(name)
    assert shape is not None and shape.extra == extra


def test_objects_without_properties_get_no_params_type() -> None:
    assert _shape("MapOnly") is None


@pytest.fixture(scope="module")
def fixture_files() -> dict[str, bytes]:
    return generate_fixture("params_typed", Path("/nonexistent"))


def _source(files: dict[str, bytes], path: str) -> str:
    return files[path].decode()


def _classes(source: str) -> dict[str, ast.stmt]:
    tree = ast.parse(source)
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node
    return found


def test_names_never_clash_with_a_schema_named_like_a_params_type(
    fixture_files: dict[str, bytes],
) -> None:
    # `WidgetParam` is a schema (and model); `Widget`'s params type is therefore `WidgetParam_2`.
    assert "WidgetParam" in _classes(_source(fixture_files, "types/widget_param.py"))
    assert "WidgetParam_2" in _classes(_source(fixture_files, "types/widget_param_2.py"))
    assert "WidgetParamParam" in _classes(_source(fixture_files, "types/widget_param_param.py"))
    init = _source(fixture_files, "types/__init__.py")
    for name, module in [
        ("WidgetParam", "widget_param"),
        ("WidgetParam_2", "widget_param_2"),
        ("WidgetParamParam", "widget_param_param"),
    ]:
        assert f'"{name}": "{module}",' in init


def test_keys_are_wire_names_and_required_keys_are_marked(fixture_files: dict[str, bytes]) -> None:
    widget = _classes(_source(fixture_files, "types/widget_param_2.py"))["WidgetParam_2"]
    assert isinstance(widget, ast.ClassDef)
    keys = {
        s.target.id: ast.unparse(s.annotation)
        for s in widget.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
    }
    assert "id" not in keys  # readOnly: never sent
    assert keys["name"] == "Required[str]"
    assert keys["color"] == "Required[Literal['red', 'green'] | Color]"
    assert keys["note"] == "str | None"
    assert keys["parts"] == "Sequence[PartParam]"
    assert keys["shape"] == "CircleParam | SquareParam"
    assert keys["labels"] == "Mapping[str, str]"
    assert keys["metadata"] == "MetadataParam | Mapping[str, Any]"
    assert keys["settings"] == "SettingsParam | Mapping[str, int]"
    assert keys["strict"] == "StrictParam"
    tree = _classes(_source(fixture_files, "types/tree_node_param.py"))["TreeNodeParam"]
    assert "children: Sequence[TreeNodeParam]" in ast.unparse(tree)
    assert "parent: TreeNodeParam | None" in ast.unparse(tree)


def test_keys_that_are_no_identifiers_use_the_functional_form(
    fixture_files: dict[str, bytes],
) -> None:
    wire = _classes(_source(fixture_files, "types/wire_names_param.py"))["WireNamesParam"]
    assert isinstance(wire, ast.Assign)
    assert ast.unparse(wire.value) == (
        "TypedDict('WireNamesParam', {'x-trace-id': 'Required[str]', 'class': 'str', '2fa': 'bool'}, "
        "total=False)"
    )


def test_generation_is_deterministic(fixture_files: dict[str, bytes]) -> None:
    assert generate_fixture("params_typed", Path("/nonexistent")) == fixture_files


def test_every_params_module_of_every_fixture_imports(tmp_path: Path) -> None:
    modules = []
    for name in fixture_names():
        for rel, data in generate_fixture(name, tmp_path).items():
            path = tmp_path / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if rel.startswith("types/") and rel.endswith("_param.py"):
                modules.append(f"{name}.{rel.removesuffix('.py').replace('/', '.')}")
    assert len(modules) > 20
    script = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    run = run_python("-c", script, *modules, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    check = (
        "from params_typed.types import WireNamesParam as W, TreeNodeParam as T\n"
        "assert list(W.__annotations__) == ['x-trace-id', 'class', '2fa'], W.__annotations__\n"
        "assert set(T.__annotations__) == {'value', 'children', 'parent'}, T.__annotations__\n"
    )
    run = run_python("-c", check, cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stderr
