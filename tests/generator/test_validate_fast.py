"""The fast check answers for valid documents without importing openapi-spec-validator, and never wrongly.

`validate_document` must return exactly what the library path returns; when the fast check (`known_problems`)
answers, its problems must be exactly the library's (none for a valid document).
"""

from __future__ import annotations

import copy
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.errors import ClientgenError
from generator.load import load_spec, parse_document
from generator.overlay import apply_overlay, load_overlay
from generator.validate import validate_document
from generator.validate.compiled import known_problems
from generator.validate.library import library_problems
from tests.python_process import run_python


def surely_valid(document: dict[str, Any]) -> bool:
    """Whether the fast check vouches for the document: it knows every problem, and there is none."""
    return known_problems(document) == []

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "specs"
BAD = ROOT / "tests" / "fixtures" / "bad"
OXEN = [ROOT / "specs" / "oxen_hub_api.json", ROOT / "specs" / "oxen_server_openapi.json"]


def _overlay_of(spec: Path) -> Path:
    return spec.with_name(spec.name.split(".")[0] + ".overlay.yaml")


def load_with_overlay(spec: Path, overlay: Path | None) -> dict[str, Any]:
    document = load_spec(str(spec)).document
    return apply_overlay(document, load_overlay(str(overlay))) if overlay else document


def _cases() -> list[Any]:
    cases = []
    # Specs only: a fixture may have a target file (`<name>.toml`) beside it (see tests/snapshots.py).
    specs = sorted(
        p
        for p in FIXTURES.glob("*.*")
        if p.suffix != ".toml" and not p.name.endswith(".overlay.yaml")
    )
    for spec in [*specs, *OXEN]:
        cases.append(pytest.param(spec, None, id=spec.name))
        if _overlay_of(spec).exists():
            cases.append(pytest.param(spec, _overlay_of(spec), id=f"{spec.name}+overlay"))
    return cases


def library_verdict(document: dict[str, Any]) -> list[Any] | type[BaseException]:
    """The library path's problems, or the type of what it raised (a dangling `$ref`, say)."""
    try:
        return library_problems(copy.deepcopy(document))
    except Exception as error:
        return type(error)


def _agree(document: dict[str, Any]) -> bool:
    """Whether the fast check vouched for `document`, after checking it agrees with the library."""
    library = library_verdict(document)
    if isinstance(library, list):
        assert validate_document(copy.deepcopy(document)) == library
    else:
        with pytest.raises(library):
            validate_document(copy.deepcopy(document))
    known = known_problems(copy.deepcopy(document))
    if known is not None:
        assert known == library, "the fast check's problems are not the library's"
    return known == []


@pytest.mark.parametrize(("spec", "overlay"), _cases())
def test_the_fast_check_agrees_with_the_library(spec: Path, overlay: Path | None) -> None:
    _agree(load_with_overlay(spec, overlay))


@pytest.mark.parametrize(
    "spec",
    sorted(
        p for p in BAD.iterdir() if p.suffix in (".yaml", ".json") and ".overlay." not in p.name
    ),
    ids=lambda p: p.name,
)
def test_the_fast_check_agrees_with_the_library_on_bad_inputs(spec: Path) -> None:
    try:
        document = parse_document(spec.read_bytes(), str(spec))
    except ClientgenError:
        pytest.skip("not parseable: nothing to validate")
    assert not _agree(document)


@pytest.mark.parametrize("spec", OXEN, ids=lambda p: p.name)
def test_the_fast_check_vouches_for_the_oxen_specs_with_their_overlays(spec: Path) -> None:
    assert _agree(load_with_overlay(spec, _overlay_of(spec)))


def _document(version: str, schemas: dict[str, Any], **extra: Any) -> dict[str, Any]:
    ok = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}},
    }
    operation = {"operationId": "get", "responses": {"200": ok}}
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/things/{id}": {"get": operation, "parameters": [_ID]}},
        "components": {"schemas": schemas},
        **extra,
    }


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}

