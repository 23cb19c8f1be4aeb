"""The corrections of datamodel-code-generator's faults (generator/models/workarounds.py) and the split's order.

Each correction is shown to be still needed: without it, the pinned version gets the fixture wrong. When an
upgrade fixes a fault, its test here fails, and the correction can go.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.models import adapter
from generator.models.adapter import UnmodelledSchema, run_datamodel_codegen
from generator.models.input import model_input
from generator.models.split import Unit, split_models
from generator.models.workarounds import in_cycles

HOSTILE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "hostile"


def _prepared(fixture: str) -> dict[str, Any]:
    prepared = model_input(json.loads((HOSTILE / fixture).read_text(encoding="utf-8")))
    assert prepared is not None
    return prepared


@contextlib.contextmanager
def _uncorrected(schemas: dict[str, Any]) -> Iterator[None]:
    yield


def test_the_functions_the_corrections_replace_are_still_there() -> None:
    from datamodel_code_generator.parser import _inheritance_check
    from datamodel_code_generator.parser._passes import modules

    assert callable(_inheritance_check.check_model_inheritance)
    assert callable(modules.collapse_site_facts)


def test_a_subclass_sorted_before_its_base_needs_the_correction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prepared = _prepared("structure_subclass_sorted_before_its_base.json")
    source, _ = run_datamodel_codegen(prepared)
    assert source.index("class Base(") < source.index("class ABase(Base)")
    monkeypatch.setattr(adapter, "corrected", _uncorrected)
    with pytest.raises(UnmodelledSchema, match="requires local base"):
        run_datamodel_codegen(prepared)


def test_a_root_model_in_a_cycle_is_kept_and_needs_the_correction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prepared = _prepared("structure_recursive_union_through_a_list.json")
    source, _ = run_datamodel_codegen(prepared)
    assert "class Node(RootModel[Nest | Leaf])" in source
    monkeypatch.setattr(adapter, "corrected", _uncorrected)
    uncorrected, _ = run_datamodel_codegen(prepared)
    assert "class Node(" not in uncorrected and "class Nest(" not in uncorrected


def test_schemas_in_cycles_are_those_of_a_strongly_connected_component_or_a_self_reference() -> (
    None
):
    ref = {"$ref": "#/components/schemas/A"}
    schemas = {
        "A": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
        "B": {"oneOf": [ref, {"type": "string"}]},
        "Self": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Self"}}},
        "User": {"type": "object", "properties": {"a": ref}},
        "a~1b": {"items": {"$ref": "#/components/schemas/a~01b"}},
        "a~b": {"items": {"$ref": "#/components/schemas/a~0b"}},
        "a/b": {"items": {"$ref": "#/components/schemas/A"}},
    }
    # Names are read back from their pointer tokens (`a~01b` is `a~1b`); what refers into a cycle is not in it.
    assert in_cycles(schemas) == {"A", "B", "Self", "a~1b", "a~b"}


def _unit(
    name: str, loads: set[str], evaluates: frozenset[str] = frozenset(), model: bool = True
) -> Unit:
    return Unit(name, f"class {name}: ...\n", loads, "Owner", False, evaluates, model)


def test_a_module_orders_each_class_after_what_its_statement_evaluates_and_rebuilds_readers_of_later_ones() -> (
    None
):
    units = [
        _unit("Sub", {"Base"}, frozenset({"Base"})),
        _unit("Base", {"Later"}, frozenset({"Root"})),
        _unit("Later", set()),
        _unit("Root", set()),
        _unit("Alias", {"Later"}, model=False),
    ]
    files, _ = split_models([("__future__", "annotations", None)], units)
    body = files["types/owner.py"]
    order = [line.split()[1].rstrip(":") for line in body.splitlines() if line.startswith("class ")]
    assert order == ["Root", "Base", "Sub", "Later", "Alias"]
    # Base reads Later, defined after it, and Sub inherits what it reads; an alias cannot be rebuilt.
    assert body.rstrip().endswith("\n\nBase.model_rebuild()\nSub.model_rebuild()")
