"""The fast check: is the document certainly valid? Decided with jsonschema-rs and the standard library only.

Importing openapi-spec-validator costs a third of a cold `clientgen generate` of a small spec. This replays
everything it checks (see keywords.py) without importing it, jsonschema, jsonschema-path or referencing, and
answers True only when it is sure the library would report nothing. Anything else, whether a problem, an
unusual construct or an exception, is a False that sends the document to the library, whose problems and
messages are the ones reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import generator.validate.library_internals as internals
from generator.validate.defaults import DefaultCheck
from generator.validate.keywords import DocumentWalk
from generator.validate.resolve import Undecided

# Deeper documents are left to the library: its pure-Python metaschema check recurses per level (it fails
# near 160 levels of 3.1 schemas), and the deepest spec of the corpus has 25.
MAX_JSON_DEPTH = 64
_SCALARS = (str, int, bool, type(None))

# jsonschema-rs prefers its built-in copies of the json-schema.org metaschemas to registry entries with the same
# URI; under another URI the copies the libraries load are the ones used.
_OFFICIAL_2020_12 = "https://json-schema.org/draft/2020-12/"
_OWN_2020_12 = "https://clientgen.invalid/draft/2020-12/"


def surely_valid(document: Any) -> bool:
    """True only when openapi-spec-validator would find no problem in `document`."""
    try:
        _check(document)
    except Exception:  # Undecided, or anything unforeseen: the library decides
        return False
    return True


def _check(document: Any) -> None:
    if type(document) is not dict or not internals.library_behaves_as_assumed():
        raise Undecided("the libraries are set up differently")
    _check_plain_json(document)
    # As the library path picks its validator.
    oas31 = str(document.get("openapi", "")).startswith("3.1")
    if not _document_validator("3.1" if oas31 else "3.0").is_valid(document):
        raise Undecided("the OpenAPI schema rejects the document")
    accepts = _oas31_metaschema_check(document) if oas31 else _draft4_validator().is_valid
    walk = DocumentWalk(
        document, metaschema_accepts=accepts, check_default=DefaultCheck(document, oas31=oas31)
    )
    walk.run()


def _check_plain_json(document: dict[str, Any]) -> None:
    """Only JSON's own values (YAML adds dates, sets, infinities...), nested no deeper than MAX_JSON_DEPTH.

    jsonschema-rs converts other values in its own way, which the library's pure-Python checks need not share.
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise Undecided("the document nests too deeply")
        if type(node) is dict:
            if not all(type(key) is str for key in node):
                raise Undecided("a key that is not a string")
            values = node.values()
        else:
            values = node
        for value in values:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append((value, depth + 1))
            elif kind is float:
                if not math.isfinite(value):
                    raise Undecided("a number JSON cannot hold")
            elif kind not in _SCALARS:
                raise Undecided("a value JSON cannot hold")


@cache
def _document_validator(version: str) -> Any:
    import jsonschema_rs

    schema = internals.load_json(internals.document_schema_file(version))
    # Exactly as openapi-spec-validator's jsonschema-rs backend builds it.
    return jsonschema_rs.validator_cls_for(schema)(schema)


def _python_regex(pattern: str) -> bool:
    """openapi-schema-validator's `regex` format without `regress`: whatever Python's re compiles."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _accept(value: str) -> bool:
    return True


# The formats the metaschemas use, checked as the library's format checkers do: `regex` with Python's re, and
# `uri`/`uri-reference` not at all (jsonschema checks them only when rfc3987 or rfc3986-validator is installed).
_METASCHEMA_FORMATS: dict[str, Callable[[str], bool]] = {
    "regex": _python_regex,
    "uri": _accept,
    "uri-reference": _accept,
}


@cache
def _draft4_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(
        internals.load_json(internals.draft4_metaschema_file()),
        validate_formats=True,
        formats=_METASCHEMA_FORMATS,
        offline=True,
    )


def _own_uris(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: value.replace(_OFFICIAL_2020_12, _OWN_2020_12)
            if key in ("$id", "$ref") and isinstance(value, str)
            else _own_uris(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_own_uris(item) for item in node]
    return node


@cache
def _dialect_resources() -> tuple[dict[str, Any], Any]:
    """The 2020-12 metaschemas and the OAS 3.1 dialect (by id) and a jsonschema-rs registry of them."""
    import jsonschema_rs

    files = [*internals.draft202012_metaschema_files(), *internals.oas31_dialect_files()]
    resources = {}
    for path in files:
        contents = _own_uris(internals.load_json(path))
        resources[contents["$id"]] = contents
    return resources, jsonschema_rs.Registry(list(resources.items()))


# The 3.1 dialects the fast check knows, and the id their metaschema has among the resources.
_DIALECT_ROOTS = {
    internals.OAS31_BASE_DIALECT_ID: internals.OAS31_BASE_DIALECT_ID,
    internals.DRAFT202012_ID: internals.DRAFT202012_ID.replace(_OFFICIAL_2020_12, _OWN_2020_12),
}


@cache
def _dialect_validator(dialect: str) -> Any:
    import jsonschema_rs

    resources, registry = _dialect_resources()
    return jsonschema_rs.validator_for(
        resources[_DIALECT_ROOTS[dialect]],
        registry=registry,
        validate_formats=True,
        formats=_METASCHEMA_FORMATS,
        offline=True,
    )


def _oas31_metaschema_check(document: dict[str, Any]) -> Callable[[Any], bool]:
    """The library's 3.1 metaschema check: the schema's `$schema`, or else the document's jsonSchemaDialect."""
    default = document.get("jsonSchemaDialect", internals.OAS31_BASE_DIALECT_ID)

    def accepts(schema: Any) -> bool:
        dialect = schema.get("$schema", default) if isinstance(schema, dict) else default
        if not isinstance(dialect, str) or dialect not in _DIALECT_ROOTS:
            raise Undecided(f"a dialect the fast check does not know: {dialect!r}")
        return bool(_dialect_validator(dialect).is_valid(schema))

    return accepts
