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


def follow_refs(document: Any, node: Any, ptr: str) -> tuple[Any, str, list[str]]:
    """Follow `$ref`s as far as they lead: the node reached (still a `$ref` where one cannot be followed, an
    external, dangling or cyclic one), its pointer (`#/...`), and the references passed on the way."""
    passed: list[str] = []
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in passed or len(passed) > MAX_REF_CHAIN:
            break
        try:
            node = resolve_pointer(document, ref[1:])
        except KeyError:
            break
        passed.append(ref)
        ptr = ref
    return node, ptr if ptr.startswith("#") else "#" + ptr, passed


def deref(document: Any, node: Any, ptr: str) -> tuple[Any, str]:
    """Follow `$ref` until a real node; return it with its pointer (`#/...` form)."""
    node, ptr, passed = follow_refs(document, node, ptr)
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str):
        return node, ptr
    if not ref.startswith("#"):
        raise ClientgenError(
            f"external $ref {ref!r} was not bundled", where=ptr, fix="pass --allow-external-refs"
        )
    if ref in passed or len(passed) > MAX_REF_CHAIN:
        raise ClientgenError(
            f"$ref cycle through {ref!r}", where=ptr, fix="break the reference cycle"
        )
    raise ClientgenError(
        f"$ref {ref!r} points at nothing",
        where=ptr,
        fix="fix the reference or add the missing component",
    )
