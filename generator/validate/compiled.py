"""The fast check: is the document certainly valid? Decided with jsonschema-rs and the standard library, without
importing openapi-spec-validator, jsonschema, jsonschema-path or referencing (a third of a cold `clientgen generate`
of a small spec). Only True is trusted; anything else sends the document to the library."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema_rs

import generator.validate.library_internals as internals
from generator.document import SCHEMA_MAPS, is_data_keyword
from generator.errors import Problem
from generator.validate.keywords import MAX_SCHEMA_DEPTH, DocumentWalk, Undecided, lookup
from generator.validate.shape import shape_problems

# Deeper documents are left to the library: its pure-Python metaschema check recurses per level (it fails
# near 160 levels of 3.1 schemas), and the deepest spec of the corpus has 25.
MAX_JSON_DEPTH = 64
# jsonschema-rs prefers its built-in copies of the json-schema.org metaschemas to registry entries with the same
# URI; under another URI the copies the libraries load are the ones used.
_OFFICIAL_2020_12 = "https://json-schema.org/draft/2020-12/"
_OWN_2020_12 = "https://clientgen.invalid/draft/2020-12/"
# The document's URI in the registry that defaults' schemas resolve `$ref`s in.
DOCUMENT_URI = "https://clientgen.invalid/document"


def known_problems(document: Any) -> list[Problem] | None:
    """Every problem openapi-spec-validator would find in `document`, as the library path reports them, when
    the fast check is sure of them all (none, or only those the walk reports); None when it is not."""
    try:
        if type(document) is not dict or not internals.library_behaves_as_assumed():
            raise Undecided("the libraries are set up differently")
        shapes = shape_problems(document)
        if shapes:  # the library path reports them first, and only them, as here
            return shapes
        _check_plain_json(document)
        oas31 = str(document.get("openapi", "")).startswith("3.1")  # as the library path picks
        if not _document_validator("3.1" if oas31 else "3.0").is_valid(document):
            raise Undecided("the OpenAPI schema rejects the document")
        return FastCheck(document, oas31).run()
    except Exception:  # Undecided, or anything unforeseen: the library decides
        return None


def _check_plain_json(document: dict[str, Any]) -> None:
    # Nothing nested deeper than MAX_JSON_DEPTH, and no infinities (YAML has them) that jsonschema-rs would take
    # its own way, which the library's pure-Python checks need not share (it refuses YAML's dates or sets).
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise Undecided("the document nests too deeply")
        for value in node.values() if type(node) is dict else node:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is float and not math.isfinite(value):
                raise Undecided("a number JSON cannot hold")


@cache
def _document_validator(version: str) -> Any:
    schema = internals.load_json(internals.document_schema_file(version))
    # Exactly as openapi-spec-validator's jsonschema-rs backend builds it.
    return jsonschema_rs.validator_cls_for(schema)(schema)


def _own_uris(node: Any) -> Any:
    if isinstance(node, list):
        return [_own_uris(item) for item in node]
    if not isinstance(node, dict):
        return node
    own = {key: _own_uris(value) for key, value in node.items()}
    for key in ("$id", "$ref"):
        if isinstance(own.get(key), str):
            own[key] = own[key].replace(_OFFICIAL_2020_12, _OWN_2020_12)
    return own


@cache
def metaschema_validator(dialect: Any) -> Any:
    """`dialect`'s metaschema (None if unknown) compiled by jsonschema-rs from the files the libraries load, with
    their format checks; it accepts only what their own, slow, check does (library.py's too)."""
    registry = None
    if dialect == internals.DRAFT4_ID:
        schema = internals.load_json(internals.draft4_metaschema_file())
    elif dialect in (internals.OAS31_BASE_DIALECT_ID, internals.DRAFT202012_ID):
        files = internals.oas31_metaschema_files()
        resources = [_own_uris(internals.load_json(file)) for file in files]
        by_id = {resource["$id"]: resource for resource in resources}
        registry = jsonschema_rs.Registry(list(by_id.items()))
        schema = by_id[dialect.replace(_OFFICIAL_2020_12, _OWN_2020_12)]
    else:
        return None
    return jsonschema_rs.validator_for(
        schema, registry=registry, formats=LIBRARY_FORMATS, validate_formats=True, offline=True
    )


def _compiles(value: Any) -> bool:
    try:  # without `regress`, whatever Python's re compiles
        return not isinstance(value, str) or bool(re.compile(value))
    except re.error:
        return False


# openapi-schema-validator's format checks, for values of any type (jsonschema-rs's own format functions only see
# strings; int32 checks integers). `binary` (3.0's) accepts anything, as 3.1 does; jsonschema checks `uri` and
# `uri-reference` only with rfc3987 or rfc3986-validator installed (library_behaves_as_assumed). Any other format
# rejects what it applies to: stricter than the library, which checks some (jsonschema's) and ignores the rest.
LIBRARY_FORMATS: dict[str, Callable[[Any], bool]] = {
    **dict.fromkeys(("float", "double", "password", "binary"), lambda _: True),
    **dict.fromkeys(("uri", "uri-reference"), lambda _: True),
    "int32": lambda value: type(value) is not int or -(2**31) <= value < 2**31,
    "int64": lambda value: type(value) is not int or -(2**63) <= value < 2**63,
    "regex": _compiles,
}


class _AsTheLibraryChecks:
    """A jsonschema-rs keyword for `pattern` and `format`, checked as the library does: patterns with Python's
    re.search (as it does without `regress`), formats with LIBRARY_FORMATS (others fail)."""

    def __init__(self, parent_schema: Any, argument: Any, schema_path: list[Any]) -> None:
        self.keyword, self.argument = schema_path[-1], argument

    def validate(self, instance: Any) -> None:
        if self.keyword == "pattern":
            conforms = not isinstance(instance, str) or bool(re.search(self.argument, instance))
        else:
            conforms = self.argument in LIBRARY_FORMATS and LIBRARY_FORMATS[self.argument](instance)
        if not conforms:
            raise ValueError(f"{instance!r} does not conform to {self.keyword} {self.argument!r}")


# Values that are data, not schemas.
_DATA = frozenset({"enum", "const", "default", "example", "examples"})
# A schema holding any of these, anywhere a default is checked against, is left to the library:
_UNDECIDABLE = frozenset(
    {
        # they move the base URI of `$ref`s, or name another dialect, each library in its own way;
        *("$id", "$schema", "$dynamicRef", "$dynamicAnchor"),
        # jsonschema-rs is stricter than the library in places (it ignores 3.0's nullable and the readOnly and
        # writeOnly exemptions from `required`, applies draft-4 keywords OAS30Validator ignores, and formats
        # may reject more): sound where a failure fails the whole, but under these it may become a pass;
        *("not", "oneOf", "if", "maxContains"),
        # they depend on which other subschemas passed, by rules no test shows the two implementations share;
        *("unevaluatedProperties", "unevaluatedItems"),
        # the library matches names with Python's re (also to find what additionalProperties checks);
        "patternProperties",
        # jsonschema-rs finds 0.3 a multiple of 0.1, the library's float division does not.
        "multipleOf",
    }
)
# 3.0's types: a tuple, as a list (an unhashable type) cannot be looked up in a set.
_OAS30_TYPES = ("string", "number", "integer", "boolean", "array", "object")


class FastCheck(DocumentWalk):
    """The library's walk, with metaschemas and defaults checked as it checks them. It checks a default with
    openapi-schema-validator's OAS30Validator or OAS31Validator; this with jsonschema-rs (draft 4 for 3.0,
    2020-12 for 3.1, `$ref`s resolved in the document), behind gates past which it is as strict."""

    def __init__(self, document: dict[str, Any], oas31: bool) -> None:
        super().__init__(document)
        self.oas31 = oas31
        self.registry: Any = None
        # 3.0 schemas are checked against draft 4; 3.1 ones against their `$schema` or the document's dialect.
        self.dialect = document.get("jsonSchemaDialect", internals.OAS31_BASE_DIALECT_ID)
        # `$ref` targets (by id) that passed the gates, those being looked at, and whether a schema has any.
        self.gated: set[int] = set()
        self.entered: set[int] = set()
        self.refers = False

    def metaschema_accepts(self, schema: Any) -> bool:
        dialect = schema.get("$schema", self.dialect) if isinstance(schema, dict) else self.dialect
        validator = metaschema_validator(dialect if self.oas31 else internals.DRAFT4_ID)
        if validator is None:
            raise Undecided(f"a dialect the fast check does not know: {dialect!r}")
        return bool(validator.is_valid(schema))

    def check_default(self, schema: Any, value: Any) -> None:
        self.refers = False
        portable = self.portable(schema, 0)
        if self.refers and self.registry is None:  # converting the document takes time
            # Draft 4 reads the document's 3.0 schemas as the library does (1.0 is no integer there).
            draft = jsonschema_rs.Draft202012 if self.oas31 else jsonschema_rs.Draft4
            self.registry = jsonschema_rs.Registry([(DOCUMENT_URI, self.document)], draft=draft)
        drafts = (jsonschema_rs.Draft4Validator, jsonschema_rs.Draft202012Validator)
        keywords: dict[str, Any] = dict.fromkeys(("pattern", "format"), _AsTheLibraryChecks)
        validator = drafts[self.oas31](portable, registry=self.registry, keywords=keywords)
        if not validator.is_valid(value):
            raise Undecided("jsonschema-rs rejects the default")

    def portable(self, node: Any, depth: int) -> Any:
        """A copy of schema `node` whose `$ref`s name the registry's document; Undecided at any gate."""
        if depth > MAX_SCHEMA_DEPTH:
            raise Undecided("the default's schema nests too deeply")
        if isinstance(node, list):
            return [self.portable(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            return node
        self.gate(node)
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DATA or is_data_keyword(key):  # a `$ref` in an extension is data too
                copy[key] = value
            elif key == "$ref" and isinstance(value, str):
                target = lookup(self.document, value)
                # Through a cycle that never steps into the value the library recurses without end: any
                # cycle is left to it. The gates look at a target once (the registry holds the original).
                if id(target) in self.entered:
                    raise Undecided(f"a $ref cycle through {value!r}")
                if id(target) not in self.gated:
                    self.entered.add(id(target))
                    self.portable(target, depth + 1)
                    self.entered.discard(id(target))
                    self.gated.add(id(target))
                copy[key], self.refers = DOCUMENT_URI + value, True
            elif key in SCHEMA_MAPS and isinstance(value, dict):
                copy[key] = {name: self.portable(each, depth + 1) for name, each in value.items()}
            else:  # a schema, a list of them, or something looked at as if it were one
                copy[key] = self.portable(value, depth + 1)
        return copy

    def gate(self, schema: dict[str, Any]) -> None:
        if not _UNDECIDABLE.isdisjoint(schema):
            raise Undecided(f"{sorted(_UNDECIDABLE.intersection(schema))} in the default's schema")
        if self.oas31:
            return
        # The library's 3.0 type checker fails with an error on other types, and its `items` on a list.
        kind = schema.get("type", "object")
        if kind not in _OAS30_TYPES or type(schema.get("items")) is list:
            raise Undecided(f"3.0 type {kind!r}, or items that are a list")
        # With a discriminator beside them, it checks allOf and anyOf by the discriminated schema alone.
        if "discriminator" in schema and ("allOf" in schema or "anyOf" in schema):
            raise Undecided("a 3.0 discriminator")
        # It applies a `$ref`'s siblings; draft-4 jsonschema-rs ignores them.
        if "$ref" in schema and len(schema) > 1:
            raise Undecided("a 3.0 $ref with siblings")
        if isinstance(schema.get("id"), str):  # draft 4's `$id`
            raise Undecided("a schema with its own base URI")
