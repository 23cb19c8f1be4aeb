"""Is a schema's `default` certainly valid against it? A conservative stand-in for the library's value check.

openapi-spec-validator checks every visited schema's `default` with openapi-schema-validator's OAS30Validator or
OAS31Validator (jsonschema underneath). Importing them is the cost the fast check avoids, so this is written by
hand, and it only decides easy cases: it answers "valid" only for schemas made of keywords it replicates exactly
and raises Undecided for everything else (a failing default included), which sends the document to the library.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from generator.validate.resolve import Undecided, lookup

# The keywords each library validator class acts on (its VALIDATORS); every other key of a schema is ignored.
OAS30_KEYWORDS = frozenset(
    {
        *("multipleOf", "maximum", "minimum", "maxLength", "minLength", "pattern", "maxItems"),
        *("minItems", "uniqueItems", "maxProperties", "minProperties", "enum", "type", "allOf"),
        *("oneOf", "anyOf", "not", "items", "properties", "required", "additionalProperties"),
        *("format", "$ref", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs"),
        *("example", "deprecated"),
    }
)
OAS31_KEYWORDS = frozenset(
    {
        *("$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains"),
        *("dependentRequired", "dependentSchemas", "enum", "exclusiveMaximum", "exclusiveMinimum"),
        *("format", "if", "items", "maxItems", "maxLength", "maxProperties", "maximum", "minItems"),
        *("minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern"),
        *("patternProperties", "prefixItems", "properties", "propertyNames", "required", "type"),
        *("unevaluatedItems", "unevaluatedProperties", "uniqueItems", "description"),
        *("discriminator", "xml", "externalDocs", "example"),
    }
)
# Of those, the ones the library runs as no-ops (3.0's `discriminator` still changes how allOf/anyOf check).
ANNOTATIONS = frozenset(
    {
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
        "description",
    }
)


def _is_int32(value: Any) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**31) <= value < 2**31


def _is_int64(value: Any) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**63


def _always(value: Any) -> bool:
    # float/double accept any int or float and ignore other types; password is a UI hint; 3.0 binary accepts
    # anything (openapi-schema-validator's pragmatic checker).
    return True


OAS31_FORMATS: dict[str, Callable[[Any], bool]] = {
    "int32": _is_int32,
    "int64": _is_int64,
    "float": _always,
    "double": _always,
    "password": _always,
}
OAS30_FORMATS = {**OAS31_FORMATS, "binary": _always}
# Every format jsonschema's FormatChecker can know (some only with optional packages installed) and the OpenAPI
# ones: a format outside these is checked by neither library, one inside that is not replicated above is left
# to the library.
JSONSCHEMA_FORMATS = frozenset(
    {
        *("email", "idn-email", "ipv4", "ip-address", "ipv6", "hostname", "host-name"),
        *("idn-hostname", "uri", "uri-reference", "iri", "iri-reference", "date-time", "time"),
        *("regex", "date", "color", "json-pointer", "relative-json-pointer", "uri-template"),
        *("duration", "uuid"),
    }
)
# Known to jsonschema only with rfc3987 or rfc3986-validator installed, and the fast check runs only without
# them (library_internals.library_behaves_as_assumed).
URI_FORMATS = frozenset({"uri", "uri-reference"})
OAS31_KNOWN_FORMATS = (JSONSCHEMA_FORMATS - URI_FORMATS) | {
    "int32",
    "int64",
    "float",
    "double",
    "password",
}
OAS30_KNOWN_FORMATS = OAS31_KNOWN_FORMATS | {"binary", "byte"}

# Nesting (of the value, or through `$ref`s) past which the library's recursion is not replayed.
MAX_DEPTH = 48


def json_equal(one: Any, two: Any) -> bool:
    """jsonschema's equality: `true` is not 1, 1 is 1.0, containers compare element by element."""
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(
            k in two and json_equal(v, two[k]) for k, v in one.items()
        )
    if isinstance(one, list | dict) or isinstance(two, list | dict):
        return False
    if isinstance(one, bool) or isinstance(two, bool):
        return one is two
    return bool(one == two)


_SIZED: dict[str, type[str | list[Any] | dict[str, Any]]] = {
    "maxLength": str,
    "minLength": str,
    "maxItems": list,
    "minItems": list,
    "maxProperties": dict,
    "minProperties": dict,
}


