"""Request bodies: an object body becomes keyword arguments, anything else one `body` argument."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import RESERVED_ARGUMENTS, Context, obj, text
from generator.document import deref
from generator.errors import ClientgenError, pointer
from generator.identifiers import claim, snake
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
    content = obj(body.get("content"))
    chosen = request_media(content)
    if chosen is None:
        return None
    encoding, media = chosen
    media_obj = obj(content[media])
    media_ptr = body_ptr + pointer("content", media)
    schema_ptr: str | None = None
    fields: tuple[BodyField, ...] | None = None
    if "schema" in media_obj:
        schema_ptr = ctx.hoist(media_obj["schema"], media_ptr + "/schema", hoist_base + "Request")
        if encoding in ("json", "form", "multipart"):
            fields = _fields(ctx, encoding, schema_ptr, taken)
    return RequestBody(
        media_type=media,
        encoding=encoding,
        required=body.get("required") is True,
        schema=schema_ptr,
        fields=fields,
        # Passed whole unless it was expanded into keyword arguments.
        py_name=claim("body", taken) if fields is None else "body",
        description=text(body.get("description")),
        pointer=media_ptr,
    )


def _fields(
    ctx: Context, encoding: BodyEncoding, schema_ptr: str, taken: set[str]
) -> tuple[BodyField, ...] | None:
    """Keyword arguments for the properties of an object body; None when it is not a plain object."""
    expanded = _object_fields(ctx, schema_ptr)
    if expanded is None:
        return None
    properties, required = expanded
    fields = []
    for wire, (prop_ptr, prop) in properties.items():
        if isinstance(prop, dict) and prop.get("readOnly") is True:
            continue
        py_name = snake(wire, prefix="field")
        instead = py_name + "_" if py_name in RESERVED_ARGUMENTS else f"{py_name}_body"
        fields.append(
            BodyField(
                wire_name=wire,
                py_name=claim(py_name, taken, instead),
                required=wire in required,
                schema=prop_ptr,
                description=text(obj(prop).get("description")),
                is_file=encoding == "multipart" and _is_binary(ctx, prop, prop_ptr),
            )
        )
    fields.sort(key=lambda f: not f.required)
    return tuple(fields)


def _is_binary(ctx: Context, schema: Any, ptr: str) -> bool:
    node, _ = deref(ctx.document, schema, ptr)
    node = obj(node)
    if node.get("type") == "array":
        return _is_binary(ctx, node.get("items"), ptr + "/items")
    return (
        "binary" in (node.get("format"), node.get("contentEncoding")) or "contentMediaType" in node
    )


def _object_fields(
    ctx: Context, schema_ptr: str
) -> tuple[dict[str, tuple[str, Any]], set[str]] | None:
    """The properties of an object schema (following $ref and allOf), or None if it is not a plain object."""
    properties: dict[str, tuple[str, Any]] = {}
    required: set[str] = set()
    seen: set[str] = set()

    def visit(node: Any, ptr: str) -> bool:
        node, ptr = deref(ctx.document, node, ptr)
        if ptr in seen:
            return True
        seen.add(ptr)
        if not isinstance(node, dict) or "oneOf" in node or "anyOf" in node:
            return False
        kind = node.get("type")
        if kind not in (None, "object") and not (isinstance(kind, list) and "object" in kind):
            return False
        for index, member in enumerate(node.get("allOf") or []):
            if not visit(member, f"{ptr}/allOf/{index}"):
                return False
        for name, prop in obj(node.get("properties")).items():
            properties[name] = (ptr + pointer("properties", name), prop)
        names = node.get("required")
        if isinstance(names, list):
            required.update(n for n in names if isinstance(n, str))
        return True

    if not visit(ctx.node_at(schema_ptr), schema_ptr) or not properties:
        return None
    return properties, required