# (OpenAPI version, schemas, extra top-level keys, does the fast check vouch for it?)
_SHAPES: dict[str, tuple[str, dict[str, Any], dict[str, Any], bool]] = {
    "plain": (
        "3.0.3",
        {"A": {"type": "object", "properties": {"a": {"type": "string"}}}},
        {},
        True,
    ),
    "3.0 null default with nullable": (
        "3.0.3",
        {"A": {"type": "string", "nullable": True, "default": None}},
        {},
        True,
    ),
    "3.0 null default without nullable": (
        "3.0.3",
        {"A": {"type": "string", "default": None}},
        {},
        False,
    ),
    "3.0 true is not 1": ("3.0.3", {"A": {"enum": [1, 2], "default": True}}, {}, False),
    "3.0 1.0 is no integer": ("3.0.3", {"A": {"type": "integer", "default": 1.0}}, {}, False),
    "3.1 1.0 is an integer": ("3.1.0", {"A": {"type": "integer", "default": 1.0}}, {}, True),
    "3.1 type list": ("3.1.0", {"A": {"type": ["string", "null"], "default": None}}, {}, True),
    "int32 in range": (
        "3.0.3",
        {"A": {"type": "integer", "format": "int32", "default": 2**31 - 1}},
        {},
        True,
    ),
    "int32 out of range": (
        "3.0.3",
        {"A": {"type": "integer", "format": "int32", "default": 2**31}},
        {},
        False,
    ),
    # The default check rejects every format it does not replicate, those the library ignores too.
    "unknown format": (
        "3.1.0",
        {"A": {"type": "string", "format": "my-format", "default": "x"}},
        {},
        False,
    ),
    # jsonschema knows `uri` only with rfc3987 or rfc3986-validator installed (and the fast check only runs
    # without them).
    "uri format": (
        "3.0.3",
        {"A": {"type": "string", "format": "uri", "default": "not a uri"}},
        {},
        True,
    ),
    "date-time format": (
        "3.1.0",
        {"A": {"type": "string", "format": "date-time", "default": "x"}},
        {},
        False,
    ),
    "exclusive 3.0": (
        "3.0.3",
        {"A": {"type": "number", "minimum": 1, "exclusiveMinimum": True, "default": 1}},
        {},
        False,
    ),
    "exclusive 3.1": (
        "3.1.0",
        {"A": {"type": "number", "exclusiveMinimum": 1, "default": 1.5}},
        {},
        True,
    ),
    # jsonschema-rs knows no readOnly exemption from `required`: stricter, so the library decides.
    "3.0 missing readOnly property": (
        "3.0.3",
        {
            "A": {
                "type": "object",
                "required": ["r"],
                "properties": {"r": {"readOnly": True}},
                "default": {},
            }
        },
        {},
        False,
    ),
    "3.1 missing readOnly property": (
        "3.1.0",
        {
            "A": {
                "type": "object",
                "required": ["r"],
                "properties": {"r": {"readOnly": True}},
                "default": {},
            }
        },
        {},
        False,
    ),
    "default through $ref": (
        "3.0.3",
        {
            "A": {
                "type": "object",
                "properties": {"b": {"$ref": "#/components/schemas/B"}},
                "default": {"b": 3},
            },
            "B": {"type": "string"},
        },
        {},
        False,
    ),
    "default through a valid $ref": (
        "3.1.0",
        {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}, "default": {"b": "x"}},
            "B": {"type": "string"},
        },
        {},
        True,
    ),
    "3.0 1.0 is no integer through a $ref": (
        "3.0.3",
        {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}, "default": {"b": 1.0}},
            "B": {"type": "integer"},
        },
        {},
        False,
    ),
    # Python's re finds `^a$` in "a\n"; ECMA-262 would not.
    "pattern as Python reads it": (
        "3.0.3",
        {"A": {"type": "string", "pattern": "^a$", "default": "a\n"}},
        {},
        True,
    ),
    # The check does not replicate `byte`: the library decides.
    "byte": ("3.0.3", {"A": {"type": "string", "format": "byte", "default": "YWJj"}}, {}, False),
    # Gates without a known disagreement behind them (tests/generator/test_validate_defaults.py shows the others).
    "$schema in a default's schema": (
        "3.1.0",
        {
            "A": {
                "properties": {"b": {"$schema": "https://json-schema.org/draft/2020-12/schema"}},
                "default": {"b": 1},
            }
        },
        {},
        False,
    ),
    "unevaluatedProperties": (
        "3.1.0",
        {"A": {"unevaluatedProperties": False, "default": {}}},
        {},
        False,
    ),
    "$dynamicRef": (
        "3.1.0",
        {"A": {"$dynamicAnchor": "a", "items": {"$dynamicRef": "#a"}, "default": []}},
        {},
        False,
    ),
    "recursive schema": (
        "3.1.0",
        {"A": {"items": {"$ref": "#/components/schemas/A"}, "default": []}},
        {},
        False,
    ),
    "oneOf default": (
        "3.1.0",
        {"A": {"oneOf": [{"type": "string"}, {"type": "integer"}], "default": "x"}},
        {},
        False,
    ),
    "required missing under allOf": (
        "3.0.3",
        {"A": {"allOf": [{"type": "object"}], "required": ["x"]}},
        {},
        False,
    ),
    "required under allOf found in a branch": (
        "3.0.3",
        {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}], "required": ["x"]},
            "B": {"properties": {"x": {}}},
        },
        {},
        True,
    ),
    # Reached first from A's properties (require_properties off), so the library never checks B's list.
    "required under allOf of a nested-first schema": (
        "3.0.3",
        {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"allOf": [{}], "required": ["x"]},
        },
        {},
        True,
    ),
    "duplicate tags": ("3.0.3", {"A": {}}, {"tags": [{"name": "t"}, {"name": "t"}]}, False),
    "unknown dialect": ("3.1.0", {"A": {"$schema": "https://example.com/dialect"}}, {}, False),
    "2020-12 dialect": (
        "3.1.0",
        {"A": {"type": "string"}},
        {"jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema"},
        True,
    ),
    "ecma pattern": ("3.0.3", {"A": {"type": "string", "pattern": "^(?<name>a)$"}}, {}, False),
    "unusual $ref": ("3.1.0", {"A": {"$ref": "#/$defs/B"}}, {}, False),
    "own base uri": (
        "3.1.0",
        {"A": {"$id": "https://example.com/a", "type": "string", "default": "x"}},
        {},
        False,
    ),
}


