"""Fields of a response schema by dotted path (`compare.commits`), through `$ref`, `allOf` and nullable unions.

Pagination names response fields this way; both its declarations and its automatic recognition read them here.
"""

from __future__ import annotations

from typing import Any

from generator.document import follow_refs, resolve_pointer
from generator.errors import escape_pointer_token

_MAX_DEPTH = 16
Located = tuple[Any, str]  # (schema node after `$ref`s, its pointer)


def schema_at(document: dict[str, Any], ptr: str) -> Located:
    """The schema at a pointer, `$ref`s followed; an empty schema where there is none (broken specs, which
    the changelog still reads, must not stop the analysis here)."""
    try:
        node = resolve_pointer(document, ptr.removeprefix("#"))
    except KeyError:
        return {}, ptr
    return deref(document, node, ptr)


def deref(document: dict[str, Any], node: Any, ptr: str) -> Located:
    """`$ref`s followed as far as they lead; a dangling, external or cyclic one reads as an empty schema."""
    node, ptr, _ = follow_refs(document, node, ptr)
    if isinstance(node, dict) and "$ref" in node:
        return {}, ptr
    return node, ptr


def properties(document: dict[str, Any], located: Located, depth: int = 0) -> dict[str, Located]:
    """The object's properties, those of its `allOf` members merged in (the first declaration wins)."""
    node, ptr = _single(document, *located)
    found: dict[str, Located] = {}
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return found
    own = node.get("properties")
    if isinstance(own, dict):
        for name, value in own.items():
            found.setdefault(name, deref(document, value, f"{ptr}/properties/{escape_pointer_token(name)}"))
    members = node.get("allOf")
    for index, member in enumerate(members if isinstance(members, list) else []):
        part = deref(document, member, f"{ptr}/allOf/{index}")
        for name, value in properties(document, part, depth + 1).items():
            found.setdefault(name, value)
    return found


def field_at(document: dict[str, Any], located: Located, dotted: str) -> Located | None:
    """The schema of the field at `dotted` below `located`, or None when there is no such field."""
    for name in dotted.split("."):
        fields = properties(document, located)
        if name not in fields:
            return None
        located = fields[name]
    return _single(document, *located)


def json_type(document: dict[str, Any], located: Located) -> str | None:
    """The schema's one JSON type other than null (`object` for bare `allOf`s), or None when untyped."""
    node, _ = _single(document, *located)
    if not isinstance(node, dict):
        return None
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if isinstance(kind, str):
        return kind
    if "properties" in node or "allOf" in node:
        return "object"
    return None


def _single(document: dict[str, Any], node: Any, ptr: str) -> Located:
    """A nullable union (`oneOf: [{type: null}, X]`) is read as X."""
    node, ptr = deref(document, node, ptr)
    for key in ("oneOf", "anyOf"):
        members = node.get(key) if isinstance(node, dict) else None
        if not isinstance(members, list):
            continue
        real = [
            (index, m)
            for index, m in enumerate(members)
            if not (isinstance(m, dict) and m.get("type") == "null")
        ]
        if len(real) == 1:
            index, member = real[0]
            return _single(document, member, f"{ptr}/{key}/{index}")
    return node, ptr
