"""The default check: where jsonschema-rs is looser than the library, a gate stops it; elsewhere it agrees.

generator/validate/compiled.py lets jsonschema-rs check a schema's `default` only behind gates. The random
schema/default pairs of test_validate_mutations.py rarely hit the exact shapes where the two disagree, so each
gate is shown here on one: the library rejects the default (or fails with an error), the default check leaves it
undecided, and the same check with its gates open would have passed it.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.validate.compiled import DOCUMENT_URI, FastCheck
from generator.validate.keywords import Undecided
from tests.library_validator import library_validator

_B = {"type": "string"}
_REFERS = {"properties": {"b": {"$ref": "#/components/schemas/B"}}}

# (3.1?, schema, default): shapes where jsonschema-rs, as the default check sets it up, is looser than the library.
GATES: dict[str, tuple[bool, dict[str, Any], Any]] = {
    # jsonschema-rs ignores 3.0's nullable, which is stricter, until a `not` or a `oneOf` turns it around.
    "not": (
        False,
        {"properties": {"a": {"not": {"type": "string", "nullable": True}}}},
        {"a": None},
    ),
    "oneOf": (False, {"oneOf": [{"type": "string", "nullable": True}, {"enum": [None]}]}, None),
    # Formats the check does not replicate it rejects: stricter, until `if` or `maxContains` turns it around.
    "if": (True, {"if": {"format": "date"}, "then": {"maxLength": 1}}, "2020-01-01"),
    "maxContains": (
        True,
        {"contains": {"format": "date"}, "minContains": 0, "maxContains": 0},
        ["2020-01-01"],
    ),
    # Python's \s does not match U+FEFF, ECMA-262's does: the library finds an additional property.
    "patternProperties": (
        True,
        {"patternProperties": {r"^\s$": {}}, "additionalProperties": False},
        {"\ufeff": 1},
    ),
    "multipleOf": (True, {"multipleOf": 0.1}, 0.3),
    # The library checks an anyOf with a 3.0 discriminator by the discriminated schema alone.
    "3.0 discriminator": (
        False,
        {"anyOf": [{"type": "object"}], "discriminator": {"propertyName": "kind"}},
        {},
    ),
    # Draft-4 jsonschema-rs ignores a `$ref`'s siblings; the library does not.
    "3.0 $ref siblings": (
        False,
        {"properties": {"b": {"$ref": "#/components/schemas/B", "maxLength": 1}}},
        {"b": "long"},
    ),
    # The library's 3.0 type checker knows six types and fails with an error on the others.
    "3.0 type list": (False, {"type": ["string", "null"]}, None),
    "3.0 type null": (False, {"properties": {"a": {"type": "null"}}}, {"a": None}),
    # The library's 3.0 `items` takes a list for one schema, and fails with an error.
    "3.0 items list": (False, {"items": [{"type": "string"}]}, ["a"]),
    # A new base URI: the library cannot resolve the `$ref` below it; the check made it absolute.
    "3.0 id": (
        False,
        {"properties": {"n": {"id": "https://example.com/n", **_REFERS}}},
        {"n": {"b": "x"}},
    ),
    "$id": (
        True,
        {"properties": {"n": {"$id": "https://example.com/n", **_REFERS}}},
        {"n": {"b": "x"}},
    ),
}


def _library_errors(oas31: bool, schemas: dict[str, Any], value: Any) -> list[str]:
    """The library's value check of `value` against schemas["A"], `$ref`s resolved among `schemas`."""
    return [error.message for error in library_validator(oas31, schemas, "A").iter_errors(value)]


def _library_rejects(oas31: bool, schema: dict[str, Any], value: Any) -> bool:
    try:
        return bool(_library_errors(oas31, {"A": schema, "B": _B}, value))
    except Exception:  # the library fails with an error: a problem all the same
        return True