@pytest.mark.parametrize("name", list(_SHAPES))
def test_the_fast_check_vouches_only_for_what_it_replicates(name: str) -> None:
    version, schemas, extra, vouched = _SHAPES[name]
    assert _agree(_document(version, schemas, **extra)) is vouched


@pytest.mark.parametrize(
    ("url", "vouched"),
    [
        ("/things/{id}", True),
        ("/things/{id:x}", False),  # OpenAPI's name is `id:x` (string.Formatter's reading was `id`)
        ("/things/{other}", False),
        ("/things/{id}}", False),
    ],
)
def test_path_templates_are_read_as_the_library_reads_them(url: str, vouched: bool) -> None:
    document = _document("3.0.3", {"A": {}})
    document["paths"] = {url: document["paths"]["/things/{id}"]}
    assert _agree(document) is vouched


def test_duplicate_parameters_and_operation_ids_are_left_to_the_library() -> None:
    document = _document("3.0.3", {"A": {}})
    document["paths"]["/things/{id}"]["get"]["parameters"] = [_ID, _ID]
    assert not _agree(document)
    document = _document("3.0.3", {"A": {}})
    document["paths"]["/other"] = {"get": document["paths"]["/things/{id}"]["get"]}
    assert not _agree(document)


def test_a_setting_that_changes_the_library_s_backend_sends_everything_to_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = _document("3.0.3", {"A": {}})
    assert surely_valid(document)
    monkeypatch.setenv("openapi_spec_validator_schema_validator_backend", "jsonschema")
    assert not surely_valid(document)


# Importing any of these is the cost the fast check exists to avoid.
LIBRARIES = [
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "jsonschema_path",
    "referencing",
]
_CHILD = textwrap.dedent(
    """
    import json, sys
    from generator.load import load_spec
    from generator.overlay import apply_overlay, load_overlay
    from generator.validate import validate_document
    spec, overlay, libraries = sys.argv[1], sys.argv[2], sys.argv[3:]
    document = load_spec(spec).document
    if overlay:
        document = apply_overlay(document, load_overlay(overlay))
    problems = validate_document(document)
    print(json.dumps([len(problems), [name for name in libraries if name in sys.modules]]))
    """
)


@pytest.mark.parametrize(
    ("spec", "overlay", "expected"),
    [
        # Valid with its overlay; as published, only undeclared path parameters, which the fast check knows.
        (OXEN[0], True, [0, []]),
        (OXEN[0], False, [31, []]),
        # A default that does not match its schema: only the library can say how.
        (FIXTURES / "realworld31.yaml", False, [3, LIBRARIES]),
    ],
)
def test_the_library_is_imported_only_for_problems_the_fast_check_does_not_know(
    spec: Path, overlay: bool, expected: list[Any]
) -> None:
    overlay_arg = str(_overlay_of(spec)) if overlay else ""
    run = run_python("-c", _CHILD, str(spec), overlay_arg, *LIBRARIES, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == expected
