"""The fast check's compiled metaschema checks accept only schemas the library's own checks accept.

They are built from the metaschema files the libraries load (not jsonschema-rs's built-in copies) and check the
metaschemas' formats as the libraries' format checkers do.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import generator.validate.library_internals as internals
from generator.validate import compiled

KEYWORDS = [
    *("type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    *("multipleOf", "minLength", "maxLength", "pattern", "items", "prefixItems", "properties"),
    *("patternProperties", "additionalProperties", "required", "allOf", "anyOf", "oneOf", "not"),
    *("$ref", "$id", "$anchor", "$schema", "format", "nullable", "discriminator", "xml"),
    *("externalDocs", "example", "readOnly", "uniqueItems", "minItems", "dependencies"),
    *("dependentRequired", "$defs", "definitions", "title", "default", "$dynamicRef"),
    *("$dynamicAnchor", "$vocabulary", "$comment", "deprecated", "id", "unevaluatedProperties"),
]
VALUES = [
    *(None, True, False, 0, -1, 1, 1.0, 1.5, -0.5, 2**40, "", "x", "a b", "string", "integer"),
    *("null", "#", "#/a", "#foo", "^a$", "[", "(?<n>a)", "a\n", "https://x.y/z", "urn:x"),
    *([], ["a"], ["a", "a"], [1, 1.0], [True, 1], ["string", "null"], ["string", "string"]),
    *([{}], {}, {"a": {}}, {"[": {}}, {"propertyName": "k"}, {"propertyName": 1}, {"url": "x"}),
    *({"namespace": "not a uri"}, {"type": "string"}, {"x-a": 1}),
]


def _random_schema(rng: random.Random, depth: int = 0) -> Any:
    if rng.random() < 0.05:
        return rng.choice([True, False])
    schema: dict[str, Any] = {}
    for keyword in rng.sample(KEYWORDS, rng.randint(0, 3)):
        nested = depth < 2 and rng.random() < 0.5
        if nested and keyword in ("items", "not", "additionalProperties"):
            schema[keyword] = _random_schema(rng, depth + 1)
        elif nested and keyword in ("properties", "$defs", "patternProperties"):
            schema[keyword] = {"a": _random_schema(rng, depth + 1)}
        elif nested and keyword in ("allOf", "anyOf", "oneOf"):
            schema[keyword] = [_random_schema(rng, depth + 1)]
        else:
            schema[keyword] = copy.deepcopy(rng.choice(VALUES))
    return schema


def _library_checks() -> dict[str, Callable[[Any], None]]:
    from jsonschema.validators import Draft202012Validator
    from openapi_schema_validator import OAS30Validator, OAS31Validator, oas31_format_checker

    return {
        "3.0": OAS30Validator.check_schema,
        internals.OAS31_BASE_DIALECT_ID: lambda schema: OAS31Validator.check_schema(
            schema, format_checker=oas31_format_checker
        ),
        internals.DRAFT202012_ID: lambda schema: Draft202012Validator.check_schema(
            schema, format_checker=oas31_format_checker
        ),
    }


def _compiled(dialect: str) -> Any:
    return compiled.metaschema_validator(internals.DRAFT4_ID if dialect == "3.0" else dialect)


@pytest.mark.parametrize("dialect", ["3.0", internals.OAS31_BASE_DIALECT_ID, internals.DRAFT202012_ID])
def test_a_compiled_metaschema_accepts_only_what_the_library_accepts(dialect: str) -> None:
    from jsonschema.exceptions import SchemaError

    library_check = _library_checks()[dialect]
    rng = random.Random(dialect)
    accepted = 0
    for _ in range(600):
        schema = _random_schema(rng)
        if not _compiled(dialect).is_valid(schema):
            continue
        accepted += 1
        try:
            library_check(schema)
        except SchemaError as error:
            pytest.fail(f"{schema!r}: {error.message}")
    assert accepted > 150


@pytest.fixture
def modified_metaschemas(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The metaschema files as if `minLength` had to be a string and `type` could be anything."""
    load = internals.load_json

    def modified(path: Any) -> Any:
        contents = load(path)
        if contents.get("$id") == "https://json-schema.org/draft/2020-12/meta/validation":
            contents["properties"]["minLength"] = {"type": "string"}
        if contents.get("id") == "http://json-schema.org/draft-04/schema#":
            contents["definitions"]["positiveIntegerDefault0"] = {"type": "string"}
        return contents

    monkeypatch.setattr(internals, "load_json", modified)
    compiled.metaschema_validator.cache_clear()
    yield
    compiled.metaschema_validator.cache_clear()


@pytest.mark.usefixtures("modified_metaschemas")
@pytest.mark.parametrize("dialect", ["3.0", internals.OAS31_BASE_DIALECT_ID, internals.DRAFT202012_ID])
def test_the_compiled_metaschemas_are_the_files_not_jsonschema_rs_s_own_copies(dialect: str) -> None:
    nested = {"properties": {"a": {"minLength": "x"}}}
    assert _compiled(dialect).is_valid(nested)
    assert not _compiled(dialect).is_valid({"minLength": 1})
