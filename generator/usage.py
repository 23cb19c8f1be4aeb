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

from collections.abc import Iterable, Iterator
from typing import Any

from generator.document import reference_holders, resolve_pointer
from generator.errors import escape_pointer_token, split_pointer
from generator.ir import Operation

_SCHEMAS = "#/components/schemas/"


def used_schemas(document: dict[str, Any], operations: Iterable[Operation]) -> set[str]:
    """Names of the `components/schemas` entries the operations reach, directly or through references."""
    pending: list[str] = []
    for op in operations:
        pending.append(op.pointer)
        # Parameters declared once for the whole path item belong to each of its operations.
        pending.append(op.pointer.rsplit("/", 1)[0] + "/parameters")
        # An undeclared path parameter (lenient mode) has no schema: "" would be the whole document.
        pending.extend(ptr for ptr in _schema_pointers(op) if ptr)
    reached: set[str] = set()
    visited: set[str] = set()
    while pending:
        ptr = pending.pop()
        if not ptr.startswith("#"):  # operation pointers are written without it
            ptr = "#" + ptr
        if ptr.startswith(_SCHEMAS):
            name = split_pointer(ptr)[2]  # ["components", "schemas", name, ...]
            if name in reached:
                continue
            reached.add(name)
            # The whole schema is modelled, so everything it refers to is reached too.
            ptr = _SCHEMAS + escape_pointer_token(name)
        if ptr in visited:
            continue
        visited.add(ptr)
        try:
            node = resolve_pointer(document, ptr[1:])
        except KeyError:
            continue  # a dangling reference is the validator's to report
        pending.extend(_references(node, ptr))
    schemas = (document.get("components") or {}).get("schemas") or {}
    return {name for name in reached if name in schemas}


def _schema_pointers(op: Operation) -> Iterator[str | None]:
    """The schemas of the generated method's arguments and result; hoisted ones are not under the operation."""
    yield from (param.schema for param in op.parameters)
    if op.body is not None:
        yield op.body.schema
        yield from (body_field.schema for body_field in op.body.fields or ())
    yield op.response.schema
    # The streaming flag is one of the body fields.
    yield op.streaming.chunk_schema if op.streaming is not None else None


def _references(node: Any, ptr: str) -> list[str]:
    """Every local reference under `node` (at `ptr`): `$ref` values and discriminator mappings (names or
    pointers). Those in data, extensions and examples, are none (and example values can be large)."""
    found: list[str] = []
    for _, holder in reference_holders(node, tuple(split_pointer(ptr))):
        ref = holder.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            found.append(ref)
        discriminator = holder.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        for target in mapping.values() if isinstance(mapping, dict) else ():
            if isinstance(target, str):  # a reference, or the name of a component schema
                by_name = _SCHEMAS + escape_pointer_token(target)
                found.append(target if target.startswith("#") else by_name)
    return found
