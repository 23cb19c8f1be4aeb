"""Following `$ref`s as openapi-spec-validator does, for the fast check; anything unusual is left undecided.

The library reads the document through jsonschema-path, which replaces every `{"$ref": "..."}` node it steps on
by the node the reference names (siblings ignored), at every step; references are looked up by the `referencing`
package against the document itself. Only local JSON pointers below the document's own top-level sections are
followed here: those resolve the same whatever `$id`s the document holds (a pointer that starts with a JSON
Schema keyword could enter a subresource with a new base URI).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

# Deeper `$ref` chains than this are not followed: the library would recurse through them.
MAX_REF_CHAIN = 32


class Undecided(Exception):
    """The fast check cannot vouch for the document: the library decides."""


def _first_segment_is_safe(segment: str) -> bool:
    return segment in ("components", "paths", "webhooks") or segment.startswith("x-")


def lookup(document: Any, ref: str) -> Any:
    """The node `ref` names, the way `referencing` finds it (JSON pointers only)."""
    if not ref.startswith("#/"):
        raise Undecided(f"not a local JSON pointer: {ref!r}")
    segments = unquote(ref[2:]).split("/")
    if not _first_segment_is_safe(segments[0]):
        raise Undecided(f"a pointer into an unusual place: {ref!r}")
    node = document
    for segment in segments:
        if isinstance(node, dict):
            key = segment.replace("~1", "/").replace("~0", "~")
            if key not in node:
                raise Undecided(f"dangling $ref {ref!r}")
            node = node[key]
        elif isinstance(node, list) and segment.isascii() and segment.isdigit():
            index = int(segment)
            if index >= len(node):
                raise Undecided(f"dangling $ref {ref!r}")
            node = node[index]
        else:
            raise Undecided(f"$ref {ref!r} walks through a value")
    return node


def is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def resolve(document: Any, node: Any) -> Any:
    """`node`, or the node its `$ref` chain ends at (what jsonschema-path reads at that position)."""
    for _ in range(MAX_REF_CHAIN):
        if not is_ref(node):
            return node
        node = lookup(document, node["$ref"])
    raise Undecided("a $ref chain too long, or a cycle")


def child(document: Any, node: Any, key: str) -> Any:
    """`node[key]` with references followed; `node` must hold `key`."""
    return resolve(document, node[key])
