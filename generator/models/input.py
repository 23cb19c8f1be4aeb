"""What datamodel-code-generator is given: the document's component schemas, cleaned for a client.

A client should type what the server sends, not reject it: validation keywords are removed, and formats other
than the rich types `generator.typemap` knows are dropped to their plain JSON type (an id in `uuid` format stays
a `str`, a `uri` is not normalised, an `email` needs no extra dependency). Examples are data, not schema.
"""

from __future__ import annotations

from typing import Any

from generator import limits
from generator.document import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_VALUES, schema_component
from generator.escape import prose
from generator.identifiers import needs_wire_identifier, wire_identifiers
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
        if key == "format" and _text(value) not in STRING_FORMATS:
            continue
        if key == "discriminator" and not _modelled_discriminator(value):
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
            if key == "allOf":
                value = [_past_aliases(v, schemas) for v in value]
        elif key in SCHEMA_VALUES:
            value = _clean(value, schemas, depth + 1)
        out[key] = value
    return _with_safe_text(out)


def _past_aliases(part: Any, schemas: dict[str, Any]) -> Any:
    """An `allOf` part `{$ref: A}` where A is only `{$ref: B}` (an alias) as `{$ref: B}`: the modeller makes A
    a root model, and drops a root model from a class's bases, with every field it would have inherited.
    """
    for _ in range(limits.MAX_REF_CHAIN):
        ref = part.get("$ref") if isinstance(part, dict) and len(part) == 1 else None
        name = schema_component(ref)
        if name is None:
            return part
        target = schemas.get(name)
        if not (isinstance(target, dict) and list(target) == ["$ref"] and target["$ref"] != ref):
            return part
        part = {"$ref": target["$ref"]}
    return part


# An enum member must not shadow what a `StrEnum` member inherits (`upper`, `name`...).
_ENUM_RESERVED = frozenset(dir(str)) | {"mro", "name", "value"}


def _with_safe_text(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its spec strings made safe for the modeller, which writes them into code unescaped.

    Prose goes through `escape.prose`. A string value it would write raw in a literal (`enum`, `default`,
    `const`) holding what it does not escape (U+2028, VT, FS, a lone surrogate...) is dropped: the field
    is then a plain string, which still carries that value exactly. The members of an enum with a value that
    `needs_wire_identifier` are named by `wire_identifiers`: the modeller's own names need not be identifiers
    or distinct.
    """
    properties = schema.get("properties")
    if isinstance(properties, dict) and not all(_encodable(name) for name in properties):
        # The modeller cannot write a lone surrogate to its metadata. Left out, such a property is still
        # read: the runtime's models keep what they do not declare as extra fields.
        schema["properties"] = {k: v for k, v in properties.items() if _encodable(k)}
        if isinstance(schema.get("required"), list):
            schema["required"] = [
                k for k in schema["required"] if not isinstance(k, str) or _encodable(k)
            ]
    for key in ("description", "title"):
        if isinstance(schema.get(key), str):
            schema[key] = prose(schema[key])
    for key in ("default", "const"):
        if isinstance(schema.get(key), str) and not _writable(schema[key]):
            del schema[key]
    enum = schema.get("enum")
    if isinstance(enum, list) and any(isinstance(v, str) for v in enum):
        if any(isinstance(v, str) and not _writable(v) for v in enum):
            del schema["enum"]
            schema.pop("x-enum-varnames", None)
        elif any(isinstance(v, str) and needs_wire_identifier(v) for v in enum):
            names = [str(v) for v in enum]
            # Every value is named, ASCII ones too: the modeller's names could meet these.
            chosen = wire_identifiers(names, _ENUM_RESERVED, every=True)
            schema["x-enum-varnames"] = [chosen[n] for n in names]
    return schema


# The only characters outside `str.isprintable` the modeller escapes in a literal; it writes any other raw.
_MODELLER_ESCAPES = frozenset("\x00\b\t\n\x0c\r")


def _writable(text: str) -> bool:
    return text.isprintable() or all(c.isprintable() or c in _MODELLER_ESCAPES for c in text)


def _modelled_discriminator(discriminator: Any) -> bool:
    """Whether the modeller can tell a union's members apart by this discriminator's property.

    It writes `discriminator=""` for the empty name, which pydantic refuses when the module is imported, and
    a name with a lone surrogate names a property left out (`_with_safe_text`). Without the discriminator
    the union still takes each member in turn, and the member's own tag value tells it from the others.
    """
    name = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
    return isinstance(name, str) and name != "" and _encodable(name)


def _encodable(text: str) -> bool:
    return not any("\ud800" <= char <= "\udfff" for char in text)


def property_names(schemas: dict[str, Any]) -> set[str]:
    """Every property name in the prepared component schemas, nested ones included."""
    found: set[str] = set()
    pending: list[Any] = list(schemas.values())
    seen: set[int] = set()  # a YAML alias can make the document a graph, even a cyclic one
    while pending:
        schema = pending.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found.update(value)
            if key in SCHEMA_MAPS and isinstance(value, dict):
                pending.extend(value.values())
            elif key in SCHEMA_LISTS and isinstance(value, list):
                pending.extend(value)
            elif key in SCHEMA_VALUES:
                pending.append(value)
    return found


def _referenced(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The component a schema only refers to (`$ref`, or `allOf` with one `$ref`), whose type its default has."""
    for _ in range(8):
        ref = schema.get("$ref")
        all_of = schema.get("allOf")
        if ref is None and isinstance(all_of, list) and len(all_of) == 1 and "type" not in schema:
            ref = all_of[0].get("$ref") if isinstance(all_of[0], dict) else None
        name = schema_component(ref)
        if name is None:
            return schema
        target = schemas.get(name)
        if not isinstance(target, dict):
            return schema
        schema = target
    return schema


def _text(value: Any) -> str:
    """A keyword's value where text belongs ("" for anything else: lenient mode lets any value through)."""
    return value if isinstance(value, str) else ""


def default_fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether a schema's `default` can be the class attribute: a value of its declared type (and enum).

    Untyped schemas (unions, refs) always pass; the modeller handles those.
    """
    kinds = schema.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list) or not all(
        isinstance(k, str) and k in _JSON_TYPES for k in kinds
    ):
        return True
    if schema.get("nullable") is True:
        kinds = [*kinds, "null"]
    if not any(
        isinstance(value, _JSON_TYPES[k])
        and not (isinstance(value, bool) and k in ("integer", "number"))
        for k in kinds
    ):
        return False
    if isinstance(value, str) and _text(schema.get("format")) in STRING_FORMATS:
        # These become `datetime`, `date` and `bytes` attributes, which a JSON string default is not (and
        # pydantic does not convert defaults): the field is optional instead.
        return False
    enum = schema.get("enum")
    return not (isinstance(enum, list) and value is not None and value not in enum)