class Use(NamedTuple):
    """One keyword of a schema, applied to the value being checked."""

    keyword: str
    argument: Any
    value: Any
    schema: dict[str, Any]
    depth: int


class DefaultCheck:
    """Checks defaults of one document's schemas by one OpenAPI version's rules."""

    def __init__(self, document: Any, *, oas31: bool) -> None:
        self.document = document
        self.oas31 = oas31
        self.keywords = OAS31_KEYWORDS if oas31 else OAS30_KEYWORDS
        self.formats = OAS31_FORMATS if oas31 else OAS30_FORMATS
        self.known_formats = OAS31_KNOWN_FORMATS if oas31 else OAS30_KNOWN_FORMATS
        bounds = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        self.handlers: dict[str, Callable[[Use], None]] = {
            "type": self.type,
            "enum": self.enum,
            "const": self.const,
            "multipleOf": self.multiple_of,
            **dict.fromkeys(bounds, self.bound),
            **dict.fromkeys(_SIZED, self.size),
            "pattern": self.pattern,
            "uniqueItems": self.unique_items,
            "required": self.required,
            "properties": self.properties,
            "additionalProperties": self.additional_properties,
            "items": self.items,
            "allOf": self.all_of,
            "anyOf": self.any_of,
            "$ref": self.ref,
            "format": self.format,
        }

    def __call__(self, schema: Any, value: Any) -> None:
        """Return when `value` is certainly valid against `schema`; raise Undecided otherwise."""
        self.check(schema, value, 0)

    def check(self, schema: Any, value: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Undecided("default nests too deeply")
        if schema is True:
            return
        if not isinstance(schema, dict):
            raise Undecided("not a schema object")
        # Keys that move the base URI of later `$ref`s (3.0 schemas are read as draft 4, where `id` does that).
        if ("$id" if self.oas31 else "id") in schema or "$dynamicAnchor" in schema:
            raise Undecided("a schema with its own base URI")
        for keyword, argument in schema.items():
            if keyword not in self.keywords or keyword in ANNOTATIONS:
                continue
            handler = self.handlers.get(keyword)
            if handler is None:
                raise Undecided(f"{keyword}: a keyword the default check does not replicate")
            handler(Use(keyword, argument, value, schema, depth))

    def type(self, use: Use) -> None:
        if self.oas31:
            names = use.argument if isinstance(use.argument, list) else [use.argument]
            if not any(_is_type_31(use.value, name) for name in names):
                raise Undecided("wrong type")
        elif use.value is None:
            # openapi-schema-validator's 3.0 `type`: null passes only with `nullable: true` beside it.
            if use.schema.get("nullable") is not True:
                raise Undecided("null without nullable")
        elif not _is_type_30(use.value, use.argument):
            raise Undecided("wrong type")

    def enum(self, use: Use) -> None:
        if not isinstance(use.argument, list):
            raise Undecided("unusual enum")
        if not any(json_equal(each, use.value) for each in use.argument):
            raise Undecided("not in enum")

    def const(self, use: Use) -> None:
        if not json_equal(use.value, use.argument):
            raise Undecided("not the const")

    def multiple_of(self, use: Use) -> None:
        value, argument = use.value, use.argument
        if not _is_number(value):
            return
        if not _is_number(argument) or argument <= 0:
            raise Undecided("unusual multipleOf")
        if isinstance(argument, float):
            quotient = value / argument
            failed = int(quotient) != quotient  # an OverflowError leaves it to the library
        else:
            failed = bool(value % argument)
        if failed:
            raise Undecided("not a multiple")

    def bound(self, use: Use) -> None:
        value, argument = use.value, use.argument
        if not _is_number(value):
            return
        if not _is_number(argument):
            raise Undecided("unusual bound")
        lower = use.keyword in ("minimum", "exclusiveMinimum")
        exclusive = use.keyword.startswith("exclusive")
        if not self.oas31:
            # Draft 4: exclusiveMinimum/exclusiveMaximum are flags that minimum/maximum read.
            flag = use.schema.get("exclusiveMinimum" if lower else "exclusiveMaximum", False)
            exclusive = bool(flag)
        if lower:
            failed = value <= argument if exclusive else value < argument
        else:
            failed = value >= argument if exclusive else value > argument
        if failed:
            raise Undecided("out of bounds")

    def size(self, use: Use) -> None:
        if not isinstance(use.value, _SIZED[use.keyword]):
            return
        if not _is_number(use.argument):
            raise Undecided("unusual size")
        size = len(use.value)
        if size > use.argument if use.keyword.startswith("max") else size < use.argument:
            raise Undecided("wrong size")

    def pattern(self, use: Use) -> None:
        # Without `regress` installed (see library_behaves_as_assumed) the library searches with Python's re.
        if isinstance(use.value, str) and not re.search(use.argument, use.value):
            raise Undecided("does not match the pattern")

    def unique_items(self, use: Use) -> None:
        if use.argument and isinstance(use.value, list):
            for i, item in enumerate(use.value):
                if any(json_equal(item, other) for other in use.value[i + 1 :]):
                    raise Undecided("repeated items")

    def required(self, use: Use) -> None:
        if not isinstance(use.value, dict):
            return
        if not isinstance(use.argument, list):
            raise Undecided("unusual required")
        for name in use.argument:
            if name in use.value:
                continue
            # openapi-schema-validator's 3.0 `required` lets a readOnly or writeOnly property be absent.
            properties = use.schema.get("properties", {})
            declared = properties.get(name) if isinstance(properties, dict) else None
            if self.oas31 or not isinstance(declared, dict):
                raise Undecided("a required property is missing")
            if not (declared.get("readOnly", False) or declared.get("writeOnly", False)):
                raise Undecided("a required property is missing")

    def properties(self, use: Use) -> None:
        if not isinstance(use.value, dict):
            return
        if not isinstance(use.argument, dict):
            raise Undecided("unusual properties")
        for name, subschema in use.argument.items():
            if name in use.value:
                self.check(subschema, use.value[name], use.depth + 1)

    def additional_properties(self, use: Use) -> None:
        if not isinstance(use.value, dict):
            return
        declared = use.schema.get("properties", {})
        if use.schema.get("patternProperties") or not isinstance(declared, dict):
            raise Undecided("unusual additionalProperties")
        extras = [name for name in use.value if name not in declared]
        if isinstance(use.argument, dict):
            for name in extras:
                self.check(use.argument, use.value[name], use.depth + 1)
        elif extras and use.argument is not True:
            raise Undecided("additional properties")

    def items(self, use: Use) -> None:
        if not isinstance(use.value, list):
            return
        if "prefixItems" in use.schema or not isinstance(use.argument, dict | bool):
            raise Undecided("unusual items")
        for item in use.value:
            self.check(use.argument, item, use.depth + 1)

    def all_of(self, use: Use) -> None:
        for subschema in self._branches(use):
            self.check(subschema, use.value, use.depth + 1)

    def any_of(self, use: Use) -> None:
        for subschema in self._branches(use):
            try:
                self.check(subschema, use.value, use.depth + 1)
            except Undecided:
                continue
            return
        raise Undecided("no branch certainly matches")

    def _branches(self, use: Use) -> list[Any]:
        if not self.oas31 and "discriminator" in use.schema:
            # The 3.0 library then checks the value by the discriminated schema alone.
            raise Undecided("3.0 discriminator")
        if not isinstance(use.argument, list):
            raise Undecided("unusual subschemas")
        return use.argument

    def ref(self, use: Use) -> None:
        if not isinstance(use.argument, str):
            raise Undecided("unusual $ref")
        self.check(lookup(self.document, use.argument), use.value, use.depth + 1)

    def format(self, use: Use) -> None:
        if not isinstance(use.argument, str):
            raise Undecided("unusual format")
        if use.value is None and not self.oas31:
            return
        check = self.formats.get(use.argument)
        if check is not None:
            if not check(use.value):
                raise Undecided("wrong format")
        elif use.argument in self.known_formats:
            raise Undecided("a format the default check does not replicate")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES_30: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _is_type_30(value: Any, name: Any) -> bool:
    if not isinstance(name, str) or name not in _TYPES_30:
        raise Undecided("a type the checker does not know")
    return _TYPES_30[name](value)


def _is_type_31(value: Any, name: Any) -> bool:
    # Draft 2020-12: 1.0 is an integer.
    if name == "integer":
        return _TYPES_30["integer"](value) or (isinstance(value, float) and value.is_integer())
    if name == "null":
        return value is None
    return _is_type_30(value, name)
