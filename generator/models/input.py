"""What datamodel-code-generator is given: the document's component schemas, cleaned for a client.

A client should type what the server sends, not reject it: validation keywords are removed, and formats other
than the rich types `generator.typemap` knows are dropped to their plain JSON type (an id in `uuid` format stays
a `str`, a `uri` is not normalised, an `email` needs no extra dependency). Examples are data, not schema.
"""

from __future__ import annotations

from typing import Any

from generator.errors import unescape_pointer_token
from generator.typemap import STRING_FORMATS

# Keywords that constrain values (of numbers, strings, arrays, objects). A response outside a documented range
# is still the server's answer; the client passes it through rather than failing the whole call (and ECMA
# regexes need not compile in Python).
_CONSTRAINTS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
    | {"pattern", "minLength", "maxLength"}
    | {"minItems", "maxItems", "uniqueItems"}
    | {"minProperties", "maxProperties", "patternProperties"}
)
# Where schemas nest: maps of them, lists of them, and single ones.
SCHEMA_MAPS = ("properties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_VALUES = frozenset(
    {"items", "additionalItems", "unevaluatedItems", "contains", "not", "if", "then", "else"}
    | {"additionalProperties", "unevaluatedProperties", "propertyNames"}
)
_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
    "null": type(None),
}


def model_input(document: dict[str, Any], left_out: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The document datamodel-code-generator models, without the schemas in `left_out` (None: nothing to model)."""
    components = document.get("components") or {}
    schemas = components.get("schemas") if isinstance(components, dict) else None
    skip = frozenset(left_out)
    if not schemas or all(name in skip for name in schemas):
        return None
    return {
        "openapi": document.get("openapi", "3.0.3"),
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {
            **components,
            "schemas": {
                name: _clean(schema, schemas)
                for name, schema in schemas.items()
                if name not in skip
            },
        },
    }


def _clean(schema: Any, schemas: dict[str, Any], depth: int = 0) -> Any:
    if depth > 200 or not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _CONSTRAINTS or key in ("example", "examples", "x-examples"):
            continue
        if key == "format" and value not in STRING_FORMATS:
            continue
        if key == "nullable" and value is False:
            # The default anyway; spelled out, datamodel-code-generator types an optional field `T = None`.
            continue
        if key == "default" and not default_fits(_referenced(schema, schemas), value):
            # A default the schema does not allow (`default: null` on a non-nullable object, a list for a
            # string) would be an ill-typed class attribute; the field stays optional without it.
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            value = {k: _clean(v, schemas, depth + 1) for k, v in value.items()}
        elif key in SCHEMA_LISTS and isinstance(value, list):
            value = [_clean(v, schemas, depth + 1) for v in value]
        elif key in SCHEMA_VALUES:
            value = _clean(value, schemas, depth + 1)
        out[key] = value
    return out


def _referenced(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The component a schema only refers to (`$ref`, or `allOf` with one `$ref`), whose type its default has."""
    for _ in range(8):
        ref = schema.get("$ref")
        all_of = schema.get("allOf")
        if ref is None and isinstance(all_of, list) and len(all_of) == 1 and "type" not in schema:
            ref = all_of[0].get("$ref") if isinstance(all_of[0], dict) else None
        prefix = "#/components/schemas/"
        if not isinstance(ref, str) or not ref.startswith(prefix):
            return schema
        target = schemas.get(unescape_pointer_token(ref[len(prefix) :]))
        if not isinstance(target, dict):
            return schema
        schema = target
    return schema


def default_fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether a schema's `default` can be the class attribute: a value of its declared type (and enum).

    Untyped schemas (unions, refs) always pass; the modeller handles those.
    """
    kinds = schema.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list) or not all(k in _JSON_TYPES for k in kinds):
        return True
    if schema.get("nullable") is True:
        kinds = [*kinds, "null"]
    if not any(
        isinstance(value, _JSON_TYPES[k])
        and not (isinstance(value, bool) and k in ("integer", "number"))
        for k in kinds
    ):
        return False
    if isinstance(value, str) and schema.get("format") in STRING_FORMATS:
        # These become `datetime`, `date` and `bytes` attributes, which a JSON string default is not (and
        # pydantic does not convert defaults): the field is optional instead.
        return False
    enum = schema.get("enum")
    return not (isinstance(enum, list) and value is not None and value not in enum)
