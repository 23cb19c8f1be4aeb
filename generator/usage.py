"""Which component schemas the generated operations use: the ones the client gets model classes for.

A spec often defines many schemas that no operation sends or receives (GitHub's webhook payloads are two thirds
of its schemas by size; OpenAI's realtime events). Modelling them costs most of a cold run on such specs and
gives the client types it never returns, so by default only the schemas reachable from the generated
operations are modelled: their parameters, request bodies and every response (error bodies included, so that
callers can parse an error's body), following `$ref` and discriminator mappings through any component.
`all_schemas` (target file) or `--all-schemas` models every schema instead.

No library does this: jsonpath and the validator resolve references but neither reports the set reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.document import resolve_pointer
from generator.errors import pointer, split_pointer
from generator.ir import Operation

_SCHEMAS = "#/components/schemas/"
# Example values are data: a `$ref` key inside one is not a reference, and they can be large.
_DATA_KEYS = frozenset({"example", "examples", "x-examples"})
# Maps whose keys are names (a property may well be called `example` or `$ref`), not keywords.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "content",
        "responses",
        "headers",
        "encoding",
        "callbacks",
        "links",
    }
)


def used_schemas(document: dict[str, Any], operations: Iterable[Operation]) -> set[str]:
    """Names of the `components/schemas` entries the operations reach, directly or through references."""
    roots: list[str] = []
    for op in operations:
        roots.append(op.pointer)
        # Parameters declared once for the whole path item belong to each of its operations.
        roots.append(op.pointer.rsplit("/", 1)[0] + "/parameters")
        roots.extend(_schema_pointers(op))
    reached: set[str] = set()
    visited: set[str] = set()
    pending = roots
    while pending:
        ptr = pending.pop()
        if not ptr.startswith("#"):  # operation pointers are written without it
            ptr = "#" + ptr
        if ptr.startswith(_SCHEMAS):
            tokens = split_pointer(ptr)
            name = tokens[2] if len(tokens) > 2 else ""
            if name in reached:
                continue
            reached.add(name)
            # The whole schema is modelled, so everything it refers to is reached too.
            ptr = "#" + pointer("components", "schemas", name)
        if ptr in visited:
            continue
        visited.add(ptr)
        try:
            node = resolve_pointer(document, ptr[1:])
        except KeyError:
            continue  # a dangling reference is the validator's to report
        pending.extend(_references(node))
    schemas = (document.get("components") or {}).get("schemas") or {}
    return {name for name in reached if name in schemas}


def _schema_pointers(op: Operation) -> Iterable[str]:
    for param in op.parameters:
        yield param.schema
    if op.body is not None:
        if op.body.schema is not None:
            yield op.body.schema
        for body_field in op.body.fields or ():
            yield body_field.schema
    if op.response.schema is not None:
        yield op.response.schema
    if op.streaming is not None:
        yield op.streaming.flag.schema
        if op.streaming.chunk_schema is not None:
            yield op.streaming.chunk_schema


def _references(node: Any) -> list[str]:
    """Every local reference under `node`: `$ref` values and discriminator mappings (names or pointers)."""
    found: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                found.append(ref)
            discriminator = current.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
                for target in discriminator["mapping"].values():
                    if isinstance(target, str):
                        found.append(
                            target if target.startswith("#") else "#" + pointer("components", "schemas", target)
                        )
            for key, value in current.items():
                if key in _NAME_MAPS and isinstance(value, dict):
                    stack.extend(value.values())
                elif key not in _DATA_KEYS:
                    stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
    return found
