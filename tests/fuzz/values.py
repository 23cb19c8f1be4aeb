"""JSON values that a generated document's schemas accept, for the round trips through the generated models.

`sample_value` is finite for the documents of tests/fuzz/strategies.py: a component refers to itself or to a
later component only where a value may leave it out (an optional property, array items, map values), and the
values built here leave those out.
"""

from __future__ import annotations

from typing import Any

from generator.errors import split_pointer

FORMATTED_VALUES = {
    "date": "2020-01-02",
    "date-time": "2020-01-02T03:04:05Z",
    "uuid": "12345678-1234-5678-1234-567812345678",
}
# The value of every plain string field in the round-trip payloads: characters that broke escaping before.
STRING_VALUE = "v\u00b5\U0001f642\u2028\x00'\""


def resolve(document: dict[str, Any], schema: Any) -> Any:
    """Follow $refs into the document's own components (the only ones these documents hold)."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 64:
        node: Any = document
        for token in split_pointer(schema["$ref"]):
            node = node[token]
        schema = node
        seen += 1
    return schema


def primitive_value(schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "string":
        return FORMATTED_VALUES.get(schema.get("format", ""), STRING_VALUE)
    return {"integer": 7, "number": 1.5, "boolean": True}.get(str(kind))


def _is_nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def object_properties(
    document: dict[str, Any], schema: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The properties of an object schema, those of its allOf members included, and its required names."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for member in schema.get("allOf", []):
        inherited, needed = object_properties(document, resolve(document, member))
        properties.update(inherited)
        required += needed
    properties.update(schema.get("properties", {}))
    required += schema.get("required", [])
    return properties, required


def sample_value(
    document: dict[str, Any], schema: Any, *, complete: bool = False, depth: int = 0
) -> Any:
    """A JSON value the schema accepts: every property when `complete`, else only the required ones.

    Finite by the construction above: a required property never leads back to a component being sampled.
    """
    if depth > 50:
        raise ValueError(
            "no finite value: the strategies built a schema whose required properties recur"
        )
    depth += 1
    schema = resolve(document, schema)
    if not isinstance(schema, dict):
        return None
    if _is_nullable(schema) and not complete:
        return None
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    for union in ("oneOf", "anyOf"):
        if union in schema:
            members = [m for m in schema[union] if resolve(document, m) != {"type": "null"}]
            return sample_value(document, members[0], depth=depth)
    if "allOf" in schema and "properties" not in schema and len(schema["allOf"]) == 1:
        return sample_value(document, schema["allOf"][0], complete=complete, depth=depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "array":
        return [sample_value(document, schema["items"], depth=depth)] if complete else []
    if kind == "object" or "allOf" in schema:
        properties, required = object_properties(document, schema)
        if not properties and isinstance(schema.get("additionalProperties"), dict):
            return (
                {"key": sample_value(document, schema["additionalProperties"], depth=depth)}
                if complete
                else {}
            )
        return {
            name: sample_value(document, value, depth=depth)
            for name, value in properties.items()
            if complete or name in required
        }
    return primitive_value(schema)


def object_schemas(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every object schema with properties under components/schemas (allOf members merge into their owner)."""
    found: list[dict[str, Any]] = []

    def visit(schema: Any, in_all_of: bool = False) -> None:
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        shaped = schema.get("properties") or "allOf" in schema
        if shaped and not in_all_of and object_properties(document, schema)[0]:
            found.append(schema)
        for value in schema.get("properties", {}).values():
            visit(value)
        for key in ("items", "additionalProperties"):
            visit(schema.get(key))
        for key in ("oneOf", "anyOf", "allOf"):
            for member in schema.get(key, []):
                visit(member, in_all_of=key == "allOf")

    for schema in document.get("components", {}).get("schemas", {}).values():
        visit(schema)
    return found
