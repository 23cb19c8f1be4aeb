"""Models of hostile specs keep every field (issue 14: "no field that loses its value"), checked on the values.

Each case generates a package from a fixture of tests/fixtures/hostile and round-trips a payload keyed by the
schema's exact wire names through the model, in a fresh interpreter: every key comes back, and none is left
over as an extra field (which would mean the model lost the field and kept only the value).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

HOSTILE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "hostile"
CASES = {
    # allOf naming an alias of the base: the modeller dropped the base, and its fields with it.
    "structure_allof_part_is_an_alias.json": ("N", {"a": "x", "b": "y"}),
    # properties named like pydantic's or the runtime's attributes (`model_extra`, `to_dict`), or nothing.
    "names_properties_named_like_model_attributes.json": (
        "M",
        {"": "e", "a": "x", "model_extra": "y", "model_config": "c", "model_fields": 3, "to_dict": "t"},
    ),
    # `a-b` becomes the Python name `a_b` beside a real `a_b`: input by name would fill both.
    "names_property_python_name_is_another_wire_name.yaml": ("Item", {"a_b": "x"}),
    # a forward reference in the type of typed extra fields, across a cycle of modules.
    "structure_recursion_through_typed_extra_fields.json": ("Ugq", {"ab": {"x": {}, "more": {"v": [1]}}}),
    # a subclass the modeller sorted before its base (it refused its own order).
    "structure_subclass_sorted_before_its_base.json": ("ABase", {"p": [[], [[]]], "name": "n", "q": "q"}),
    # a union in a cycle through a list of itself: the modeller inlined it and lost the list arm.
    "structure_recursive_union_through_a_list.json": ("Node", [[{"x": [[]]}, []], {"x": []}]),
    # the same, with a component named like the `typing.Optional` the module imports.
    "names_component_named_optional_in_a_recursive_union.json": ("List", [[{"x": [[None]]}, None]]),
    # a discriminator on the property named "": the union tells its members apart by their tag values.
    "names_discriminator_property_is_empty.json": ("Pet", {"": "dog", "barks": True}),
    # a discriminator on `a b`, whose Python name `a_b` one member renames (it has a real `a_b` too).
    "names_discriminator_property_renamed_in_one_member.json": ("Pet", {"a b": "cat", "a_b": "x"}),
}
ROUND_TRIP = """
import json, sys, warnings
warnings.simplefilter("error")
import hostile.types as types
model = getattr(types, sys.argv[1])
payload = json.loads(sys.argv[2])
item = model.model_validate(payload)
assert not item.model_extra, item.model_extra
dumped = item.model_dump(mode="json", by_alias=True, exclude_unset=True)
assert dumped == payload, (dumped, payload)
# A root model (a union, a list) is pydantic's own RootModel, without the runtime's methods.
assert not hasattr(item, "to_dict") or item.to_dict() == payload
"""


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_the_model_keeps_every_field(fixture: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
    args = ["generate", "--spec", str(HOSTILE / fixture), "--package", "hostile", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    model, payload = CASES[fixture]
    done = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, model, json.dumps(payload)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
