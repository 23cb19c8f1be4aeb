"""Request bodies: an object body becomes keyword arguments, anything else one `body` argument."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import RESERVED_ARGUMENTS, Context, text
from generator.document import deref
from generator.errors import ClientgenError, pointer
from generator.identifiers import snake, unique
from generator.ir import BodyField, RequestBody
from generator.media import BodyEncoding, request_media


def request_body(
    ctx: Context, op: dict[str, Any], op_ptr: str, taken: set[str], hoist_base: str
) -> RequestBody | None:
    if "requestBody" not in op:
        return None
    body, body_ptr = deref(ctx.document, op["requestBody"], op_ptr + "/requestBody")
    if not isinstance(body, dict):
        raise ClientgenError(
            "requestBody is not an object", where=body_ptr, fix="make it an object"
        )
    content = body.get("content")
    chosen = request_media(content) if isinstance(content, dict) else None
    if chosen is None:
        return None
    encoding, media = chosen
    assert isinstance(content, dict)
    media_obj = content[media] if isinstance(content[media], dict) else {}
    media_ptr = f"{body_ptr}/content/{pointer(media)[1:]}"
    whole = RequestBody(
        media_type=media,
        encoding=encoding,
        required=body.get("required") is True,
        schema=None,
        fields=None,
        description=text(body.get("description")),
        pointer=media_ptr,
    )
    if "schema" not in media_obj:
        return _whole(whole, taken)
    schema_ptr = ctx.hoist(media_obj["schema"], media_ptr + "/schema", hoist_base + "Request")
    if encoding in ("json", "form", "multipart"):
        expanded = _object_fields(ctx, schema_ptr)
        if expanded is not None:
            properties, required_names = expanded
            fields = _fields(ctx, encoding, properties, required_names, taken)
            return RequestBody(**{**whole.__dict__, "schema": schema_ptr, "fields": fields})
    return _whole(RequestBody(**{**whole.__dict__, "schema": schema_ptr}), taken)


def _fields(
    ctx: Context,
    encoding: BodyEncoding,
    properties: list[tuple[str, str, Any]],
    required_names: set[str],
    taken: set[str],
) -> tuple[BodyField, ...]:
    fields = []
    for wire, prop_ptr, prop in properties:
        if isinstance(prop, dict) and prop.get("readOnly") is True:
            continue
        py_name = snake(wire, prefix="field")
        if py_name in taken:
            py_name = unique(
                py_name + "_" if py_name in RESERVED_ARGUMENTS else f"{py_name}_body", taken
            )
        taken.add(py_name)
        fields.append(
            BodyField(
                wire_name=wire,
                py_name=py_name,
                required=wire in required_names,
                schema=prop_ptr,
                description=text(prop.get("description")) if isinstance(prop, dict) else "",
                is_file=encoding == "multipart" and _is_binary(ctx, prop, prop_ptr),
            )
        )
    fields.sort(key=lambda f: not f.required)
    return tuple(fields)


def _whole(body: RequestBody, taken: set[str]) -> RequestBody:
    name = unique("body", taken)
    taken.add(name)
    return RequestBody(**{**body.__dict__, "py_name": name})


def _is_binary(ctx: Context, schema: Any, ptr: str) -> bool:
    node, _ = deref(ctx.document, schema, ptr)
    if not isinstance(node, dict):
        return False
    if node.get("type") == "array":
        return _is_binary(ctx, node.get("items"), ptr + "/items")
    return (
        node.get("format") == "binary"
        or "contentMediaType" in node
        or node.get("contentEncoding") == "binary"
    )


def _object_fields(ctx: Context, schema_ptr: str) -> tuple[list[tuple[str, str, Any]], set[str]] | None:
    """The properties of an object schema (following $ref and allOf), or None if it is not a plain object."""
    properties: dict[str, tuple[str, Any]] = {}
    required: set[str] = set()
    seen: set[str] = set()

    def visit(node: Any, ptr: str) -> bool:
        node, ptr = deref(ctx.document, node, ptr)
        if ptr in seen:
            return True
        seen.add(ptr)
        if not isinstance(node, dict):
            return False
        if any(k in node for k in ("oneOf", "anyOf")):
            return False
        kind = node.get("type")
        if (
            kind is not None
            and kind != "object"
            and not (isinstance(kind, list) and "object" in kind)
        ):
            return False
        for index, member in enumerate(node.get("allOf") or []):
            if not visit(member, f"{ptr}/allOf/{index}"):
                return False
        props = node.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                properties[name] = (f"{ptr}/properties/{pointer(name)[1:]}", prop)
        names = node.get("required")
        if isinstance(names, list):
            required.update(n for n in names if isinstance(n, str))
        return True

    if not visit(ctx.node_at(schema_ptr), schema_ptr) or not properties:
        return None
    return [(name, ptr, prop) for name, (ptr, prop) in properties.items()], required
