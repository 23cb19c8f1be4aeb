"""The compiled metaschema check in front of openapi-spec-validator's own: the same problems, only sooner.

The library path is asked directly (the fast check in front of it would answer for the valid documents).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_spec
from generator.validate import validate_document
from generator.validate.library import library_problems

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "specs"
SPECS = Path(__file__).resolve().parents[2] / "specs"


def _document(version: str, schemas: dict[str, Any]) -> dict[str, Any]:
    first = {"$ref": f"#/components/schemas/{next(iter(schemas))}"}
    ok = {"description": "ok", "content": {"application/json": {"schema": first}}}
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "things", "responses": {"200": ok}}}},
        "components": {"schemas": schemas},
    }


# Schemas the metaschema rejects, at the top and nested, and some it accepts only where formats are lenient.
_SHAPES: dict[str, Any] = {
    "Fine": {"type": "object", "properties": {"a": {"type": "string", "pattern": "^[a-z]+$"}}},
    "BadType": {"type": "objec"},
    "NestedBadType": {"properties": {"a": {"type": 5}}},
    "NestedDiscriminator": {"properties": {"a": {"discriminator": "kind"}}},
    "NegativeLength": {"properties": {"a": {"minLength": -1}}},
    "EcmaPattern": {"properties": {"a": {"pattern": "^(?<name>[a-z]+)$"}}},
    "BrokenPattern": {"properties": {"a": {"pattern": "[a-"}}},
    "BadPatternKey": {"patternProperties": {"[": {}}},
    # Neither the compiled check nor the library's own checks a `uri` format (rfc3987 is not installed).
    "LooseUri": {"properties": {"a": {"xml": {"namespace": "not a uri"}}}},
    "WholeNumberAsFloat": {"properties": {"a": {"minLength": 1.0}}},
    "Boolean": True,
    "DefaultMismatch": {"type": "integer", "default": "seven"},
}


def _compare(document: dict[str, Any]) -> list[Any]:
    prechecked = library_problems(copy.deepcopy(document))
    library_only = library_problems(copy.deepcopy(document), precheck=False)
    assert prechecked == library_only
    assert validate_document(copy.deepcopy(document)) == prechecked
    return prechecked


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_every_problem_is_the_library_s_own(version: str) -> None:
    shapes = {k: v for k, v in _SHAPES.items() if version.startswith("3.1") or v is not True}
    problems = _compare(_document(version, shapes))
    located = {p.pointer.split("/")[3] for p in problems if p.pointer.startswith("/components")}
    # The check in front must not hide a single problem the library finds.
    assert {"BadType", "NestedBadType", "NegativeLength", "BrokenPattern", "DefaultMismatch"} <= located
    # 3.0's document schema checks schemas too (draft 4: 1.0 is no integer there).
    assert not ({"Fine", "WholeNumberAsFloat", "LooseUri"} if version == "3.1.0" else {"Fine"}) & located


def test_a_schema_naming_its_own_dialect_is_checked_by_the_library() -> None:
    draft7 = "http://json-schema.org/draft-07/schema#"
    shapes = {
        "Fine": _SHAPES["Fine"],
        "Seven": {"$schema": draft7, "type": "objec"},
        "Twenty": {"$schema": "https://json-schema.org/draft/2020-12/schema", "minLength": -1},
        "Unknown": {"$schema": "https://example.com/no-such-dialect", "type": "object"},
    }
    problems = _compare(_document("3.1.0", shapes))
    assert {p.pointer.split("/")[3] for p in problems} >= {"Seven", "Twenty", "Unknown"}


def test_a_value_the_compiled_check_cannot_take_goes_to_the_library() -> None:
    import datetime

    shapes = {"Dated": {"type": "string", "format": "date", "example": datetime.date(2020, 1, 2)}}
    assert _compare(_document("3.1.0", shapes)) == []


@pytest.mark.parametrize(
    "spec",
    [*sorted(FIXTURES.glob("*.yaml")), FIXTURES / "hostile.json", *sorted(SPECS.glob("*_openapi.json"))],
    ids=lambda p: p.name,
)
def test_the_fixtures_and_vendored_specs_get_the_same_problems(spec: Path) -> None:
    _compare(load_spec(str(spec)).document)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_valid_schemas_never_reach_the_library_s_slow_check(
    version: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openapi_spec_validator.validation.keywords import SchemaValidator

    def slow(*args: Any) -> None:
        raise AssertionError("the library's own metaschema check ran on a valid schema")

    monkeypatch.setattr(SchemaValidator, "_validate_schema_meta", slow)
    assert library_problems(_document(version, {"Fine": _SHAPES["Fine"]})) == []


def test_the_compiled_check_stands_aside_when_the_libraries_are_set_up_differently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openapi_spec_validator.validation.keywords import SchemaValidator

    import generator.validate.library_internals as internals

    library_checks = []
    own_check = SchemaValidator._validate_schema_meta

    def counted(self: Any, *args: Any) -> Any:
        library_checks.append(args)
        return own_check(self, *args)

    monkeypatch.setattr(SchemaValidator, "_validate_schema_meta", counted)
    monkeypatch.setattr(internals, "library_behaves_as_assumed", lambda: False)
    assert library_problems(_document("3.1.0", {"Fine": _SHAPES["Fine"]})) == []
    assert library_checks, "the compiled check answered though its format checks may not be the library's"
