"""Reading an OpenAPI document: JSON pointers and internal `$ref` chains."""

from __future__ import annotations

from typing import Any

from generator.errors import ClientgenError, split_pointer

MAX_REF_CHAIN = 64
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def resolve_pointer(document: Any, ptr: str) -> Any:
    node = document
    for token in split_pointer(ptr):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(ptr)
    return node


def deref(document: Any, node: Any, ptr: str) -> tuple[Any, str]:
    """Follow `$ref` until a real node; return it with its pointer (`#/...` form)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#"):
            raise ClientgenError(
                f"external $ref {ref!r} was not bundled",
                where=ptr,
                fix="pass --allow-external-refs",
            )
        if ref in seen or len(seen) > MAX_REF_CHAIN:
            raise ClientgenError(
                f"$ref cycle through {ref!r}", where=ptr, fix="break the reference cycle"
            )
        seen.add(ref)
        try:
            node = resolve_pointer(document, ref[1:])
        except KeyError:
            raise ClientgenError(
                f"$ref {ref!r} points at nothing",
                where=ptr,
                fix="fix the reference or add the missing component",
            ) from None
        ptr = ref
    if not ptr.startswith("#"):
        ptr = "#" + ptr
    return node, ptr