@pytest.mark.parametrize("name", list(GATES))
def test_each_gate_stops_a_default_jsonschema_rs_would_wrongly_pass(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    oas31, schema, value = GATES[name]
    document = {"components": {"schemas": {"A": schema, "B": _B}}}
    assert _library_rejects(oas31, schema, value)
    with pytest.raises(Undecided):
        FastCheck(document, oas31).check_default(schema, value)
    monkeypatch.setattr(FastCheck, "gate", lambda self, schema: None)
    FastCheck(document, oas31).check_default(schema, value)  # passes: the gate is what stops it


def test_a_ref_cycle_that_never_steps_into_the_value_is_left_to_the_library() -> None:
    import jsonschema_rs

    schema = {"properties": {"a": {"$ref": "#/components/schemas/S"}}}
    schemas = {"A": schema, "S": {"$ref": "#/components/schemas/S"}}
    with pytest.raises(RecursionError):
        _library_errors(True, schemas, {"a": 1})
    with pytest.raises(Undecided):
        FastCheck({"components": {"schemas": schemas}}, True).check_default(schema, {"a": 1})
    registry = jsonschema_rs.Registry([(DOCUMENT_URI, {"components": {"schemas": schemas}})])
    alone = jsonschema_rs.validator_for(
        {"$ref": DOCUMENT_URI + "#/components/schemas/A"}, registry=registry
    )
    assert alone.is_valid({"a": 1})


# (3.1?, schema, default) the check decides as the library does: `pattern` by Python's re and the replicated
# formats by the library's rules, where jsonschema-rs's own would decide otherwise.
AGREEING: list[tuple[bool, dict[str, Any], Any]] = [
    (False, {"pattern": "^a$"}, "a\n"),  # `$` before a final newline
    (True, {"pattern": r"^\d$"}, "\u0663"),  # other scripts' digits
    (True, {"pattern": r"^\s$"}, "\ufeff"),
    (False, {"items": {"$ref": "#/components/schemas/P"}}, ["a\n"]),  # in a `$ref`'s target too
    (False, {"format": "int32"}, 2**31 - 1),
    (False, {"format": "int32"}, 2**31),
    (True, {"format": "int64"}, -(2**63) - 1),
    (True, {"items": {"format": "int32"}}, [True, 1.5, -(2**31)]),
    (True, {"format": "regex"}, "(?P<n>a)"),
    (True, {"format": "regex"}, "["),
    (False, {"format": "uri"}, "not a uri"),
    (False, {"type": "integer"}, 1.0),
    (True, {"type": "integer"}, 1.0),
    (False, {"properties": {"a": {"$ref": "#/components/schemas/I"}}}, {"a": 1.0}),
    (False, {"enum": [1]}, True),
    (True, {"const": 1}, 1.0),
    (True, {"uniqueItems": True}, [1, 1.0]),
    (True, {"uniqueItems": True}, [1, True]),
]


@pytest.mark.parametrize(("oas31", "schema", "value"), AGREEING)
def test_where_the_gates_let_it_through_the_check_agrees_with_the_library(
    oas31: bool, schema: dict[str, Any], value: Any
) -> None:
    schemas = {"A": schema, "P": {"pattern": "^a$"}, "I": {"type": "integer"}}
    try:
        FastCheck({"components": {"schemas": schemas}}, oas31).check_default(schema, value)
    except Undecided:
        passed = False
    else:
        passed = True
    assert passed == (not _library_errors(oas31, schemas, value))


@pytest.mark.parametrize("name", ["date-time", "uuid", "byte", "my-format"])
def test_a_format_the_check_does_not_replicate_leaves_a_default_it_applies_to_undecided(
    name: str,
) -> None:
    schemas = {"A": {"type": "object", "properties": {"a": {"format": name}}}}
    FastCheck({"components": {"schemas": schemas}}, False).check_default(schemas["A"], {"b": 1})
    with pytest.raises(Undecided):
        FastCheck({"components": {"schemas": schemas}}, False).check_default(
            schemas["A"], {"a": "x"}
        )
